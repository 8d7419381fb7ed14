"""Bytes to clean Unicode text: encoding detection, mojibake repair, white space."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

# Share of control characters above which bytes are taken for a binary file (NUL, BEL, ...).
# Text dumps seen in practice have none; 1% tolerates a stray form feed or escape.
BINARY_CONTROL_SHARE = 0.01
# charset-normalizer's "chaos" above which a guessed decoding is refused as undecodable.
MAX_CHAOS = 0.25

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=True, explain=False)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
# Runs of white space other than a single plain space (which is left alone: most text is
# made of those, and replacing each by itself is slow).
_SPACE_CHARS = " \t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS[1:]}]")
_MANY_BLANKS = re.compile(r"\n{3,}")
_LINE_EDGES = re.compile(r" \n ?|\n ")
# A lead byte of UTF-8 read as Windows-1252/Latin-1 followed by a continuation byte so read:
# the mark of mojibake. Only text with it is handed to ftfy's (slower) check.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """Bytes that are not text in any encoding crosswire can tell."""


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding: BOMs, UTF-16 without BOM, UTF-8, then a guess.

    >>> decode("café".encode("cp1252"))
    'café'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"))
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _checked(data.decode(encoding, errors="replace"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _checked(_guess(data, exc))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    return max(odd, even) > 0.4 * half and min(odd, even) < 0.05 * half


def _guess(data: bytes, exc: UnicodeDecodeError) -> str:
    """Not UTF-8: Windows-1252 when it fits (most Western pages not in UTF-8), else a guess."""
    if _binary(data[:8192].decode("latin-1")):
        raise DecodeError("binary content, not text")
    try:
        western = data.decode("cp1252")
        if not _mostly_accented(western):
            return western
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise DecodeError(
            f"undecodable bytes: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            " and no other encoding fits"
        )
    return data.decode(best.encoding, errors="replace")


def _mostly_accented(text: str) -> bool:
    """Windows-1252 text of a Western language has few accented letters; Cyrillic or Greek bytes
    read as Windows-1252 are nearly all accented."""
    letters = [c for c in text[:8192] if c.isalpha()]
    return sum(c > "\u00bf" for c in letters) > 0.3 * max(1, len(letters))


def _binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * max(1, len(text))


def _checked(text: str) -> str:
    if _binary(text[:8192]):
        raise DecodeError("binary content, not text")
    return text


def normalise(text: str) -> str:
    """Repair mojibake, unify line breaks and spaces, drop invisible characters.

    No-break and other Unicode spaces become plain spaces; runs of spaces fold to one; lines are
    stripped; more than one blank line folds to one. Curly quotes are kept (they mark quotes).

    >>> normalise("Caf\u00c3\u00a9\u00a0 au\u200b lait \\r\\n\\n\\n\\nnext")
    'Café au lait\\n\\nnext'
    """
    suspect = not text.isascii() and _MOJIBAKE_HINT.search(text) and ftfy.badness.is_bad(text)
    if suspect or "\r" in text or "\u2028" in text:
        text = ftfy.fix_text(text, _FTFY)
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _MANY_BLANKS.sub("\n\n", text).strip()
