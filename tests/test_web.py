"""The web app and JSON API (`crosswire serve`), through FastAPI's TestClient: every endpoint,
bad input, the token, and hostile articles shown as text."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient

from crosswire.store import Store
from crosswire.web import WebConfig, create_app
from crosswire.web.app import Readers
from crosswire.web.pages import SEARCH_HITS
from crosswire.web.security import SESSION_COOKIE
from tests.conftest import PAYLOADS

TOKEN = "test-token-0123456789"
BEARER = {"authorization": f"Bearer {TOKEN}"}


def _client(db: Path, out: Path, **options: object) -> TestClient:
    values: dict[str, object] = {"token": TOKEN, "open_reads": True} | options
    return TestClient(create_app(WebConfig(db, out, **values)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seeds(seed_run: Path) -> Iterator[TestClient]:
    """The app on the seeds' store (read-only tests)."""
    with _client(seed_run / "crosswire.db", seed_run / "served") as client:
        yield client


@pytest.fixture()
def writable(seed_run: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The app on a copy of the seeds' store, for writes."""
    shutil.copy(seed_run / "crosswire.db", tmp_path / "s.db")
    with _client(tmp_path / "s.db", tmp_path / "out") as client:
        yield client


def test_web_kept_connections_read_each_new_commit(seed_run: Path, tmp_path: Path) -> None:
    """A connection kept open between requests reads what another process committed since."""
    shutil.copy(seed_run / "crosswire.db", tmp_path / "s.db")
    readers = Readers(tmp_path / "s.db", kept=1)
    lent = readers.lend()
    before = lent.generation()
    readers.back(lent)
    with sqlite3.connect(tmp_path / "s.db") as other:  # (as a run would, in a process of its own)
        other.execute("UPDATE state SET data = ? WHERE name = 'generation'", (str(before + 5),))
    again = readers.lend()
    assert again is lent and again.generation() == before + 5
    readers.back(again)
    extra = [readers.lend() for _ in range(3)]  # (a burst: more than are kept)
    for store in extra:
        readers.back(store)
    assert len(readers._idle) == 1
    readers.close()


def _story(seed_run: Path) -> dict[str, Any]:
    stories = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert len(stories) == 1
    story: dict[str, Any] = stories[0]
    return story


def test_web_front_page_lists_stories_with_counts_and_conflicts(
    seeds: TestClient, seed_run: Path
) -> None:
    story = _story(seed_run)
    page = seeds.get("/")
    assert page.status_code == 200
    assert f'href="/stories/{story["id"]}"' in page.text
    assert '<span class="flag" title="sources disagree">' in page.text  # (the seeds disagree)
    assert f'<td class="num">{len(story["articles"])}</td>' in page.text


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("", True),
        ("conflicts=true", True),
        ("since=2030-01-01", False),
        ("until=2000-01-01", False),
        ("since=2025-09-03&until=2025-09-03", True),
        ("outlet=DNA", True),
        ("outlet=No+Such+Outlet", False),
        ("since=not-a-date&order=sideways", True),  # (a mistyped filter narrows nothing)
    ],
)
def test_web_front_page_filters(seeds: TestClient, query: str, listed: bool) -> None:
    page = seeds.get(f"/?{query}")
    assert page.status_code == 200
    assert ('class="story"' in page.text) is listed


def test_web_api_lists_the_published_stories(seeds: TestClient, seed_run: Path) -> None:
    story = _story(seed_run)
    listed = seeds.get("/api/stories").json()
    assert listed["total"] == 1 and listed["stories"][0]["id"] == story["id"]
    assert listed["stories"][0]["conflicts"] == len(story["conflicts"])
    assert seeds.get("/api/stories?conflicts=true&since=2030-01-01").json()["total"] == 0


def test_web_api_story_is_its_stories_json_record(seeds: TestClient, seed_run: Path) -> None:
    story = _story(seed_run)
    got = seeds.get(f"/api/stories/{story['id']}")
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.json() == story
    assert seeds.get("/api/stories/story-nope").status_code == 404
    # Its ETag: a client holding the record is told it is as it was, without the record.
    tag = got.headers["etag"]
    again = seeds.get(f"/api/stories/{story['id']}", headers={"if-none-match": f'"x", {tag}'})
    assert again.status_code == 304 and again.content == b""
    stale = seeds.get(f"/api/stories/{story['id']}", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200 and stale.json() == story


def test_web_api_outlets_say_what_each_brings(seeds: TestClient, seed_run: Path) -> None:
    story = _story(seed_run)
    outlets = seeds.get("/api/outlets").json()
    assert outlets and all(o["stories"] == 1 for o in outlets)
    assert sum(o["articles"] for o in outlets) <= len(story["articles"])
    assert seeds.get("/api/outlets?limit=1").json() == outlets[:1]
    assert seeds.get("/api/outlets?limit=0").status_code == 422


def test_web_story_page_shows_the_brief_and_asks_to_sign_in(
    seeds: TestClient, seed_run: Path
) -> None:
    story = _story(seed_run)
    page = seeds.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    assert "check the sources" in page.text
    assert 'href="/articles/' in page.text and "Sign in</a> to split or merge" in page.text
    assert "Content-Security-Policy" not in page.text  # (the header says it, with a nonce)
    assert seeds.get("/stories/story-nope").status_code == 404


def test_web_article_page_shows_text_beside_what_was_removed(seeds: TestClient) -> None:
    with Store(seeds.app.state.config.db) as store:  # type: ignore[attr-defined]
        article = max(store.articles(), key=lambda a: len(a.removed))
    page = seeds.get(f"/articles/{article.id}")
    assert page.status_code == 200
    assert f"Removed by the cleaner ({len(article.removed)})" in page.text
    first = article.body.split("\n")[0]
    assert first.replace("'", "&#39;").replace('"', "&#34;")[:40] in page.text
    api = seeds.get(f"/api/articles/{article.id}").json()
    assert api["body"] == article.body and api["story"]
    assert seeds.get("/articles/nope").status_code == 404
    assert seeds.get("/api/articles/nope").status_code == 404


def test_web_outlets_say_what_each_outlet_brings(seeds: TestClient) -> None:
    page = seeds.get("/outlets")
    assert page.status_code == 200 and 'href="/outlets/DNA"' in page.text
    outlet = seeds.get("/outlets/DNA")
    assert outlet.status_code == 200 and "facts no other origin states" in outlet.text
    assert seeds.get("/outlets/No%20Such").status_code == 404


def test_web_search_finds_articles_and_facts_with_matches_marked(seeds: TestClient) -> None:
    found = seeds.get("/api/search", params={"q": "Kim Jong", "limit": SEARCH_HITS}).json()
    assert found["articles"] and found["facts"]
    for hit in found["articles"] + found["facts"]:
        assert hit["matched"]
        for start, end in hit["matched"]:
            assert hit["snippet"][start:end].lower() in ("kim", "jong")
    assert all(h["title"] for h in found["articles"]) and all(
        h["title"] is None for h in found["facts"]
    )
    page = seeds.get("/search", params={"q": "Kim Jong"})
    assert page.status_code == 200 and "<mark>Kim</mark>" in page.text
    # The facts under their one story, named once; articles by their titles.
    facts = page.text.split('id="facts"')[1].split('id="articles"')[0]
    assert facts.count('href="/stories/') == 1
    assert f"{len(found['facts'])} facts" in facts
    articles = page.text.split('id="articles"')[1]
    assert html.escape(found["articles"][0]["title"], quote=False) in articles
    # A user's words are words: FTS5's operators and quotes in them are no syntax.
    assert seeds.get("/api/search", params={"q": '"" OR NEAR(x*'}).status_code == 200
    assert seeds.get("/api/search", params={"q": '"*'}).json()["articles"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?limit=0",
        "/api/stories?limit=100000",
        "/api/stories?since=yesterday",
        "/api/stories?order=random",
        "/api/search?q=",
        "/api/search?q=" + "x" * 201,
        "/api/events?since=-5",
        "/api/stories/" + "x" * 301,
    ],
)
def test_web_api_refuses_bad_queries(seeds: TestClient, url: str) -> None:
    assert seeds.get(url).status_code == 422


def test_web_every_response_has_the_policy_and_scripts_carry_its_nonce(
    seeds: TestClient,
) -> None:
    policies = set()
    for _ in range(2):  # (the second page as rendered for the first, kept: a nonce of its own)
        page = seeds.get("/")
        policy = page.headers["content-security-policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy)
        assert nonce and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        scripts = re.findall(r"<script([^>]*)>", page.text)
        assert scripts and all(f'nonce="{nonce.group(1)}"' in s for s in scripts)
        policies.add(policy)
    assert len(policies) == 2
    assert seeds.get("/api/stories").headers["x-content-type-options"] == "nosniff"


def test_web_openapi_schema_lists_the_api(seeds: TestClient) -> None:
    paths = seeds.get("/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                 "/api/search", "/api/outlets", "/api/ingest", "/api/stories/merge",
                 "/api/events"):  # fmt: skip
        assert path in paths
    assert seeds.get("/docs").status_code == 404  # (its page would load a CDN's scripts)


def test_web_writes_need_the_token(seed_run: Path, tmp_path: Path) -> None:
    db = seed_run / "crosswire.db"
    with _client(db, tmp_path) as client:
        for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN}):
            sent = client.post("/api/ingest", content=b"{}", headers=headers)
            assert sent.status_code == 401
            merged = client.post("/api/stories/merge", json={"stories": ["a", "b"]})
            assert merged.status_code == 401
    with _client(db, tmp_path, token=None) as client:  # no token set: no writes at all
        assert client.post("/api/ingest", content=b"{}", headers=BEARER).status_code == 403
        assert "Corrections are off" in client.get("/login").text


def test_web_reads_need_the_token_off_loopback_unless_open(seed_run: Path, tmp_path: Path) -> None:
    with _client(seed_run / "crosswire.db", tmp_path, open_reads=False) as client:
        # (TestClient's requests come from "testclient", not a loopback address)
        assert client.get("/api/stories").status_code == 401
        assert client.get("/api/outlets").status_code == 401
        assert client.get("/").status_code == 401
        assert client.get("/api/stories", headers=BEARER).status_code == 200


def test_web_refuses_a_body_over_the_bound(seed_run: Path, tmp_path: Path) -> None:
    with _client(seed_run / "crosswire.db", tmp_path, max_body=1000) as client:
        sent = client.post("/api/ingest", content=b"x" * 5000, headers=BEARER)
        assert sent.status_code == 413

        def chunks() -> Iterator[bytes]:  # (no length declared: counted as it arrives)
            for _ in range(10):
                yield b"y" * 400

        streamed = client.post("/api/ingest", content=chunks(), headers=BEARER)
        assert streamed.status_code == 413


def test_web_login_sets_a_strict_session_and_checks_the_token(writable: TestClient) -> None:
    wrong = writable.post("/login", data={"token": "nope", "next": "/"}, follow_redirects=False)
    assert wrong.status_code == 401 and SESSION_COOKIE not in wrong.cookies
    away = {"token": TOKEN, "next": "https://elsewhere.example/"}
    right = writable.post("/login", data=away, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie


def test_web_split_and_merge_in_the_api_are_kept_as_the_cli_keeps_them(
    writable: TestClient, seed_run: Path
) -> None:
    story = _story(seed_run)
    members = list(story["articles"])
    refused = writable.post(
        f"/api/stories/{story['id']}/split", json={"articles": ["nope"]}, headers=BEARER
    )
    assert refused.status_code == 422 and "not in" in refused.json()["detail"]
    split = writable.post(
        f"/api/stories/{story['id']}/split", json={"articles": members[:1]}, headers=BEARER
    )
    assert split.status_code == 200, split.text
    done = split.json()
    assert done["new"] == [done["story"]] and done["changed"] == [story["id"]]
    record = writable.get(f"/api/stories/{done['story']}").json()
    assert record["articles"] == members[:1] and record["members"][0]["how"] == "split by user"
    assert writable.get("/api/stories").json()["total"] == 2
    merged = writable.post(
        "/api/stories/merge", json={"stories": [story["id"], done["story"]]}, headers=BEARER
    )
    assert merged.status_code == 200 and merged.json()["moved"] == 1
    assert merged.json()["gone"] == [done["story"]]
    assert writable.get(f"/api/stories/{story['id']}").json()["articles"] == members
    assert writable.get(f"/api/stories/{done['story']}").status_code == 404


def test_web_split_in_the_page_needs_the_session_and_its_form_field(
    writable: TestClient, seed_run: Path
) -> None:
    story = _story(seed_run)
    first = story["articles"][0]
    form = {"articles": [first], "csrf": "forged"}
    url = f"/stories/{story['id']}/split"
    assert writable.post(url, data=form, follow_redirects=False).status_code == 403
    writable.post("/login", data={"token": TOKEN, "next": "/"}, follow_redirects=False)
    page = writable.get(f"/stories/{story['id']}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf and 'id="split"' in page.text
    assert "<h1>1 story</h1>" in writable.get("/").text
    assert writable.post(url, data=form, follow_redirects=False).status_code == 403
    done = writable.post(url, data=form | {"csrf": csrf.group(1)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/stories/story-")
    assert writable.get(done.headers["location"]).status_code == 200
    # Pages rendered before the split are not served again after it.
    assert "<h1>2 stories</h1>" in writable.get("/").text
    after = writable.get(f"/stories/{story['id']}").text
    assert after.count(f"/articles/{first}") < page.text.count(f"/articles/{first}")


def test_web_ingest_runs_the_engine_and_hostile_articles_stay_text(writable: TestClient) -> None:
    before = writable.get("/api/stories").json()["stories"][0]["generation"]
    feed = (PAYLOADS / "floods.jsonl").read_bytes()
    sent = writable.post(
        "/api/ingest", content=feed, headers=BEARER | {"content-type": "application/x-ndjson"}
    )
    assert sent.status_code == 200, sent.text
    done = sent.json()
    assert done["articles"] >= 2 and done["new"] and done["failures"] == []
    events = writable.get(f"/api/events?since={before}&most=1")
    assert "event: stories" in events.text
    assert json.loads(events.text.split("data: ", 1)[1].split("\n")[0])["count"] >= 1
    for url in ["/", f"/stories/{done['new'][0]}", "/search?q=Riverton", "/outlets"]:
        page = writable.get(url)
        assert page.status_code == 200
        assert "<script>window.__pwned" not in page.text
        assert 'href="javascript:' not in page.text
    assert "&lt;script&gt;window.__pwned" in writable.get("/").text
    upload = writable.post(
        "/api/ingest",
        files=[("files", ("../../evil name.txt", b"too short", "text/plain"))],
        headers=BEARER,
    )
    assert upload.status_code == 200 and upload.json()["stories"] >= 2


def test_web_serve_command_in_worker_processes(seed_run: Path, tmp_path: Path) -> None:
    """`crosswire serve --workers 2`: each worker process builds the app from the config the
    command hands it, and serves the store; with no store, one clear line and exit code 2."""
    missing = subprocess.run(
        [sys.executable, "-m", "crosswire", "serve", "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "no store at" in missing.stderr
    shutil.copy(seed_run / "crosswire.db", tmp_path / "s.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = ["serve", "--db", str(tmp_path / "s.db"), "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        [sys.executable, "-m", "crosswire", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"CROSSWIRE_TOKEN": TOKEN},
    )
    try:
        answers = []
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories") as answer:
                    answers.append(json.load(answer))
                    break
            except OSError:
                time.sleep(0.1)
        assert answers and answers[0]["total"] == 1
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():  # (Linux: the workers are the command's child processes)
            assert len(children.read_text().split()) >= 2
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            assert page.status == 200 and "1 story" in page.read().decode()
    finally:
        server.terminate()
        server.wait(30)
