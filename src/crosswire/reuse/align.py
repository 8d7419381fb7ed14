"""Passage alignment in the spirit of Passim: shared word n-grams are anchors; anchors on nearly
the same diagonal and close together chain into one passage, so small edits (a changed word, a
dropped clause) do not break it, and reordered paragraphs come out as separate passages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crosswire.reuse.shingles import SHINGLE_WORDS, Tokens

MAX_GAP = 12  # words between anchors that still belong to one passage (an edited clause)
MAX_DRIFT = 6  # words a passage may shift between the two texts (insertions, deletions)
MIN_PASSAGE_WORDS = 10  # shorter common runs are set phrases or short quotes
COMMON_IN_TEXT = 3  # an n-gram repeated more often than this in one text is no anchor


@dataclass(frozen=True, slots=True)
class Span:
    """Word spans [a0, a1) and [b0, b1) of two texts that align."""

    a0: int
    a1: int
    b0: int
    b1: int


def align(a_hashes: list[int], b_hashes: list[int]) -> list[Span]:
    """Aligned passages of two texts given their shingle hashes, longest first, not overlapping."""
    where_b: dict[int, list[int]] = defaultdict(list)
    for j, h in enumerate(b_hashes):
        where_b[h].append(j)
    chains: list[list[tuple[int, int]]] = []
    open_chains: list[list[tuple[int, int]]] = []
    for i, h in enumerate(a_hashes):
        spots = where_b.get(h, ())
        if not spots or len(spots) > COMMON_IN_TEXT:
            continue
        for j in spots:
            chain = _extendable(open_chains, i, j)
            if chain is None:
                chain = []
                chains.append(chain)
                open_chains.append(chain)
            chain.append((i, j))
        open_chains = [c for c in open_chains if i - c[-1][0] <= MAX_GAP]
    spans = [_span(c) for c in chains]
    return _non_overlapping([s for s in spans if s.a1 - s.a0 >= MIN_PASSAGE_WORDS])


def _extendable(
    chains: list[list[tuple[int, int]]], i: int, j: int
) -> list[tuple[int, int]] | None:
    best, best_drift = None, MAX_DRIFT + 1
    for chain in chains:
        ci, cj = chain[-1]
        if 0 < i - ci <= MAX_GAP and 0 < j - cj <= MAX_GAP:
            drift = abs((j - i) - (cj - ci))
            if drift < best_drift:
                best, best_drift = chain, drift
    return best


def _span(chain: list[tuple[int, int]]) -> Span:
    (i0, j0), (i1, j1) = chain[0], chain[-1]
    return Span(i0, i1 + SHINGLE_WORDS, j0, j1 + SHINGLE_WORDS)


def _non_overlapping(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.a0 - s.a1, s.a0, s.b0)):
        if all(s.a1 <= span.a0 or span.a1 <= s.a0 for s in kept) and all(
            s.b1 <= span.b0 or span.b1 <= s.b0 for s in kept
        ):
            kept.append(span)
    return sorted(kept, key=lambda s: s.a0)


def unquoted_words(tokens: Tokens, spans: list[Span]) -> int:
    """Words of the spans (in the first text) outside quotation marks."""
    return sum(
        not tokens.quoted[k] for s in spans for k in range(s.a0, min(s.a1, len(tokens.quoted)))
    )
