"""One pipeline, two executors: `crosswire run` on the seeds and on ECB+ dev under the local
executor and under Ray (a local instance started by the run), stories.json compared byte for
byte, times side by side (the local executor is the peer).

    python benchmarks/executors.py

Must show (issue 17): byte-identical stories.json under both executors.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, data_dir


def run(inputs: Path, out: Path, executor: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crosswire.cli", "run", str(inputs), "--out", str(out),
         "--executor", executor],
        capture_output=True, text=True, env={**os.environ, "RAY_ADDRESS": ""},
    )  # fmt: skip
    if done.returncode not in (0, 1):  # 1: some inputs failed (named), the run went on
        sys.exit(f"crosswire run failed under {executor}:\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    sets = {
        "seeds": ROOT / "examples" / "seeds",
        "ECB+ dev": data_dir("ecbplus-dev") / "articles.jsonl",
    }
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, inputs in sets.items():
            times, outputs = {}, {}
            for executor in ("local", "ray"):
                out = Path(tmp) / f"{name}-{executor}"
                times[executor] = run(inputs, out, executor)
                outputs[executor] = (out / "stories.json").read_bytes()
            same = outputs["local"] == outputs["ray"]
            ok &= same
            print(
                f"{name:<9} local {times['local']:6.1f} s, ray {times['ray']:6.1f} s"
                f" (ratio {times['ray'] / times['local']:.2f}); stories.json"
                f" {'byte-identical' if same else 'DIFFERS'} ({len(outputs['local']):,} bytes)",
                flush=True,
            )
    print("byte-identical under both executors:", "ok" if ok else "FAIL")


if __name__ == "__main__":
    main()
