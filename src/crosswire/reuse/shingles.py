"""Word tokens, which of them lie inside quotation marks, their offsets, and hashed word n-grams
(shingles) over them.

Everything per word runs in C (regular expressions, `map`, numpy): at a hundred thousand articles
a Python loop over forty million words would cost more than the whole budget.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

SHINGLE_WORDS = 5  # seeds: wire copy pairs share 5-grams, independent reports almost none
_TOKEN = re.compile(r"\w+(?:'\w+)?")  # after typographic apostrophes became plain ones
_PIECES = re.compile(f"({_TOKEN.pattern})")  # split by it: gaps and words in turn
_QUOTE_MARK = re.compile('["“”«»]')
_OPENING, _CLOSING = "“«", "”»"
# Mixing constants for shingle hashes (odd, from splitmix64).
_STEP = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)

Hashes = npt.NDArray[np.uint32]


class WordCodes(dict[str, int]):
    """A 32-bit code per word (CRC-32), memoised for a batch: most words recur."""

    def __missing__(self, word: str) -> int:
        code = self[word] = zlib.crc32(word.encode("utf-8"))
        return code


class Shingles:
    """A text's shingle hashes, sorted, with where each stands in the text, which of its words
    lie inside quotation marks, and where each word starts and how long it is (for the
    characters of an aligned passage). What reuse keeps of a text: not its words. Thirteen bytes
    a word (a hundred thousand articles' shingles are held at once); the hashes by position and
    the distinct hashes are made again when asked for."""

    __slots__ = ("order", "quoted", "sizes", "sorted", "starts")

    def __init__(
        self,
        hashes: Hashes,
        quoted: npt.NDArray[np.bool_],
        starts: npt.NDArray[np.int64] | None = None,
        ends: npt.NDArray[np.int64] | None = None,
    ) -> None:
        """`starts` and `ends`: where each word starts and ends (its end excluded) in the text
        (none: not known, as for texts that are only compared)."""
        self.quoted = quoted
        order = np.argsort(hashes, kind="stable")
        self.order = order.astype(np.uint16 if len(hashes) <= 0xFFFF else np.uint32)
        self.sorted = hashes[order]
        self.starts = self.sizes = None
        if starts is not None and ends is not None:
            self.starts = starts.astype(_smallest(int(starts[-1]) if len(starts) else 0))
            sizes = ends - starts
            self.sizes = sizes.astype(_smallest(int(sizes.max()) if len(sizes) else 0, 16))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as bytes (shingles made in another process come back by the ten thousand:
        arrays rebuilt from bytes are some times cheaper than arrays unpickled)."""
        arrays = (self.sorted, self.order, self.quoted, self.starts, self.sizes)
        return _unpickled, tuple(
            (a.dtype.str, a.tobytes()) if a is not None else None for a in arrays
        )

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The characters from word `first` up to word `last` (excluded)."""
        assert self.starts is not None and self.sizes is not None, "offsets not kept"
        return int(self.starts[first]), int(self.starts[last - 1]) + int(self.sizes[last - 1])

    @property
    def hashes(self) -> Hashes:
        """The hashes by position (position i: words i .. i+n-1)."""
        out = np.empty_like(self.sorted)
        out[self.order] = self.sorted
        return out

    @property
    def unique(self) -> Hashes:
        """The distinct hashes, sorted."""
        first = np.ones(len(self.sorted), dtype=bool)  # first of each run of equal values
        first[1:] = self.sorted[1:] != self.sorted[:-1]
        return self.sorted[first]


def _unpickled(*arrays: tuple[str, bytes] | None) -> Shingles:
    """Shingles from `Shingles.__reduce__`'s bytes (arrays read-only: none is ever written)."""
    made = [None if a is None else np.frombuffer(a[1], dtype=a[0]) for a in arrays]
    sorted_, order, quoted, starts, sizes = made
    assert sorted_ is not None and order is not None and quoted is not None
    shingles = Shingles.__new__(Shingles)
    shingles.sorted, shingles.order, shingles.quoted = sorted_, order, quoted
    shingles.starts, shingles.sizes = starts, sizes
    return shingles


def _smallest(largest: int, bits: int = 32) -> type[np.unsignedinteger[Any]]:
    """The unsigned type of `bits` bits (16 or 32) holding values up to `largest`, else wider."""
    if bits == 16 and largest <= 0xFFFF:
        return np.uint16
    return np.uint32 if largest <= 0xFFFFFFFF else np.uint64


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text (lower case), which lie inside quotation marks (shared quotes are not
    shared reporting), and where each starts and ends."""

    words: list[str]
    quoted: npt.NDArray[np.bool_]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]


def _plain(text: str) -> str:
    return text.replace("’", "'")  # same length: offsets stay valid


def tokenize(text: str) -> Tokens:
    plain = _plain(text)
    # One pass: the text as gap, word, gap, word, ..., gap; lengths in C, positions by cumsum.
    pieces = _PIECES.split(plain)
    ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    starts = ends[0:-1:2]
    words = list(map(str.lower, pieces[1::2]))
    # Quotation marks are never part of a word: the words between two marks are inside quotes
    # or not as a whole.
    quoted = np.zeros(len(words), dtype=bool)
    marks = list(_QUOTE_MARK.finditer(plain))
    if marks:
        inside, last = False, 0
        places = np.searchsorted(starts, [m.start() for m in marks]).tolist()
        for at, mark in zip(places, (m.group() for m in marks), strict=True):
            if inside:
                quoted[last:at] = True
            inside = True if mark in _OPENING else False if mark in _CLOSING else not inside
            last = at
        if inside:
            quoted[last:] = True
    return Tokens(words, quoted, starts, ends[1::2])


def shingle_hashes(
    words: list[str], codes: WordCodes | None = None, n: int = SHINGLE_WORDS
) -> Hashes:
    """A 32-bit hash of every run of `n` words (position i: words i .. i+n-1)."""
    count = len(words) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint32)
    table = codes if codes is not None else WordCodes()
    c = np.fromiter(map(table.__getitem__, words), dtype=np.uint64, count=len(words))
    h = np.zeros(count, dtype=np.uint64)
    for k in range(n):  # a polynomial over the word codes; uint64 arithmetic wraps
        h = h * _STEP + c[k : k + count]
    h ^= h >> np.uint64(31)
    h *= _MIX
    h ^= h >> np.uint64(32)
    return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
