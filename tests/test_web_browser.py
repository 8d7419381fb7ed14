"""The served pages in a real browser: `crosswire serve`'s app under uvicorn on 127.0.0.1,
headless Chromium (Debian's, installed by scripts/browser.sh) driven by Playwright: search, open
a story, check a sentence's sources, split and merge in the page, the live notice; no console
error (a script the policy blocked would be one), and hostile articles shown as text."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")

from crosswire.engine import jobs  # noqa: E402
from crosswire.settings import Settings  # noqa: E402
from crosswire.store import Store  # noqa: E402
from crosswire.web import WebConfig, create_app  # noqa: E402
from tests.conftest import PAYLOADS  # noqa: E402
from tests.test_report_browser import CHROMIUM, open_watched  # noqa: E402

TOKEN = "browser-token-0123456789"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: scripts/browser.sh installs it (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def server(seed_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seeds' store with the hostile payloads added, served on a free port."""
    folder = tmp_path_factory.mktemp("served")
    db = folder / "s.db"
    shutil.copy(seed_run / "crosswire.db", db)
    with Store(db) as store:
        jobs.read_inputs([PAYLOADS], Settings(), store)
        jobs.write_stories(store, folder / "out")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(WebConfig(db, folder / "out", TOKEN, open_reads=True))
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def test_web_browser_search_open_a_story_and_check_its_sources(browser: Any, server: str) -> None:
    page, problems, requests = open_watched(browser, server + "/")
    assert page.locator("a.story").count() == 2
    page.fill("nav input[name=q]", "Kim Jong")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Kim+Jong")
    assert page.locator("#facts mark").first.is_visible()
    page.locator("#facts .hits a").first.click()
    page.wait_for_url("**/stories/story-*")
    page.locator("#brief details.check summary").first.click()
    assert page.locator("#brief details.check[open] li").first.is_visible()
    page.locator("#articles td a[href^='/articles/']").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#text p").count() >= 3 and page.locator("#removed h2").is_visible()
    assert problems == []
    assert all(url.startswith(server) for url in requests), requests
    shot = os.environ.get("CROSSWIRE_WEB_SCREENSHOT")
    if shot:
        page.goto(server + "/")
        page.screenshot(path=shot, full_page=False)
    page.close()


def test_web_browser_shows_hostile_articles_as_text(browser: Any, server: str) -> None:
    page, problems, _ = open_watched(browser, server + "/")
    for path in ["/", "/search?q=Riverton", "/outlets"]:
        page.goto(server + path)
        assert page.evaluate("window.__pwned === undefined"), path
    page.goto(server + "/")
    page.locator("a.story", has_text="Riverton").first.click()
    page.wait_for_url("**/stories/story-*")
    assert "<script>" in page.locator("h1").inner_text()  # (as text, never run)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert problems == []
    page.close()


def test_web_browser_split_and_merge_in_the_page(browser: Any, server: str) -> None:
    page, problems, _ = open_watched(browser, server + "/")
    page.goto(server + "/login")
    page.fill("input[name=token]", TOKEN)
    page.click("form[action='/login'] button")
    page.wait_for_url(server + "/")
    page.locator("a.story", has_text="Kim").first.click()
    page.wait_for_url("**/stories/story-*")
    original = page.url.rsplit("/", 1)[1]
    total = page.locator("#split input[name=articles]").count()
    page.locator("#split input[name=articles]").first.check()
    page.click("#split button")
    page.wait_for_url(lambda url: "/stories/" in url and original not in url, timeout=120_000)
    assert page.locator("#split input[name=articles]").count() == 1
    page.fill("#merge input[name=stories]", original)
    page.click("#merge button")
    page.wait_for_load_state("load", timeout=120_000)
    page.wait_for_function(
        f"document.querySelectorAll('#split input[name=articles]').length === {total}",
        timeout=120_000,
    )
    assert problems == []
    page.close()


def test_web_browser_front_page_tells_of_new_stories_live(browser: Any, server: str) -> None:
    page, problems, _ = open_watched(browser, server + "/")
    time.sleep(2.5)  # (the stream polls each second: nothing new, no notice)
    assert page.locator("#live").is_hidden()
    feed = (
        b'{"id": "live-1", "title": "Harbour bridge reopens after repairs", "text": "'
        + (
            b"The harbour bridge reopened to traffic on Friday after six months of repairs, the"
            b" city council said, and buses will use it again from Monday morning onwards. " * 2
        )
        + b'"}\n'
    )
    sent = httpx.post(
        server + "/api/ingest",
        content=feed,
        headers={"authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert sent.status_code == 200, sent.text
    page.wait_for_selector("#live:not([hidden])", timeout=15_000)
    assert "new or changed" in page.locator("#live").inner_text()
    # The new story by its headline, a link to it (made as text: no markup from an article).
    story = sent.json()["new"][0]
    link = page.locator(f"#live li a[href='/stories/{story}']")
    assert link.inner_text() == "Harbour bridge reopens after repairs"
    link.click()
    page.wait_for_url(f"**/stories/{story}")
    assert problems == []
    page.close()
