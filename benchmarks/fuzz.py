"""Fuzzing every reader and the cleaner with a large budget (tests/fuzzing.py has the targets;
the test suite runs them with a small one). Prints examples tried and failures per target.

    python benchmarks/fuzz.py [--examples 2000] [--seed 16]

Floor (issue 16): no target ever raises.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import TARGETS
from hypothesis import HealthCheck, given, seed, settings


def fuzz(name: str, examples: int, rng_seed: int) -> tuple[int, str | None]:
    run, inputs = TARGETS[name]
    tried = 0

    @seed(rng_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        print_blob=True,
    )
    @given(inputs)
    def check(data: bytes) -> None:
        nonlocal tried
        tried += 1
        run(data)

    try:
        check()
    except Exception:
        return tried, traceback.format_exc(limit=3)
    return tried, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    failed = 0
    for name in sorted(TARGETS):
        start = time.perf_counter()
        tried, error = fuzz(name, args.examples, args.seed)
        secs = time.perf_counter() - start
        failed += error is not None
        print(f"{name:14} {tried:6} inputs in {secs:5.1f} s: {'FAILED' if error else 'ok'}")
        if error:
            print(error)
    print(f"floor: no target raises: {'ok' if not failed else f'FAIL ({failed} targets)'}")


if __name__ == "__main__":
    main()
