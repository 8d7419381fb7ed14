"""Bad inputs, as an attacker or a careless user would give them (tests/badinputs.py): each case's
folder (a good article beside the bad input) through `crosswire ingest` in a fresh process with a
time limit and a memory cap, then what happened: handled, crashed, hung, silent, lost.

    python benchmarks/robustness.py [--scale 64] [--timeout 120] [--memory-gb 2]

At --scale 64 the big cases pass the default limits (50 MB a file, 10 MB a record): a 1 GiB gzip
bomb, a 256 MB newline-free WARC, a 64 MB JSONL line, 128 MB on stdin.
Floors (issue 16): 0 crashed, 0 hung, 0 silent, 0 articles lost.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from badinputs import Case, cases, verdict, write

CROSSWIRE = [sys.executable, "-m", "crosswire"]


def run_case(case: Case, root: Path, timeout: float, memory: int) -> tuple[str, float, str]:
    folder = root / "in"
    write(case, folder)
    db = root / "store.db"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    args = [*CROSSWIRE, "ingest", "-" if case.stdin is not None else str(folder), "--db", str(db)]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            args,
            input=case.stdin,
            capture_output=True,
            timeout=timeout,
            preexec_fn=limit,
            cwd=root,
            env={**os.environ, "COLUMNS": "200"},
        )
    except subprocess.TimeoutExpired:
        return "hung", time.perf_counter() - start, ""
    secs = time.perf_counter() - start
    stderr = done.stderr.decode("utf-8", "replace")
    stored = 0
    if db.exists():
        with sqlite3.connect(db) as con:
            stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    if case.stdin is not None:
        stored += 1  # the good article is not on stdin: nothing else to keep
    return verdict(case, done.returncode, stderr, stored), secs, stderr.strip()[:160]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=64)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--memory-gb", type=float, default=2)
    args = ap.parse_args()
    memory = int(args.memory_gb * (1 << 30))
    tally: dict[str, int] = {}
    for case in cases(args.scale):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "crosswire.toml").write_text("", encoding="utf-8")
            what, secs, said = run_case(case, Path(tmp), args.timeout, memory)
        tally[what] = tally.get(what, 0) + 1
        print(f"{what:8} {secs:6.1f} s  {case.name:40} {said.splitlines()[-1] if said else ''}")
    print(
        f"\n{sum(tally.values())} inputs tried: " + ", ".join(f"{k} {v}" for k, v in tally.items())
    )
    bad = {k: tally.get(k, 0) for k in ("crashed", "hung", "silent", "lost")}
    print("floors 0 crashed, 0 hung, 0 silent, 0 lost:", "ok" if not any(bad.values()) else bad)


if __name__ == "__main__":
    main()
