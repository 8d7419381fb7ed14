"""The published stories (what `crosswire serve` reads): listed, filtered and searched in SQL.

A run publishes each story whose stories.json line changed (`Store.publish`); the generation
counter goes up with every run that changed something, so a page can ask what is new since.
Searches go through SQLite FTS5 (bm25 ranking, snippets), a user's words quoted one by one."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from crosswire.records import Published, StoryHead

MARK_START, MARK_END = "\x02", "\x03"  # around the words a snippet matched (no text holds them)
MAX_QUERY_WORDS = 12
SNIPPET_WORDS = 24


@dataclass(frozen=True, slots=True)
class Listed(StoryHead):
    """A story as the front page lists it: its head, and the generation that published it."""

    generation: int


@dataclass(frozen=True, slots=True)
class Filters:
    """What the front page is narrowed to; None: no narrowing."""

    since: str | None = None  # stories reported on or after this date (ISO)
    until: str | None = None  # ... on or before
    outlet: str | None = None
    conflicts: bool = False  # only stories whose sources disagree
    order: str = "newest"  # or "corroborated": most independent origins first


@dataclass(frozen=True, slots=True)
class Found:
    """A search hit: an article (with its story) or a fact of a story."""

    kind: str  # "article" or "fact"
    story: str | None
    headline: str
    article: str | None
    snippet: str  # with MARK_START/MARK_END around matched words
    title: str | None = None  # an article's
    outlet: str | None = None  # an article's


ORDERS = {  # (each the very expression of an index of `published`: see the store's migrations)
    "newest": "last IS NULL, last DESC, origins DESC, articles DESC, story_id",
    "corroborated": "origins DESC, articles DESC, last IS NULL, last DESC, story_id",
}
LISTED = "story_id, headline, first, last, articles, origins, facts, conflicts, generation"


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query: each word quoted (no operator of theirs reaches FTS5),
    all of them required, the last as a prefix (as one types). None when there is no word.

    >>> fts_query('Kim "Jong-un" OR NEAR(x')
    '"kim" "jong" "un" "or" "near" "x"*'
    """
    words = re.findall(r"\w+", text.lower())[:MAX_QUERY_WORDS]
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words) + "*"


def generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT data FROM state WHERE name = 'generation'").fetchone()
    return int(json.loads(row[0])) if row else 0


def publish(db: sqlite3.Connection, stories: Iterable[Published], current: Iterable[str]) -> int:
    """Publish stories whose key changed, and withdraw those no longer `current` (by id), in one
    transaction; returns how many stories changed (the generation goes up when any did)."""
    stories = list(stories)
    with db:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS current_stories (id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM current_stories")
        db.executemany("INSERT OR IGNORE INTO current_stories VALUES (?)", ((i,) for i in current))
        gone = db.execute(
            "DELETE FROM published WHERE story_id NOT IN (SELECT id FROM current_stories)"
        ).rowcount
        changed = gone + len(stories)
        if not changed:
            return 0
        number = generation(db) + 1
        db.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)", (str(number),))
        ids = [(s.story,) for s in stories]
        db.executemany("DELETE FROM published WHERE story_id = ?", ids)  # (cascades)
        db.executemany(
            f"INSERT INTO published ({LISTED}, line, key) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    *(s.story, s.headline, s.first, s.last, s.articles, s.origins, s.facts),
                    *(s.conflicts, number, s.line, s.key),
                )
                for s in stories
            ],
        )
        db.executemany(
            "INSERT INTO published_outlets VALUES (?, ?, ?, ?, ?)",
            [
                (o.outlet, s.story, o.articles, o.origin, o.exclusives)
                for s in stories
                for o in s.outlets
            ],
        )
        db.executemany(
            "INSERT INTO published_facts (story_id, fact, text) VALUES (?, ?, ?)",
            [(s.story, fact, text) for s in stories for fact, text in s.statements],
        )
    return changed


def keys(db: sqlite3.Connection) -> dict[str, str]:
    """Each published story's key (what its line follows from)."""
    return dict(db.execute("SELECT story_id, key FROM published"))


def listed(
    db: sqlite3.Connection, filters: Filters, limit: int, offset: int = 0
) -> tuple[list[Listed], int]:
    """The stories the filters leave, in their order, a page of them; and how many there are."""
    where, args = _where(filters)
    total = db.execute(f"SELECT count(*) FROM published {where}", args).fetchone()[0]
    order = ORDERS.get(filters.order, ORDERS["newest"])
    rows = db.execute(
        f"SELECT {LISTED} FROM published {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return [Listed(*r) for r in rows], int(total)


def _where(filters: Filters) -> tuple[str, list[object]]:
    terms: list[str] = []
    args: list[object] = []
    if filters.since:
        terms.append("last >= ?")
        args.append(filters.since)
    if filters.until:  # (a date alone takes in the whole of its day)
        terms.append("first <= ?")
        args.append(filters.until + "\uffff")
    if filters.outlet is not None:
        terms.append("story_id IN (SELECT story_id FROM published_outlets WHERE outlet = ?)")
        args.append(filters.outlet)
    if filters.conflicts:
        terms.append("conflicts > 0")
    return ("WHERE " + " AND ".join(terms) if terms else ""), args


def changed_since(db: sqlite3.Connection, number: int, limit: int = 50) -> list[Listed]:
    """Stories published after generation `number`, the latest first."""
    rows = db.execute(
        f"SELECT {LISTED} FROM published WHERE generation > ? ORDER BY generation DESC,"
        " story_id LIMIT ?",
        (number, limit),
    )
    return [Listed(*r) for r in rows]


def key(db: sqlite3.Connection, story: str) -> str | None:
    """A published story's key (what its line follows from)."""
    row = db.execute("SELECT key FROM published WHERE story_id = ?", (story,)).fetchone()
    return str(row[0]) if row else None


def line(db: sqlite3.Connection, story: str) -> str | None:
    """A published story's stories.json line."""
    row = db.execute("SELECT line FROM published WHERE story_id = ?", (story,)).fetchone()
    return str(row[0]) if row else None


def story_of(db: sqlite3.Connection, article: str) -> str | None:
    """The story an article is in (as the store's memberships say)."""
    row = db.execute("SELECT story_id FROM memberships WHERE article_id = ?", (article,)).fetchone()
    return str(row[0]) if row else None


def search(db: sqlite3.Connection, text: str, limit: int) -> list[Found]:
    """Articles and facts matching the words, the best first (bm25): up to `limit` of each."""
    query = fts_query(text)
    if query is None:
        return []
    marks = (MARK_START, MARK_END, "…", SNIPPET_WORDS)
    # (ranked as `rank`, FTS5 sorts the matches itself and SQLite makes snippets for the
    # rows shown only; ranked by an expression, it made one for every match before sorting)
    articles = db.execute(
        "SELECT m.story_id, coalesce(p.headline, ''), a.id,"
        " snippet(article_text, 1, ?, ?, ?, ?), json_extract(a.record, '$.meta.title'),"
        " json_extract(a.record, '$.meta.outlet') FROM article_text"
        " JOIN articles a ON a.rowid = article_text.rowid"
        " LEFT JOIN memberships m ON m.article_id = a.id"
        " LEFT JOIN published p ON p.story_id = m.story_id"
        " WHERE article_text MATCH ? AND rank MATCH 'bm25(4.0, 1.0)' ORDER BY rank LIMIT ?",
        (*marks, query, limit),
    )
    found = [Found("article", *row) for row in articles]
    facts = db.execute(
        "SELECT f.story_id, p.headline, snippet(fact_text, 0, ?, ?, ?, ?) FROM fact_text"
        " JOIN published_facts f ON f.id = fact_text.rowid"
        " JOIN published p ON p.story_id = f.story_id"
        " WHERE fact_text MATCH ? ORDER BY rank LIMIT ?",
        (*marks, query, limit),
    )
    return found + [Found("fact", s, h, None, snip) for s, h, snip in facts]


def outlets(db: sqlite3.Connection, limit: int) -> list[tuple[str, int, int, int, int]]:
    """Each outlet: stories, articles, articles others copied, exclusive facts (most first)."""
    return list(
        db.execute(
            "SELECT outlet, count(*), sum(articles), sum(origin), sum(exclusives)"
            " FROM published_outlets GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT ?",
            (limit,),
        )
    )


def outlet_stories(
    db: sqlite3.Connection, outlet: str, limit: int
) -> list[tuple[Listed, int, int, int]]:
    """An outlet's stories, newest first: each with the outlet's articles, copied, exclusives."""
    rows = db.execute(
        f"SELECT {', '.join('p.' + c for c in LISTED.split(', '))},"
        " o.articles, o.origin, o.exclusives FROM published_outlets o"
        " JOIN published p ON p.story_id = o.story_id WHERE o.outlet = ?"
        " ORDER BY p.last IS NULL, p.last DESC, p.origins DESC, p.story_id LIMIT ?",
        (outlet, limit),
    )
    return [(Listed(*r[:9]), r[9], r[10], r[11]) for r in rows]
