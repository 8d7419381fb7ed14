"""Word tokens, which of them lie inside quotation marks, their offsets, and hashed word n-grams
(shingles) over them.

Everything per word runs in C (regular expressions, `map`, numpy): at a hundred thousand articles
a Python loop over forty million words would cost more than the whole budget.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

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
    """A text's shingle hashes, sorted, with where each stands in the text, and which of its
    words lie inside quotation marks. What reuse keeps of a text: not its words. Seven bytes a
    word (a hundred thousand articles' shingles are held at once); the hashes by position and
    the distinct hashes are made again when asked for."""

    __slots__ = ("order", "quoted", "sorted")

    def __init__(self, hashes: Hashes, quoted: npt.NDArray[np.bool_]) -> None:
        self.quoted = quoted
        order = np.argsort(hashes, kind="stable")
        self.order = order.astype(np.uint16 if len(hashes) <= 0xFFFF else np.uint32)
        self.sorted = hashes[order]

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


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text (lower case), and which lie inside quotation marks (shared quotes are
    not shared reporting)."""

    words: list[str]
    quoted: npt.NDArray[np.bool_]


def _plain(text: str) -> str:
    return text.replace("’", "'")  # same length: offsets stay valid


def tokenize(text: str) -> Tokens:
    plain = _plain(text)
    words: list[str] = []
    flags: list[bool] = []
    counts: list[int] = []
    inside, at = False, 0
    # Quotation marks are never part of a word, so the words of the pieces between marks are the
    # words of the text; each piece is inside quotes or not as a whole.
    for mark in _QUOTE_MARK.finditer(plain):
        piece = _TOKEN.findall(plain, at, mark.start())
        words += piece
        counts.append(len(piece))
        flags.append(inside)
        m = mark.group(0)
        inside = True if m in _OPENING else False if m in _CLOSING else not inside
        at = mark.end()
    piece = _TOKEN.findall(plain, at)
    words += piece
    counts.append(len(piece))
    flags.append(inside)
    return Tokens(list(map(str.lower, words)), np.repeat(np.array(flags, dtype=bool), counts))


def word_offsets(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Start and end character of every word of a text (the words `tokenize` finds)."""
    # One pass: the text as gap, word, gap, word, ..., gap; lengths in C, positions by cumsum.
    pieces = _PIECES.split(_plain(text))
    ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    return ends[0:-1:2], ends[1::2]


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
