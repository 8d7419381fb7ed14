"""SQLite store (WAL): raw inputs, cleaned articles, failures; versioned schema with migrations.

Writes are idempotent: storing the same input again changes nothing. Raw inputs are kept by
content hash and never deleted, so an article re-cleaned or replaced by a new version loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from crosswire.codec import (
    article_from_record,
    article_record,
    membership_from_row,
    membership_row,
)
from crosswire.errors import StoreError
from crosswire.records import USER, Article, Failure, Membership, Published, RawDocument
from crosswire.store import published

try:
    import fcntl
except ImportError:  # (not on Windows: there one process at a time is the user's to keep)
    fcntl = None  # type: ignore[assignment]

# Each migration takes the schema from version i to i + 1; append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE raw_documents (
        sha256   TEXT PRIMARY KEY,
        id       TEXT NOT NULL,
        source   TEXT NOT NULL,
        format   TEXT NOT NULL,
        url      TEXT,
        metadata TEXT NOT NULL,
        content  TEXT NOT NULL
    );
    CREATE TABLE articles (
        id       TEXT PRIMARY KEY,
        sha256   TEXT NOT NULL REFERENCES raw_documents(sha256),
        record   TEXT NOT NULL
    );
    CREATE TABLE failures (
        source   TEXT NOT NULL,
        line     INTEGER NOT NULL DEFAULT -1,
        reason   TEXT NOT NULL,
        PRIMARY KEY (source, line, reason)
    );
    """,
    """
    CREATE TABLE memberships (
        article_id   TEXT PRIMARY KEY REFERENCES articles(id),
        story_id     TEXT NOT NULL,
        how          TEXT NOT NULL,
        similarity   REAL NOT NULL,
        shared_names TEXT NOT NULL,
        days_apart   INTEGER
    );
    CREATE INDEX memberships_story ON memberships(story_id);
    """,
    """
    ALTER TABLE memberships ADD COLUMN reason TEXT NOT NULL DEFAULT '';
    """,
    """
    CREATE TABLE findings (
        key      TEXT PRIMARY KEY,
        findings TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE parses (
        key  TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
    """
    CREATE TABLE signatures (
        article_id TEXT PRIMARY KEY,
        digest     TEXT NOT NULL,
        data       BLOB NOT NULL
    );
    CREATE TABLE reuse (
        a      TEXT NOT NULL,
        b      TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX reuse_b ON reuse(b);
    """,
    """
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE story_lines (
        key  TEXT PRIMARY KEY,
        line TEXT NOT NULL
    );
    """,
    # What `crosswire serve` reads: the stories as the latest run published them, with what
    # its pages sort and filter by; articles and facts searchable (FTS5).
    """
    CREATE TABLE published (
        story_id   TEXT PRIMARY KEY,
        headline   TEXT NOT NULL,
        first      TEXT,
        last       TEXT,
        articles   INTEGER NOT NULL,
        origins    INTEGER NOT NULL,
        facts      INTEGER NOT NULL,
        conflicts  INTEGER NOT NULL,
        line       TEXT NOT NULL,
        key        TEXT NOT NULL,
        generation INTEGER NOT NULL
    );
    CREATE INDEX published_newest ON published(last DESC, origins DESC, story_id);
    CREATE INDEX published_generation ON published(generation);
    CREATE TABLE published_outlets (
        outlet     TEXT NOT NULL,
        story_id   TEXT NOT NULL REFERENCES published(story_id) ON DELETE CASCADE,
        articles   INTEGER NOT NULL,
        origin     INTEGER NOT NULL,
        exclusives INTEGER NOT NULL,
        PRIMARY KEY (outlet, story_id)
    );
    CREATE INDEX published_outlets_story ON published_outlets(story_id);
    CREATE TABLE published_facts (
        id       INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES published(story_id) ON DELETE CASCADE,
        fact     TEXT NOT NULL,
        text     TEXT NOT NULL
    );
    CREATE INDEX published_facts_story ON published_facts(story_id);
    CREATE VIRTUAL TABLE fact_text USING fts5(
        text, content='published_facts', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER published_facts_in AFTER INSERT ON published_facts BEGIN
        INSERT INTO fact_text(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER published_facts_out AFTER DELETE ON published_facts BEGIN
        INSERT INTO fact_text(fact_text, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE VIRTUAL TABLE article_text USING fts5(
        title, body, tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO article_text(rowid, title, body)
        SELECT rowid, coalesce(json_extract(record, '$.meta.title'), ''),
               json_extract(record, '$.body') FROM articles;
    CREATE TRIGGER articles_in AFTER INSERT ON articles BEGIN
        INSERT INTO article_text(rowid, title, body) VALUES (new.rowid,
            coalesce(json_extract(new.record, '$.meta.title'), ''),
            json_extract(new.record, '$.body'));
    END;
    CREATE TRIGGER articles_changed AFTER UPDATE OF record ON articles BEGIN
        DELETE FROM article_text WHERE rowid = old.rowid;
        INSERT INTO article_text(rowid, title, body) VALUES (new.rowid,
            coalesce(json_extract(new.record, '$.meta.title'), ''),
            json_extract(new.record, '$.body'));
    END;
    DELETE FROM story_lines;
    """,
    # The front page's two orders, each an index the listing walks (no sort of every story).
    """
    DROP INDEX published_newest;
    CREATE INDEX published_newest ON published(
        last IS NULL, last DESC, origins DESC, articles DESC, story_id);
    CREATE INDEX published_corroborated ON published(
        origins DESC, articles DESC, last IS NULL, last DESC, story_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_SECONDS = 60  # how long a run waits for another one's write to finish


class Store:
    """A crosswire store at `path` (created when missing).

    >>> with Store(":memory:") as store:
    ...     store.schema_version == SCHEMA_VERSION
    True
    """

    def __init__(self, path: Path | str, *, threads: bool = False) -> None:
        """`threads`: the store may be used from threads other than the one that opened it,
        one at a time (a web request's, opened in one and read in another)."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, check_same_thread=not threads
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no commit
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the store's run lock (a file beside it) while a whole-store step runs: another
        process's run (the CLI's, the web app's) waits for it, so none publishes stories made
        before the other's commits and withdraws those. Each transaction is atomic without it;
        this keeps a run's reading and writing of the whole store together."""
        if self.path == ":memory:" or fcntl is None:
            yield
            return
        try:
            handle = open(self.path + ".lock", "a+b")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot take the store's run lock ({exc})") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction. Each takes the write lock
        first (BEGIN IMMEDIATE) and reads the version again under it, so two runs opening a new
        store at once apply each migration once."""
        self._check_version(self.schema_version)
        if self.schema_version == SCHEMA_VERSION:  # (no write lock taken: a reader never waits)
            return
        level = self._db.isolation_level
        self._db.isolation_level = None  # transactions by hand here
        try:
            for number in range(SCHEMA_VERSION):
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    version = self.schema_version
                    self._check_version(version)
                    if version == number:
                        for statement in _statements(MIGRATIONS[number]):
                            self._db.execute(statement)
                        self._db.execute(f"PRAGMA user_version = {number + 1}")
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
        finally:
            self._db.isolation_level = level

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than"
                f" this crosswire's ({SCHEMA_VERSION})"
            )

    def put(self, docs: Iterable[RawDocument], articles: Iterable[Article]) -> int:
        """Store raw inputs and their articles in one transaction; returns how many articles are
        new or changed."""
        raw = [
            (
                d.sha256,
                d.id,
                d.source,
                d.format,
                d.url,
                json.dumps(dict(d.metadata), sort_keys=True),
                d.content,
            )
            for d in docs
        ]
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO raw_documents VALUES (?, ?, ?, ?, ?, ?, ?)", raw
            )
            # (the statement's own changes: not the search index's, which triggers keep)
            cur = self._db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " sha256 = excluded.sha256, record = excluded.record"
                " WHERE articles.record != excluded.record",
                [
                    (
                        a.id,
                        a.sha256,
                        json.dumps(article_record(a), sort_keys=True, ensure_ascii=False),
                    )
                    for a in articles
                ],
            )
        return cur.rowcount

    def known(self, docs: Iterable[RawDocument]) -> dict[str, str | None]:
        """For each document's id, what the store already holds: the id of a stored article with
        the same content (itself, or another name for it), None when its id is free or holds
        other content, and the documents' ids absent from the result are new. A caller keeps
        an article under another id when its id is taken by other content."""
        docs = list(docs)
        by_hash: dict[str, str] = {}
        taken: dict[str, str] = {}
        for part in _chunks(docs):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT id, sha256 FROM articles WHERE sha256 IN ({marks}) OR id IN ({marks})",
                [d.sha256 for d in part] + [d.id for d in part],
            )
            for article_id, sha in rows:
                by_hash.setdefault(sha, article_id)
                taken[article_id] = sha
        out: dict[str, str | None] = {}
        for d in docs:
            if d.sha256 in by_hash:
                out[d.id] = by_hash[d.sha256]
            elif d.id in taken:
                out[d.id] = None
        return out

    def put_failures(self, failures: Iterable[Failure]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO failures VALUES (?, ?, ?)",
                [(f.source, -1 if f.line is None else f.line, f.reason) for f in failures],
            )

    def articles(self) -> Iterator[Article]:
        rows = self._db.execute("SELECT record FROM articles ORDER BY id")
        yield from map(article_from_record, _json_rows(rows))

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_record(json.loads(row[0])) if row else None

    def put_memberships(self, memberships: Iterable[Membership]) -> None:
        """Record where articles were placed (re-clustering may have moved one placed by an
        earlier run); a user's split or merge is never overwritten."""
        with self._db:
            self._db.executemany(
                "INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id)"
                " DO UPDATE SET story_id = excluded.story_id, how = excluded.how,"
                " similarity = excluded.similarity, shared_names = excluded.shared_names,"
                " days_apart = excluded.days_apart, reason = excluded.reason"
                f" WHERE memberships.how NOT LIKE '%{USER}'",
                [membership_row(m) for m in memberships],
            )

    def memberships(self) -> dict[str, Membership]:
        rows = self._db.execute("SELECT * FROM memberships ORDER BY article_id")
        return {r[0]: membership_from_row(r) for r in rows}

    def move(self, article_ids: Iterable[str], story_id: str, how: str) -> int:
        """Put articles in a story by a user's decision (split, merge); later runs keep it."""
        with self._db:
            cur = self._db.executemany(
                "INSERT INTO memberships VALUES (?, ?, ?, 1.0, '[]', NULL, '')"
                " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id,"
                " how = excluded.how, similarity = 1.0, shared_names = '[]', days_apart = NULL,"
                " reason = ''",
                [(a, story_id, how) for a in article_ids],
            )
            return cur.rowcount

    def findings(self, keys: Iterable[str]) -> dict[str, str]:
        """Stored findings (JSON text) of stories by key (see `engine.jobs.findings_key`)."""
        return dict(self._by_keys("findings", "findings", keys))

    def put_findings(self, found: Mapping[str, str]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO findings VALUES (?, ?)", found.items())

    def story_lines(self, keys: Iterable[str]) -> dict[str, str]:
        """Stored stories.json lines of stories by key (see `engine.jobs.line_key`)."""
        return dict(self._by_keys("story_lines", "line", keys))

    def put_story_lines(self, made: Mapping[str, str], keep: Iterable[str]) -> None:
        """Store stories' lines by key; of those stored before, only the ones in `keep` stay
        (the lines of the store's stories as they now stand)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO story_lines VALUES (?, ?)", made.items())
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept_lines (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept_lines")
            self._db.executemany(
                "INSERT OR IGNORE INTO kept_lines VALUES (?)", ((k,) for k in keep)
            )
            self._db.execute(
                "DELETE FROM story_lines WHERE key NOT IN (SELECT key FROM kept_lines)"
            )

    def parses(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Stored paragraph parses (compressed spaCy Doc bytes) by key (`nlp.parse_key`)."""
        return dict(self._by_keys("parses", "data", keys))

    def put_parses(self, made: Mapping[str, bytes], keep: int) -> None:
        """Store paragraph parses; the store keeps the `keep` latest (a cache: older ones go)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?)", made.items())
            self._db.execute(
                "DELETE FROM parses WHERE rowid <= (SELECT max(rowid) FROM parses) - ?", (keep,)
            )

    def _by_keys(self, table: str, column: str, keys: Iterable[str]) -> Iterator[tuple[str, Any]]:
        for part in _chunks(list(keys)):
            marks = ",".join("?" * len(part))
            yield from self._db.execute(
                f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", part
            )

    def reuse_state(self) -> tuple[dict[str, tuple[str, bytes]], list[dict[str, Any]]]:
        """What reuse detection kept: each article's MinHash signature (with the digest of the
        body it was made from) and the reuse pairs found (as `codec.reuse_record`)."""
        sigs = {a: (d, bytes(b)) for a, d, b in self._db.execute("SELECT * FROM signatures")}
        pairs = list(_json_rows(self._db.execute("SELECT record FROM reuse")))
        return sigs, pairs

    def put_reuse_state(
        self,
        signatures: Mapping[str, tuple[str, bytes]],
        pairs: Iterable[Mapping[str, Any]],
        gone: Iterable[str] = (),
    ) -> None:
        """Keep new signatures and pairs; the pairs of `gone` articles (whose text changed) go."""
        gone = list(gone)
        with self._db:
            self._db.executemany("DELETE FROM reuse WHERE a = ? OR b = ?", [(g, g) for g in gone])
            self._db.executemany(
                "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)",
                [(a, d, b) for a, (d, b) in signatures.items()],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO reuse VALUES (?, ?, ?)",
                [(p["a"], p["b"], json.dumps(p, sort_keys=True)) for p in pairs],
            )

    def state(self, name: str) -> Any:
        """A stage's kept state (JSON), None when there is none."""
        row = self._db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, name: str, value: Any) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO state VALUES (?, ?)",
                (name, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
            )

    def publish(self, stories: Iterable[Published], current: Iterable[str]) -> int:
        """Publish stories for `crosswire serve` (see `published.publish`)."""
        return published.publish(self._db, stories, current)

    def published_keys(self) -> dict[str, str]:
        return published.keys(self._db)

    def generation(self) -> int:
        """How many runs have changed the published stories."""
        return published.generation(self._db)

    def listed(
        self, filters: published.Filters, limit: int, offset: int = 0
    ) -> tuple[list[published.Listed], int]:
        return published.listed(self._db, filters, limit, offset)

    def changed_since(self, number: int, limit: int = 50) -> list[published.Listed]:
        return published.changed_since(self._db, number, limit)

    def published_key(self, story: str) -> str | None:
        return published.key(self._db, story)

    def published_line(self, story: str) -> str | None:
        return published.line(self._db, story)

    def story_of(self, article: str) -> str | None:
        return published.story_of(self._db, article)

    def search(self, text: str, limit: int) -> list[published.Found]:
        return published.search(self._db, text, limit)

    def outlets(self, limit: int) -> list[tuple[str, int, int, int, int]]:
        return published.outlets(self._db, limit)

    def outlet_stories(
        self, outlet: str, limit: int
    ) -> list[tuple[published.Listed, int, int, int]]:
        return published.outlet_stories(self._db, outlet, limit)

    def articles_by_id(self, ids: Iterable[str]) -> list[Article]:
        """Those of the articles the store holds, in id order."""
        rows: list[tuple[str]] = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            rows += self._db.execute(f"SELECT record FROM articles WHERE id IN ({marks})", part)
        return sorted(map(article_from_record, _json_rows(rows)), key=_id)

    def counts(self) -> dict[str, int]:
        tables = ("raw_documents", "articles", "failures", "memberships")
        return {t: self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


T = TypeVar("T")


def _statements(script: str) -> Iterator[str]:
    """A script's statements one by one (a trigger's body holds semicolons of its own).

    >>> list(_statements("CREATE TABLE t (x); CREATE TRIGGER g AFTER INSERT ON t BEGIN"
    ...                  " DELETE FROM t; END;"))
    ['CREATE TABLE t (x);', 'CREATE TRIGGER g AFTER INSERT ON t BEGIN DELETE FROM t; END;']
    """
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip("; \n"):
                yield statement.strip()
            statement = ""


def _json_rows(rows: Iterable[tuple[str]], size: int = 1000) -> Iterator[Any]:
    """Each row's JSON text decoded, a thousand rows in one call (the decoder's own cost a
    call was a third of reading a large store's articles and reuse pairs). A batch that does
    not read as exactly its rows (a damaged row) is read row by row, as a lone row would be."""
    batch: list[str] = []
    for (text,) in rows:
        batch.append(text)
        if len(batch) == size:
            yield from _decoded(batch)
            batch = []
    yield from _decoded(batch)


def _decoded(texts: list[str]) -> list[Any]:
    try:
        values = json.loads("[" + ",".join(texts) + "]")
        if isinstance(values, list) and len(values) == len(texts):
            return values
    except ValueError:
        pass
    return [json.loads(t) for t in texts]


def _id(article: Article) -> str:
    return article.id


def _chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    """The items in lists of `size` (SQLite binds at most a few thousand values a statement)."""
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]
