"""Word tokens with their offsets, and hashed word n-grams (shingles) over them."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

SHINGLE_WORDS = 5  # seeds: wire copy pairs share 5-grams, independent reports almost none
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")


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
    inside, last = False, 0
    for match in _TOKEN.finditer(text):
        for ch in text[last : match.start()]:
            if ch in "“«":
                inside = True
            elif ch in "”»":
                inside = False
            elif ch == '"':
                inside = not inside
        words.append(match.group(0).lower().replace("’", "'"))
        starts.append(match.start())
        ends.append(match.end())
        quoted.append(inside)
        last = match.end()
    return Tokens(tuple(words), tuple(starts), tuple(ends), tuple(quoted))


def shingle_hashes(words: tuple[str, ...], n: int = SHINGLE_WORDS) -> list[int]:
    """A 32-bit hash of every run of `n` words (position i: words i .. i+n-1)."""
    return [
        zlib.crc32(" ".join(words[i : i + n]).encode("utf-8")) for i in range(len(words) - n + 1)
    ]
