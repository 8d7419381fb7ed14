"""Counts: what a number measures, so that only like is compared with like, and the facts that
claims agreeing on one count state ("26 global leaders", "more than two dozen heads of state")."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import numpy as np

from crosswire.analyse import Quantity
from crosswire.crosscheck.alignment import Fact, count_origins
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
_DEFINITE = re.compile(r"\b(?:the|these|those|both|all|its|their|his|her)\s+$", re.I)
_INCREMENT = re.compile(r"\s+(?:more|additional|extra|further)\b", re.I)  # "6,000 more"
_ANOTHER = re.compile(r"\b(?:another|additional|further|extra)\s+$", re.I)  # "another 6,000"
_CASUALTY = re.compile(r"\b(?:killed|dead|died|deaths|wounded|injured|captured|missing|lost)\b")
SAME_COUNT_NEAR = 0.05  # claims agreeing on a count must share at least a word or a name


def measure(q: Quantity, body: str) -> str | None:
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
    if not q.unit and not q.hedge and _DEFINITE.search(body[max(0, q.start - 12) : q.start]):
        return None
    stem = q.counted[:6]
    kind = next((f"{n}" for n, words in enumerate(COUNT_CLASSES) if stem in words), stem)
    rest = re.split(r"[.;!?]", body[q.end : q.end + 160])[0]
    casualties = "casualties:" if _CASUALTY.search(rest) else ""
    return f"{casualties}{q.unit or 'count'}:{kind}"


def meet(a: Quantity, b: Quantity) -> bool:
    """Whether two numbers' intervals overlap: they may be the same number."""
    lo = max(a.low if a.low is not None else -1e300, b.low if b.low is not None else -1e300)
    hi = min(a.high if a.high is not None else 1e300, b.high if b.high is not None else 1e300)
    return lo <= hi


def count_facts(
    claims: Sequence[Claim],
    score: np.ndarray,
    bodies: Mapping[str, str],
    origin_of: Mapping[str, int],
    facts: Sequence[Fact],
) -> list[Fact]:
    """Facts of agreement on a count that no fact holds yet: sentences of several independent
    origins counting the same thing (same class of what is counted, no unit) with numbers that
    may be one, each pair sharing at least a word or a name. A sentence telling two facts ("The
    ceremony ... was attended by 26 global leaders") gives its count to this one."""
    index = {c.id: i for i, c in enumerate(claims)}
    by_slot: dict[str, list[tuple[int, Quantity]]] = {}
    for i, c in enumerate(claims):
        if c.whole is not None:
            continue
        for q in c.quantities:
            slot = measure(q, bodies.get(c.article, ""))
            if slot is not None and slot.startswith("count:"):
                by_slot.setdefault(slot, []).append((i, q))
    held = [frozenset(index[c.id] for c in f.claims if c.id in index) for f in facts]
    out: list[Fact] = []
    for _, found in sorted(by_slot.items()):
        group: list[tuple[int, Quantity]] = []
        for i, q in found:
            if any(claims[j].article == claims[i].article for j, _ in group):
                continue
            if all(meet(q, p) and score[i, j] >= SAME_COUNT_NEAR for j, p in group):
                group.append((i, q))
        members = sorted(i for i, _ in group)
        articles = tuple(sorted({claims[i].article for i in members}))
        origins = count_origins(articles, origin_of)
        if origins < 2 or any(set(members) <= h for h in held):
            continue
        told = tuple(sorted((claims[i] for i in members), key=lambda c: (c.article, c.start)))
        digest = hashlib.sha1(("count|" + "|".join(c.id for c in told)).encode()).hexdigest()
        stated = {f.statement for f in (*facts, *out)}
        statement = max(
            told, key=lambda c: (c.text not in stated, float(score[index[c.id], members].sum()))
        ).text
        out.append(Fact(f"fact-{digest[:10]}", statement, told, articles, origins))
    return out
