"""Blocks that recur across documents: boilerplate when the documents are otherwise unrelated
(an outlet's appeal on every page), wire copy when they tell the same story (kept)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from crosswire.clean.blocks import words_of
from crosswire.lexicon import STOPWORDS

MIN_WORDS = 3  # shorter repeats ("He said,") are too common to judge
SAMPLE = 6  # documents compared per repeated block; bounds the cost on huge batches
# Content-word Jaccard, outside the blocks two documents share, below which they are unrelated.
# Same-story articles by different outlets score 0.10-0.25; unrelated ones 0.01-0.06 (seeds,
# bbc-news).
RELATED_JACCARD = 0.08
NEAR_COPY_WORDS = 30  # so little left once shared blocks are removed: the same article
# Repeated blocks taking more of a document's words than this are its own text. Calibrated on
# fundus text dumps (0.9 keeps their F1 at 0.935, 0.5 gives 0.932: a Reuters page whose footer
# blurbs outweigh its one paragraph) and a 5,000-article reprint feed (empty articles: 885 with
# no limit, 10 at 0.9, 0 at 0.5; articles losing a paragraph: 4,422, 3,442, 2,217).
MOST = 0.5


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
    return [_a_small_part(keys, f) for keys, f in zip(docs, found, strict=True)]


def _a_small_part(keys: Sequence[str], found: set[str]) -> frozenset[str]:
    """Boilerplate is a small part of a page: when the repeated blocks would take most of its
    text, they are its own text, repeated by copies and by articles quoting it (a feed of
    wire copies that each borrow a paragraph from another story)."""
    total = sum(len(k.split()) for k in keys)
    taken = sum(len(k.split()) for k in keys if k in found)
    return frozenset(found) if taken <= MOST * total else frozenset()


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
