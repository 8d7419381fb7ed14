"""Reuse detection on a reprint set built from a real corpus, beside MinHash LSH alone.

From bbc-news, sources are republished as variants: retitled with other clutter, trimmed,
paragraphs reordered or dropped, embedded in a longer article. The whole corpus stays in as
distractors. Truth: every pair of documents that carry text of the same original (the corpus's own
exact duplicates included). Prints pair precision and recall.

    python benchmarks/reuse.py [--sources N]

Floors (issue 3): precision >= 0.98, recall >= 0.95.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from itertools import combinations

from _common import data_dir

from crosswire.clean import clean_documents
from crosswire.groups import Union
from crosswire.ingest.common import make_document
from crosswire.reuse import find_reuse
from crosswire.reuse.candidates import candidate_pairs
from crosswire.reuse.shingles import WordCodes, shingle_hashes, tokenize
from crosswire.settings import Settings

TRUE_SHARED_WORDS = 25
CLUTTER = [
    "Advertisement",
    "Sign up for our free daily newsletter",
    "Share this article on Facebook | Twitter | Email",
    "Read more: the latest headlines from around the world",
]


def corpus() -> dict[str, tuple[str, list[str]]]:
    """The corpus without its own reuse: an article sharing any sentence of ten words or more
    with another (the corpus reprints background passages across a running story) is left out,
    so that the only reuse in the set is the one built here."""
    docs = {}
    for path in sorted((data_dir("bbc-news") / "bbc").rglob("*.txt")):
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        paras = [p.strip() for p in body.split("\n") if p.strip()]
        docs[f"{path.parent.name}-{path.stem}"] = (title.strip(), paras)
    seen: dict[str, set[str]] = {}
    for doc_id, (_, paras) in docs.items():
        for para in paras:
            for sentence in re.split(r"(?<=[.!?])\s+", para):
                if len(sentence.split()) >= 10:
                    seen.setdefault(sentence.lower(), set()).add(doc_id)
    shared = {d for ids in seen.values() if len(ids) > 1 for d in ids}
    return {d: v for d, v in docs.items() if d not in shared}


def variants(
    source: str, title: str, paras: list[str], host: tuple[str, list[str]], rng: random.Random
) -> dict[str, str]:
    clutter = rng.sample(CLUTTER, 2)
    keep = max(3, int(len(paras) * 0.6))
    shuffled = paras[:]
    rng.shuffle(shuffled)
    dropped = [p for i, p in enumerate(paras) if i == 0 or rng.random() > 0.3]
    return {
        f"{source}~retitled": "\n\n".join(
            [f"Report: {title.lower()}", clutter[0], *paras, clutter[1]]
        ),
        f"{source}~trimmed": "\n\n".join([title, *paras[:keep]]),
        f"{source}~reordered": "\n\n".join([title, *shuffled]),
        f"{source}~dropped": "\n\n".join([title, *dropped]),
        f"{source}~embedded@{host[0]}": "\n\n".join([host[0], *host[1][:3], *paras, *host[1][3:6]]),
    }


def true_pairs(texts: dict[str, str], originals: set[str]) -> set[frozenset[str]]:
    """Pairs of documents that carry the same paragraphs of the corpus, 25 words or more of them
    (the size of text crosswire calls reuse); told from how the set was built, not by alignment."""
    holders: dict[str, set[str]] = {}
    for doc_id, text in texts.items():
        for para in text.split("\n\n"):
            if para in originals:
                holders.setdefault(para, set()).add(doc_id)
    shared: dict[frozenset[str], int] = {}
    for para, docs in holders.items():
        for pair in combinations(sorted(docs), 2):
            shared[frozenset(pair)] = shared.get(frozenset(pair), 0) + len(para.split())
    return {pair for pair, words in shared.items() if words >= TRUE_SHARED_WORDS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=150)
    args = ap.parse_args()
    rng = random.Random(13)
    docs = corpus()
    ids = sorted(docs)
    sources = rng.sample(ids, args.sources)
    texts = {i: "\n\n".join([docs[i][0], *docs[i][1]]) for i in ids}
    for source in sources:
        host = rng.choice([i for i in ids if i != source])
        texts.update(variants(source, *docs[source], (host, docs[host][1]), rng))
    truth = true_pairs(texts, {p for i in ids for p in docs[i][1]})
    settings = Settings()
    articles = clean_documents([make_document(t, i, i, "text", settings) for i, t in texts.items()])
    start = time.perf_counter()
    found = {frozenset((r.a, r.b)) for r in find_reuse(articles)}
    secs = time.perf_counter() - start
    codes = WordCodes()
    hashes = {a.id: shingle_hashes(tokenize(a.body).words, codes) for a in articles}
    lsh_only = {frozenset(p) for p in candidate_pairs(hashes)}
    print(
        f"{len(texts)} documents ({len(ids)} originals without reuse among them,"
        f" {len(sources)} sources x 5 variants), {len(truth)} true pairs"
    )
    for name, pairs in (("crosswire", found), ("MinHash LSH alone", lsh_only)):
        tp = len(pairs & truth)
        p, r = tp / max(1, len(pairs)), tp / max(1, len(truth))
        print(f"{name:<18} pairs {len(pairs):6d}  precision {p:.3f}  recall {r:.3f}")
    # A wire story's copies are aligned with their nearest few (detect.KEEP_ALIGNED) and joined
    # to the rest through them: a true pair is found when its two are one origin.
    ids_all = sorted(texts)
    at = {i: n for n, i in enumerate(ids_all)}
    union = Union(len(ids_all))
    for pair in found:
        a, b = sorted(pair)
        union.join(at[a], at[b])
    joined = {p for p in truth if union.same(*(at[i] for i in p))}
    recall = len(joined) / max(1, len(truth))
    print(f"{'one origin':<18} true pairs joined {len(joined):6d}  recall {recall:.3f}")
    tp = len(found & truth)
    ok = tp / max(1, len(found)) >= 0.98 and recall >= 0.95
    verdict = "ok" if ok else "FAIL"
    print(
        f"crosswire reuse: {secs:.1f} s; floors precision >= 0.98,"
        f" recall (one origin) >= 0.95: {verdict}"
    )
    missed = sorted(truth - found, key=sorted)[:5]
    extra = sorted(found - truth, key=sorted)[:5]
    print("missed e.g.:", [sorted(m) for m in missed])
    print("extra e.g.:", [sorted(x) for x in extra])


if __name__ == "__main__":
    main()
