"""Work set aside: a function over items, in a process forked for it, while this one goes on.

Story building has parts that need nothing from each other for a while: the clustering features
of the new articles and their reuse (shingles and signatures first). On a machine of two cores
or more such work is set aside in a forked process, which inherits what this one holds (the
articles: nothing is pickled on the way out) and leaves its results, pickled, in memory shared
with this process; they are read when asked for, so this process is never interrupted to take
them in. Fork early: a process forked from a large one makes every page either then writes a
fault (copy on write), which cost more than the work it took away when alignment was set aside
late in a 100,000-article build (`benchmarks/scale.py`).

Small jobs, a machine of one core or without `fork`, no shared memory or process to be had, and
a job whose process fails (killed for memory, say) run the function here, when the results are
asked for: the results are the same either way.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

LEAST = 4000  # fewer items are not worth a process
GROUP = 1000  # results pickled together (what they share written once)
BYTES_PER_ITEM = 16 * 1024  # room reserved for an item's result (only what is written is used)


def can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and hasattr(os, "fork")


class Aside(Generic[T, R]):
    """`fn` over `items`, started now (aside, when worth it); `results()` waits for them. Used
    as a context, the work is stopped on leaving it if its results were never asked for."""

    def __init__(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        worth: bool | None = None,
        later: bool = False,
    ) -> None:
        """`worth`: whether the work is worth a process (by default, LEAST items or more);
        `later`: its results are wanted only after other work set aside, which the machine's
        cores do first (its process runs at the lowest priority, on a core left idle)."""
        self.fn, self.items = fn, items
        self._pid: int | None = None
        if not (len(items) >= LEAST if worth is None else worth) or not can_fork():
            return
        try:  # shared, anonymous: pages are taken only as the child writes them
            self._room = mmap.mmap(-1, BYTES_PER_ITEM * len(items))
        except (OSError, OverflowError, ValueError):  # no room to be had: the work is done here
            return
        try:
            pid = os.fork()
        except OSError:  # no process to be had (memory, a process limit): the work is done here
            self._room.close()
            return
        if pid == 0:  # the child: work, leave the results, and go (no clean-up of the parent's)
            code = 1
            try:
                if later:
                    os.nice(19)
                for lo in range(0, len(items), GROUP):  # a pickle a group: few results held
                    group = [fn(item) for item in items[lo : lo + GROUP]]
                    pickle.dump(group, self._room, pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:  # (out of room: ValueError, and the parent does the work)
                os._exit(code)
        self._pid = pid

    def __enter__(self) -> Aside[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the work if it is still going (the results were not wanted after all)."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None
            self._room.close()

    @property
    def aside(self) -> bool:
        """Whether the work runs in a process of its own."""
        return self._pid is not None

    def results(self) -> list[R]:
        """`fn` of every item, in order."""
        if self._pid is None:
            return [self.fn(item) for item in self.items]
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        try:
            if os.waitstatus_to_exitcode(status) == 0:
                # The groups are read where they lie, not copied out.
                groups = range(0, len(self.items), GROUP)
                return [r for _ in groups for r in pickle.load(self._room)]
        finally:
            self._room.close()
        return [self.fn(item) for item in self.items]  # the child failed: the work is done here
