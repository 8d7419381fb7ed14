"""Candidate pairs of articles that may share text: MinHash LSH over word shingles (datasketch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# Low on purpose: wire copy inside a longer article has a Jaccard of only 0.2-0.3 (seeds 001/002:
# 0.25); the alignment that follows throws out what is not reuse (benchmarks/reuse.py).
LSH_THRESHOLD = 0.08
SEED = 7


def _as_is(value: int) -> int:
    """Shingles are CRC-32 values already: uniform 32-bit integers need no second hash."""
    return value


def signature(hashes: Sequence[int]) -> MinHash:
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_as_is)
    if hashes:
        sig.update_batch(sorted(set(hashes)))
    return sig


def candidate_pairs(shingles: Mapping[str, Sequence[int]]) -> list[tuple[str, str]]:
    """Pairs of article ids (sorted, each pair once) whose shingle sets may overlap."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sigs = {}
    for doc_id in sorted(shingles):
        if not shingles[doc_id]:
            continue
        sigs[doc_id] = signature(shingles[doc_id])
        lsh.insert(doc_id, sigs[doc_id])
    pairs: set[tuple[str, str]] = set()
    for doc_id, sig in sigs.items():
        for other in lsh.query(sig):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    return sorted(pairs)
