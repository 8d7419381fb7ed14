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

from crosswire.records import Article, Membership, Metadata
from crosswire.reuse import find_reuse
from crosswire.stories.features import features
from crosswire.stories.online import Clustering, cluster


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


def build(
    articles: list[Article], placed: dict[str, Membership] | None = None
) -> tuple[dict[str, float], Clustering]:
    """Reuse, features and clustering of the articles, timed by stage; `placed` articles keep
    their story (an earlier run's) and only the others are placed."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    reuse = find_reuse(articles)
    links: dict[str, list[str]] = defaultdict(list)
    for pair in reuse:
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)
    times["reuse"] = time.perf_counter() - start
    start = time.perf_counter()
    feats = [features(a) for a in articles]
    times["features"] = time.perf_counter() - start
    start = time.perf_counter()
    result = cluster(feats, links, placed=placed)
    times["clustering"] = time.perf_counter() - start
    return times, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--add", type=int, default=1000, help="new articles added to the largest")
    args = ap.parse_args()
    rng = random.Random(5)
    sizes = [int(s) for s in args.sizes.split(",")]
    result, articles = None, []
    for n, size in enumerate(sizes):
        extra = args.add if n == len(sizes) - 1 else 0
        articles = make_articles(size + extra, rng)
        times, result = build(articles[:size])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stages = ", ".join(f"{k} {v:.1f}" for k, v in times.items())
        print(
            f"{size:>7} articles: {sum(times.values()):7.1f} s ({stages}),"
            f" {len(result.stories)} stories, peak memory {peak:,.0f} MB",
            flush=True,
        )
    if result is not None and args.add:
        # Today a run re-reads the whole store: earlier articles keep their stories, but reuse and
        # the clustering state are rebuilt over all of them.
        times, _ = build(articles, placed=result.memberships)
        stages = ", ".join(f"{k} {v:.1f}" for k, v in times.items())
        print(f"{args.add} added to {sizes[-1]}: {sum(times.values()):.1f} s ({stages})")
    print("floors: 100,000 in <= 60 s with <= 2 GB; 1,000 added to 100,000 in <= 5 s")


if __name__ == "__main__":
    main()
