"""The cyclic garbage collector, paused over the steps that work on the whole store."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with Python's cyclic garbage collector off; it is on again after (unless
    it was off before). Reference counting still frees everything that holds no cycle, and the
    records these steps make (articles, features, reuse pairs, stories) hold none.

    A step over the whole store makes millions of small objects on a heap of millions more (a
    100,000-article store's articles, reuse pairs and clustering state), and every full
    collection walks the whole heap: adding 1,000 articles to such a store spent about a
    quarter of its time collecting, and found nothing to free. A process forked meanwhile to
    set work aside (`crosswire.aside`) inherits the pause, so it does not write to the pages
    of the objects it shares with its parent either."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
