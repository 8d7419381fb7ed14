from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crosswire.engine import ingest
from crosswire.errors import StoreError
from crosswire.ingest import read_paths
from crosswire.settings import Settings
from crosswire.store import SCHEMA_VERSION, Store


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return sorted(
            row
            for table in ("raw_documents", "articles", "failures")
            for row in db.execute(f"SELECT '{table}', * FROM {table}")
        )


def test_store_rerun_changes_nothing(tmp_path: Path, seeds_dir: Path, settings: Settings) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        first = ingest(read_paths([seeds_dir], settings), store)
    before = _dump(db)
    with Store(db) as store:
        again = ingest(read_paths([seeds_dir], settings), store)
        assert store.schema_version == SCHEMA_VERSION
        assert [a.id for a in store.articles()] == sorted(a.id for a in first.articles)
    assert first.stored == 5 and again.stored == 0
    assert _dump(db) == before


def test_store_round_trips_articles(tmp_path: Path, seeds_dir: Path, settings: Settings) -> None:
    with Store(tmp_path / "s.db") as store:
        result = ingest(read_paths([seeds_dir], settings), store)
        for article in result.articles:
            assert store.article(article.id) == article


def test_store_bad_input_loses_nothing(tmp_path: Path, seeds_dir: Path, settings: Settings) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest(read_paths([seeds_dir], settings), store)
    before = {r for r in _dump(db) if r[0] != "failures"}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "000_89d8df961addb84a.txt").write_bytes(b"\x00\x01\x02" * 100)  # same id, broken
    (bad / "feed.jsonl").write_text("{oops\n")
    with Store(db) as store:
        result = ingest(read_paths([bad], settings), store)
        assert len(result.failures) == 2 and not result.articles
        assert store.counts()["failures"] == 2
    assert {r for r in _dump(db) if r[0] != "failures"} == before


def test_store_new_version_of_article_keeps_old_raw(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline here\n\nThe first version of the story said one thing today.")
    with Store(tmp_path / "s.db") as store:
        ingest(read_paths([path], settings), store)
        path.write_text("Headline here\n\nThe second version of the story said another thing.")
        ingest(read_paths([path], settings), store)
        assert store.counts() == {
            "raw_documents": 2,
            "articles": 1,
            "failures": 0,
            "memberships": 0,
        }
        article = store.article("a")
        assert article is not None and "second version" in article.body


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_store_refuses_non_database(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(db)
