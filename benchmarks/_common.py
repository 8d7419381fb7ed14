"""Helpers shared by the benchmarks: data location and the token F1 measure."""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = Path(os.environ.get("CROSSWIRE_DATA", ROOT.parent / "shared" / "data"))


def data_dir(name: str) -> Path:
    path = DATA / name
    if not path.is_dir():
        sys.exit(f"benchmark data not found at {path} (set CROSSWIRE_DATA to its parent)")
    return path


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def token_f1(pred: str, gold: str) -> float:
    """Bag-of-words F1 of a predicted text against the gold text."""
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)
