"""Candidate pairs of articles that may share text: MinHash LSH over word shingles.

datasketch makes the signatures (with its permutations drawn once for the batch) and chooses the
band layout for the threshold. The bands are then bucketed for the whole batch at once in numpy,
which gives the same candidates as `MinHashLSH` insert and query (tested) at a fraction of the
cost per article.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from crosswire.reuse.arrays import distinct, order_by

NUM_PERM = 128
# Low on purpose: wire copy inside a longer article has a Jaccard of only 0.2-0.3 (seeds 001/002:
# 0.25); the alignment that follows throws out what is not reuse (benchmarks/reuse.py).
LSH_THRESHOLD = 0.08
SEED = 7
# A big group of copies (one wire story in fifty papers) would give every pair: each article
# keeps only its closest candidates, which still links the whole group.
MAX_PARTNERS = 12
FULL_BUCKET = 64  # a bucket of up to this many rows gives all its pairs; a larger one a chain

Signatures = npt.NDArray[np.unsignedinteger[Any]]


def _as_is(value: int) -> int:
    """Shingles are 32-bit hashes already: uniform integers need no second hash."""
    return value


@functools.cache
def _template() -> MinHash:
    """The MinHash whose permutations every signature shares (drawn once: most of the cost of
    a MinHash made from nothing). Never updated itself."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_as_is)


def reference_signature(hashes: Sequence[int]) -> MinHash:
    """datasketch's MinHash of a shingle set, built the plain way: what `signatures` must equal."""
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_as_is)
    if len(hashes):
        sig.update_batch(sorted({int(h) for h in hashes}))
    return sig


def signatures(shingles: Sequence[npt.NDArray[np.uint32]]) -> Signatures:
    """One MinHash signature (a row) per shingle array; an empty array gives the empty signature.
    The permutations are drawn once and shared: drawing them is most of a MinHash's cost."""
    template = _template()
    out = np.empty((len(shingles), NUM_PERM), dtype=np.uint32)  # datasketch's are < 2**32
    for row, values in enumerate(shingles):
        sig = MinHash(
            num_perm=NUM_PERM,
            seed=SEED,
            hashfunc=_as_is,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        if len(values):
            sig.update_batch(values.tolist())
        out[row] = sig.hashvalues
    return out


def _bands() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def usable_rows(sigs: Signatures) -> npt.NDArray[np.bool_]:
    """Rows made from some shingles (an empty set's signature is all the largest value)."""
    return np.asarray((sigs != np.iinfo(np.uint32).max).any(axis=1))


def candidate_index_pairs(
    sigs: Signatures,
    usable: npt.NDArray[np.bool_],
    fresh: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int64]:
    """Row pairs (i < j) that collide in at least one band, each row keeping its closest
    `MAX_PARTNERS` partners by estimated Jaccard (a pair stays if either side keeps it). With
    `fresh`, only pairs with a fresh row (an article new to the store): the others were found
    by an earlier run."""
    bands, rows = _bands()
    found: list[npt.NDArray[np.int64]] = []
    idx = np.nonzero(usable)[0]
    for band in range(bands):
        block = np.ascontiguousarray(sigs[idx, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(keys)])
        two = starts[sizes == 2]  # most buckets: one pair each, done in bulk
        first, second = idx[order[two]], idx[order[two + 1]]
        if fresh is not None:
            keep = fresh[first] | fresh[second]
            first, second = first[keep], second[keep]
        found.append(np.minimum(first, second) * len(sigs) + np.maximum(first, second))
        for size in np.unique(sizes[sizes > 2]).tolist():  # buckets of one size at once
            at = starts[sizes == size]
            members = np.sort(idx[order[at[:, None] + np.arange(size)]], axis=1)
            i, j = _bucket_pairs(size)
            first, second = members[:, i].ravel(), members[:, j].ravel()
            if fresh is not None:
                keep = fresh[first] | fresh[second]
                first, second = first[keep], second[keep]
            found.append(first * len(sigs) + second)
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = distinct(np.concatenate(found))
    pairs = np.stack([codes // len(sigs), codes % len(sigs)], axis=1)
    return _closest(sigs, pairs)


def estimated_jaccard(sigs: Signatures, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The share of equal MinHash values of each row pair: an estimate of its Jaccard."""
    similarity = np.empty(len(pairs))
    for lo in range(0, len(pairs), 100_000):  # bounded memory: rows x NUM_PERM booleans
        chunk = pairs[lo : lo + 100_000]
        similarity[lo : lo + len(chunk)] = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1)
    return similarity


def _shared(similarity: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Estimated Jaccards as the whole numbers of equal MinHash values they are made of (an
    exact sort key: each is a count over NUM_PERM)."""
    return np.rint(similarity * NUM_PERM).astype(np.int64)


@functools.cache
def _bucket_pairs(size: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions (i < j) paired in a bucket of `size` rows: every pair of a small bucket; in a
    large one (a phrase hundreds of articles print) each row with the MAX_PARTNERS after it,
    a chain that still links a large group of copies, in size x MAX_PARTNERS pairs, not
    size squared.

    >>> [len(p) for p in _bucket_pairs(4)], [len(p) for p in _bucket_pairs(1000)]
    ([6, 6], [11922, 11922])
    """
    if size <= FULL_BUCKET:
        i, j = np.triu_indices(size, k=1)
        return i.astype(np.int64), j.astype(np.int64)
    step = np.arange(1, MAX_PARTNERS + 1)
    i = np.repeat(np.arange(size), MAX_PARTNERS)
    j = i + np.tile(step, size)
    keep = j < size
    return i[keep], j[keep]


def _closest(sigs: Signatures, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    counts = np.bincount(pairs.ravel(), minlength=len(sigs))
    if counts.max(initial=0) <= MAX_PARTNERS:
        return pairs
    similarity = estimated_jaccard(sigs, pairs)
    # Rank each row's partners, whichever side of the pair it is on: best first, then by row.
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    partners = np.concatenate([pairs[:, 1], pairs[:, 0]])
    shared = _shared(similarity)
    order = order_by(rows, -np.concatenate([shared, shared]), partners)
    ranked = rows[order]
    first = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    rank = np.arange(len(ranked)) - np.repeat(first, np.diff(np.r_[first, len(ranked)]))
    keep = np.zeros(len(pairs), dtype=bool)
    keep[order[rank < MAX_PARTNERS] % len(pairs)] = True
    return pairs[keep]


def candidate_pairs(shingles: Mapping[str, npt.NDArray[np.uint32]]) -> list[tuple[str, str]]:
    """Pairs of article ids (sorted, each pair once) whose shingle sets may overlap."""
    return sorted((a, b) for a, b, _ in ranked_candidates(shingles))


def ranked_candidates(
    shingles: Mapping[str, npt.NDArray[np.uint32]],
) -> list[tuple[str, str, float]]:
    """Candidate pairs of article ids (a < b) with their estimated Jaccard, the nearest first
    (ties by ids)."""
    ids = sorted(shingles)
    return ranked_pairs(ids, signatures([shingles[i] for i in ids]))


def ranked_pairs(
    ids: Sequence[str], sigs: Signatures, fresh: npt.NDArray[np.bool_] | None = None
) -> list[tuple[str, str, float]]:
    """`ranked_candidates` of articles given by their signatures (rows in the order of `ids`,
    which are sorted); with `fresh`, only pairs with a fresh row."""
    pairs = candidate_index_pairs(sigs, usable_rows(sigs), fresh)  # rows i < j: ids[i] < ids[j]
    similarity = estimated_jaccard(sigs, pairs)
    order = order_by(-_shared(similarity), pairs[:, 0], pairs[:, 1])  # nearest first, then ids
    return [
        (ids[i], ids[j], sim)
        for (i, j), sim in zip(pairs[order].tolist(), similarity[order].tolist(), strict=True)
    ]
