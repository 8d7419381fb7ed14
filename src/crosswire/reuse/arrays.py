"""Sorting helpers for the large integer arrays of reuse detection, faster than numpy's general
ones on this work (measured at 100,000 articles; `benchmarks/scale.py`)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


def order_by(*columns: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    """The order sorting rows by the columns, the first column first, for rows no two of which
    are equal in every column: by one key of them all when it fits in 63 bits (a plain sort,
    some times faster than `np.lexsort`), else by `np.lexsort`.

    >>> order_by(np.array([2, 1, 2]), np.array([0, 5, -1])).tolist()
    [1, 2, 0]
    """
    low = [int(c.min()) if len(c) else 0 for c in columns]
    spans = [int(c.max()) - lo + 1 if len(c) else 1 for c, lo in zip(columns, low, strict=True)]
    if math.prod(spans) >= 1 << 63:
        return np.lexsort(columns[::-1])
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, lo, span in zip(columns, low, spans, strict=True):
        key *= span
        key += column - lo
    return np.argsort(key)


def distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The distinct values, sorted: `np.unique`'s result, by a plain sort (numpy 2's `unique`
    was some 40 times slower on ten million codes, measured on this machine).

    >>> distinct(np.array([5, 1, 5, 3, 1])).tolist()
    [1, 3, 5]
    """
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
