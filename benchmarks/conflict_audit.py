"""Conflict audit: a seeded sample of the conflicts crosswire reports on real corpora, each with
the sentences of every side, for a person to judge sentence by sentence whether the sources
really disagree about the same thing.

    python benchmarks/conflict_audit.py [--sample 50] [--bbc OUT] [--ecb OUT]

Without --bbc/--ecb it runs `crosswire run` on ../shared/data/bbc-news and on ECB+ dev itself
(a few minutes). Prints how many stories and conflicts each run has, conflicts by kind, then the
sample. Floor (issue 14): at least 80 % of the sampled conflicts are real.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

from _common import ROOT, data_dir


def _run(inputs: Path, out: Path) -> Path:
    exe = Path(sys.executable).with_name("crosswire")
    subprocess.run(
        [str(exe), "run", str(inputs), "--out", str(out)],
        check=False,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    return out / "stories.json"


def _conflicts(path: Path) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    found = [(s, c) for s in doc["stories"] for c in s.get("conflicts", [])]
    return found, len(doc["stories"])


def _show(n: int, story: dict[str, Any], conflict: dict[str, Any]) -> None:
    print(
        f"\n[{n}] {conflict['kind']}: {conflict['about']}  (story {story['id']}: "
        f"{story.get('headline', '')[:70]})"
    )
    for side in conflict["values"]:
        print(f"  = {side['value']}  ({side['origins']} origins)")
        for s in side["sources"][:3]:
            text = " ".join(s["text"].split())
            print(textwrap.indent(textwrap.fill(f"{s['article']}: {text}", 110), "      "))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--bbc", type=Path, help="a run's output folder on bbc-news")
    ap.add_argument("--ecb", type=Path, help="a run's output folder on ECB+ dev")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = {
            "BBC": (args.bbc / "stories.json")
            if args.bbc
            else _run(data_dir("bbc-news") / "bbc", Path(tmp) / "bbc"),
            "ECB+ dev": (args.ecb / "stories.json")
            if args.ecb
            else _run(data_dir("ecbplus-dev") / "articles.jsonl", Path(tmp) / "ecb"),
        }
        for name, path in runs.items():
            found, stories = _conflicts(path)
            kinds = Counter(c["kind"] for _, c in found)
            print(
                f"\n=== {name}: {len(found)} conflicts in "
                f"{len({s['id'] for s, _ in found})} of {stories} stories; by kind: "
                f"{dict(sorted(kinds.items()))}"
            )
            rng = random.Random(args.seed)
            sample = rng.sample(found, min(args.sample, len(found)))
            for n, (story, conflict) in enumerate(sample, 1):
                _show(n, story, conflict)


if __name__ == "__main__":
    main()
