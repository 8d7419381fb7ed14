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
from collections.abc import Sequence
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


def signals(feats: Features, idf: Sequence[float], name_idf: Sequence[float]) -> Signals:
    """The article's signals given the inverse document frequency of each of its terms and
    names (in the order of `feats.terms` and `feats.names`)."""
    names = weighted(feats.names, name_idf)
    of_name = dict(zip(feats.names, name_idf, strict=True))
    lead = {n: of_name[n] for n in feats.lead_names}  # (lead names are among the names)
    return Signals(
        feats.id,
        _heaviest(weighted(feats.terms, idf), TERMS_KEPT),
        names,
        lead,
        frozenset(feats.numbers),
        frozenset(feats.lead_numbers),
        day_number(feats.date),
        feats.published,
    )


def _heaviest(vector: dict[str, float], kept: int) -> dict[str, float]:
    """The vector's `kept` heaviest terms, at unit length again."""
    if len(vector) <= kept:
        return vector
    top = sorted(vector, key=lambda t: (-vector[t], t))[:kept]
    norm = math.sqrt(sum(vector[t] ** 2 for t in top)) or 1.0
    return {t: vector[t] / norm for t in top}


def day_number(value: str | None) -> int | None:
    """An ISO date (or timestamp) as a day number; None when there is none or it is no date."""
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
    """Articles standing for a story, with their vectors summed (when first needed, and again
    only after a change): an article's average `similarity` to them costs two dot products and
    the penalties, not two per member. Most stories are never compared again, so most sums are
    never made."""

    members: list[Signals] = field(default_factory=list)
    _sums: tuple[dict[str, float], dict[str, float]] | None = None

    def add(self, item: Signals) -> None:
        self.members.append(item)
        self._sums = None

    def drop(self, position: int) -> None:
        self.members.pop(position)
        self._sums = None

    def sums(self) -> tuple[dict[str, float], dict[str, float]]:
        if self._sums is None:
            if len(self.members) == 1:
                self._sums = (self.members[0].terms, self.members[0].names)
            else:
                terms: dict[str, float] = {}
                names: dict[str, float] = {}
                for m in self.members:
                    for total, vector in ((terms, m.terms), (names, m.names)):
                        for t, v in vector.items():
                            total[t] = total.get(t, 0.0) + v
                self._sums = (terms, names)
        return self._sums

    def mean_similarity(self, a: Signals, floor: float = -math.inf) -> float:
        """The article's average similarity to the members; when what they share alone is
        under `floor` (the penalties only lower it), that upper bound, without the penalties."""
        if not self.members:
            return 0.0
        terms, names = self.sums()
        shared = _cosine(a.terms, terms) + NAME_WEIGHT * _cosine(a.names, names)
        shared /= (1 + NAME_WEIGHT) * len(self.members)
        if shared < floor:
            return shared
        return shared - sum(_apart(a, m) for m in self.members) / len(self.members)


def _unknown_share(a: Signals, b: Signals) -> float:
    """The share of a's lead names (weighted) that b never uses."""
    total = sum(a.lead.values())
    if not total:
        return 0.0
    return sum(w for n, w in a.lead.items() if n not in b.names) / total


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def similarities(items: Sequence[Signals]) -> np.ndarray:
    """Every pair's `similarity` at once (float32, n x n), through sparse products, the
    penalties taken off in place (a window of a few thousand articles: a few arrays of n x n)."""
    terms = _rows([s.terms for s in items])
    names = _rows([s.names for s in items])
    score: np.ndarray = (terms @ terms.T).toarray()
    score += NAME_WEIGHT * (names @ names.T).toarray()
    score /= 1 + NAME_WEIGHT
    lead, present = _aligned([s.lead for s in items], [dict.fromkeys(s.names, 1.0) for s in items])
    total = np.asarray(lead.sum(axis=1)).ravel()
    unknown = (lead @ present.T).toarray()  # the weight of each lead's names the other uses...
    np.divide(unknown, total[:, None], out=unknown, where=total[:, None] > 0)
    np.subtract(1.0, unknown, out=unknown, where=total[:, None] > 0)  # ...and so what it lacks
    unknown[total == 0] = 0.0
    np.clip(unknown, 0.0, 1.0, out=unknown)
    score -= LEAD_NAMES_PENALTY * np.minimum(unknown, unknown.T)
    del unknown
    firsts, alls = _aligned(
        [dict.fromkeys(s.lead_numbers, 1.0) for s in items],
        [dict.fromkeys(s.numbers, 1.0) for s in items],
    )
    met = (firsts @ alls.T).toarray() > 0
    met |= met.T
    has = np.asarray(firsts.sum(axis=1)).ravel() > 0
    np.subtract(score, LEAD_NUMBERS_PENALTY, out=score, where=~met & has[:, None] & has[None, :])
    del met
    days = np.array([s.day if s.day is not None else math.nan for s in items], dtype=np.float32)
    with np.errstate(invalid="ignore"):
        far = np.abs(days[:, None] - days[None, :]) > MAX_GAP_DAYS
    published = np.array([s.published for s in items], dtype=bool)
    both = published[:, None] & published[None, :]
    np.subtract(score, PUBLISHED_GAP_PENALTY, out=score, where=far & both)
    np.subtract(score, GAP_PENALTY, out=score, where=far & ~both)
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
        sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float32)
        for rows, cols, vals, n in out
    )
