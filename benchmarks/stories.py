"""Story clustering on ECB+ topics 1-20 (each topic: two similar but distinct events).

Prints BCubed precision, recall and F1 of crosswire's online clustering against the gold story
labels, beside a TF-IDF + agglomerative clustering baseline (scikit-learn) in the same run.

    python benchmarks/stories.py

Floor (issue 3): BCubed F1 >= 0.93.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Mapping

from _common import data_dir

from crosswire.clean import clean_documents
from crosswire.ingest.common import make_document
from crosswire.reuse import find_reuse
from crosswire.settings import Settings
from crosswire.stories.features import features
from crosswire.stories.online import cluster


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


def baseline(texts: dict[str, str], n_clusters: int) -> dict[str, str]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(texts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [texts[i] for i in ids]
    )
    labels = AgglomerativeClustering(
        n_clusters=n_clusters, metric="cosine", linkage="average"
    ).fit_predict(matrix.toarray())
    return {i: str(label) for i, label in zip(ids, labels, strict=True)}


def main() -> None:
    rows = [json.loads(line) for line in (data_dir("ecbplus-dev") / "articles.jsonl").open()]
    gold = {r["id"]: r["story"] for r in rows}
    settings = Settings()
    start = time.perf_counter()
    docs = [make_document(r["text"], r["id"], r["id"], "text", settings) for r in rows]
    articles = clean_documents(docs)
    links: dict[str, list[str]] = defaultdict(list)
    for pair in find_reuse(articles):
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)
    result = cluster([features(a) for a in articles], links)
    secs = time.perf_counter() - start
    pred = result.story_of
    p, r, f = bcubed(pred, gold)
    print(f"ECB+ topics 1-20: {len(rows)} articles, {len(set(gold.values()))} gold stories")
    print(
        f"crosswire: {len(result.stories)} stories,"
        f" BCubed P {p:.3f} R {r:.3f} F1 {f:.3f} ({secs:.1f} s)"
    )
    bp, br, bf = bcubed(baseline({r["id"]: r["text"] for r in rows}, len(set(gold.values()))), gold)
    print(
        "baseline TF-IDF + agglomerative (told the true number of stories):"
        f" P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
    )
    print(f"floor F1 >= 0.93: {'ok' if f >= 0.93 else 'FAIL'}")


if __name__ == "__main__":
    main()
