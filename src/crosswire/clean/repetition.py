"""Blocks that recur across documents: boilerplate when the documents are otherwise unrelated
(an outlet's appeal on every page), wire copy when they tell the same story (kept)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from crosswire.clean.blocks import STOPWORDS, words_of

MIN_WORDS = 3  # shorter repeats ("He said,") are too common to judge
SAMPLE = 6  # documents compared per repeated block; bounds the cost on huge batches
# Unrelated documents (or groups of related ones: a reprint group counts once) a block must recur
# in to be boilerplate: an outlet's appeal is on every page; a paragraph one article quotes or
# borrows from another is not.
MIN_UNRELATED = 3
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
        if len(ds) < MIN_UNRELATED:
            continue
        sample = ds[:SAMPLE]
        group = {d: d for d in sample}  # documents of one story, joined
        for pair in combinations(sample, 2):
            if pair not in related:
                related[pair] = _related(docs[pair[0]], docs[pair[1]])
            if related[pair]:
                a, b = (_root(group, d) for d in pair)
                group[b] = a
        if len({_root(group, d) for d in sample}) >= MIN_UNRELATED:
            for d in ds:
                found[d].add(key)
    return [frozenset(f) for f in found]


def _root(group: dict[int, int], d: int) -> int:
    while group[d] != d:
        d = group[d]
    return d


def _related(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two documents of one story: their own blocks alike, or most of either's text shared (two
    trimmed copies of one wire story, each with a paragraph of its own, share most of it; an
    outlet's appeal is a small part of each page)."""
    shared = set(a) & set(b)
    in_shared = sum(len(k.split()) for k in shared)
    if in_shared * 2 >= min(sum(len(k.split()) for k in d) for d in (a, b)):
        return True
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
