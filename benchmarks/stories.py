"""Story clustering on ECB+ dev (topics 1-20: each topic holds two similar but distinct events).

Prints BCubed precision, recall and F1 of crosswire's clustering against the gold story labels,
beside a TF-IDF + average-linkage agglomerative baseline (scikit-learn) in the same run, whose
distance threshold is chosen on the same data (the best of a sweep: a baseline at its best).
Article ids are replaced by hashes and the articles shuffled, so neither ids nor order tell the
topic. crosswire's weights were tuned on the even topics; the odd topics are held out, and the
figures are printed for each half as well as for all (the baseline's threshold for the odd half
is the one chosen on the even half). Then each signal's gain: F1 with it left out.

With --bbc, a seeded sample of stories of 3+ articles from the bbc-news corpus (which has no
story labels) is printed with titles and dates, to be judged by eye: one event or not.

    python benchmarks/stories.py [--bbc] [--sample 30] [--seed 15]

Floor (issue 15): BCubed F1 >= 0.93 on all of ECB+ dev, above the baseline in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
from _common import data_dir

from crosswire.clean import clean_documents
from crosswire.ingest.common import make_document
from crosswire.records import Article
from crosswire.reuse import find_reuse
from crosswire.settings import Settings
from crosswire.stories import build_stories, regroup, similarity
from crosswire.stories.features import features
from crosswire.stories.online import cluster

THRESHOLDS = np.arange(0.50, 0.99, 0.01)  # the baseline's distance thresholds swept


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, label in pred.items():
        by_pred[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    p = r = 0.0
    for item in gold:
        mine, truth = by_pred[pred[item]], by_gold[gold[item]]
        both = len(mine & truth)
        p += both / len(mine)
        r += both / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def baseline(texts: Mapping[str, str], threshold: float) -> dict[str, str]:
    """TF-IDF (sub-linear, English stop words) and average-linkage clustering on cosine
    distance, cut at `threshold`."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(texts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [texts[i] for i in ids]
    )
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    ).fit_predict(matrix.toarray())
    return {i: str(label) for i, label in zip(ids, labels, strict=True)}


def best_threshold(texts: Mapping[str, str], gold: Mapping[str, str]) -> float:
    return max(THRESHOLDS, key=lambda t: bcubed(baseline(texts, float(t)), gold)[2])


def crosswire(articles: Sequence[Article]) -> dict[str, str]:
    links: dict[str, list[str]] = defaultdict(list)
    for pair in find_reuse(articles):
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)
    contents = {a.id: a.body for a in articles}
    return cluster([features(a) for a in articles], links, contents=contents).story_of


@contextmanager
def without(module: object, **values: float) -> Iterator[None]:
    saved = {k: getattr(module, k) for k in values}
    for k, v in values.items():
        setattr(module, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(module, k, v)


ABLATIONS: dict[str, Callable[[], object]] = {
    "who/where: names' cosine": lambda: without(similarity, NAME_WEIGHT=0.0),
    "who/where: lead names the other never uses": lambda: without(
        similarity, LEAD_NAMES_PENALTY=0.0
    ),
    "how many: lead numbers the other never gives": lambda: without(
        similarity, LEAD_NUMBERS_PENALTY=0.0
    ),
    "when: dates over 14 days apart": lambda: without(
        similarity, GAP_PENALTY=0.0, PUBLISHED_GAP_PENALTY=0.0
    ),
    "re-clustering the window": lambda: without(regroup, WINDOW_ARTICLES=1),
    "a group's own name (its signature)": lambda: without(regroup, SIGNED_SIZE=10**9),
}


def ecb(seed: int) -> None:
    rows = [json.loads(line) for line in (data_dir("ecbplus-dev") / "articles.jsonl").open()]
    random.Random(seed).shuffle(rows)
    hashed = {r["id"]: hashlib.sha1(r["id"].encode()).hexdigest()[:12] for r in rows}
    gold = {hashed[r["id"]]: r["story"] for r in rows}
    topic = {hashed[r["id"]]: int(r["topic"]) for r in rows}
    texts = {hashed[r["id"]]: r["text"] for r in rows}
    settings = Settings()
    docs = [make_document(r["text"], "feed", hashed[r["id"]], "text", settings) for r in rows]
    articles = clean_documents(docs)
    halves = {
        "all": lambda t: True,
        "even (tuned)": lambda t: t % 2 == 0,
        "odd (held out)": lambda t: t % 2 == 1,
    }
    print(f"ECB+ dev: {len(rows)} articles, {len(set(gold.values()))} gold stories, ids hashed")
    even_t = 0.0
    results = {}
    for name, keep in halves.items():
        part = [a for a in articles if keep(topic[a.id])]
        part_gold = {a.id: gold[a.id] for a in part}
        start = time.perf_counter()
        p, r, f = bcubed(crosswire(part), part_gold)
        secs = time.perf_counter() - start
        part_texts = {a.id: texts[a.id] for a in part}
        if name.startswith("odd"):
            t, how = even_t, "chosen on the even half"
        else:
            t, how = best_threshold(part_texts, part_gold), "chosen on the same data"
            even_t = t if name.startswith("even") else even_t
        bp, br, bf = bcubed(baseline(part_texts, t), part_gold)
        results[name] = f
        print(
            f"  {name:15} crosswire P {p:.3f} R {r:.3f} F1 {f:.3f} ({secs:.1f} s)"
            f" | baseline P {bp:.3f} R {br:.3f} F1 {bf:.3f} (threshold {t:.2f}, {how})"
            f" | ratio {f / bf:.3f}"
        )
    print("signal gains (F1 without the signal, all / odd held out):")
    odd = [a for a in articles if topic[a.id] % 2 == 1]
    odd_gold = {a.id: gold[a.id] for a in odd}
    for name, switch in ABLATIONS.items():
        with switch():  # type: ignore[attr-defined]
            f_all = bcubed(crosswire(articles), gold)[2]
            f_odd = bcubed(crosswire(odd), odd_gold)[2]
        print(
            f"  {name:45} {f_all:.3f} / {f_odd:.3f}"
            f"  gain {results['all'] - f_all:+.3f} / {results['odd (held out)'] - f_odd:+.3f}"
        )
    print(f"floor F1 >= 0.93 (all): {'ok' if results['all'] >= 0.93 else 'FAIL'}")


def bbc(sample: int, seed: int) -> None:
    """A sample of BBC stories of 3+ articles, each with its articles' titles and dates."""
    root = data_dir("bbc-news") / "bbc"
    settings = Settings()
    docs = []
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text(encoding="latin-1")
        rel = str(path.relative_to(root))
        docs.append(make_document(text, rel, rel, "text", settings))
    articles = clean_documents(docs)
    by_id = {a.id: a for a in articles}
    stories, _ = build_stories(articles)
    big = [s for s in stories if len(s.articles) >= 3]
    print(f"BBC: {len(articles)} articles, {len(stories)} stories, {len(big)} of 3+ articles")
    sizes = sorted((len(s.articles) for s in big), reverse=True)
    print(f"  largest: {sizes[:10]}")
    for n, story in enumerate(random.Random(seed).sample(big, min(sample, len(big))), 1):
        span = f"{story.first} .. {story.last}" if story.first else "undated"
        print(f"\n[{n}] {story.id} ({len(story.articles)} articles, {span})")
        for a in story.articles:
            title = by_id[a].meta.title or by_id[a].body[:70]
            print(f"     {a:28} {title[:90]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bbc", action="store_true", help="print a sample of BBC stories to judge")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    if args.bbc:
        bbc(args.sample, args.seed)
    else:
        ecb(args.seed)


if __name__ == "__main__":
    main()
