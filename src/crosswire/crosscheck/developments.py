"""Developments: a number that moves over time ("the death toll rose to 62", "so far 51"), told
as its steps in the order the articles were published, the newest marked, instead of a dispute.

A step is every value of one measure of the same thing (close claims, the same holder, the same
words attached) that an article gives; values are a development, not a conflict, when one of the
claims tells the number is moving (`MOVING`). Steps are ordered by their articles' publication
time (update time first), and a step without a time comes before those with one; the newest step
is the last one with a time, or, when no article has one, the value a claim tells as the latest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crosswire.analyse import Quantity
from crosswire.crosscheck.alignment import count_origins
from crosswire.crosscheck.claims import Claim
from crosswire.crosscheck.counts import meet

# Words telling that a number moves over time: a toll that "rose to 62" later in the day, a count
# "so far", is a development of the story, not a dispute.
MOVING = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|grew|fell|dropped|so far|has now|have now"
    r"|now stands|latest|updated|revised|at least)\b",
    re.I,
)


BEFORE, AFTER = 40, 25  # characters either side of a number where a word tells it moves


def moving_number(body: str, claim: Claim, q: Quantity) -> bool:
    """Whether the text tells this number as moving: "rose to 62", "have now killed 62", "62 so
    far" (a "latest" further off is about something else: "the latest in a series of clashes")."""
    near = body[max(claim.start, q.start - BEFORE) : min(claim.end, q.end + AFTER)]
    return bool(MOVING.search(near))


@dataclass(frozen=True, slots=True)
class Step:
    value: str
    claims: tuple[Claim, ...]
    articles: tuple[str, ...]
    origins: int
    published: str | None  # the latest publication (or update) time among its articles
    newest: bool


@dataclass(frozen=True, slots=True)
class Development:
    id: str
    about: str
    steps: tuple[Step, ...]  # oldest first


def development(
    about: str,
    items: Sequence[tuple[Claim, Quantity]],
    published: Mapping[str, str | None],
    origin_of: Mapping[str, int],
) -> Development:
    """The steps of one moving number: its values grouped (values that may be one are one
    step), in publication order, the newest marked."""
    groups: list[list[tuple[Claim, Quantity]]] = []
    for item in sorted(items, key=lambda x: (x[1].value, x[0].article, x[0].start)):
        if groups and all(meet(item[1], q) for _, q in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    ordered = sorted(
        zip(groups, (_step(g, published, origin_of) for g in groups), strict=True),
        key=lambda x: (x[1].published is not None, x[1].published or "", x[0][0][1].value),
    )
    steps = [s for _, s in ordered]
    newest = _newest(steps)
    marked = tuple(
        Step(s.value, s.claims, s.articles, s.origins, s.published, n == newest)
        for n, s in enumerate(steps)
    )
    digest = hashlib.sha1(
        ("development|" + "|".join(c.id for s in marked for c in s.claims)).encode()
    ).hexdigest()[:10]
    return Development(f"development-{digest}", about, marked)


def _step(
    group: Sequence[tuple[Claim, Quantity]],
    published: Mapping[str, str | None],
    origin_of: Mapping[str, int],
) -> Step:
    claims = tuple(sorted({c for c, _ in group}, key=lambda c: (c.article, c.start, c.end)))
    articles = tuple(sorted({c.article for c in claims}))
    times = [t for a in articles if (t := published.get(a))]
    value = " / ".join(sorted({q.text for _, q in group}))
    origins = count_origins(articles, origin_of)
    return Step(value, claims, articles, origins, max(times, default=None), False)


def _newest(steps: Sequence[Step]) -> int:
    """The last dated step; with no dates, the step a claim tells as moving to."""
    dated = [n for n, s in enumerate(steps) if s.published is not None]
    if dated:
        return dated[-1]
    moving = [n for n, s in enumerate(steps) if any(MOVING.search(c.text) for c in s.claims)]
    return moving[-1] if moving else len(steps) - 1
