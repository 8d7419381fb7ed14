"""JSON Lines feeds (`.jsonl`, `.ndjson`) and JSON files (`.json`: one record or a list of them).

A record holds `text` or `html`, and optionally `id`, `url`, `title`, `outlet`, `published`,
`author`.
A bad line is reported with its number and the rest of the file is read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from crosswire.errors import InputError
from crosswire.ingest.common import Item, decode_text, make_document, name_of, read_bounded
from crosswire.records import Failure
from crosswire.settings import Settings

METADATA_FIELDS = ("title", "outlet", "published", "updated", "author", "dek")
MAX_FIELD_CHARS = 2000  # an id or a metadata field longer than this is cut


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def read(path: Path, settings: Settings) -> Iterator[Item]:
    if path.suffix.lower() == ".json":
        yield from _read_json(path, settings)
        return
    with path.open("rb") as stream:
        yield from read_stream(stream, name_of(path), settings)


def read_stream(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Item]:
    """JSON Lines from a stream, one bounded line at a time."""
    yield from _read_lines(bounded_lines(stream, settings.max_record_bytes), source, settings)


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The stream's lines, none longer than `limit` bytes held in memory: a longer line is
    skipped and given as its length instead."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (chunk := stream.readline(1 << 20)) and not chunk.endswith(b"\n"):
            size += len(chunk)
        yield size + len(chunk)


def _read_lines(lines: Iterable[bytes | int], source: str, settings: Settings) -> Iterator[Item]:
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, int):
            seen_any = True
            yield Failure(source, f"line of {raw:,} bytes, over the record limit", number)
            continue
        if not raw.strip():
            continue
        seen_any = True
        try:
            value = _loads(decode_text(raw, source, number), source, number)
            yield record_document(value, source, number, settings)
        except InputError as exc:
            yield Failure(exc.path, exc.reason, exc.line)
    if not seen_any:
        yield Failure(source, "empty file")


def _loads(text: str, source: str, line: int | None = None) -> Any:
    """JSON, or an InputError saying why not (bad syntax, nesting past Python's stack, a number
    of thousands of digits)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not JSON: {exc.msg} (column {exc.colno})", line=line) from None
    except RecursionError:
        raise InputError(source, "JSON nested too deep", line=line) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(source, f"not usable JSON: {exc}", line=line) from None


def _read_json(path: Path, settings: Settings) -> Iterator[Item]:
    source = name_of(path)
    text = decode_text(read_bounded(path, settings), source)
    try:
        value = _loads(text, source)
    except InputError as exc:
        if "not JSON" not in exc.reason:
            raise
        # Many `.json` feeds are JSON Lines under another name.
        lines = bounded_lines(io.BytesIO(text.encode("utf-8")), settings.max_record_bytes)
        yield from _read_lines(lines, source, settings)
        return
    records = value if isinstance(value, list) else [value]
    if not records:
        yield Failure(source, "no records: an empty JSON array")
    for number, record in enumerate(records, start=1):
        try:
            yield record_document(record, source, number, settings)
        except InputError as exc:
            yield Failure(exc.path, f"record {number}: {exc.reason}")


def record_document(value: Any, source: str, number: int, settings: Settings) -> Item:
    """One article from a decoded JSON record, or the reason it is not one."""
    if not isinstance(value, dict):
        raise InputError(source, f"a JSON {type(value).__name__}, not an object", line=number)
    body, kind = (value.get("text"), "text") if value.get("text") else (value.get("html"), "html")
    if not isinstance(body, str) or not body.strip():
        raise InputError(source, "record has no `text` or `html`", line=number)
    doc_id = value.get("id")
    meta = {k: str(value[k])[:MAX_FIELD_CHARS] for k in METADATA_FIELDS if _scalar(value.get(k))}
    url = value.get("url") if isinstance(value.get("url"), str) else None
    return make_document(
        body,
        f"{source}:{number}",
        str(doc_id)[:MAX_FIELD_CHARS] if _scalar(doc_id) and doc_id != "" else None,
        "text" if kind == "text" else "html",
        settings,
        url=url,
        metadata=meta,
        line=None,
    )
