from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.clean import clean_documents
from crosswire.engine import ingest
from crosswire.ingest import read_paths
from crosswire.ingest.common import make_document
from crosswire.records import Article, Metadata
from crosswire.reuse import find_reuse, independent_origins
from crosswire.reuse.align import (
    COMMON_IN_TEXT,
    MAX_DRIFT,
    MAX_GAP,
    MIN_PASSAGE_WORDS,
    Aligned,
    align,
    align_many,
)
from crosswire.reuse.shingles import SHINGLE_WORDS, Shingles, WordCodes, shingle_hashes, tokenize
from crosswire.settings import Settings

WIRE = [
    "LONDON (Reuters) — The Bank of England kept interest rates on hold on Thursday, saying"
    " inflation was falling more slowly than it had expected at the start of the year.",
    "Governor Andrew Bailey told reporters that the committee would need to see more evidence"
    " that price growth was easing before it could consider cutting borrowing costs.",
    "Seven members of the committee voted to keep rates unchanged while two voted for a cut,"
    " the minutes of the meeting published alongside the decision showed.",
    "Markets had expected the decision, and the pound rose slightly against the dollar after the"
    " announcement as traders pushed back their bets on a cut until the autumn.",
]
OWN = [
    "Homeowners with variable mortgages will have to wait longer for relief, brokers in the"
    " city said on Thursday afternoon after the announcement was made public.",
    "One local estate agent said buyers had been holding back all spring and that the market"
    " would stay quiet until the summer holidays at the earliest.",
]
OTHER = [
    "Heavy rain flooded dozens of homes in the north of the county overnight, and the fire"
    " service rescued two drivers whose cars were trapped on a submerged road.",
    "The council opened a rest centre in the town hall and said sandbags would be handed out"
    " from the depot on Mill Lane until the river level began to fall.",
]


def _articles(texts: dict[str, str]) -> list[Article]:
    docs = [make_document(t, i, i, "text", Settings()) for i, t in texts.items()]
    return clean_documents(docs)


def _pairs(articles: list[Article]) -> dict[frozenset[str], object]:
    return {frozenset((r.a, r.b)): r for r in find_reuse(articles)}


def test_reuse_seeds_one_pair_with_wire_origin(seeds_dir: Path) -> None:
    articles = ingest(read_paths([seeds_dir], Settings())).articles
    reuse = find_reuse(articles)
    assert [(r.a, r.b, r.origin) for r in reuse] == [
        ("001_f76838407aa520a6", "002_d69cd4827b63c906", "002_d69cd4827b63c906")
    ]
    assert "AP dateline" in reuse[0].evidence
    assert sum(p.chars for p in reuse[0].passages) > 1000
    by_id = {a.id: a for a in articles}
    for passage in reuse[0].passages:  # the same words at both ends of the passage
        a_text = by_id[reuse[0].a].body[passage.a_start : passage.a_end]
        b_text = by_id[reuse[0].b].body[passage.b_start : passage.b_end]
        assert (
            a_text.split()[:5] == b_text.split()[:5] and a_text.split()[-3:] == b_text.split()[-3:]
        )
    groups = independent_origins([a.id for a in articles], reuse)
    assert len(groups) == 4 and ["001_f76838407aa520a6", "002_d69cd4827b63c906"] in groups


def test_reuse_reprint_embedded_trimmed_and_reordered() -> None:
    texts = {
        "wire": "Rates on hold\n\n" + "\n\n".join(WIRE),
        "reprint": "Bank holds rates again\n\nAdvertisement\n\n" + "\n\n".join(WIRE[:3]),
        "local": "Mortgage relief delayed\n\n" + "\n\n".join([OWN[0], *WIRE, OWN[1]]),
        "shuffled": "Rates unchanged\n\n" + "\n\n".join([WIRE[2], WIRE[0], WIRE[3]]),
        "flood": "Floods hit county\n\n" + "\n\n".join(OTHER),
    }
    pairs = _pairs(_articles(texts))
    for other in ("reprint", "local", "shuffled"):
        assert frozenset(("wire", other)) in pairs, other
        assert pairs[frozenset(("wire", other))].origin == "wire"  # type: ignore[attr-defined]
    assert not any("flood" in pair for pair in pairs)
    shuffled = pairs[frozenset(("shuffled", "wire"))]
    assert len(shuffled.passages) >= 2  # type: ignore[attr-defined]


def test_reuse_shared_quote_alone_is_not_reuse() -> None:
    quote = (
        "“We will not raise taxes on working families, we will not cut the health service, and"
        " we will not borrow to pay for day-to-day spending,” the chancellor said."
    )
    texts = {
        "a": f"Chancellor sets out plan\n\n{OWN[0]}\n\n{quote}\n\n{OWN[1]}",
        "b": f"Budget promises\n\n{OTHER[0]}\n\n{quote}\n\n{OTHER[1]}",
    }
    assert _pairs(_articles(texts)) == {}


@pytest.mark.parametrize("edit", ["the", "a very", "largely"])
def test_reuse_tolerates_small_edits(edit: str) -> None:
    edited = [WIRE[0].replace("kept", f"{edit} kept"), *WIRE[1:]]
    texts = {"wire": "\n\n".join(WIRE), "edited": "\n\n".join(edited)}
    (pair,) = find_reuse(_articles(texts))
    assert pair.share_a > 0.9 and pair.share_b > 0.9


def _sentences(seed: int, count: int) -> str:
    import random

    rng = random.Random(seed)
    vocabulary = (WIRE[0] + " " + OTHER[0] + " " + OWN[1]).lower().split()
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def test_reuse_signatures_equal_datasketch_minhash() -> None:
    from crosswire.reuse.candidates import reference_signature, signatures
    from crosswire.reuse.shingles import WordCodes, shingle_hashes, tokenize

    codes = WordCodes()
    texts = [_sentences(seed, 60 + 40 * seed) for seed in range(5)] + ["too short"]
    shingles = [shingle_hashes(tokenize(t).words, codes) for t in texts]
    mine = signatures(shingles)
    for row, values in zip(mine, shingles, strict=True):
        assert row.tolist() == reference_signature(values).hashvalues.tolist()
    assert len(shingles[-1]) == 0


def test_reuse_candidates_equal_datasketch_lsh() -> None:
    from datasketch import MinHashLSH

    from crosswire.reuse.candidates import (
        LSH_THRESHOLD,
        NUM_PERM,
        candidate_pairs,
        reference_signature,
    )
    from crosswire.reuse.shingles import WordCodes, shingle_hashes, tokenize

    codes = WordCodes()
    base = [_sentences(seed, 120) for seed in range(12)]
    texts = {f"d{i}": t for i, t in enumerate(base)}
    texts |= {
        f"c{i}": base[i][: len(base[i]) // 2] + " " + _sentences(99 + i, 80) for i in range(6)
    }
    shingles = {k: shingle_hashes(tokenize(t).words, codes) for k, t in texts.items()}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sigs = {k: reference_signature(v) for k, v in shingles.items()}
    for k, sig in sigs.items():
        lsh.insert(k, sig)
    expected = {tuple(sorted((k, o))) for k, sig in sigs.items() for o in lsh.query(sig) if o != k}
    found = candidate_pairs(shingles)
    assert set(found) == expected
    assert {(f"c{i}", f"d{i}") for i in range(6)} <= set(found)


def test_reuse_big_group_of_copies_keeps_partners_bounded_and_linked() -> None:
    from crosswire.reuse.candidates import MAX_PARTNERS

    story = " ".join(WIRE + OWN)
    copies = {f"p{i:02d}": f"Paper {i} edition.\n\n{story}" for i in range(40)}
    articles = _articles(copies)
    reuse = find_reuse(articles)
    assert len(reuse) < 40 * 39 // 2
    assert len(reuse) <= 40 * MAX_PARTNERS
    assert len(independent_origins([a.id for a in articles], reuse)) == 1


def test_reuse_tokens_offsets_and_quotes() -> None:
    text = 'He said: “We won’t stop,” and left.\n"Never," she added — it’s over.'
    tokens = tokenize(text)
    spans = zip(tokens.starts, tokens.ends, strict=True)
    assert [text[s:e].replace("’", "'").lower() for s, e in spans] == tokens.words
    shingles = Shingles(shingle_hashes(tokens.words), tokens.quoted, tokens.starts, tokens.ends)
    assert text[slice(*shingles.span(1, 4))] == "said: “We won’t"
    inside = [w for w, q in zip(tokens.words, tokens.quoted, strict=True) if q]
    assert inside == ["we", "won't", "stop", "never"]


def test_reuse_article_too_short_for_a_shingle_is_no_pair() -> None:
    story = " ".join(WIRE)
    articles = [
        Article("short", "s", "text", "short", "Four words only here.", Metadata(), ()),
        Article("one", "s", "text", "one", story, Metadata(), ()),
        Article("two", "s", "text", "two", story, Metadata(), ()),
    ]
    assert [(r.a, r.b) for r in find_reuse(articles)] == [("one", "two")]


def test_reuse_is_found_incrementally_as_a_whole_run_finds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: a run shingles only the articles new to the store (and the earlier articles it
    must align them with), and finds the pairs a run over everything finds."""
    import crosswire.reuse.detect as detect
    from crosswire.codec import reuse_record

    texts = {
        "wire": "\n\n".join(WIRE),
        "paper": "\n\n".join([*OWN, *WIRE[:3]]),
        "flood": "\n\n".join(OTHER),
        "later": "\n\n".join([*WIRE[1:], *OWN[:1]]),  # reprints the wire, arrives later
    }
    articles = {a.id: a for a in _articles(texts)}
    first = [articles[i] for i in ("wire", "paper", "flood")]
    before = detect.update_reuse(first, detect.ReuseState())
    state = detect.ReuseState(before.signatures, [reuse_record(r) for r in before.pairs])
    shingled: list[str] = []
    real = detect._shingles

    def counting(text, codes):  # type: ignore[no-untyped-def]
        shingled.append(next(i for i, a in articles.items() if a.body == text))
        return real(text, codes)

    monkeypatch.setattr(detect, "_shingles", counting)
    after = detect.update_reuse(list(articles.values()), state)
    assert shingled[0] == "later" and "flood" not in shingled
    assert set(after.signatures) == {"later"} and after.stale == []
    whole = detect.find_reuse(list(articles.values()))
    assert [(r.a, r.b) for r in after.reuse] == [(r.a, r.b) for r in whole]
    assert after.reuse == whole  # passages (text cut again from offsets), origins, shares
    assert {(r.a, r.b) for r in after.pairs} == {("later", "paper"), ("later", "wire")}
    # An article whose text changed is shingled again and its earlier pairs go.
    changed = dict(articles, paper=_articles({"paper": "\n\n".join(OTHER)})[0])
    redone = detect.update_reuse(list(changed.values()), state)
    assert redone.stale == ["paper"]
    pairs = {(r.a, r.b) for r in redone.reuse}
    assert ("paper", "wire") not in pairs and ("later", "paper") not in pairs
    assert ("flood", "paper") in pairs  # its new text is the flood story's


def test_a_bucket_hundreds_share_is_chained_not_expanded_quadratically() -> None:
    """Issue 17: a MinHash value a phrase gives thousands of articles is one LSH bucket; its
    rows are linked in a chain of a few partners each, not every pair (2 million here)."""
    import numpy as np

    from crosswire.groups import connected
    from crosswire.reuse.candidates import MAX_PARTNERS, NUM_PERM, candidate_index_pairs

    rows = 2000
    sigs = np.random.default_rng(3).integers(0, 2**32 - 1, (rows, NUM_PERM), dtype=np.uint32)
    sigs[:, 0] = 7  # every row shares the first value
    pairs = candidate_index_pairs(sigs, np.ones(rows, dtype=bool))
    assert len(pairs) <= rows * MAX_PARTNERS
    assert len(connected(rows, pairs.tolist())) == 1  # still one group


def _align_one(a: Shingles, b: Shingles) -> list[Aligned]:
    """The alignment of one pair the plain way (anchors, runs, chains, one pair at a time): what
    `align_many` must give for every pair of a batch."""
    common = np.intersect1d(a.unique, b.unique, assume_unique=True)
    if len(common) < MIN_PASSAGE_WORDS - SHINGLE_WORDS + 1:
        return []
    anchors = []
    for i, h in enumerate(a.hashes.tolist()):
        if h not in common:
            continue
        spots = [int(j) for j in np.flatnonzero(b.hashes == h)]
        if len(spots) <= COMMON_IN_TEXT:
            anchors += [(j - i, i, j) for j in spots]
    anchors.sort()
    runs: list[list[int]] = []
    for d, i, j in anchors:
        if runs and runs[-1][4] == d and i - runs[-1][2] <= MAX_GAP:
            runs[-1][2:4] = [i, j]
        else:
            runs.append([i, j, i, j, d])
    chains: list[list[int]] = []  # a run continues the chain ending just before it, drifting least
    for i0, j0, i1, j1 in sorted((r[0], r[1], r[2], r[3]) for r in runs):
        near = [
            c
            for c in chains
            if 0 < i0 - c[2] <= MAX_GAP
            and 0 < j0 - c[3] <= MAX_GAP
            and abs((j0 - i0) - (c[3] - c[2])) <= MAX_DRIFT
        ]
        if near:
            best = min(near, key=lambda c: (abs((j0 - i0) - (c[3] - c[2])), chains.index(c)))
            best[2:4] = [i1, j1]
        else:
            chains.append([i0, j0, i1, j1])
    spans = [Aligned(c[0], c[2] + SHINGLE_WORDS, c[1], c[3] + SHINGLE_WORDS) for c in chains]
    kept: list[Aligned] = []  # the longest first, none overlapping another in either text
    for span in sorted(spans, key=lambda s: (s.a0 - s.a1, s.a0, s.b0)):
        if span.a1 - span.a0 < MIN_PASSAGE_WORDS:
            continue
        if all(k.a1 <= span.a0 or span.a1 <= k.a0 for k in kept) and all(
            k.b1 <= span.b0 or span.b1 <= k.b0 for k in kept
        ):
            kept.append(span)
    return sorted(kept, key=lambda s: s.a0)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.data())
def test_reuse_alignment_in_batches_is_each_pair_alone(words: int, data: st.DataObject) -> None:
    """Issue 17: pairs aligned in one batch give what each gives alone, whatever the texts
    (edits, reordering, n-grams repeated more often than an anchor may be, empty texts)."""
    codes = WordCodes()
    # Texts of words and of stock phrases (five words), so n-grams repeat a few times.
    pieces = data.draw(st.lists(st.integers(-6, words), max_size=60))
    base = [w for p in pieces for w in ([100 + 5 * -p + k for k in range(5)] if p < 0 else [p])]

    def shingled(words: list[int]) -> Shingles:
        tokens = [f"w{w}" for w in words]
        return Shingles(shingle_hashes(tokens, codes), np.zeros(len(tokens), dtype=bool))

    texts = [base]
    for _ in range(data.draw(st.integers(1, 4))):
        edited = list(base)
        for _ in range(data.draw(st.integers(0, 6))):
            at = data.draw(st.integers(0, max(0, len(edited) - 1)))
            edited[at:at] = data.draw(st.lists(st.integers(0, 60), max_size=8))
        cut = data.draw(st.integers(0, len(edited)))
        texts.append(edited[cut:] + edited[:cut])  # a paragraph moved
    shingles = [shingled(t) for t in texts]
    pairs = [(a, b) for a in shingles for b in shingles]
    assert align_many(pairs) == [_align_one(a, b) for a, b in pairs]


def test_reuse_alignment_of_real_reprints_in_a_batch() -> None:
    """Batched alignment of a wire story's reprints, and of unrelated text, pair by pair."""
    codes = WordCodes()
    texts = [
        " ".join(WIRE + OWN),
        " ".join(OWN[:1] + WIRE[2:] + WIRE[:2]),
        " ".join(WIRE[1:] + OTHER),
        " ".join(OTHER),
        "",
    ]
    shingles = []
    for t in texts:
        tokens = tokenize(t)
        shingles.append(Shingles(shingle_hashes(tokens.words, codes), tokens.quoted))
    pairs = [(a, b) for a in shingles for b in shingles]
    found = align_many(pairs)
    assert found == [_align_one(a, b) for a, b in pairs]
    assert found[1] and found[2] and not found[3] and not found[4]
    assert align(shingles[0], shingles[1]) == found[1]


def _tokens_plain(text: str) -> tuple[list[str], list[bool]]:
    """Words and their quote flags the plain way: the text cut at each quotation mark, each
    piece's words inside quotes or not as a whole (a straight mark toggles, curly ones open or
    close)."""
    words: list[str] = []
    flags: list[bool] = []
    inside = False
    for piece, mark in re.findall(r'([^"“”«»]*)(["“”«»]?)', text.replace("’", "'")):
        found = [w.lower() for w in re.findall(r"\w+(?:'\w+)?", piece)]
        words += found
        flags += [inside] * len(found)
        if mark:
            inside = True if mark in "“«" else False if mark in "”»" else not inside
    return words, flags


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab É'’ \n\"“”«»-.", max_size=60))
def test_reuse_tokens_in_one_pass_are_the_plain_ones(text: str) -> None:
    """Issue 17: words, quote flags and offsets from one pass over the text."""
    tokens = tokenize(text)
    assert (tokens.words, tokens.quoted.tolist()) == _tokens_plain(text)
    spans = zip(tokens.starts, tokens.ends, strict=True)
    assert [text[s:e].replace("’", "'").lower() for s, e in spans] == tokens.words
