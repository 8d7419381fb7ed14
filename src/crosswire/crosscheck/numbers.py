"""Numbers in dispute: values of one measure of the same thing whose intervals do not meet, and
values told as moving, which are developments instead (see developments.py)."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from crosswire.analyse import Quantity
from crosswire.analyse.quantities import DURATIONS
from crosswire.crosscheck.claims import STEM, Claim, content_words
from crosswire.crosscheck.counts import measure, meet
from crosswire.crosscheck.developments import Development, development, moving_number
from crosswire.crosscheck.disputes import (
    ANCHOR,
    Conflict,
    _conflict,
    _disputes,
    _joined,
    _same_people,
    _share,
    _unnamed,
)

_OTHER = re.compile(r"\s+other\b", re.I)  # "three other rifles"
# An age ("the 25-year-old") belongs to whoever it describes: no two people's ages disagree.
_AGE = re.compile(r"^[\s-]*(?:years?[\s-]+)?olds?\b", re.I)


def _quantities(
    claims: Sequence[Claim],
    bodies: Mapping[str, str],
    close: Callable[[Sequence[Claim]], np.ndarray],
    origin_of: Mapping[str, int],
    published: Mapping[str, str | None],
    restates: Callable[[Claim, Claim], bool],
) -> tuple[list[Conflict], list[Development]]:
    """Numbers of one measure across the story whose intervals do not meet, stated by claims
    about the same thing (close claims, or the length of the same kind of event), and the
    numbers among them told as moving (developments). `close` gives the matrix of which claims
    are close."""
    slots: dict[str, list[tuple[Claim, Quantity]]] = {}
    for c in claims:
        body = bodies.get(c.article, "")
        for q in c.quantities:
            slot = measure(q, body)
            if slot is None or _AGE.match(body[q.end : q.end + 12]) or _another_set(body, c, q):
                continue
            slots.setdefault(slot, []).append((c, q))
    out = []
    moving = []
    for slot, items in sorted(slots.items()):
        words = [_attached(bodies.get(c.article, ""), c, q) for c, q in items]
        claims_of = [c for c, _ in items]
        pairs = _disputed_pairs(
            items, close(claims_of) & _share(words, False), _same_people(claims_of)
        )
        attachment = {id(item): set(w) for item, w in zip(items, words, strict=True)}
        disputes = _disputes(
            items,
            lambda x, y: meet(x[1], y[1]),
            lambda x, y: True,  # the pairs are those already found to disagree
            pairs=pairs,
            sides=_overlapping,
        )
        for found in disputes:
            if any(
                moving_number(bodies.get(c.article, ""), c, q) for side in found for c, q in side
            ):
                about = _about(slot, found)  # a number that moves is a development
                moving.append(
                    development(about, [x for side in found for x in side], published, origin_of)
                )
                continue
            for paired in _best_paired(found, attachment):
                sides = _with_copies(paired, items, restates)
                about = _about(slot, sides)
                values = [(_joined(q.text for _, q in s), [c for c, _ in s]) for s in sides]
                out.append(_conflict("quantity", about, None, values, origin_of))
    return out, moving


Numbered = tuple[Claim, Quantity]


def _with_copies(
    sides: list[list[Numbered]],
    items: Sequence[Numbered],
    restates: Callable[[Claim, Claim], bool],
) -> list[list[Numbered]]:
    """Each side with every other source that restates one of its sentences and gives a value
    that may be its own (a reprint of the wire copy on one side is on that side too)."""
    taken = {id(x) for side in sides for x in side}
    articles = [{c.article for c, _ in side} for side in sides]
    out = []
    for n, side in enumerate(sides):
        elsewhere = set().union(*(a for k, a in enumerate(articles) if k != n))
        extra = [
            x
            for x in items
            if id(x) not in taken
            and x[0].article not in elsewhere
            and all(meet(x[1], q) for _, q in side)
            and any(restates(x[0], c) for c, _ in side)
        ]
        out.append([*side, *extra])
    return out


def _another_set(body: str, claim: Claim, q: Quantity) -> bool:
    """ "Seven AK-47s, three other rifles": a count of others after a count in the same sentence
    is of a set apart from the first ("the two dozen other leaders" alone is a count of its own)."""
    return bool(_OTHER.match(body[q.end : q.end + 8])) and any(
        p.end <= q.start for p in claim.quantities
    )


def _about(slot: str, sides: Sequence[Sequence[Numbered]]) -> str:
    """What a number measures, as a label: "how many troops", "hours of the meeting"."""
    counted = sides[0][0][1].counted or ""
    if ":count:" in f":{slot}":
        return f"how many {counted}".strip()
    unit = slot.split(":")[-2]
    if unit in DURATIONS or unit in {"km", "mile", "tonne"}:
        return f"{unit}s of the {counted}" if counted else f"how many {unit}s"
    return f"the {counted}, in {unit}" if counted else f"how much, in {unit}"  # percent, USD


def _attached(body: str, claim: Claim, q: Quantity) -> list[str]:
    """What a number is attached to besides what it counts: the words either side of it, up to
    the numbers beside it ("has sent around 15,000 troops" and "has reportedly sent 12,000 to
    14,000 soldiers" share "sent"; "scored nine league goals" and "grabbed 11 goals" share
    nothing; in "13 homers with the Angels and 33 over the season", "season" is the 33's). What
    any number of the sentence counts is no attachment ("13 homers and 43 RBIs": not "homers")."""
    lo = max((p.end for p in claim.quantities if p.end <= q.start), default=claim.start)
    hi = min((p.start for p in claim.quantities if p.start >= q.end), default=claim.end)
    before = content_words(_unnamed(body[lo : q.start]))[-ANCHOR:]
    after = content_words(_unnamed(body[q.end : hi]))[:ANCHOR]
    counted = {(p.counted or "")[:STEM] for p in claim.quantities}
    return sorted({w[:STEM] for w in before + after} - counted)


def _best_paired(
    sides: list[list[Numbered]], attachment: Mapping[int, set[str]]
) -> list[list[list[Numbered]]]:
    """A dispute of two sides as it is; of more, or with an article on two sides (it gives two
    numbers: of two things), the pairs of sides with no article in common that are each other's
    best match by the words their numbers are attached to."""
    articles = [{c.article for c, _ in side} for side in sides]
    if len(sides) == 2 and not articles[0] & articles[1]:
        return [sides]

    def fit(i: int, j: int) -> int:
        return max(len(attachment[id(x)] & attachment[id(y)]) for x in sides[i] for y in sides[j])

    best: dict[int, tuple[int, int]] = {}
    for i, j in itertools.permutations(range(len(sides)), 2):
        if not articles[i] & articles[j]:
            score = (fit(i, j), -j)
            if i not in best or score > (best[i][0], -best[i][1]):
                best[i] = (score[0], j)
    return [
        [sides[i], sides[j]]
        for i, (_, j) in sorted(best.items())
        if i < j and best.get(j, (0, -1))[1] == i
    ]


def _disputed_pairs(
    items: Sequence[tuple[Claim, Quantity]], close: np.ndarray, people: np.ndarray
) -> list[tuple[int, int]]:
    """Pairs of numbers of one measure that disagree about the same thing, found on arrays (no
    pair is looked at in Python): their intervals do not meet, they are in different articles,
    their claims are close (or both are lengths of time of no two different people: "a 20-year
    veteran" and "a 28-year veteran" are two careers), and neither article also states the
    other's number (one that says 13 homers and 33 homers disputes neither)."""
    n = len(items)
    low, high = np.array([_bounds(q) for _, q in items]).reshape(n, 2).T
    bounded = np.array([q.low is not None and q.high is not None for _, q in items])
    names = sorted({c.article for c, _ in items})
    article = np.array([names.index(c.article) for c, _ in items])
    meets = (low[:, None] <= high[None, :]) & (low[None, :] <= high[:, None])
    in_article = np.zeros((n, len(names)), dtype=bool)
    in_article[np.arange(n), article] = True
    # states[i, a]: article a also gives a bounded number that may be number i
    states = (meets & bounded[None, :]).astype(np.int32) @ in_article.astype(np.int32) > 0
    durations = np.array([q.unit in DURATIONS for _, q in items])
    disputed = (
        ~meets
        & (article[:, None] != article[None, :])
        & (close | (durations[:, None] & durations[None, :] & people))
        & ~states[np.arange(n)[None, :], article[:, None]]
        & ~states[np.arange(n)[:, None], article[None, :]]
    )
    rows, cols = np.nonzero(np.triu(disputed, k=1))
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def _bounds(q: Quantity) -> tuple[float, float]:
    """A number's interval, an open end as infinite."""
    return (-math.inf if q.low is None else q.low, math.inf if q.high is None else q.high)


def _overlapping(items: list[tuple[Claim, Quantity]]) -> list[list[tuple[Claim, Quantity]]]:
    """Numbers grouped by overlapping intervals, in one sweep over them sorted by their low end:
    the sides of a dispute about a number."""
    order = sorted(items, key=lambda x: _bounds(x[1])[0])
    out: list[list[tuple[Claim, Quantity]]] = []
    reach = -math.inf
    for item in order:
        low, high = _bounds(item[1])
        if out and low <= reach:
            out[-1].append(item)
            reach = max(reach, high)
        else:
            out.append([item])
            reach = high
    return out
