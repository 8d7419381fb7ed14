from __future__ import annotations

import codecs

import pytest

from crosswire.clean.normalise import DecodeError, decode, normalise

TEXT = "Le café “Déjà vu” — Zürich"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32", "cp1252"],
)
def test_decode_any_encoding(data: bytes) -> None:
    assert decode(data) == TEXT


def test_decode_latin1() -> None:
    assert decode("Málaga, São Paulo".encode("latin-1")) == "Málaga, São Paulo"


def test_decode_cyrillic_single_byte_is_not_read_as_western() -> None:
    text = "Президент России встретился с лидером КНДР в Пекине. " * 4
    assert decode(text.encode("cp1251")).startswith("Президент")


def test_decode_binary_is_refused() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x00\x01\x02\x03PK\x05\x06" * 200)


def test_decode_undecodable_bytes_are_refused() -> None:
    with pytest.raises(DecodeError, match="undecodable"):
        decode(bytes(range(0x80, 0x100)) * 4)


def test_normalise_repairs_mojibake_and_spaces() -> None:
    broken = "The leaders’ meeting"  # UTF-8 read as cp1252
    assert normalise(broken.encode("utf-8").decode("cp1252")) == broken
    assert normalise("a\u00a0b\u2009c\u200bd  e\t f") == "a b cd e f"


def test_normalise_keeps_curly_quotes_and_folds_blank_lines() -> None:
    assert (
        normalise("“Hi,” he said\r\n\r\n\r\n\r\nNext\u2028line ") == "“Hi,” he said\n\nNext\nline"
    )
