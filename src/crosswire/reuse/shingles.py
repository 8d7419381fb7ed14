"""Word tokens with their offsets, and hashed word n-grams (shingles) over them."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

SHINGLE_WORDS = 5  # seeds: wire copy pairs share 5-grams, independent reports almost none
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_QUOTE_MARK = re.compile('["“”«»]')


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text (lower case), where each starts and ends, and which lie inside
    quotation marks (shared quotes are not shared reporting)."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    quoted: tuple[bool, ...]


def tokenize(text: str) -> Tokens:
    words, starts, ends, quoted = [], [], [], []
    marks = [(m.start(), m.group(0)) for m in _QUOTE_MARK.finditer(text)]
    inside, k = False, 0
    for match in _TOKEN.finditer(text):
        while k < len(marks) and marks[k][0] < match.start():
            mark = marks[k][1]
            inside = True if mark in "“«" else False if mark in "”»" else not inside
            k += 1
        words.append(match.group(0).lower().replace("’", "'"))
        starts.append(match.start())
        ends.append(match.end())
        quoted.append(inside)
    return Tokens(tuple(words), tuple(starts), tuple(ends), tuple(quoted))


def shingle_hashes(words: tuple[str, ...], n: int = SHINGLE_WORDS) -> list[int]:
    """A 32-bit hash of every run of `n` words (position i: words i .. i+n-1)."""
    return [
        zlib.crc32(" ".join(words[i : i + n]).encode("utf-8")) for i in range(len(words) - n + 1)
    ]
