"""The per-article part of the whole-store steps, as a step an executor can spread: shingling
(reuse). Reuse and story clustering then work on the whole store where it is.

Features for clustering are made where the store is: spread over processes they came back
unpickled word by word, and a 100,000-article run held 350 MB more at its peak for 12 s less
(`benchmarks/scale.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from crosswire.engine.executors import Executor
from crosswire.engine.steps import Resources, Step
from crosswire.records import Failure
from crosswire.reuse.detect import shingle_texts
from crosswire.reuse.shingles import Shingles

Shingled = tuple[Shingles, npt.NDArray[np.uint32]]
T = TypeVar("T")
PARALLEL_FROM = 2000  # articles from which spreading them pays for the processes


def _shingle(texts: list[str], resources: Resources) -> list[Shingled | Failure]:
    return list(shingle_texts(texts))


SHINGLE: Step[str, Shingled] = Step(
    "reuse: shingle", "article text", "shingles and signature", _shingle, 500, None,
    PARALLEL_FROM,
)  # fmt: skip


def shingler(executor: Executor) -> Callable[[list[str]], list[Shingled]]:
    """`reuse.update_reuse`'s shingler through an executor."""

    def run(texts: list[str]) -> list[Shingled]:
        return _checked(executor.map(SHINGLE, texts)[0])

    return run


def _checked(results: list[T | Failure]) -> list[T]:
    """Results of a step that cannot fail on good input: a failure is a bug, raised as one."""
    out: list[T] = []
    for r in results:
        if isinstance(r, Failure):
            raise RuntimeError(f"{r.source}: {r.reason}")
        out.append(r)
    return out
