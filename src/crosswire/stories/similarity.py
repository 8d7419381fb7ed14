"""How likely two articles report one event: one score from the signals of features.py, for a
pair (placing an article) and for a window of articles at once (re-clustering), the same both ways.

The score is what the two texts share, less what tells two events apart:
- what happened and who: cosine of their weighted terms, and of the proper names they use;
- who and where, told apart: each lead names someone or somewhere the other article never does
  (an offer by the Angels and one by the Red Sox to the same player; a fire in Banstead and one
  in Wellington);
- how many: each lead gives numbers the other article never gives (23 pirates caught and 26; a
  magnitude 5.6 quake and a 6.1 one);
- when: articles far apart in time. Two publication dates over MAX_GAP_DAYS apart are two events
  (the same release a month later, a campaign's next speech) unless the articles share text; a
  date read from the text (an event it mentions, perhaps) only weighs a little.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from crosswire.stories.features import Features, weighted

# Tuned on ECB+ dev topics with even numbers; odd topics held out (benchmarks/stories.py).
NAME_WEIGHT = 0.8  # names' cosine beside the terms' (the score's shared part is their mean)
LEAD_NAMES_PENALTY = 0.2  # times the share of lead names (idf-weighted) the other never uses
LEAD_NUMBERS_PENALTY = 0.2  # both leads give numbers, and neither's appears in the other
TERMS_KEPT = 1000  # an article's heaviest terms compared (bounds the cost of a huge one)
MAX_GAP_DAYS = 14  # articles published further apart than this report two events...
PUBLISHED_GAP_PENALTY = 0.3  # ...so only a close match joins them (sharing text always does)
GAP_PENALTY = 0.1  # when either date was only read from the text


@dataclass(frozen=True, slots=True)
class Signals:
    """An article's features weighted by the collection's statistics."""

    id: str
    terms: dict[str, float]  # unit TF-IDF vector of its terms
    names: dict[str, float]  # unit TF-IDF vector of its names
    lead: dict[str, float]  # its lead's names, each with its inverse document frequency
    numbers: frozenset[str]
    lead_numbers: frozenset[str]
    day: int | None  # its date as a day number
    published: bool  # the date is its publication date


def signals(feats: Features, idf: Mapping[str, float], name_idf: Mapping[str, float]) -> Signals:
    lead = {n: name_idf.get(n, 1.0) for n in feats.lead_names}
    return Signals(
        feats.id,
        _heaviest(weighted(feats.terms, dict(idf)), TERMS_KEPT),
        weighted(feats.names, dict(name_idf)),
        lead,
        feats.numbers,
        feats.lead_numbers,
        _day(feats.date),
        feats.published,
    )


def _heaviest(vector: dict[str, float], kept: int) -> dict[str, float]:
    """The vector's `kept` heaviest terms, at unit length again."""
    if len(vector) <= kept:
        return vector
    top = sorted(vector, key=lambda t: (-vector[t], t))[:kept]
    norm = math.sqrt(sum(vector[t] ** 2 for t in top)) or 1.0
    return {t: vector[t] / norm for t in top}


def _day(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


def similarity(a: Signals, b: Signals) -> float:
    """How likely two articles report one event (see the module's docstring)."""
    shared = _cosine(a.terms, b.terms) + NAME_WEIGHT * _cosine(a.names, b.names)
    return shared / (1 + NAME_WEIGHT) - _apart(a, b)


def _apart(a: Signals, b: Signals) -> float:
    """What tells the two articles' events apart: the penalties of the score."""
    unknown = min(_unknown_share(a, b), _unknown_share(b, a))
    numbers = bool(
        a.lead_numbers
        and b.lead_numbers
        and not a.lead_numbers & b.numbers
        and not b.lead_numbers & a.numbers
    )
    far = a.day is not None and b.day is not None and abs(a.day - b.day) > MAX_GAP_DAYS
    gap = PUBLISHED_GAP_PENALTY if a.published and b.published else GAP_PENALTY
    return LEAD_NAMES_PENALTY * unknown + LEAD_NUMBERS_PENALTY * numbers + gap * far


@dataclass(slots=True)
class Sample:
    """Articles standing for a story, with their vectors summed: an article's average
    `similarity` to them costs two dot products and the penalties, not two per member."""

    members: list[Signals] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)

    def add(self, item: Signals) -> None:
        self.members.append(item)
        self._sum(item, 1.0)

    def drop(self, position: int) -> None:
        self._sum(self.members.pop(position), -1.0)

    def _sum(self, item: Signals, sign: float) -> None:
        for total, vector in ((self.terms, item.terms), (self.names, item.names)):
            for t, v in vector.items():
                total[t] = total.get(t, 0.0) + sign * v

    def mean_similarity(self, a: Signals) -> float:
        if not self.members:
            return 0.0
        shared = _cosine(a.terms, self.terms) + NAME_WEIGHT * _cosine(a.names, self.names)
        apart = sum(_apart(a, m) for m in self.members)
        return (shared / (1 + NAME_WEIGHT) - apart) / len(self.members)


def _unknown_share(a: Signals, b: Signals) -> float:
    """The share of a's lead names (weighted) that b never uses."""
    total = sum(a.lead.values())
    if not total:
        return 0.0
    return sum(w for n, w in a.lead.items() if n not in b.names) / total


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def similarities(items: Sequence[Signals]) -> np.ndarray:
    """Every pair's `similarity` at once (float64, n x n), through sparse products."""
    terms = _rows([s.terms for s in items])
    names = _rows([s.names for s in items])
    lead, present = _aligned([s.lead for s in items], [dict.fromkeys(s.names, 1.0) for s in items])
    shared = ((terms @ terms.T).toarray() + NAME_WEIGHT * (names @ names.T).toarray()) / (
        1 + NAME_WEIGHT
    )
    total = np.asarray(lead.sum(axis=1)).ravel()
    known = (lead @ present.T).toarray()
    with np.errstate(invalid="ignore", divide="ignore"):
        unknown = np.where(total[:, None] > 0, 1.0 - known / total[:, None], 0.0)
    unknown = np.minimum(unknown, unknown.T)
    firsts, alls = _aligned(
        [dict.fromkeys(s.lead_numbers, 1.0) for s in items],
        [dict.fromkeys(s.numbers, 1.0) for s in items],
    )
    met = (firsts @ alls.T).toarray() > 0
    has = np.asarray(firsts.sum(axis=1)).ravel() > 0
    numbers = has[:, None] & has[None, :] & ~met & ~met.T
    days = np.array([s.day if s.day is not None else math.nan for s in items], dtype=float)
    with np.errstate(invalid="ignore"):
        far = np.abs(days[:, None] - days[None, :]) > MAX_GAP_DAYS
    published = np.array([s.published for s in items], dtype=bool)
    gap = np.where(published[:, None] & published[None, :], PUBLISHED_GAP_PENALTY, GAP_PENALTY)
    score: np.ndarray = (
        shared
        - LEAD_NAMES_PENALTY * np.clip(unknown, 0.0, 1.0)
        - LEAD_NUMBERS_PENALTY * numbers
        - gap * far
    )
    return score


def _rows(vectors: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    (matrix,) = _aligned(vectors)
    return matrix


def _aligned(*groups: Sequence[dict[str, float]]) -> tuple[sparse.csr_matrix, ...]:
    """Sparse matrices of the groups' vectors over one shared vocabulary."""
    vocab: dict[str, int] = {}
    out = []
    for vectors in groups:
        rows, cols, vals = [], [], []
        for r, vec in enumerate(vectors):
            for term, value in vec.items():
                rows.append(r)
                cols.append(vocab.setdefault(term, len(vocab)))
                vals.append(value)
        out.append((rows, cols, vals, len(vectors)))
    return tuple(
        sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
        for rows, cols, vals, n in out
    )
