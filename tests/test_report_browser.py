"""The story page in a real browser: headless Chromium (Debian's, installed by scripts/browser.sh)
driven by Playwright. Skipped, with the reason, only where Chromium could not be installed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from crosswire.report.html import file_name

playwright = pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECTIONS = (
    "brief",
    "conflicts",
    "matrix",
    "quotes",
    "timeline",
    "entities",
    "reuse",
    "exclusives",
    "articles",
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: scripts/browser.sh installs it (apt-get install chromium)",
)


def open_watched(browser: Any, address: str) -> tuple[Any, list[str], list[str]]:
    """The page at the address, loaded; the console errors (and warnings) and page errors it
    raises, and the addresses it asks for (both lists go on filling as the page is used)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(address)
    page.wait_for_load_state("load")
    return page, problems, requests


def _story_page(run: Path) -> Path:
    doc = json.loads((run / "stories.json").read_text(encoding="utf-8"))
    return run / "stories" / f"{file_name(doc['stories'][0]['id'])}.html"


def test_story_page_renders_with_every_section_and_no_errors(browser: Any, seed_run: Path) -> None:
    page, problems, requests = open_watched(browser, _story_page(seed_run).as_uri())
    assert problems == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    for section in SECTIONS:
        assert page.locator(f"section#{section}").is_visible(), section
    assert 3 <= page.locator("#brief ol.brief > li").count() <= 7
    assert page.locator("#conflicts .conflict").count() >= 1
    assert page.locator("#matrix table.matrix tbody tr").count() >= 5
    # a sentence is checked in a click: its sources' own words
    page.locator("#brief details.check summary").first.click()
    assert page.locator("#brief details.check[open] li").first.is_visible()
    # a citation leads to its article's row
    page.locator("#brief a.cite").first.click()
    assert page.evaluate("location.hash").startswith("#a")
    shot = os.environ.get("CROSSWIRE_SCREENSHOT")
    target = Path(shot) if shot else seed_run / "story-page.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.goto(_story_page(seed_run).as_uri())
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    page.close()


def test_story_page_runs_none_of_the_articles_payloads(browser: Any, payload_run: Path) -> None:
    for path in (_story_page(payload_run), payload_run / "index.html"):
        page, problems, _ = open_watched(browser, path.as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        for link in page.locator("a").all():  # follow every link the page has
            href = link.get_attribute("href") or ""
            if href.startswith("#"):
                link.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("script, img, iframe").count() == 0
        assert problems == []
        page.close()
