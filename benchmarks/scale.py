"""Story building at scale: articles built from the bbc-news corpus with variations (paragraphs
dropped, shuffled, recombined), clustered from scratch at growing sizes, then new articles added to
the largest store. Prints times and peak memory.

    python benchmarks/scale.py [--sizes 10000,30000,100000] [--add 1000]

Floors (issue 3): 100,000 articles in <= 60 s with <= 2 GB peak; 1,000 added in <= 5 s.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import re
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from _common import data_dir

from crosswire.codec import reuse_record
from crosswire.records import Article, Membership, Metadata
from crosswire.reuse.detect import ReuseState, update_reuse
from crosswire.stories.features import Features, features
from crosswire.stories.online import Clustering, cluster


def corpus() -> list[tuple[str, list[str]]]:
    docs = []
    for path in sorted((data_dir("bbc-news") / "bbc").rglob("*.txt")):
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        docs.append((title.strip(), [p.strip() for p in body.split("\n") if p.strip()]))
    return docs


_LETTERS = re.compile(r"[A-Za-z]+")
COMMON_KEPT = 400  # the most frequent words (function words) stay as they are in every day


class Days:
    """The corpus told again on later days: each day maps every word outside the commonest
    COMMON_KEPT to another word of the corpus (one bijection per day, case kept), so a day's
    texts keep the corpus's lengths, word frequencies and paragraph structure but share no
    word runs with another day's, as different news does."""

    def __init__(self, docs: list[tuple[str, list[str]]]) -> None:
        counts: Counter[str] = Counter(
            w.lower() for t, ps in docs for text in (t, *ps) for w in _LETTERS.findall(text)
        )
        ranked = [w for w, _ in counts.most_common()]
        self.kept, self.rest = set(ranked[:COMMON_KEPT]), sorted(ranked[COMMON_KEPT:])
        self.docs = docs
        self.maps: dict[int, dict[str, str]] = {}

    def doc(self, number: int) -> tuple[str, list[str]]:
        day, index = divmod(number, len(self.docs))
        title, paras = self.docs[index]
        if day == 0:
            return title, paras
        if day not in self.maps:
            shuffled = self.rest[:]
            random.Random(day).shuffle(shuffled)
            self.maps[day] = dict(zip(self.rest, shuffled, strict=True))
        table = self.maps[day]

        def swap(m: re.Match[str]) -> str:
            word = m.group()
            low = word.lower()
            if low in self.kept:
                return word
            new = table.get(low, low)
            return new.capitalize() if word[0].isupper() else new

        return _LETTERS.sub(swap, title), [_LETTERS.sub(swap, p) for p in paras]


def group_size(rng: random.Random) -> int:
    """Reports of one story in a day's feed: most stories are told once; wire copy is reprinted
    by a few outlets, rarely by as many as MAX_GROUP (mean about 2.7)."""
    if rng.random() < 0.55:
        return 1
    return min(MAX_GROUP, 2 + int(rng.expovariate(1 / 3)))


MAX_GROUP = 20


def make_articles(n: int, rng: random.Random) -> list[Article]:
    """n articles: stories from `Days` in turn, each with `group_size` reports, the first as it
    was and the others reprints (some paragraphs dropped and shuffled, one borrowed from another
    story of that day). Group sizes stay bounded however large n grows."""
    days = Days(corpus())
    out: list[Article] = []
    story = 0
    while len(out) < n:
        title, paras = days.doc(story)
        day = story // len(days.docs)
        size = min(group_size(rng), n - len(out))
        for copy in range(size):
            body_paras = paras
            if copy:
                body_paras = [p for p in paras if rng.random() > 0.3] or paras[:1]
                rng.shuffle(body_paras)
                other = day * len(days.docs) + rng.randrange(len(days.docs))
                body_paras = [*body_paras, rng.choice(days.doc(other)[1] or [""])]
            i = len(out)
            published = f"2025-{1 + day % 12:02d}-{1 + (story + copy % 2) % 28:02d}"
            meta = Metadata(title=title, published=published)
            body = "\n\n".join(body_paras)
            out.append(Article(f"a{i:06d}", "bench", "text", f"{i}", body, meta, ()))
        story += 1
    return out


def build(
    articles: list[Article], kept: Kept | None = None
) -> tuple[dict[str, float], Clustering, Kept]:
    """Reuse, features and clustering of the articles, timed by stage. With what an earlier run
    `kept` (its reuse state, clustering state and memberships), only the new articles are
    shingled, featured and placed, as `crosswire run` does on a store."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    found = update_reuse(articles, kept.reuse if kept else ReuseState())
    links: dict[str, list[str]] = defaultdict(list)
    for pair in found.reuse:
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)
    times["reuse"] = time.perf_counter() - start
    start = time.perf_counter()
    by_id = {a.id: a for a in articles}
    placed = kept.memberships if kept else {}
    fresh = [a for a in articles if a.id not in placed]
    feats = [features(a) for a in fresh]
    times["features"] = time.perf_counter() - start
    start = time.perf_counter()

    made: dict[str, Features] = {}

    def loader(ids: Sequence[str]) -> dict[str, Features]:
        for i in ids:
            if i not in made:
                made[i] = features(by_id[i])
        return {i: made[i] for i in ids}

    contents = {a.id: a.body for a in fresh}
    state = kept.clustering if kept else None
    result = cluster(feats, links, None, placed, contents, state, loader)
    times["clustering"] = time.perf_counter() - start
    left = Kept(
        ReuseState(found.signatures, [reuse_record(r) for r in found.pairs]),
        result.snapshot(),
        dict(result.memberships),
    )
    return times, result, left


@dataclass
class Kept:
    """What a run leaves in the store for the next: reuse and clustering state, memberships."""

    reuse: ReuseState
    clustering: dict[str, Any]
    memberships: dict[str, Membership]


def one_size(size: int, add: int, queue: Any) -> None:
    """In a process of its own (so the peak memory is this size's): build `size` articles from
    scratch, then, given `add`, add that many as a run on a store does."""
    articles = make_articles(size + add, random.Random(5))
    times, result, kept = build(articles[:size])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    added = None
    if add:
        del result
        added_times, clustering, _ = build(articles, kept=kept)
        added = (added_times, len(clustering.touched))
        stories = len(kept.clustering["stories"])
    else:
        stories = len(result.stories)
    queue.put((times, stories, peak, added))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--add", type=int, default=1000, help="new articles added to the largest")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    totals: list[float] = []
    context = multiprocessing.get_context("fork")
    added = None
    for n, size in enumerate(sizes):
        queue = context.Queue()
        extra = args.add if n == len(sizes) - 1 else 0
        child = context.Process(target=one_size, args=(size, extra, queue))
        child.start()
        times, stories, peak, added = queue.get()
        child.join()
        totals.append(sum(times.values()))
        stages = ", ".join(f"{k} {v:.1f}" for k, v in times.items())
        print(
            f"{size:>7} articles: {sum(times.values()):7.1f} s ({stages}),"
            f" {stories} stories, peak memory {peak:,.0f} MB",
            flush=True,
        )
    if len(sizes) > 1:  # time ~ size ** exponent, from the smallest size to the largest
        exponent = math.log(totals[-1] / totals[0]) / math.log(sizes[-1] / sizes[0])
        print(f"growth exponent {sizes[0]:,} -> {sizes[-1]:,}: {exponent:.2f} (floor <= 1.1)")
    if added is not None:
        # As a run on a store: the earlier run's reuse and clustering state taken up, only the
        # new articles shingled, featured and placed.
        times, touched = added
        stages = ", ".join(f"{k} {v:.1f}" for k, v in times.items())
        print(
            f"{args.add} added to {sizes[-1]}: {sum(times.values()):.1f} s ({stages}),"
            f" {touched} stories touched"
        )
    print("floors: 100,000 in <= 60 s with <= 2 GB; 1,000 added to 100,000 in <= 5 s")


if __name__ == "__main__":
    main()
