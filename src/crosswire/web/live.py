"""Live pages: one watcher of the store's generation for every open event stream. It looks
every `every` seconds (one read of one row), and wakes the streams waiting for a newer
generation; each stream then reads what changed since the one it last told of."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class Generations:
    """The store's generation as last seen, and a way to wait for a newer one.

    >>> async def demo() -> tuple[int, int]:
    ...     seen = iter([3, 3, 4])
    ...     watch = Generations(lambda: next(seen), every=0.01)
    ...     await watch.look()
    ...     task = asyncio.create_task(watch.run())
    ...     newer = await watch.after(3, seconds=5)
    ...     same = await watch.after(4, seconds=0.05)
    ...     task.cancel()
    ...     return newer, same
    >>> asyncio.run(demo())
    (4, 4)
    """

    def __init__(self, read: Callable[[], int], every: float = 1.0) -> None:
        self._read, self.every = read, every
        self.now = -1
        self._newer: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._newer is None:  # (made in the event loop that waits on it)
            self._newer = asyncio.Event()
        return self._newer

    async def look(self) -> int:
        """Read the generation (in a thread); wake the waiters if it moved on."""
        now = await asyncio.to_thread(self._read)
        if now != self.now:
            self.now = now
            woken, self._newer = self._event(), asyncio.Event()
            woken.set()
        return now

    async def run(self) -> None:
        """Look every `every` seconds until cancelled (a failed look is tried again later)."""
        while True:
            await asyncio.sleep(self.every)
            with contextlib.suppress(Exception):
                await self.look()

    async def after(self, number: int, seconds: float) -> int:
        """The generation once it is newer than `number`, or as it is after `seconds`."""
        if self.now > number:
            return self.now
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event().wait(), seconds)
        return self.now
