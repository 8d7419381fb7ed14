"""Support: a source counts for a fact only with a sentence that states it.

Alignment groups sentences that are about the same thing, generously, so that conflicts can be
found between them; a fact's sources are then checked one by one against the fact's own
statement. A heading or a question states nothing; a sentence giving a different value of the
fact's number is the other side of a dispute, never support; a sentence that gives none of the
fact's numbers does not state them; a weak best match is "not stated". A claim that states no
fact of several articles is a fact of its own article again, so nothing an outlet said is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from crosswire.analyse import Quantity, Quote
from crosswire.crosscheck.alignment import (
    COMPLETE,
    RESTATED,
    SAME_QUOTE,
    Fact,
    count_origins,
    unlike_a_statement,
)
from crosswire.crosscheck.claims import Claim
from crosswire.crosscheck.counts import measure, meet

# A source states a fact when it is as close to the fact's own statement (not merely to one of
# its other sources) as completion asks of a sentence to the fact as a whole. Measured on the seed
# gold (tuning): 0.2 gives 20 of 23 facts and no wrong brief citation; 0.25 and 0.3 (the join
# threshold) lose paraphrases (18 and 17 facts) and chaining through other sources at 0.2 let a
# sentence on the parade support the talks at the guest house.
STATES = COMPLETE
SAME_SIZE = 0.5  # a statement holding less than this share of a source's quote only echoes it


def supported(
    facts: Sequence[Fact],
    claims: Sequence[Claim],
    score: np.ndarray,
    bodies: Mapping[str, str],
    origin_of: Mapping[str, int],
    quotes: Sequence[Quote] = (),
) -> list[Fact]:
    """Each fact with only the sources that state it (ids kept, so conflicts still point to it),
    and a fact of its own for each claim that no longer states any fact of several articles."""
    index = {c.id: n for n, c in enumerate(claims)}
    quoted = quoted_share(claims, quotes)
    out: list[Fact] = []
    for fact in facts:
        anchor, kept = _stating(fact, index, score, bodies, quoted)
        articles = tuple(sorted({c.article for c in kept}))
        statement = fact.statement if any(c.text == fact.statement for c in kept) else anchor.text
        out.append(Fact(fact.id, statement, kept, articles, count_origins(articles, origin_of)))
    held = {c.id for f in out for c in f.claims}
    for fact in facts:
        for c in fact.claims:
            if c.id not in held and c.whole is None:
                held.add(c.id)
                out.append(_alone(c, origin_of))
    return out


def _stating(
    fact: Fact,
    index: Mapping[str, int],
    score: np.ndarray,
    bodies: Mapping[str, str],
    quoted: Mapping[tuple[str, str], int],
) -> tuple[Claim, tuple[Claim, ...]]:
    """The claim that says the fact, and the fact's claims that state what it says."""
    if len(fact.articles) < 2:
        return fact.claims[0], fact.claims
    anchor = _anchor(fact, index, score)
    anchor_values = _measured(anchor, bodies)
    kept = [anchor]
    for c in sorted(fact.claims, key=lambda c: c.article == anchor.article):  # others first
        if c is anchor or states_nothing(c.text):
            continue
        if c.article == anchor.article:  # a restatement: as close to the others as the anchor
            close = _closest(c, kept, index, score) >= RESTATED
        else:
            close = float(score[index[c.id], index[anchor.id]]) >= STATES and _more_than_a_quote(
                c, anchor, quoted
            )
        if close and _same_numbers(anchor_values, _measured(c, bodies)):
            kept.append(c)
    return anchor, tuple(sorted(kept, key=lambda c: (c.article, c.start, c.end)))


def states_nothing(text: str) -> bool:
    """A question or a heading: a line with no sentence's end. A speaker line ending in a colon
    or a comma ("At the parade, he posted on Truth Social:") leads into what it states."""
    kind = unlike_a_statement(text)
    return kind == 1 or (kind == 2 and not text.rstrip().endswith((":", ",")))


def _anchor(fact: Fact, index: Mapping[str, int], score: np.ndarray) -> Claim:
    """The claim that says the fact: its statement when that is a full sentence, else its most
    central statement-like claim."""
    for c in fact.claims:
        if c.text == fact.statement and not unlike_a_statement(c.text):
            return c
    rows = [index[c.id] for c in fact.claims]
    central = score[np.ix_(rows, rows)].sum(axis=1)
    return min(
        zip(fact.claims, central, strict=True),
        key=lambda x: (unlike_a_statement(x[0].text), -float(x[1]), x[0].id),
    )[0]


def quoted_share(claims: Sequence[Claim], quotes: Sequence[Quote]) -> dict[tuple[str, str], int]:
    """How many characters of each of its quotes each claim holds: (claim, quote) -> length; 0
    for a speaker line that only says who spoke the quote after it."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for q in quotes:
        for s in q.sources:
            spans.setdefault(s.article, []).append((s.start, s.end, q.id))
    out: dict[tuple[str, str], int] = {}
    for c in claims:
        for a, b, quote in spans.get(c.article, ()):
            if quote in c.quotes:
                key = (c.id, quote)
                out[key] = out.get(key, 0) + max(0, min(b, c.end) - max(a, c.start))
    return out


def _more_than_a_quote(c: Claim, anchor: Claim, quoted: Mapping[tuple[str, str], int]) -> bool:
    """A claim carrying a quote of the fact's statement states it, unless the statement holds only
    a few words of it: a sentence about something else that echoes two words of a pledge ("which
    Mr Kim called his 'fraternal duty'") is not stated by the whole pledge (the other way round,
    the echo does state part of the pledge). A line saying who spoke the quote states it."""
    shared = set(c.quotes) & set(anchor.quotes)
    if not shared:
        return True
    for q in shared:
        mine, theirs = quoted.get((c.id, q), 0), quoted.get((anchor.id, q), 0)
        if not mine or not theirs or theirs >= SAME_SIZE * mine:
            return True
    return False


def _closest(
    c: Claim, others: Sequence[Claim], index: Mapping[str, int], score: np.ndarray
) -> float:
    """How close a claim is to the others' sources in other articles (same-article pairs score
    nothing): a restatement is as close to them as its own article's statement."""
    shared_quote = SAME_QUOTE if any(set(c.quotes) & set(o.quotes) for o in others) else 0.0
    return max([shared_quote, *(float(score[index[c.id], index[o.id]]) for o in others)])


def _measured(c: Claim, bodies: Mapping[str, str]) -> dict[str, list[Quantity]]:
    out: dict[str, list[Quantity]] = {}
    for q in c.quantities:
        slot = measure(q, bodies.get(c.article, ""))
        if slot is not None:
            out.setdefault(slot, []).append(q)
    return out


def _same_numbers(
    fact_values: Mapping[str, list[Quantity]], claim_values: Mapping[str, list[Quantity]]
) -> bool:
    """A claim states the fact's numbers when it gives a value of one of its measures, and every
    value it gives of them may be the fact's."""
    if not fact_values:
        return True
    shared = [slot for slot in claim_values if slot in fact_values]
    if not shared:
        return False
    return all(
        any(meet(q, p) for p in fact_values[slot]) for slot in shared for q in claim_values[slot]
    )


def _alone(c: Claim, origin_of: Mapping[str, int]) -> Fact:
    digest = hashlib.sha1(c.id.encode()).hexdigest()[:10]
    return Fact(f"fact-{digest}", c.text, (c,), (c.article,), count_origins([c.article], origin_of))
