"""Alignment: claims of different articles that state the same fact, grouped into one fact with
its sources, and counted by articles and by independent origins."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from crosswire.crosscheck.claims import Claim

# Weights and thresholds, chosen on the seed story's gold facts and checked on the alignment of
# rewritten copies in benchmarks/conflicts.py (see its "signals" table for what each one buys).
LEXICAL = 0.85  # cosine of the claims' word stems, weighted by rarity in the story
NAMES = 0.15  # cosine of the entities they name, weighted the same way
SAME_TIME = 0.1  # claims dated to the same day, month or season are this much closer
SAME_QUOTE = 0.6  # two claims carrying the same quote state the same thing at least this much
JOIN = 0.3  # a pair of claims at least this close may join their facts...
KEEP = 0.3  # ...if the facts' claims stay this close on average
COMPLETE = 0.2  # a fact takes an article's claim this close to its claims on average
UNTOLD = 0.5  # a clause less than this close to its fact, relative to its sentence's closest
# clause, states a fact of its own
MIN_UNTOLD = 4  # ...when it has at least this many content words
RESTATED = 0.45  # a claim this close to a fact its own article already states restates it
SEASON_DAYS = 92  # dates no longer than a season can agree closely enough to bring claims closer


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    statement: str
    claims: tuple[Claim, ...]
    articles: tuple[str, ...]
    origins: int  # independent origins among its articles: wire copy and reprints count once


def count_origins(articles: Sequence[str], origin_of: Mapping[str, int]) -> int:
    """Independent origins among articles: wire copy and its reprints count once; an article
    with no known origin is its own."""
    return len({origin_of.get(a, -1 - n) for n, a in enumerate(articles)})


def similarity(
    claims: Sequence[Claim], *, lexical: float = LEXICAL, names: float = NAMES
) -> np.ndarray:
    """How close each pair of claims is, 0 to 1; claims of one article are never compared."""
    n = len(claims)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    counted = [c.whole is None for c in claims]  # a clause repeats its sentence's words
    score = lexical * _cosine([c.terms for c in claims], counted)
    if names:
        score += names * _cosine([[e.id for e in c.entities] for c in claims], counted)
    for i, j in _same_time(claims):
        score[i, j] += SAME_TIME
        score[j, i] += SAME_TIME
    quotes = _incidence([c.quotes for c in claims], weighted=False)
    if quotes.nnz:
        shared = (quotes @ quotes.T).toarray() > 0
        score = np.where(shared, np.maximum(score, SAME_QUOTE), score)
    articles = np.array([c.article for c in claims])
    score[articles[:, None] == articles[None, :]] = 0.0
    return score.astype(np.float32)


def _same_time(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """Pairs of claims that give overlapping dates no longer than a season: "in June last year",
    "June 18, 2024" and "last summer" read in articles of September 2025."""
    short = [
        [t.value for t in c.times if (t.value.end - t.value.start).days <= SEASON_DAYS]
        for c in claims
    ]
    months = [
        sorted({m for v in values for m in range(_month(v.start), _month(v.end) + 1)})
        for values in short
    ]
    if not any(months):
        return []
    m = _incidence(months, weighted=False)
    rows, cols = sparse.triu(m @ m.T, k=1).nonzero()  # pairs sharing a month, then exactly
    return [
        (i, j)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if claims[i].article != claims[j].article
        and any(t.start <= u.end and u.start <= t.end for t in short[i] for u in short[j])
    ]


def _month(day: date) -> int:
    return day.year * 12 + day.month


def _incidence(
    rows: Sequence[Sequence[Hashable]],
    weighted: bool = True,
    counted: Sequence[bool] | None = None,
) -> sparse.csr_matrix:
    """Rows by terms; weighted by tf-idf, the rarity of a term counted over the rows counted."""
    vocab: dict[Hashable, int] = {}
    df: Counter[Hashable] = Counter()
    n = 0
    for k, row in enumerate(rows):
        if counted is None or counted[k]:
            df.update(set(row))
            n += 1
    data, indices, indptr = [], [], [0]
    for row in rows:
        counts = Counter(row)
        for term, tf in counts.items():
            col = vocab.setdefault(term, len(vocab))
            weight = (
                (1 + math.log(tf)) * (math.log((n + 1) / (df[term] + 1)) + 1) if weighted else 1.0
            )
            indices.append(col)
            data.append(weight)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float32), indices, indptr), shape=(len(rows), max(1, len(vocab)))
    )


def _cosine(rows: Sequence[Sequence[Hashable]], counted: Sequence[bool]) -> np.ndarray:
    m = _incidence(rows, counted=counted)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = sparse.diags(1 / norms) @ m
    return np.asarray((m @ m.T).toarray(), dtype=np.float32)


def align(
    claims: Sequence[Claim], origin_of: Mapping[str, int], score: np.ndarray | None = None
) -> list[Fact]:
    """Facts: claims grouped by average-link agglomeration over close pairs, never two claims of
    one article in a group; then each leftover claim that restates a fact of its own article
    joins it."""
    if score is None:
        score = similarity(claims)
    groups = _agglomerate(claims, score)
    groups = _complete(claims, score, groups + _untold(claims, score, groups))
    groups = _restatements(claims, score, groups)
    groups.sort(key=lambda g: _weight(claims, g, origin_of))
    facts = []
    stated: set[str] = set()  # a sentence states one fact: the others say it in other words
    for g in groups:
        fact = _fact(claims, score, g, origin_of, stated)
        stated.add(fact.statement)
        facts.append(fact)
    return rank_facts(facts)


def rank_facts(facts: Sequence[Fact]) -> list[Fact]:
    """Facts by independent origins, then articles, then where they are first told."""
    return sorted(
        facts, key=lambda f: (-f.origins, -len(f.articles), f.claims[0].article, f.claims[0].start)
    )


def _weight(
    claims: Sequence[Claim], group: list[int], origin_of: Mapping[str, int]
) -> tuple[int, int, tuple[str, int]]:
    """Facts with more origins and articles choose their statement first."""
    first = min((claims[i].article, claims[i].start) for i in group)
    articles = {claims[i].article for i in group}
    return -count_origins(sorted(articles), origin_of), -len(articles), first


def _agglomerate(claims: Sequence[Claim], score: np.ndarray) -> list[list[int]]:
    owner = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    articles: dict[int, set[str]] = {i: {c.article} for i, c in enumerate(claims)}
    whole = np.array([c.whole is None for c in claims], dtype=bool)
    rows, cols = np.nonzero(np.triu((score >= JOIN) & whole[:, None] & whole[None, :], k=1))
    order = np.argsort(-score[rows, cols], kind="stable")
    for k in order:
        a, b = owner[rows[k]], owner[cols[k]]
        if a == b or articles[a] & articles[b]:
            continue
        if score[np.ix_(members[a], members[b])].mean() < KEEP:
            continue
        for i in members[b]:
            owner[i] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values() if claims[m[0]].whole is None]


def _untold(claims: Sequence[Claim], score: np.ndarray, groups: list[list[int]]) -> list[list[int]]:
    """Clauses of a fact's sentences that the fact's other sentences do not state: a sentence
    often states two facts ("Putin invited Kim again, following on from his last visit in 2023"),
    and its second one may stand alone or belong to another fact."""
    clauses: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        if c.whole is not None:
            clauses.setdefault(c.whole, []).append(i)
    out = []
    for g in groups:
        if len(g) < 2:
            continue
        for i in g:
            parts = clauses.get(claims[i].id, [])
            if not parts:
                continue
            peers = [j for j in g if claims[j].article != claims[i].article]
            close = score[np.ix_(parts, peers)].mean(axis=1)
            for k, x in zip(parts, close, strict=True):
                if x < UNTOLD * close.max() and len(set(claims[k].terms)) >= MIN_UNTOLD:
                    out.append([k])
    return out


def _complete(
    claims: Sequence[Claim], score: np.ndarray, groups: list[list[int]]
) -> list[list[int]]:
    """A sentence often states several facts: a fact takes, from each article it lacks, the
    claim closest to all of its claims when that is close enough, even if the claim already
    belongs to another fact. A claim taken this way is no longer a fact of its own."""
    shared = [g for g in groups if len(g) > 1]
    by_article: dict[str, list[int]] = {}
    for i in sorted(i for g in groups for i in g):
        by_article.setdefault(claims[i].article, []).append(i)
    taken: set[int] = set()
    out = []
    for g in shared:
        have = {claims[i].article for i in g}
        extra = []
        for article, candidates in by_article.items():
            if article in have:
                continue
            closeness = score[np.ix_(candidates, g)].mean(axis=1)
            best = int(np.argmax(closeness))
            if closeness[best] >= COMPLETE:
                extra.append(candidates[best])
        taken.update(extra)
        out.append(g + extra)
    return out + [g for g in groups if len(g) == 1 and g[0] not in taken]


def _restatements(
    claims: Sequence[Claim], score: np.ndarray, groups: list[list[int]]
) -> list[list[int]]:
    shared = [g for g in groups if len(g) > 1]
    out = [list(g) for g in shared]
    stating = [{claims[j].article for j in g} for g in shared]
    for g in groups:
        if len(g) > 1:
            continue
        (i,) = g
        best, target = RESTATED, None
        for n, other in enumerate(shared):
            if claims[i].article not in stating[n]:
                continue
            peers = [j for j in other if claims[j].article != claims[i].article]
            close = float(score[i, peers].mean()) if peers else 0.0
            own = [j for j in other if claims[j].article == claims[i].article]
            if any(set(claims[i].quotes) & set(claims[j].quotes) for j in own):
                close = max(close, SAME_QUOTE)  # the quote, and the line that says who said it
            if close >= best:
                best, target = close, n
        if target is None:
            out.append([i])
        else:
            out[target].append(i)
    return [sorted(g) for g in out]


def _fact(
    claims: Sequence[Claim],
    score: np.ndarray,
    group: list[int],
    origin_of: Mapping[str, int],
    stated: set[str],
) -> Fact:
    """A fact stated by its most central sentence (a full sentence before a heading) that
    no fact with more sources already states."""
    members = tuple(sorted((claims[i] for i in group), key=lambda c: (c.article, c.start)))
    articles = tuple(sorted({c.article for c in members}))
    origins = count_origins(articles, origin_of)
    central = score[np.ix_(group, group)].sum(axis=1)
    order = sorted(
        range(len(group)),
        key=lambda k: (
            claims[group[k]].text in stated,
            unlike_a_statement(claims[group[k]].text),
            -central[k],
            len(claims[group[k]].text),
            claims[group[k]].id,
        ),
    )
    statement = claims[group[order[0]]].text
    digest = hashlib.sha1("|".join(c.id for c in members).encode()).hexdigest()[:10]
    return Fact(f"fact-{digest}", statement, members, articles, origins)


def unlike_a_statement(text: str) -> int:
    """0 for a sentence that states something, 1 for a question, 2 for a heading or a piece."""
    end = text.rstrip("”\"’' ")
    return 0 if end.endswith((".", "!")) else 1 if end.endswith("?") else 2
