"""Conflicts: values inside one fact that cannot both be true (numbers whose intervals do not
meet, dates that do not overlap, places neither of which contains the other), and the same words
given to different speakers. Differences of precision or wording that agree are never conflicts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from crosswire.analyse import Quantity, Quote, TimeExpr
from crosswire.analyse.places import country_of, key, within
from crosswire.analyse.quantities import DURATIONS
from crosswire.analyse.quotes import same_words
from crosswire.crosscheck.alignment import Fact
from crosswire.crosscheck.claims import Claim

# What a count counts, in classes of words that count the same thing (by their stems).
COUNT_CLASSES = (
    ("troops", "soldie", "forces", "person", "servic", "fighte", "milita"),
    ("people", "person", "reside", "civili", "indivi", "citize"),
    ("dead", "killed", "deaths", "fatali", "lives", "victim", "bodies"),
    ("injure", "wounde", "injuri", "hurt"),
    ("leader", "heads", "presid"),
    ("meetin", "talks", "summit", "discus", "negoti", "sessio", "conver"),
)
DAYS = frozenset({"day", "weekend", "week"})
MONTHS = frozenset({"month", "season"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATED = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.I)
NEAR = 0.2  # claims this close (alignment score) speak of the same thing when their values differ
_DEFINITE = re.compile(r"\b(?:the|these|those|both|all|its|their|his|her)\s+$", re.I)
_INCREMENT = re.compile(r"\s+(?:more|additional|extra|further)\b", re.I)  # "6,000 more"
_ANOTHER = re.compile(r"\b(?:another|additional|further|extra)\s+$", re.I)  # "another 6,000"
_CASUALTY = re.compile(r"\b(?:killed|dead|died|deaths|wounded|injured|captured|missing|lost)\b")
MIN_QUOTE_WORDS = 5  # shorter phrases ("see you soon") may well be said by two people


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


def find_conflicts(
    facts: Sequence[Fact],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    score: np.ndarray,
    bodies: Mapping[str, str],
    origin_of: Mapping[str, int],
) -> list[Conflict]:
    index = {c.id: n for n, c in enumerate(claims)}

    def near(a: Claim, b: Claim) -> bool:
        return a.article != b.article and bool(score[index[a.id], index[b.id]] >= NEAR)

    out = _quantities(claims, bodies, near, origin_of)
    for fact in facts:
        if len(fact.articles) >= 2:
            out.extend(_dates(fact, near, origin_of))
            out.extend(_places(fact, bodies, near, origin_of))
    out.extend(_speakers(quotes, claims, origin_of))
    return out


def _slot(q: Quantity, body: str) -> str | None:
    """What a number measures, so that only like is compared with like: its unit and the class
    of what it counts ("troops" and "soldiers" alike), and whether they are casualties. None for
    a number that measures nothing named, names a group ("the two leaders") or adds to another
    ("6,000 more")."""
    if (
        not q.counted
        or _INCREMENT.match(body[q.end : q.end + 12])
        or _ANOTHER.search(body[max(0, q.start - 16) : q.start])
    ):
        return None
    if not q.unit and _DEFINITE.search(body[max(0, q.start - 12) : q.start]):
        return None
    stem = q.counted[:6]
    kind = next((f"{n}" for n, words in enumerate(COUNT_CLASSES) if stem in words), stem)
    rest = re.split(r"[.;!?]", body[q.end : q.end + 160])[0]
    casualties = "casualties:" if _CASUALTY.search(rest) else ""
    return f"{casualties}{q.unit or 'count'}:{kind}"


def _meet(a: Quantity, b: Quantity) -> bool:
    lo = max(a.low if a.low is not None else -1e300, b.low if b.low is not None else -1e300)
    hi = min(a.high if a.high is not None else 1e300, b.high if b.high is not None else 1e300)
    return lo <= hi


def _quantities(
    claims: Sequence[Claim],
    bodies: Mapping[str, str],
    near: Callable[[Claim, Claim], bool],
    origin_of: Mapping[str, int],
) -> list[Conflict]:
    """Numbers of one measure across the story whose intervals do not meet, stated by claims
    about the same thing (close claims, or the length of the same kind of event)."""
    slots: dict[str, list[tuple[Claim, Quantity]]] = {}
    for c in claims:
        for q in c.quantities:
            slot = _slot(q, bodies.get(c.article, ""))
            if slot is not None:
                slots.setdefault(slot, []).append((c, q))

    def comparable(x: tuple[Claim, Quantity], y: tuple[Claim, Quantity]) -> bool:
        if x[0].article == y[0].article:
            return False
        return x[1].unit in DURATIONS or near(x[0], y[0])

    out = []
    for slot, items in sorted(slots.items()):
        sides = _disagreeing(items, lambda x, y: _meet(x[1], y[1]), comparable)
        if len(sides) < 2:
            continue
        counted = items[0][1].counted or ""
        about = (
            f"how many {counted}"
            if ":count:" in f":{slot}"
            else f"{slot.split(':')[-2]}s of the {counted}"
        )
        values = [(" / ".join(sorted({q.text for _, q in s})), [c for c, _ in s]) for s in sides]
        out.append(_conflict("quantity", about, None, values, origin_of))
    return out


def _comparable(a: TimeExpr, b: TimeExpr) -> bool:
    pa, pb = a.value.precision, b.value.precision
    if pa in DAYS and pb in DAYS:
        return True
    if pa in MONTHS or pb in MONTHS:
        return {pa, pb} <= DAYS | MONTHS
    return pa == pb == "year"


def _dates(
    fact: Fact, near: Callable[[Claim, Claim], bool], origin_of: Mapping[str, int]
) -> list[Conflict]:
    items = [(c, c.times[0]) for c in fact.claims if len(c.times) == 1]
    sides = _disagreeing(
        items,
        lambda x, y: x[1].value.overlaps(y[1].value),
        lambda x, y: _comparable(x[1], y[1]) and near(x[0], y[0]),
    )
    if len(sides) < 2:
        return []
    values = [
        (" / ".join(sorted({f"{t.text} ({t.value.iso})" for _, t in s})), [c for c, _ in s])
        for s in sides
    ]
    return [_conflict("date", "when", fact, values, origin_of)]


def _located(claim: Claim, body: str) -> list[tuple[str, str, str]]:
    """Places the claim puts something in or at: (entity id, name, label)."""
    out = []
    for e in claim.entities:
        for m in e.mentions:
            if (
                m.article == claim.article
                and claim.start <= m.start < claim.end
                and m.label in PLACE_LABELS
                and _LOCATED.search(body[max(0, m.start - 16) : m.start])
            ):
                out.append((e.id, e.name, m.label))
    return sorted(set(out))


def _apart_places(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    if a[0] == b[0] or within(a[1], b[1]) or within(b[1], a[1]):
        return False
    ca, cb = country_of(a[1]), country_of(b[1])
    if ca and cb:
        return ca != cb
    if ca or cb:
        return False  # a known country or capital beside an unknown place: cannot tell
    return a[2] == b[2] and key(a[1]) != key(b[1])


def _places(
    fact: Fact,
    bodies: Mapping[str, str],
    near: Callable[[Claim, Claim], bool],
    origin_of: Mapping[str, int],
) -> list[Conflict]:
    items = []
    for c in fact.claims:
        found = _located(c, bodies.get(c.article, ""))
        if len(found) == 1:
            items.append((c, found[0]))
    sides = _disagreeing(
        items, lambda x, y: not _apart_places(x[1], y[1]), lambda x, y: near(x[0], y[0])
    )
    if len(sides) < 2:
        return []
    values = [(" / ".join(sorted({p[1] for _, p in s})), [c for c, _ in s]) for s in sides]
    return [_conflict("place", "where", fact, values, origin_of)]


def _speakers(
    quotes: Sequence[Quote], claims: Sequence[Claim], origin_of: Mapping[str, int]
) -> list[Conflict]:
    """The same words given to different speakers by different articles."""
    holder = {(c.article, q): c for c in claims for q in c.quotes}
    said = [
        q
        for q in quotes
        if q.speaker and len(q.text.split()) >= MIN_QUOTE_WORDS and q.sources[0].kind != "indirect"
    ]
    out = []
    for n, a in enumerate(said):
        for b in said[n + 1 :]:
            if a.speaker == b.speaker or set(a.articles) == set(b.articles):
                continue
            if not same_words(a.text, b.text):
                continue
            values = []
            for q in (a, b):
                cs = [holder[(s.article, q.id)] for s in q.sources if (s.article, q.id) in holder]
                values.append((q.speaker or "", cs))
            if all(v[1] for v in values):
                about = f"who said “{a.text[:80]}”"
                out.append(_conflict("speaker", about, None, values, origin_of))
    return out


def _components(items: Sequence[T], agree: Callable[[T, T], bool]) -> list[list[T]]:
    """Items grouped by agreement (one side: items linked by agreeing pairs)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if agree(items[i], items[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


def _disagreeing(
    items: Sequence[T], agree: Callable[[T, T], bool], comparable: Callable[[T, T], bool]
) -> list[list[T]]:
    """The sides of a disagreement: items grouped by agreement, keeping only those that
    disagree with a comparable item of another side. No sides when nothing disagrees."""
    groups = _components(items, agree)
    keep = [
        [x for x in g if any(comparable(x, y) for h in groups if h is not g for y in h)]
        for g in groups
    ]
    sides = [g for g in keep if g]
    return sides if len(sides) >= 2 else []


def _conflict(
    kind: str,
    about: str,
    fact: Fact | None,
    values: Sequence[tuple[str, Sequence[Claim]]],
    origin_of: Mapping[str, int],
) -> Conflict:
    sides = []
    for value, cs in values:
        unique = tuple(sorted(set(cs), key=lambda c: (c.article, c.start)))
        articles = tuple(sorted({c.article for c in unique}))
        origins = len({origin_of.get(a, -1 - n) for n, a in enumerate(articles)})
        sides.append(Side(value, unique, articles, origins))
    sides.sort(key=lambda s: (-s.origins, -len(s.articles), s.value))
    digest = hashlib.sha1(
        (kind + "|" + "|".join(c.id for s in sides for c in s.claims)).encode()
    ).hexdigest()[:10]
    return Conflict(f"conflict-{digest}", kind, about, fact.id if fact else None, tuple(sides))
