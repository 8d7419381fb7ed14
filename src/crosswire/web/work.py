"""The app's writes (ingest, split, merge), run one at a time in a worker process, so pages go
on being served from the store while a run cleans, clusters and analyses (a run holds a core;
in the server's process it would hold the interpreter too)."""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from crosswire.engine import jobs
from crosswire.errors import CrosswireError
from crosswire.settings import Settings
from crosswire.store import Store

T = TypeVar("T")


class WriteFailed(CrosswireError):
    """A write whose worker process died (its transaction rolled back: the store is as it was)."""


class Writer:
    """One worker process for the app's writes (started at the first, kept for the next)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = asyncio.Lock()

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        async with self._lock:  # (one write at a time: a run sees the one before it)
            if self._pool is None:
                context = multiprocessing.get_context("spawn")  # (no copy of the server's threads)
                self._pool = ProcessPoolExecutor(1, mp_context=context)
            try:
                return await asyncio.get_running_loop().run_in_executor(self._pool, job, *args)
            except BrokenProcessPool:  # (killed, out of memory): the next write starts afresh
                self._pool = None
                raise WriteFailed("the write's worker process died; nothing was kept") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def ingest_job(db: str, out: str, files: dict[str, bytes]) -> dict[str, Any]:
    """Read the files (name -> bytes) into the store and write its stories: what changed."""
    folder = Path(tempfile.mkdtemp(prefix="crosswire-ingest-"))
    try:
        for n, (name, data) in enumerate(sorted(files.items())):
            (folder / f"{n:05d}-{name}").write_bytes(data)
        with Store(db) as store:
            read = jobs.read_inputs([folder], Settings.load(store_path=Path(db)), store)
            done = jobs.write_stories(store, Path(out))
            return _changed(done, store) | {
                "articles": len(read.articles),
                "failures": [_failure(f.source, f.reason, folder) for f in read.failures],
            }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def split_job(db: str, out: str, story: str, articles: list[str]) -> dict[str, Any]:
    """Split articles off a story (as `crosswire stories split`), then write the stories."""
    with Store(db) as store:
        new_id = jobs.split_story(store, story, articles)
        return _changed(jobs.write_stories(store, Path(out)), store) | {"story": new_id}


def merge_job(db: str, out: str, stories: list[str]) -> dict[str, Any]:
    """Merge stories into the first (as `crosswire stories merge`), then write the stories."""
    with Store(db) as store:
        moved = jobs.merge_stories(store, stories)
        done = jobs.write_stories(store, Path(out))
        return _changed(done, store) | {"story": stories[0], "moved": moved}


def _changed(done: jobs.StoriesWritten, store: Store) -> dict[str, Any]:
    return {
        "new": done.published.new,
        "changed": done.published.changed,
        "gone": done.published.gone,
        "stories": len(done.stories),
        "generation": store.generation(),
        "problems": [f"{f.source}: {f.reason}" for f in done.failures],
    }


def _failure(source: str, reason: str, folder: Path) -> str:
    """A failed input as the uploader named it (not the worker's own temporary path)."""
    name = source.removeprefix(str(folder) + "/")
    return f"{name.split('-', 1)[-1]}: {reason}"
