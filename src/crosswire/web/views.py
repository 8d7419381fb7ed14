"""What the pages and the API show of the store's records, prepared once for both."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crosswire.store.published import MARK_END, MARK_START, Filters, Found, Listed

PAGE_SIZE = 50  # stories a page lists
MAX_OFFSET = 1_000_000


def listing(item: Listed) -> dict[str, Any]:
    """A listed story as the API gives it."""
    return {
        "id": item.story,
        "headline": item.headline,
        "first": item.first,
        "last": item.last,
        "articles": item.articles,
        "origins": item.origins,
        "facts": item.facts,
        "conflicts": item.conflicts,
        "generation": item.generation,
    }


def segments(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as text pieces, each saying whether the query matched it.

    >>> segments("a \\x02kim\\x03 b")
    [('a ', False), ('kim', True), (' b', False)]
    """
    pieces: list[tuple[str, bool]] = []
    for n, part in enumerate(snippet.split(MARK_START)):
        if n == 0:
            pieces.append((part, False))
            continue
        matched, _, rest = part.partition(MARK_END)
        pieces += [(matched, True), (rest, False)]
    return [(text, hit) for text, hit in pieces if text]


def by_story(hits: list[Found]) -> list[tuple[str | None, str, list[list[tuple[str, bool]]]]]:
    """Hits under their story (story, headline, each hit's snippet in pieces): the stories in
    the order of their best hit, a story's hits in theirs.

    >>> found = [Found("fact", s, s.upper(), None, t) for s, t in ["a1", "b1", "a2"]]
    >>> by_story(found)
    [('a', 'A', [[('1', False)], [('2', False)]]), ('b', 'B', [[('1', False)]])]
    """
    stories: dict[str | None, tuple[str, list[list[tuple[str, bool]]]]] = {}
    for hit in hits:
        stories.setdefault(hit.story, (hit.headline, []))[1].append(segments(hit.snippet))
    return [(story, headline, pieces) for story, (headline, pieces) in stories.items()]


def plain(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet's text without marks, and where the query matched it (character offsets).

    >>> plain("a \\x02kim\\x03 b")
    ('a kim b', [(2, 5)])
    """
    text, spans = "", []
    for piece, hit in segments(snippet):
        if hit:
            spans.append((len(text), len(text) + len(piece)))
        text += piece
    return text, spans


def day(value: str | None) -> str | None:
    """A YYYY-MM-DD date, or None for anything else (a filter left empty or mistyped)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def filters_of(
    since: str | None, until: str | None, outlet: str | None, conflicts: bool, order: str
) -> Filters:
    return Filters(
        since=day(since),
        until=day(until),
        outlet=outlet or None,
        conflicts=conflicts,
        order=order if order in ("newest", "corroborated") else "newest",
    )
