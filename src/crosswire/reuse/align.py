"""Passage alignment in the spirit of Passim: shared word n-grams are anchors; anchors on nearly
the same diagonal and close together chain into one passage, so small edits (a changed word, a
dropped clause) do not break it, and reordered paragraphs come out as separate passages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crosswire.reuse.shingles import SHINGLE_WORDS, Shingles

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
    common = np.intersect1d(a.unique, b.unique, assume_unique=True)
    if len(common) < MIN_PASSAGE_WORDS - SHINGLE_WORDS + 1:
        return []
    # Anchors: every (i, j) with a[i] == b[j], unless the n-gram repeats too often in b.
    a_hashes = a.hashes
    at = np.searchsorted(common, a_hashes)
    hit = at < len(common)
    hit[hit] = common[at[hit]] == a_hashes[hit]
    i_pos = np.flatnonzero(hit)
    lo = np.searchsorted(b.sorted, a_hashes[i_pos], side="left")
    hi = np.searchsorted(b.sorted, a_hashes[i_pos], side="right")
    spots = hi - lo
    keep = spots <= COMMON_IN_TEXT
    i_pos, lo, spots = i_pos[keep], lo[keep], spots[keep]
    if len(i_pos) == 0:
        return []
    i_all = np.repeat(i_pos, spots)
    step = np.arange(len(i_all)) - np.repeat(np.cumsum(spots) - spots, spots)
    j_all = b.order[np.repeat(lo, spots) + step].astype(np.int64)
    # Runs: anchors on one diagonal, close together.
    diagonal = j_all - i_all
    order = np.lexsort((i_all, diagonal))
    i_all, j_all, diagonal = i_all[order], j_all[order], diagonal[order]
    breaks = np.flatnonzero(
        np.r_[True, (diagonal[1:] != diagonal[:-1]) | (np.diff(i_all) > MAX_GAP), True]
    )
    first, last = breaks[:-1], breaks[1:] - 1
    runs = sorted(
        zip(
            i_all[first].tolist(),
            j_all[first].tolist(),
            i_all[last].tolist(),
            j_all[last].tolist(),
            strict=True,
        )
    )
    # Chains: runs that follow one another within a small gap and drift (an edited clause).
    chains: list[list[int]] = []  # [first i, first j, last i, last j]
    open_chains: list[list[int]] = []
    for i0, j0, i1, j1 in runs:
        open_chains = [c for c in open_chains if i0 - c[2] <= MAX_GAP]
        chain = _extendable(open_chains, i0, j0)
        if chain is None:
            chain = [i0, j0, i1, j1]
            chains.append(chain)
            open_chains.append(chain)
        else:
            chain[2], chain[3] = i1, j1
    spans = [Aligned(c[0], c[2] + SHINGLE_WORDS, c[1], c[3] + SHINGLE_WORDS) for c in chains]
    return _non_overlapping([s for s in spans if s.a1 - s.a0 >= MIN_PASSAGE_WORDS])


def _extendable(chains: list[list[int]], i: int, j: int) -> list[int] | None:
    best, best_drift = None, MAX_DRIFT + 1
    for chain in chains:
        ci, cj = chain[2], chain[3]
        if 0 < i - ci <= MAX_GAP and 0 < j - cj <= MAX_GAP:
            drift = abs((j - i) - (cj - ci))
            if drift < best_drift:
                best, best_drift = chain, drift
    return best


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
    return sum(int((~quoted[s.a0 : s.a1]).sum()) for s in spans)
