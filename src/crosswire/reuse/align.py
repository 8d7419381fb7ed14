"""Passage alignment in the spirit of Passim: shared word n-grams are anchors; anchors on nearly
the same diagonal and close together chain into one passage, so small edits (a changed word, a
dropped clause) do not break it, and reordered paragraphs come out as separate passages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

import numpy as np
import numpy.typing as npt

from crosswire.reuse.arrays import order_by
from crosswire.reuse.shingles import SHINGLE_WORDS, Hashes, Shingles

MAX_GAP = 12  # words between anchors that still belong to one passage (an edited clause)
MAX_DRIFT = 6  # words a passage may shift between the two texts (insertions, deletions)
MIN_PASSAGE_WORDS = 10  # shorter common runs are set phrases or short quotes
COMMON_IN_TEXT = 3  # an n-gram repeated more often than this in one text is no anchor


@dataclass(frozen=True, slots=True)
class Aligned:
    """Word spans [a0, a1) and [b0, b1) of two texts that align."""

    a0: int
    a1: int
    b0: int
    b1: int


def align(a: Shingles, b: Shingles) -> list[Aligned]:
    """Aligned passages of two texts given their shingles, longest first, not overlapping."""
    return align_many([(a, b)])[0]


def align_many(pairs: Sequence[tuple[Shingles, Shingles]]) -> list[list[Aligned]]:
    """`align` of many pairs at once: the anchors and runs of all of them found by a few numpy
    calls over the pairs' hashes laid end to end (each hash keyed by its pair's number, so each
    text's sorted hashes give one sorted array), not a few dozen calls a pair; only the chaining
    of runs is a loop, over runs, not anchors."""
    out: list[list[Aligned]] = [[] for _ in pairs]
    if not pairs:
        return out
    a_keys, a_pair = _keyed([a.sorted for a, _ in pairs])
    b_keys, _ = _keyed([b.sorted for _, b in pairs])
    if not len(a_keys) or not len(b_keys):
        return out
    # Each distinct key of b: where its run starts, how long it is.
    b_first = np.flatnonzero(np.r_[True, b_keys[1:] != b_keys[:-1]])
    b_spots = np.diff(np.r_[b_first, len(b_keys)])
    b_distinct = b_keys[b_first]
    at = np.minimum(np.searchsorted(b_distinct, a_keys), len(b_distinct) - 1)
    found = b_distinct[at] == a_keys
    # Pairs sharing too few distinct n-grams for a passage are done.
    a_new = np.r_[True, a_keys[1:] != a_keys[:-1]]
    shared = np.bincount(a_pair[found & a_new], minlength=len(pairs))
    live = shared >= MIN_PASSAGE_WORDS - SHINGLE_WORDS + 1
    # Anchors: every (i, j) with a[i] == b[j], unless the n-gram repeats too often in b.
    spots = np.where(found & live[a_pair], b_spots[at], 0)
    keep = (spots > 0) & (spots <= COMMON_IN_TEXT)
    if not keep.any():
        return out
    a_order = np.concatenate([a.order for a, _ in pairs]).astype(np.int64)
    b_order = np.concatenate([b.order for _, b in pairs]).astype(np.int64)
    lo, spots = b_first[at[keep]], spots[keep]
    pair_all = np.repeat(a_pair[keep], spots)
    i_all = np.repeat(a_order[keep], spots)
    step = np.arange(len(i_all)) - np.repeat(np.cumsum(spots) - spots, spots)
    j_all = b_order[np.repeat(lo, spots) + step]
    # Runs: anchors of one pair on one diagonal, close together.
    diagonal = j_all - i_all
    order = order_by(pair_all, diagonal, i_all)
    pair_all, i_all, j_all, diagonal = (x[order] for x in (pair_all, i_all, j_all, diagonal))
    apart = (pair_all[1:] != pair_all[:-1]) | (diagonal[1:] != diagonal[:-1])
    breaks = np.flatnonzero(np.r_[True, apart | (np.diff(i_all) > MAX_GAP), True])
    first, last = breaks[:-1], breaks[1:] - 1
    run_cols = (pair_all[first], i_all[first], j_all[first], i_all[last], j_all[last])
    by_start = order_by(*run_cols)  # each pair's runs by where they start
    runs = zip(*(col[by_start].tolist() for col in run_cols), strict=True)
    for number, group in groupby(runs, key=lambda run: run[0]):
        out[number] = _chained([run[1:] for run in group])
    return out


def _keyed(hashes: list[Hashes]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Arrays of hashes laid end to end, each hash above its array's number (so arrays each
    sorted give one sorted array), and the number of each."""
    sizes = [len(h) for h in hashes]
    number = np.repeat(np.arange(len(hashes), dtype=np.int64), sizes)
    joined = np.concatenate(hashes).astype(np.uint64)
    return (number.astype(np.uint64) << np.uint64(32)) | joined, number


def _chained(runs: list[tuple[int, int, int, int]]) -> list[Aligned]:
    """A pair's passages from its runs (sorted by start): a run continues the open chain (one
    that ended at most MAX_GAP words before it, in both texts) that drifts least, by at most
    MAX_DRIFT words (an edited clause), else starts a chain of its own. (Runs by the million:
    written for speed.)"""
    chains: list[list[int]] = []  # [first i, first j, last i, last j]
    open_chains: list[list[int]] = []
    for i0, j0, i1, j1 in runs:
        best, best_drift = None, MAX_DRIFT + 1
        if open_chains:
            still = []
            for chain in open_chains:
                ci, cj = chain[2], chain[3]
                if i0 - ci > MAX_GAP:
                    continue  # closed for good: runs come by start
                still.append(chain)
                if i0 - ci > 0 and 0 < j0 - cj <= MAX_GAP:
                    drift = abs((j0 - i0) - (cj - ci))
                    if drift < best_drift:
                        best, best_drift = chain, drift
            open_chains = still
        if best is None:
            best = [i0, j0, i1, j1]
            chains.append(best)
            open_chains.append(best)
        else:
            best[2], best[3] = i1, j1
    shortest = MIN_PASSAGE_WORDS - SHINGLE_WORDS
    spans = [
        Aligned(c[0], c[2] + SHINGLE_WORDS, c[1], c[3] + SHINGLE_WORDS)
        for c in chains
        if c[2] - c[0] >= shortest
    ]
    return spans if len(spans) <= 1 else _non_overlapping(spans)


def _non_overlapping(spans: list[Aligned]) -> list[Aligned]:
    kept: list[Aligned] = []
    for span in sorted(spans, key=lambda s: (s.a0 - s.a1, s.a0, s.b0)):
        if all(s.a1 <= span.a0 or span.a1 <= s.a0 for s in kept) and all(
            s.b1 <= span.b0 or span.b1 <= s.b0 for s in kept
        ):
            kept.append(span)
    return sorted(kept, key=lambda s: s.a0)


def unquoted_words(quoted: npt.NDArray[np.bool_], spans: list[Aligned]) -> int:
    """Words of the spans (in the first text) outside quotation marks (`quoted` flags words)."""
    words = sum(s.a1 - s.a0 for s in spans)
    if not spans or not quoted.any():  # (most texts quote no one: no span need be looked at)
        return words
    return words - sum(int(np.count_nonzero(quoted[s.a0 : s.a1])) for s in spans)
