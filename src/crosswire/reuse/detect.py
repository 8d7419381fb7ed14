"""Find reuse in a batch of articles: candidates, alignment, origin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from crosswire.records import Article, Passage, Reuse
from crosswire.reuse.align import align, unquoted_words
from crosswire.reuse.candidates import candidate_pairs
from crosswire.reuse.origins import origin_of
from crosswire.reuse.shingles import Shingles, WordCodes, shingle_hashes, tokenize, word_offsets

# Words of reporting (outside quotation marks) two articles must share to count as reuse: two
# independent reports may quote one statement word for word, and share set phrases.
MIN_SHARED_WORDS = 25
OPENING_WORDS = 3  # shared text starting this close to the top "opens" the article


def find_reuse(articles: Sequence[Article]) -> list[Reuse]:
    """Every pair of articles that shares text, with its passages and likely origin."""
    by_id = {a.id: a for a in articles}
    codes = WordCodes()
    shingles = {a.id: _shingles(a.body, codes) for a in articles}  # the words are not kept
    offsets = lru_cache(maxsize=64)(lambda i: word_offsets(by_id[i].body))  # pairs come by id
    found = []
    for a_id, b_id in candidate_pairs({i: s.unique for i, s in shingles.items()}):
        reuse = _pair(by_id[a_id], by_id[b_id], shingles, offsets)
        if reuse is not None:
            found.append(reuse)
    return found


def _shingles(text: str, codes: WordCodes) -> Shingles:
    tokens = tokenize(text)
    return Shingles(shingle_hashes(tokens.words, codes), tokens.quoted)


def _pair(
    a: Article,
    b: Article,
    shingles: dict[str, Shingles],
    offsets: Callable[[str], tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
) -> Reuse | None:
    sa, sb = shingles[a.id], shingles[b.id]
    spans = align(sa, sb)
    if unquoted_words(sa.quoted, spans) < MIN_SHARED_WORDS:
        return None
    (a_starts, a_ends), (b_starts, b_ends) = offsets(a.id), offsets(b.id)
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
