"""Find reuse in a batch of articles: candidates, alignment, origin."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from crosswire.groups import Union
from crosswire.records import Article, Passage, Reuse
from crosswire.reuse.align import Span, align, unquoted_words
from crosswire.reuse.candidates import ranked_candidates
from crosswire.reuse.origins import origin_of
from crosswire.reuse.shingles import Shingles, WordCodes, shingle_hashes, tokenize, word_offsets

# Words of reporting (outside quotation marks) two articles must share to count as reuse: two
# independent reports may quote one statement word for word, and share set phrases.
MIN_SHARED_WORDS = 25
OPENING_WORDS = 3  # shared text starting this close to the top "opens" the article
KEEP_ALIGNED = 4  # copies each article is aligned with before the rest join through them


def find_reuse(articles: Sequence[Article]) -> list[Reuse]:
    """Every pair of articles that shares text, with its passages and likely origin, sorted.

    Candidates are aligned nearest first. Once two articles are one origin through others, a
    pair of them is aligned only while either has fewer than KEEP_ALIGNED copies aligned: a
    wire story in twenty papers is 190 pairs, and each paper's few nearest copies tell as much
    (its origin, what it shares) as all of them."""
    by_id = {a.id: a for a in articles}
    codes = WordCodes()
    shingles = {a.id: _shingles(a.body, codes) for a in articles}  # the words are not kept
    ranked = ranked_candidates({i: s.unique for i, s in shingles.items()})
    ids = sorted(by_id)
    at = {i: n for n, i in enumerate(ids)}
    union = Union(len(ids))
    aligned: Counter[str] = Counter()
    found: list[tuple[str, str, list[Span]]] = []
    for a_id, b_id, _ in ranked:
        joined = union.same(at[a_id], at[b_id])
        if joined and min(aligned[a_id], aligned[b_id]) >= KEEP_ALIGNED:
            continue
        spans = align(shingles[a_id], shingles[b_id])
        if unquoted_words(shingles[a_id].quoted, spans) >= MIN_SHARED_WORDS:
            found.append((a_id, b_id, spans))
            union.join(at[a_id], at[b_id])
            aligned.update((a_id, b_id))
    return _passages(found, by_id, shingles)


def _passages(
    found: list[tuple[str, str, list[Span]]],
    by_id: Mapping[str, Article],
    shingles: Mapping[str, Shingles],
) -> list[Reuse]:
    """Reuse records of the aligned pairs: word spans become character spans, each article's
    word offsets found once (in the order of their pairs, so at most one at a time is held)."""
    found.sort(key=lambda f: (f[0], f[1]))
    out = []
    offsets: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
    last_use = {i: n for n, (a, b, _) in enumerate(found) for i in (a, b)}
    for n, (a_id, b_id, spans) in enumerate(found):
        for i in (a_id, b_id):
            if i not in offsets:
                offsets[i] = word_offsets(by_id[i].body)
        out.append(_reuse(by_id[a_id], by_id[b_id], spans, shingles, offsets))
        for i in (a_id, b_id):
            if last_use[i] == n:
                del offsets[i]
    return out


def _shingles(text: str, codes: WordCodes) -> Shingles:
    tokens = tokenize(text)
    return Shingles(shingle_hashes(tokens.words, codes), tokens.quoted)


def _reuse(
    a: Article,
    b: Article,
    spans: list[Span],
    shingles: Mapping[str, Shingles],
    offsets: Mapping[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
) -> Reuse:
    sa, sb = shingles[a.id], shingles[b.id]
    (a_starts, a_ends), (b_starts, b_ends) = offsets[a.id], offsets[b.id]
    passages = tuple(
        Passage(
            int(a_starts[s.a0]),
            int(a_ends[s.a1 - 1]),
            int(b_starts[s.b0]),
            int(b_ends[s.b1 - 1]),
            a.body[a_starts[s.a0] : a_ends[s.a1 - 1]],
        )
        for s in spans
    )
    share_a = sum(s.a1 - s.a0 for s in spans) / max(1, len(sa.quoted))
    share_b = sum(s.b1 - s.b0 for s in spans) / max(1, len(sb.quoted))
    opens_a = min(s.a0 for s in spans) <= OPENING_WORDS
    opens_b = min(s.b0 for s in spans) <= OPENING_WORDS
    origin, evidence = origin_of(a, b, share_a, share_b, opens_a, opens_b)
    return Reuse(a.id, b.id, passages, origin, evidence, round(share_a, 3), round(share_b, 3))
