"""A run adding articles to a large store, end to end but for the analysis: a first run on SIZE
articles of `scale.py`'s synthetic feed (JSONL, as a desk's feed arrives), then a run on a
directory of ADD new ones with the same store, as a desk adds a day's articles. Each run reads,
cleans and stores its inputs, then builds, keeps and writes the store's stories (reuse,
clustering, stories.json, the reports). The analysis of the stories is left out of both runs:
each story a run would analyse is given empty findings at once, as if analysed and nothing
found, so what a run keeps of them is kept as usual. The floor counts the analysis apart, and
`analysis.py` measures it. Prints each run's time, with a line a step.

    python benchmarks/store_scale.py [--size 100000] [--add 1000]

Floor (issue 17): adding 1,000 articles to a 100,000-article store in <= 5 s plus the analysis
of the stories those articles touch. The first run is the peer in the same run: the add is
printed as a share of it.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from scale import make_articles

from crosswire.engine import jobs
from crosswire.engine.executors import executor_named
from crosswire.engine.steps import Stats
from crosswire.records import Article
from crosswire.settings import Settings
from crosswire.store import Store

PER_FILE = 1000  # articles a JSONL file


def write_feed(articles: list[Article], folder: Path) -> None:
    folder.mkdir(parents=True)
    for lo in range(0, len(articles), PER_FILE):
        rows = [
            {"id": a.id, "title": a.meta.title, "published": a.meta.published, "text": a.body}
            for a in articles[lo : lo + PER_FILE]
        ]
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (folder / f"feed-{lo // PER_FILE:05d}.jsonl").write_text(text, encoding="utf-8")


def no_analysis(stories: list[Any], *args: Any, **kwargs: Any) -> tuple[dict[str, Any], list[Any]]:
    """Each story's findings, all empty (see the module's docstring)."""
    return {s.id: None for s in stories}, []


def empty_findings(findings: Any) -> dict[str, Any]:
    return {"facts": []}


def run(inputs: Path, db: Path, out: Path) -> tuple[float, list[Stats], int]:
    """One `crosswire run` of the inputs on the store, as the CLI runs it (without analysis)."""
    executor = executor_named("local")
    start = time.perf_counter()
    with Store(db) as store:
        read = jobs.read_inputs([inputs], Settings(), store, executor=executor)
        done = jobs.write_stories(store, out, executor=executor)
    seconds = time.perf_counter() - start
    return seconds, [*read.stats, *done.stats], len(done.stories)


def table(stats: list[Stats]) -> str:
    return "\n".join(f"  {s.step:<12} {s.items_in:>7} in {s.seconds:7.2f} s" for s in stats)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--add", type=int, default=1000)
    args = ap.parse_args()
    jobs.analyse = no_analysis  # type: ignore[assignment]  # (see the module's docstring)
    jobs.findings_json = empty_findings  # type: ignore[assignment]
    articles = make_articles(args.size + args.add, random.Random(5))
    with tempfile.TemporaryDirectory() as tmp:
        first, later = Path(tmp) / "first", Path(tmp) / "later"
        write_feed(articles[: args.size], first)
        write_feed(articles[args.size :], later)
        db, out = Path(tmp) / "store.db", Path(tmp) / "out"
        secs_first, stats_first, stories = run(first, db, out)
        print(f"first run, {args.size} articles: {secs_first:.1f} s, {stories} stories")
        print(table(stats_first), flush=True)
        secs_add, stats_add, stories = run(later, db, out)
        print(f"adding {args.add}: {secs_add:.1f} s ({secs_add / secs_first:.1%} of the first)")
        print(table(stats_add))
    print("floor: 1,000 added to 100,000 in <= 5 s plus the analysis of the stories they touch")


if __name__ == "__main__":
    main()
