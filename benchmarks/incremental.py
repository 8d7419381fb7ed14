"""Incremental runs, end to end (read, clean, reuse, stories, analysis, reports): a first
`crosswire run` on the bbc-news corpus less ADD articles (chosen by a seeded shuffle), then a run
adding those ADD articles to the same store. The first run is the peer: the second's time is
printed as a share of it, with each run's step stats.

    python benchmarks/incremental.py [--add 100] [--seed 3]

Floor (issue 17): adding 100 BBC articles to a 2,000-article store costs <= 10 % of the first run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import data_dir


def run(inputs: Path, out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crosswire.cli", "run", str(inputs), "--out", str(out), "--stats"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    table = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("error"))
    return time.perf_counter() - start, table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--add", type=int, default=100)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    files = sorted((data_dir("bbc-news") / "bbc").rglob("*.txt"))
    random.Random(args.seed).shuffle(files)
    with tempfile.TemporaryDirectory() as tmp:
        first, later, out = Path(tmp) / "first", Path(tmp) / "later", Path(tmp) / "out"
        for n, path in enumerate(files):
            target = (later if n < args.add else first) / f"{path.parent.name}-{path.name}"
            target.parent.mkdir(exist_ok=True)
            shutil.copy(path, target)
        secs_first, stats_first = run(first, out)
        print(f"first run, {len(files) - args.add} articles: {secs_first:.1f} s\n{stats_first}")
        secs_add, stats_add = run(later, out)
        print(f"adding {args.add}: {secs_add:.1f} s\n{stats_add}")
    share = secs_add / secs_first
    verdict = "ok" if share <= 0.10 else "FAIL"
    print(f"adding {args.add} costs {share:.1%} of the first run; floor <= 10 %: {verdict}")


if __name__ == "__main__":
    main()
