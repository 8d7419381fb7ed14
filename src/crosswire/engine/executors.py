"""Executors: where a step's batches run. One pipeline definition, two executors.

- `LocalExecutor`: this machine. Small jobs run in this process; large ones in forked worker
  processes (one per core), which inherit what the parent loaded (the spaCy pipeline) instead of
  loading it again.
- `RayExecutor`: a Ray cluster (or a local Ray instance). Batches go through Ray Data
  (`map_batches`), each worker making its resources once; results come back in input order, so a
  run gives the same stories.json under either executor.

Ray is an optional extra (`pip install 'crosswire[ray]'`): the default install does not need it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from crosswire.engine.steps import Stats, Step, batches, run_batch
from crosswire.errors import CrosswireError

Progress = Callable[[int], None]


class Executor(Protocol):
    name: str

    def map(
        self, step: Step[Any, Any], items: Sequence[Any], progress: Progress | None = None
    ) -> tuple[list[Any], Stats]:
        """The step's result for every item (in order: an output or a Failure), and its stats."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """Processes on this machine (forked, when there is enough work and more than one core)."""

    name = "local"

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes

    def map(
        self, step: Step[Any, Any], items: Sequence[Any], progress: Progress | None = None
    ) -> tuple[list[Any], Stats]:
        work = batches(items, step.batch_size)
        start = time.perf_counter()
        processes = self.processes
        if processes is None:
            processes = (os.cpu_count() or 1) if len(items) >= step.parallel_from else 1
        processes = min(processes, len(work))
        if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
            # The workers read the batches from memory they inherit: only batch numbers go to
            # them, only results come back (items are never pickled on the way out).
            global _SHARED
            _SHARED = (step, work)
            try:
                context = multiprocessing.get_context("fork")
                with context.Pool(processes) as pool:
                    done = pool.imap(_run, range(len(work)))
                    return _gather(step, work, done, progress, start)
            finally:
                _SHARED = None
        return _gather(step, work, (run_batch(step, b) for b in work), progress, start)

    def close(self) -> None:
        pass


_SHARED: tuple[Step[Any, Any], list[list[Any]]] | None = None  # what forked workers inherit


def _run(number: int) -> tuple[list[Any], Stats]:
    assert _SHARED is not None, "a worker forked without its work"
    step, work = _SHARED
    return run_batch(step, work[number])


def _gather(
    step: Step[Any, Any],
    work: list[list[Any]],
    done: Iterator[tuple[list[Any], Stats]],
    progress: Progress | None,
    start: float,
) -> tuple[list[Any], Stats]:
    """The batches' results in order, their stats summed (the time: from `start`, on the
    clock, not the workers' time added up); the progress told as each comes."""
    results: list[Any] = []
    total = Stats(step.name)
    for batch, (out, stats) in zip(work, done, strict=True):
        results.extend(out)
        total.add(stats)
        if progress is not None:
            progress(sum(map(step.units, batch)) if step.units else len(batch))
    total.seconds = time.perf_counter() - start
    return results, total


class RayUnavailable(CrosswireError):
    """`--executor ray` without Ray installed, or no cluster at the address given."""


class RayExecutor:
    """Batches through Ray Data on a Ray cluster: `address` is the cluster's (as `ray.init`
    takes it: "ray://host:10001", "host:6379", or "auto"); None starts a local instance."""

    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise RayUnavailable(
                "--executor ray needs the Python package 'ray' (pip install 'crosswire[ray]')"
            ) from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            try:
                ray.init(
                    address=address,
                    num_cpus=None if address else num_cpus,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            except Exception as exc:  # a wrong address, a cluster down
                where = address or "local"
                raise RayUnavailable(f"cannot start or reach Ray ({where}): {exc}") from exc
            self._started = True

    def map(
        self, step: Step[Any, Any], items: Sequence[Any], progress: Progress | None = None
    ) -> tuple[list[Any], Stats]:
        import ray.data

        logging.getLogger("ray.data").setLevel(logging.WARNING)  # no plan or timing lines
        work = batches(items, step.batch_size)
        start = time.perf_counter()
        if not work:
            return [], Stats(step.name)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        rows = [{"n": n, "job": pickle.dumps((step, b))} for n, b in enumerate(work)]
        dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), 200))
        done = dataset.map_batches(_ray_batch, batch_size=1, batch_format="pandas")
        results: dict[int, tuple[list[Any], Stats]] = {}
        for row in done.iter_rows():  # in order (preserve_order)
            results[int(row["n"])] = pickle.loads(row["out"])
        return _gather(step, work, (results[n] for n in range(len(work))), progress, start)

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


def _ray_batch(frame: Any) -> Any:
    """Ray Data's map over one row: unpickle the step and its batch, run it here, pickle back."""
    outs = [pickle.dumps(run_batch(*pickle.loads(job))) for job in frame["job"]]
    return frame.assign(out=outs)[["n", "out"]]


def executor_named(name: str, address: str | None = None) -> Executor:
    """The executor a command asked for by name."""
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        return RayExecutor(address)
    raise CrosswireError(f"unknown executor {name!r} (local or ray)")
