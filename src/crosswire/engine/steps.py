"""Steps: each stage of the pipeline as a named unit with what it needs, what it makes, a
`run(batch, resources)` and its stats.

A step's `run` takes a batch of items and returns one result per item, in order; an item it
cannot handle comes back as a `Failure` (dropped, with the reason). Steps are plain module-level
functions and records, so an executor can run them in this process, in forked processes, or on
the workers of a Ray cluster. What a step shares in a process (the spaCy pipeline) comes from
`Resources`, made once per process on first use.

The whole pipeline, in order (`PIPELINE`): read → clean → store → load (the store's articles) →
reuse → stories → findings (those kept for unchanged stories) → analyse → report → publish (for
`crosswire serve`). Per-item steps
(clean's two halves, analyse) go through an executor; reuse and stories work on the whole store
at once (the online clustering places one article after another) and run where the store is.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from crosswire.records import Failure

if TYPE_CHECKING:
    from spacy.language import Language

In = TypeVar("In")
Out = TypeVar("Out")


class Resources:
    """What the steps of one process share, each made on first use and kept."""

    def __init__(self) -> None:
        self._nlp: Language | None = None

    def nlp(self) -> Language:
        """The spaCy pipeline; raises `ModelMissing` naming the package when none is installed."""
        if self._nlp is None:
            from crosswire.analyse import load_pipeline

            self._nlp = load_pipeline()
        return self._nlp

    def use(self, nlp: Language) -> None:
        """Share a pipeline loaded already (before forking workers, say)."""
        self._nlp = nlp


RESOURCES = Resources()  # this process's; forked workers inherit what the parent loaded


@dataclass(slots=True)
class Stats:
    """What a step did in a run: items in and out, those dropped by reason, time taken."""

    step: str
    items_in: int = 0
    items_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, other: Stats) -> None:
        self.items_in += other.items_in
        self.items_out += other.items_out
        self.dropped.update(other.dropped)
        self.seconds += other.seconds


@dataclass(frozen=True, slots=True)
class Step(Generic[In, Out]):
    """A stage: `run` maps a batch of `needs` to as many `makes` (or Failures), in order."""

    name: str
    needs: str
    makes: str
    run: Callable[[list[In], Resources], list[Out | Failure]]
    batch_size: int = 32  # items an executor hands a worker at once
    names: Callable[[In], str] | None = None  # what names an item in a failure (else source_of)
    parallel_from: int = 150  # items from which spreading them over processes pays
    units: Callable[[In], int] | None = None  # what an item counts for on a progress bar (1)


def run_batch(step: Step[In, Out], batch: list[In]) -> tuple[list[Out | Failure], Stats]:
    """Run a step on one batch in this process with its resources, timed. Should the batch
    fail as a whole, each item runs alone, so one bad item fails alone (a Failure naming it)."""
    start = time.perf_counter()
    results: list[Out | Failure]
    try:
        results = step.run(batch, RESOURCES)
    except Exception:
        results = [_alone(step, item) for item in batch]
    stats = Stats(step.name, len(batch), seconds=time.perf_counter() - start)
    for r in results:
        if isinstance(r, Failure):
            stats.dropped[reason_kind(r.reason)] += 1
        else:
            stats.items_out += 1
    return results, stats


def _alone(step: Step[Any, Any], item: object) -> Any:
    try:
        return step.run([item], RESOURCES)[0]
    except Exception as exc:
        name = step.names(item) if step.names else source_of(item)
        return Failure(name, f"{step.name} failed: {type(exc).__name__}: {exc}")


def source_of(item: object) -> str:
    """What names an item in a failure: its source, else its id, else its kind."""
    for attr in ("source", "id"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return type(item).__name__


def reason_kind(reason: str) -> str:
    """The kind of a failure's reason, for counting: its details (after a colon, in brackets)
    left out.

    >>> reason_kind("cleaning failed: ValueError: bad"), reason_kind("no text (16 words)")
    ('cleaning failed', 'no text')
    """
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()


def batches(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), max(1, size))]


# The pipeline's steps in order (per-item steps are defined where their stage lives).
PIPELINE: tuple[str, ...] = (
    "read", "clean", "store", "load", "reuse", "stories", "findings", "analyse", "report",
    "publish",
)  # fmt: skip


@contextmanager
def timed(stats: list[Stats], name: str, items_in: int) -> Iterator[Stats]:
    """Record a whole-store step's stats: items in, its time (items out set by the caller)."""
    stat = Stats(name, items_in)
    start = time.perf_counter()
    try:
        yield stat
    finally:
        stat.seconds = time.perf_counter() - start
        stats.append(stat)
