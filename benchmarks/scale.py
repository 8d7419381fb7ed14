"""Story building at scale: articles built from the bbc-news corpus with variations (paragraphs
dropped, shuffled, recombined), clustered from scratch at growing sizes, then new articles added to
the largest store. Prints times and peak memory.

    python benchmarks/scale.py [--sizes 10000,30000,100000] [--add 1000]

Floors (issue 3): 100,000 articles in <= 60 s with <= 2 GB peak; 1,000 added in <= 5 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import defaultdict

from _common import data_dir

from crosswire.records import Article, Metadata
from crosswire.reuse import find_reuse
from crosswire.stories.features import features
from crosswire.stories.online import cluster


def corpus() -> list[tuple[str, list[str]]]:
    docs = []
    for path in sorted((data_dir("bbc-news") / "bbc").rglob("*.txt")):
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        docs.append((title.strip(), [p.strip() for p in body.split("\n") if p.strip()]))
    return docs


def make_articles(n: int, rng: random.Random) -> list[Article]:
    docs = corpus()
    out = []
    for i in range(n):
        title, paras = docs[i % len(docs)]
        if i >= len(docs):  # a variation: some paragraphs dropped and shuffled, one borrowed
            paras = [p for p in paras if rng.random() > 0.3] or paras[:1]
            rng.shuffle(paras)
            paras = [*paras, rng.choice(rng.choice(docs)[1] or [""])]
        body = "\n\n".join(paras)
        meta = Metadata(title=title, published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")
        out.append(Article(f"a{i:06d}", "bench", "text", f"{i}", body, meta, ()))
    return out


def build(articles: list[Article]) -> tuple[float, int]:
    start = time.perf_counter()
    reuse = find_reuse(articles)
    links: dict[str, list[str]] = defaultdict(list)
    for pair in reuse:
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)
    result = cluster([features(a) for a in articles], links)
    return time.perf_counter() - start, len(result.stories)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    args = ap.parse_args()
    rng = random.Random(5)
    for size in (int(s) for s in args.sizes.split(",")):
        articles = make_articles(size, rng)
        secs, stories = build(articles)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>7} articles: {secs:7.1f} s, {stories} stories, peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
