"""Who copied whom, and which articles are one independent origin (wire copy and its reprints)."""

from __future__ import annotations

from collections.abc import Iterable

from crosswire.clean.metadata import agency, find_dateline
from crosswire.groups import connected
from crosswire.records import Article, Reuse

CONTAINED = 0.8  # an article this much made of the shared text is the copy's source...
EXTENDED_BY = 0.2  # ...when the other one is at least this much less so (it adds its own text)


def origin_of(
    a: Article, b: Article, share_a: float, share_b: float, opens_a: bool, opens_b: bool
) -> tuple[str | None, str]:
    """The likely origin of the text two articles share, and the evidence. `opens_a` says the
    shared text opens article a (a trimmed copy keeps the opening; an article that embeds
    wire copy usually opens with its own words)."""
    wire_a, wire_b = _wire_dateline(a), _wire_dateline(b)
    if wire_a and not wire_b:
        return a.id, f"{a.id} carries the {wire_a} dateline of the wire story"
    if wire_b and not wire_a:
        return b.id, f"{b.id} carries the {wire_b} dateline of the wire story"
    # Credits agency copy without carrying the wire's own dateline: a reprint of it.
    credited_a, credited_b = bool(a.meta.wire) and not wire_a, bool(b.meta.wire) and not wire_b
    if credited_a and not credited_b:
        return b.id, f"{a.id} credits agency copy ({a.meta.wire})"
    if credited_b and not credited_a:
        return a.id, f"{b.id} credits agency copy ({b.meta.wire})"
    date_a, date_b = a.meta.published, b.meta.published
    if date_a and date_b and date_a[:16] != date_b[:16]:
        first = a if date_a < date_b else b
        return first.id, f"{first.id} was published first"
    for small, big, opens_big, s_small, s_big in (
        (a, b, opens_b, share_a, share_b),
        (b, a, opens_a, share_b, share_a),
    ):
        if s_small >= CONTAINED and s_big <= s_small - EXTENDED_BY:
            if opens_big:
                return big.id, f"{small.id} is {big.id} cut short"
            return small.id, f"{big.id} contains {small.id} and adds text of its own"
    return None, "no evidence of direction"


def _wire_dateline(article: Article) -> str | None:
    dateline = find_dateline(article.body)
    return agency(dateline.source) if dateline else None


def independent_origins(article_ids: Iterable[str], reuse: Iterable[Reuse]) -> list[list[str]]:
    """Articles grouped so that each group is one origin: articles linked by reuse, directly or
    through others, are one; every other article is its own. Groups and members sorted."""
    ids = sorted(set(article_ids))
    at = {a: i for i, a in enumerate(ids)}
    pairs = [(at[p.a], at[p.b]) for p in reuse if p.a in at and p.b in at]
    return sorted([ids[i] for i in group] for group in connected(len(ids), pairs))
