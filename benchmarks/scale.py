"""Story building at scale, as `crosswire run` builds stories (`build_stories`: reuse,
features, clustering, story assembly), on a feed made from the bbc-news corpus (see
`make_articles`: the corpus re-worded day by day, reprint groups of bounded size), from scratch at
growing sizes (each in a process of its own), then new articles added to the largest as a run on
a store adds them. Prints times, peak memory (of the process and those it forks to set work
aside, by proportional set size) and the growth exponent.

    python benchmarks/scale.py [--sizes 10000,30000,100000] [--add 1000]

Floors (issue 17): 100,000 articles in <= 60 s with <= 2 GB peak, growth exponent <= 1.1;
1,000 added to 100,000 in <= 5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import multiprocessing
import os
import random
import re
import resource
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import data_dir

from crosswire.codec import reuse_record
from crosswire.records import Article, Membership, Metadata, Reuse
from crosswire.reuse.detect import ReuseFound, ReuseState, update_reuse
from crosswire.stories import Story, build_stories


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
) -> tuple[dict[str, float], list[Story], Kept]:
    """The stories of the articles as `crosswire run` makes them (`build_stories`: reuse,
    features, clustering, story assembly), timed: reuse, and the rest. With what an earlier run
    `kept` (its reuse and clustering state, its memberships), only the new articles are
    shingled, featured and placed, as a run on a store does."""
    times: dict[str, float] = {}
    state = _KeptClustering(kept.clustering if kept else None)
    found: list[ReuseFound] = []

    def reuse_of(usable: Sequence[Article]) -> list[Reuse]:
        start = time.perf_counter()
        found.append(update_reuse(usable, kept.reuse if kept else ReuseState()))
        times["reuse"] = time.perf_counter() - start
        return found[0].reuse

    start = time.perf_counter()
    placed = kept.memberships if kept else None
    stories, _ = build_stories(articles, placed=placed, reuse_of=reuse_of, kept=state)
    times["stories"] = time.perf_counter() - start - times["reuse"]
    assert state.state is not None
    left = Kept(
        ReuseState(found[0].signatures, [reuse_record(r) for r in found[0].pairs]),
        state.state,
        {m.article: m for story in stories for m in story.members},
    )
    return times, stories, left


class _KeptClustering:
    def __init__(self, state: dict[str, Any] | None) -> None:
        self.state = state

    def load(self) -> dict[str, Any] | None:
        return self.state

    def save(self, state: dict[str, Any]) -> None:
        self.state = state


@dataclass
class Kept:
    """What a run leaves in the store for the next: reuse and clustering state, memberships."""

    reuse: ReuseState
    clustering: dict[str, Any]
    memberships: dict[str, Membership]


class Memory:
    """The peak memory of this process and every process it forked (work set aside on another
    core), sampled: the sum of their proportional set sizes (a page two processes share counts
    half to each), so pages a forked process only inherits are not counted twice."""

    def __init__(self, every: float = 0.1) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every,), daemon=True)
        self._thread.start()

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            self.peak = max(self.peak, sum(map(_pss_mb, _family(os.getpid()))))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def _family(pid: int) -> list[int]:
    """The process and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return out


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:  # gone meanwhile
        pass
    return 0.0


def one_size(size: int, add: int, queue: Any) -> None:
    """In a process of its own (so the peak memory is this size's): build `size` articles from
    scratch, then, given `add`, add that many as a run on a store does."""
    articles = make_articles(size + add, random.Random(5))
    memory = Memory()
    times, result, kept = build(articles[:size])
    peak = max(memory.stop(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    stories = len(result)
    added = None
    if add:
        del result
        before = {s: len(v["members"]) for s, v in kept.clustering["stories"].items()}
        added_times, after, _ = build(articles, kept=kept)
        changed = sum(before.get(s.id) != len(s.articles) for s in after)
        added = (added_times, changed)
    queue.put((times, stories, peak, added))


def peer(size: int) -> float:
    """The peer, on the smallest size: near-duplicate candidates the plain datasketch way (a
    MinHash of each article's word 5-grams, inserted into and queried against `MinHashLSH` at
    crosswire's threshold), which finds candidates only: no alignment, origins or stories."""
    from datasketch import MinHash, MinHashLSH

    from crosswire.reuse.candidates import LSH_THRESHOLD, NUM_PERM

    articles = make_articles(size, random.Random(5))
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures = []
    for a in articles:
        words = a.body.lower().split()
        sig = MinHash(num_perm=NUM_PERM)
        sig.update_batch([" ".join(words[i : i + 5]).encode() for i in range(len(words) - 4)])
        lsh.insert(a.id, sig)
        signatures.append(sig)
    for sig in signatures:
        lsh.query(sig)
    return time.perf_counter() - start


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
            f" {stories} stories, peak memory {peak:,.0f} MB (all processes)",
            flush=True,
        )
    seconds = peer(sizes[0])
    print(
        f"peer, {sizes[0]} articles: datasketch MinHash + MinHashLSH candidates alone"
        f" {seconds:.1f} s; crosswire's whole build {totals[0] / seconds:.2f} x that"
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
            f" {touched} stories new or changed"
        )
    print("floors: 100,000 in <= 60 s with <= 2 GB; 1,000 added to 100,000 in <= 5 s")


if __name__ == "__main__":
    main()
