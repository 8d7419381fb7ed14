"""Disputes: what a conflict is (its sides, each with its sources and its independent origins),
and what every kind of conflict shares: items grouped into the sides of each disagreement, the
words a value is attached to, and which claims speak of the same holder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from crosswire.analyse.places import key
from crosswire.crosscheck.alignment import Fact, count_origins
from crosswire.crosscheck.claims import STEM, Claim, content_words
from crosswire.groups import connected

ANCHOR = 4  # content words either side of a date or place that tell what it is the date of


@dataclass(frozen=True, slots=True)
class Side:
    value: str
    claims: tuple[Claim, ...]  # each source's own words (a quote's wording for speakers)
    articles: tuple[str, ...]
    origins: int


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    kind: str  # quantity, date, place, speaker
    about: str
    fact: str | None
    sides: tuple[Side, ...]


T = TypeVar("T")


def _share(rows: Sequence[Sequence[str]], empty: bool) -> np.ndarray:
    """Which rows have a key in common; `empty`: whether a row with no key agrees with all."""
    keys = sorted({k for row in rows for k in row})
    col = {k: n for n, k in enumerate(keys)}
    m = np.zeros((len(rows), max(1, len(keys))), dtype=np.int32)
    for i, row in enumerate(rows):
        m[i, [col[k] for k in row]] = 1
    out = (m @ m.T) > 0
    if empty:
        none = m.sum(axis=1) == 0
        out |= none[:, None] | none[None, :]
    return np.asarray(out)


def _same_holders(claims: Sequence[Claim]) -> np.ndarray:
    """Which claims can be about the same thing of the same holder: they name one entity in
    common when both name any, and one person in common when both name people (a player's points
    in two matches, two markets' closing days, two athletes' times are not one measure)."""
    named = _share([[e.id for e in c.entities] for c in claims], empty=True)
    return np.asarray(named & _same_people(claims))


def _same_people(claims: Sequence[Claim]) -> np.ndarray:
    """Which claims name one person in common, or do not both name people."""
    return _share([[e.id for e in c.entities if e.type == "PERSON"] for c in claims], empty=True)


# Where one event's clause ends and another's begins: "charged with murder after a shooting at
# a party Friday" (Friday is the shooting's); "charged Saturday after opening fire" (the charge's).
_SUBORDINATE = re.compile(
    r"\b(?:after|before|following|since|when|while|as|until|because|although|though|where)\b",
    re.I,
)


def _anchor(body: str, claim: Claim, start: int, end: int) -> set[str]:
    """The words a date or place is attached to: a few content words either side of it, inside
    its own clause."""
    head = body[claim.start : start]
    cuts = list(_SUBORDINATE.finditer(head))
    head = head[cuts[-1].end() :] if cuts else head
    tail = body[end : claim.end]
    cut = _SUBORDINATE.search(tail)
    tail = tail[: cut.start()] if cut else tail
    before = content_words(_unnamed(head))[-ANCHOR:]
    after = content_words(_unnamed(tail))[:ANCHOR]
    return {w[:STEM] for w in before + after}


def _unnamed(text: str) -> str:
    """Words that are not names: what an event is, not who is in it."""
    return " ".join(w for w in text.split() if not w[:1].isupper())


def _nested(a: str | None, b: str | None) -> bool:
    """Names one of which has all its words in the other: one speaker ("James Gage",
    "Undersheriff James Gage"; "a judge", "a judge on Sunday") or one place ("High Street",
    "Banstead High Street"). A missing name is in every other."""
    wa, wb = set(key(a or "").split()), set(key(b or "").split())
    return wa <= wb or wb <= wa


def _components(
    items: Sequence[T],
    agree: Callable[[T, T], bool],
    pairs: Iterable[tuple[int, int]] | None = None,
) -> list[list[T]]:
    """Items grouped by agreement (one side: items linked by agreeing pairs); `pairs`, when
    given, are the only pairs of indices worth asking about."""
    n = len(items)
    if pairs is None:
        pairs = ((i, j) for i in range(n) for j in range(i + 1, n))
    groups = connected(n, pairs, lambda i, j: agree(items[i], items[j]))
    return [[items[i] for i in group] for group in groups]


def _disputes(
    items: Sequence[T],
    agree: Callable[[T, T], bool],
    comparable: Callable[[T, T], bool],
    pairs: Iterable[tuple[int, int]] | None = None,
    sides: Callable[[list[T]], list[list[T]]] | None = None,
) -> list[list[list[T]]]:
    """Each disagreement as its sides: items linked by comparable pairs that disagree, grouped
    into sides by agreement. Two unrelated disagreements are two conflicts. `pairs` bounds the
    pairs asked about; `sides` groups a dispute's items faster than pair by pair."""
    linked = _components(items, lambda x, y: comparable(x, y) and not agree(x, y), pairs)
    out = []
    for group in linked:
        if len(group) < 2:
            continue
        found = sides(group) if sides is not None else _components(group, agree)
        if len(found) >= 2:
            out.append(found)
    return out


def _joined(values: Iterable[str]) -> str:
    return " / ".join(sorted(set(values)))


def _conflict(
    kind: str,
    about: str,
    fact: Fact | None,
    values: Sequence[tuple[str, Sequence[Claim]]],
    origin_of: Mapping[str, int],
) -> Conflict:
    sides = []
    for value, cs in values:
        # a sentence and its first clause start together: the end keeps the order total
        unique = tuple(sorted(set(cs), key=lambda c: (c.article, c.start, c.end)))
        articles = tuple(sorted({c.article for c in unique}))
        sides.append(Side(value, unique, articles, count_origins(articles, origin_of)))
    sides.sort(key=lambda s: (-s.origins, -len(s.articles), s.value))
    digest = hashlib.sha1(
        (kind + "|" + "|".join(c.id for s in sides for c in s.claims)).encode()
    ).hexdigest()[:10]
    return Conflict(f"conflict-{digest}", kind, about, fact.id if fact else None, tuple(sides))
