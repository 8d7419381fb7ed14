"""Find reuse in a batch of articles: candidates, alignment, origin."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from crosswire.aside import Aside
from crosswire.codec import reuse_from_record
from crosswire.groups import Union
from crosswire.records import Article, Passage, Reuse
from crosswire.reuse.align import Aligned, align_many, unquoted_words
from crosswire.reuse.candidates import NUM_PERM, ranked_pairs, signatures
from crosswire.reuse.origins import origin_of
from crosswire.reuse.shingles import Shingles, WordCodes, shingle_hashes, tokenize

# Words of reporting (outside quotation marks) two articles must share to count as reuse: two
# independent reports may quote one statement word for word, and share set phrases.
MIN_SHARED_WORDS = 25
OPENING_WORDS = 3  # shared text starting this close to the top "opens" the article
KEEP_ALIGNED = 4  # copies each article is aligned with before the rest join through them
ALIGN_BATCH = 256  # candidate pairs aligned at once


@dataclass(slots=True)
class ReuseState:
    """What reuse detection keeps between runs: each article's MinHash signature with the
    digest of the body it was made from, and the pairs found (as `codec.reuse_record`)."""

    signatures: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ReuseFound:
    """Every reuse pair of the articles, and what this run added to the state."""

    reuse: list[Reuse]
    signatures: dict[str, tuple[str, bytes]]  # made this run
    pairs: list[Reuse]  # found this run
    stale: list[str]  # articles whose text changed: their earlier pairs no longer hold


def find_reuse(articles: Sequence[Article]) -> list[Reuse]:
    """Every pair of articles that shares text, with its passages and likely origin, sorted."""
    return update_reuse(articles, ReuseState()).reuse


def update_reuse(articles: Sequence[Article], state: ReuseState) -> ReuseFound:
    """Reuse among the articles, given what earlier runs found: only articles new to the state
    (or whose text changed) are shingled, and only pairs with one of them are aligned.

    Half the new articles are shingled aside (`shingle_texts`: another core, in a process forked
    before the rest of the work, so it copies few pages on write).

    Candidates are aligned nearest first. Once two articles are one origin through others, a
    pair of them is aligned only while either has fewer than KEEP_ALIGNED copies aligned: a
    wire story in twenty papers is 190 pairs, and each paper's few nearest copies tell as much
    (its origin, what it shares) as all of them."""
    by_id = {a.id: a for a in articles}
    ids = sorted(by_id)
    digests = {i: body_digest(by_id[i].body) for i in ids}
    kept = {
        i: np.frombuffer(data, dtype=np.uint32)
        for i, (digest, data) in state.signatures.items()
        if i in by_id and digest == digests[i] and len(data) == NUM_PERM * 4
    }
    stale = sorted(i for i in state.signatures if i in by_id and i not in kept)
    try:
        earlier = [reuse_from_record(p) for p in state.pairs if p["a"] in kept and p["b"] in kept]
    except (KeyError, TypeError, ValueError):  # not a state this code wrote: start afresh
        afresh = update_reuse(articles, ReuseState())
        afresh.stale = sorted(state.signatures)  # and every earlier pair goes
        return afresh
    codes = WordCodes()  # one memo of word codes for the new articles and their partners
    fresh_ids = [i for i in ids if i not in kept]
    made = shingle_texts([by_id[i].body for i in fresh_ids], codes)
    shingles = {i: m[0] for i, m in zip(fresh_ids, made, strict=True)}
    rows = {i: m[1] for i, m in zip(fresh_ids, made, strict=True)} | kept
    sigs = np.stack([rows[i] for i in ids]) if ids else np.zeros((0, 1), dtype=np.uint32)
    fresh = np.array([i in shingles for i in ids], dtype=bool)

    at = {i: n for n, i in enumerate(ids)}
    union = Union(len(ids))
    aligned: Counter[str] = Counter()
    for r in earlier:
        union.join(at[r.a], at[r.b])
        aligned.update((r.a, r.b))
    found: list[tuple[str, str, list[Aligned]]] = []

    def settled(a_id: str, b_id: str) -> bool:
        """One origin already, and each with enough copies aligned: no need to align them."""
        copies = min(aligned[a_id], aligned[b_id])  # (the cheaper test first)
        return copies >= KEEP_ALIGNED and union.same(at[a_id], at[b_id])

    def shingles_of(pairs: Sequence[tuple[str, str]]) -> list[tuple[Shingles, Shingles]]:
        for i in {i for pair in pairs for i in pair}:
            if i not in shingles:  # an earlier article: its shingles are made again, once
                shingles[i] = _shingles(by_id[i].body, codes)
        return [(shingles[a], shingles[b]) for a, b in pairs]

    ranked = ranked_pairs(ids, sigs, fresh)
    for lo in range(0, len(ranked), ALIGN_BATCH):
        # A batch aligned at once; a pair the batch's earlier pairs settle is then dropped, so
        # what is found is what aligning one pair at a time finds. (Half the batches aligned
        # aside was tried: the nearest pairs, first, are most of the work, and a process forked
        # from one this large costs the clustering after it seconds of pages copied on write.)
        batch = [(a, b) for a, b, _ in ranked[lo : lo + ALIGN_BATCH] if not settled(a, b)]
        for (a_id, b_id), spans in zip(batch, align_many(shingles_of(batch)), strict=True):
            if settled(a_id, b_id):
                continue
            if unquoted_words(shingles[a_id].quoted, spans) >= MIN_SHARED_WORDS:
                found.append((a_id, b_id, spans))
                union.join(at[a_id], at[b_id])
                aligned.update((a_id, b_id))
    new_pairs = _passages(found, by_id, shingles)
    made_state = {i: (digests[i], rows[i].tobytes()) for i in fresh_ids}
    everything = sorted([*earlier, *new_pairs], key=lambda r: (r.a, r.b))
    return ReuseFound(everything, made_state, new_pairs, stale)


def shingle_texts(
    texts: list[str], codes: WordCodes
) -> list[tuple[Shingles, npt.NDArray[np.uint32]]]:
    """Each text's shingles and MinHash signature: the later half made aside (another core)
    when there are many."""
    with Aside(functools.partial(_shingled, codes=codes), texts[len(texts) // 2 :]) as later:
        done = len(texts) // 2 if later.aside else len(texts)
        made = [_shingled(t, codes) for t in texts[:done]]
        return made + (later.results() if later.aside else [])


def _shingled(text: str, codes: WordCodes) -> tuple[Shingles, npt.NDArray[np.uint32]]:
    """A text's shingles and signature (the permutations shared: `candidates._template`)."""
    shingles = _shingles(text, codes)
    return shingles, signatures([shingles.unique])[0]


def body_digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _passages(
    found: list[tuple[str, str, list[Aligned]]],
    by_id: Mapping[str, Article],
    shingles: Mapping[str, Shingles],
) -> list[Reuse]:
    """Reuse records of the aligned pairs (word spans become character spans), sorted."""
    found.sort(key=lambda f: (f[0], f[1]))
    return [_reuse(by_id[a], by_id[b], spans, shingles) for a, b, spans in found]


def _shingles(text: str, codes: WordCodes) -> Shingles:
    tokens = tokenize(text)
    return Shingles(shingle_hashes(tokens.words, codes), tokens.quoted, tokens.starts, tokens.ends)


def _reuse(a: Article, b: Article, spans: list[Aligned], shingles: Mapping[str, Shingles]) -> Reuse:
    sa, sb = shingles[a.id], shingles[b.id]
    passages = tuple(Passage(*sa.span(s.a0, s.a1), *sb.span(s.b0, s.b1)) for s in spans)
    share_a = sum(s.a1 - s.a0 for s in spans) / max(1, len(sa.quoted))
    share_b = sum(s.b1 - s.b0 for s in spans) / max(1, len(sb.quoted))
    opens_a = min(s.a0 for s in spans) <= OPENING_WORDS
    opens_b = min(s.b0 for s in spans) <= OPENING_WORDS
    origin, evidence = origin_of(a, b, share_a, share_b, opens_a, opens_b)
    return Reuse(a.id, b.id, passages, origin, evidence, round(share_a, 3), round(share_b, 3))
