"""Cross-check: the facts of one story lined up across its articles, how many independent origins
state each, where the sources disagree, and what each outlet adds that no other origin has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosswire.analyse import Analysis
from crosswire.analyse.timex import parse_date
from crosswire.crosscheck.alignment import (
    Fact,
    align,
    rank_facts,
    similarity,
    unlike_a_statement,
)
from crosswire.crosscheck.claims import Claim, story_claims
from crosswire.crosscheck.conflicts import find_conflicts
from crosswire.crosscheck.counts import count_facts
from crosswire.crosscheck.developments import Development, Step
from crosswire.crosscheck.disputes import Conflict, Side
from crosswire.crosscheck.support import supported
from crosswire.records import Article

__all__ = [
    "Claim",
    "Conflict",
    "CrossCheck",
    "Development",
    "Fact",
    "Side",
    "Step",
    "cross_check",
]


@dataclass(frozen=True, slots=True)
class CrossCheck:
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    exclusives: dict[str, tuple[str, ...]]  # article: ids of facts no other origin states
    developments: tuple[Development, ...] = ()  # numbers that move over time, step by step


def origin_index(articles: Sequence[str], origins: Sequence[Sequence[str]]) -> dict[str, int]:
    """Each article's origin: the group of wire copy and its reprints it belongs to, or its own."""
    out = {a: n for n, group in enumerate(origins) for a in group}
    for a in sorted(articles):
        out.setdefault(a, len(origins) + len(out))
    return out


def cross_check(
    analysis: Analysis, articles: Sequence[Article], origins: Sequence[Sequence[str]]
) -> CrossCheck:
    """1. claims of every article; 2. claims aligned into facts; 3. conflicts inside facts and
    between quotes, and numbers that move (developments); 4. each fact kept to the sources that
    state it; 5. facts of agreement on a count; 6. each article's exclusives."""
    claims = story_claims(analysis, articles)
    origin_of = origin_index([a.id for a in articles], origins)
    score = similarity(claims)
    facts = align(claims, origin_of, score)
    bodies = {a.id: a.body for a in articles}
    dated = frozenset(a.id for a in articles if parse_date(a.reference_date))
    published = {a.id: a.meta.updated or a.meta.published for a in articles}
    disputes = find_conflicts(
        facts, analysis.quotes, claims, score, bodies, origin_of, dated, published
    )
    facts = supported(facts, claims, score, bodies, origin_of, analysis.quotes)
    facts = rank_facts([*facts, *count_facts(claims, score, bodies, origin_of, facts)])
    exclusives: dict[str, list[str]] = {}
    several = len({origin_of[a.id] for a in articles}) > 1
    for fact in facts:  # a question or a heading of its own adds nothing
        if fact.origins == 1 and several and not unlike_a_statement(fact.statement):
            for a in fact.articles:
                exclusives.setdefault(a, []).append(fact.id)
    return CrossCheck(
        tuple(facts),
        tuple(disputes.conflicts),
        {a: tuple(ids) for a, ids in sorted(exclusives.items())},
        tuple(disputes.developments),
    )
