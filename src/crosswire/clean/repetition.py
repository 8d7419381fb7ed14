"""Blocks that recur across documents: boilerplate when the documents are otherwise unrelated
(an outlet's appeal on every page), wire copy when they tell the same story (kept)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from crosswire.clean.blocks import STOPWORDS, words_of

MIN_WORDS = 3  # shorter repeats ("He said,") are too common to judge
SAMPLE = 6  # documents compared per repeated block; bounds the cost on huge batches
# Content-word Jaccard, outside the blocks two documents share, below which they are unrelated.
# Same-story articles by different outlets score 0.10-0.25; unrelated ones 0.01-0.06 (seeds,
# bbc-news).
RELATED_JACCARD = 0.08
NEAR_COPY_WORDS = 30  # so little left once shared blocks are removed: the same article


def boilerplate_keys(docs: Sequence[Sequence[str]]) -> list[frozenset[str]]:
    """Per document (given as its block keys, see `classify.norm_key`): its boilerplate keys."""
    where: dict[str, list[int]] = defaultdict(list)
    for d, keys in enumerate(docs):
        for key in dict.fromkeys(keys):
            if key and len(key.split()) >= MIN_WORDS:
                where[key].append(d)
    repeated = {k: ds for k, ds in where.items() if len(ds) > 1}
    if not repeated:
        return [frozenset() for _ in docs]
    related: dict[tuple[int, int], bool] = {}
    found: list[set[str]] = [set() for _ in docs]
    for key, ds in repeated.items():
        pairs = list(combinations(ds[:SAMPLE], 2))
        unrelated = 0
        for pair in pairs:
            if pair not in related:
                related[pair] = _related(docs[pair[0]], docs[pair[1]])
            unrelated += not related[pair]
        if unrelated * 2 >= len(pairs):
            for d in ds:
                found[d].add(key)
    return [frozenset(f) for f in found]


def _related(a: Sequence[str], b: Sequence[str]) -> bool:
    shared = set(a) & set(b)
    wa = _content_words(k for k in a if k not in shared)
    wb = _content_words(k for k in b if k not in shared)
    if min(len(wa), len(wb)) < NEAR_COPY_WORDS:
        return True
    return len(wa & wb) / len(wa | wb) >= RELATED_JACCARD


def _content_words(keys: object) -> set[str]:
    out: set[str] = set()
    for key in keys:  # type: ignore[attr-defined]
        out.update(w for w in words_of(key) if len(w) > 2 and w not in STOPWORDS)
    return out
