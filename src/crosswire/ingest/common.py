"""What every reader shares: bounded reads, decoding, stable ids."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path

from crosswire.clean.normalise import DecodeError, decode, normalise
from crosswire.errors import InputError
from crosswire.records import Failure, InputFormat, RawDocument
from crosswire.settings import Settings

Item = RawDocument | Failure


_SURROGATE = re.compile("[\ud800-\udfff]")


def name_of(path: Path | str) -> str:
    """A path as text that can be stored and shown: bytes of a name that is not UTF-8 written as
    escapes ("caf\\xe9.txt"), never as the lone surrogates Python reads them into."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def valid_text(text: str) -> str:
    """Text that encodes: a lone surrogate (JSON allows "\\ud800") becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def content_id(text: str) -> str:
    """A stable id for an article that has none: a hash of its normalised content."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_id(path: Path, ext: str) -> str:
    """The file's name without its ending (`001.txt` -> `001`, `crawl.warc.gz` -> `crawl`)."""
    name = name_of(path.name)
    return name[: -len(ext)] if name.lower().endswith(ext) else name_of(path.stem)


def read_bounded(path: Path, settings: Settings) -> bytes:
    """The whole file, refusing files over the size bound before reading them."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(
            name_of(path), f"file is {_mb(size)}, over the {_mb(settings.max_file_bytes)} limit"
        )
    if size == 0:
        raise InputError(name_of(path), "empty file")
    with path.open("rb") as f:  # the file may have grown since: read no more than the limit
        data = f.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise InputError(name_of(path), f"file over the {_mb(settings.max_file_bytes)} limit")
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def decode_text(data: bytes, where: str, line: int | None = None) -> str:
    try:
        return decode(data)
    except DecodeError as exc:
        raise InputError(where, str(exc), line=line) from None


def make_document(
    content: str,
    source: str,
    doc_id: str | None,
    kind: InputFormat,
    settings: Settings,
    *,
    url: str | None = None,
    metadata: Mapping[str, str] | None = None,
    line: int | None = None,
) -> RawDocument:
    """A `RawDocument` from decoded content: normalised (text only), bounded, given a stable id."""
    content = valid_text(content)
    if kind == "text":
        content = normalise(content)
    if not content.strip():
        raise InputError(source, "no text in it", line=line)
    if len(content) > settings.max_article_chars:
        raise InputError(
            source,
            f"article of {len(content):,} characters,"
            f" over the {settings.max_article_chars:,} limit",
            line=line,
        )
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return RawDocument(
        id=valid_text(doc_id) if doc_id else content_id(content),
        source=valid_text(source),
        format=kind,
        content=content,
        sha256=digest,
        url=valid_text(url) if url else None,
        metadata={k: valid_text(v) for k, v in (metadata or {}).items()},
    )


def document_from_bytes(
    data: bytes, source: str, doc_id: str | None, kind: InputFormat, settings: Settings
) -> RawDocument:
    if not data.strip():
        raise InputError(source, "empty input")
    if len(data) > settings.max_file_bytes:
        raise InputError(source, f"input of {_mb(len(data))}, over the size limit")
    return make_document(decode_text(data, source), source, doc_id, kind, settings)
