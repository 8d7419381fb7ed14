from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_store_new_content_under_a_stored_id_is_a_second_article(
    tmp_path: Path, settings: Settings
) -> None:
    """A file name already stored with other content never replaces the stored article (its
    story would lose it): the new content is kept beside it, under a suffixed id."""
    path = tmp_path / "a.txt"
    path.write_text("Headline here\n\nThe first version of the story said one thing today.")
    with Store(tmp_path / "s.db") as store:
        ingest(read_paths([path], settings), store)
        path.write_text("Headline here\n\nThe second version of the story said another thing.")
        ingest(read_paths([path], settings), store)
        assert store.counts() == {
            "raw_documents": 2,
            "articles": 2,
            "failures": 0,
            "memberships": 0,
        }
        first = store.article("a")
        assert first is not None and "first version" in first.body
        (second,) = [a for a in store.articles() if a.id != "a"]
        assert second.id.startswith("a-") and "second version" in second.body


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


def _cli(args: list[str], cwd: Path):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from crosswire.cli import app

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


ONE = (
    "Council approves budget\n\nThe council approved the new budget on Tuesday after a long"
    " debate over roads and schools."
)


@pytest.mark.parametrize("damage", ["read-only", "corrupt pages", "disk full"])
def test_store_errors_are_one_clear_line_and_exit_2(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen: a read-only store, corrupt pages and a full disk gave tracebacks with exit 1."""
    (tmp_path / "a.txt").write_text(ONE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ONE.replace("Tuesday", "Friday"), encoding="utf-8")
    db = tmp_path / "s.db"
    assert _cli(["ingest", str(tmp_path / "a.txt"), "--db", str(db)], tmp_path).exit_code == 0
    if damage == "read-only":
        db.chmod(0o444)
        tmp_path.chmod(0o555)  # no journal can be made beside it either
    elif damage == "corrupt pages":
        data = bytearray(db.read_bytes())
        data[100:4000] = b"\xde\xad\xbe\xef" * 975  # the schema's own page
        db.write_bytes(bytes(data))
    else:

        def full(*args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr("crosswire.store.db.Store.put", full)
    try:
        result = _cli(["ingest", str(tmp_path / "b.txt"), "--db", str(db)], tmp_path)
    finally:
        tmp_path.chmod(0o755)
    if os.geteuid() == 0 and damage == "read-only":
        pytest.skip("root writes to read-only files")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.stderr
    assert str(db) in result.stderr


def test_store_two_fresh_runs_on_one_store_do_not_race_the_migration(tmp_path: Path) -> None:
    """Seen: two runs opening a new store at once failed with "table raw_documents already
    exists"."""
    import threading

    db = tmp_path / "s.db"
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            with Store(db) as store:
                assert store.schema_version == SCHEMA_VERSION
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_store_serialises_through_the_codec_only() -> None:
    """The store keeps records through `crosswire.codec` beside the records: none of its modules
    imports the report's JSON or the stories' code (issue 17)."""
    import ast

    import crosswire.store.db as db

    for module in Path(db.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        ours = {
            n.module
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("crosswire")
        }
        allowed = {"crosswire.codec", "crosswire.errors", "crosswire.records", "crosswire.store"}
        allowed |= {f"crosswire.store.{m.stem}" for m in module.parent.glob("*.py")}
        assert ours <= allowed, (module.name, ours)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='a,[]{}"\\é', max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("ab,", max_size=2), inner),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_VALUES, max_size=7), st.integers(1, 4))
def test_store_rows_read_in_batches_as_one_by_one(values: list[object], size: int) -> None:
    """Issue 17: stored JSON rows are decoded a batch in one call, each as read alone."""
    import json

    from crosswire.store.db import _json_rows

    rows = [(json.dumps(v, ensure_ascii=False),) for v in values]
    assert list(_json_rows(rows, size)) == values


@pytest.mark.parametrize("damaged", ["1, 2", '{"a": 1', "", "]"])
def test_store_a_damaged_row_in_a_batch_fails_as_it_would_alone(damaged: str) -> None:
    import json

    from crosswire.store.db import _json_rows

    rows = [("{}",), (damaged,), ("[1]",)]
    with pytest.raises(ValueError):
        json.loads(damaged)
    with pytest.raises(ValueError):
        list(_json_rows(rows, 3))


def test_store_one_run_at_a_time_writes_the_stories(seed_run: Path, tmp_path: Path) -> None:
    """A run writing the stories waits while another process's holds the store's run lock (a
    second open of the lock file stands for that process): none publishes stories made before
    the other's commits."""
    import shutil
    import threading

    from crosswire.engine import jobs

    shutil.copy(seed_run / "crosswire.db", tmp_path / "s.db")
    finished = threading.Event()

    def run() -> None:
        with Store(tmp_path / "s.db") as store:
            jobs.write_stories(store, tmp_path / "out")
        finished.set()

    with Store(tmp_path / "s.db") as other, other.exclusive():
        writer = threading.Thread(target=run)
        writer.start()
        assert not finished.wait(3)  # (seeds' stories take well under a second when kept)
    writer.join(120)
    assert finished.is_set() and (tmp_path / "out" / "stories.json").exists()
