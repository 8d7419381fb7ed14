"""JSON Lines feeds (`.jsonl`, `.ndjson`) and JSON files (`.json`: one record or a list of them).

A record holds `text` or `html`, and optionally `id`, `url`, `title`, `outlet`, `published`,
`author`.
A bad line is reported with its number and the rest of the file is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crosswire.errors import InputError
from crosswire.ingest.common import Item, decode_text, make_document, read_bounded
from crosswire.records import Failure
from crosswire.settings import Settings

METADATA_FIELDS = ("title", "outlet", "published", "updated", "author", "dek")


def read(path: Path, settings: Settings) -> Iterator[Item]:
    if path.suffix.lower() == ".json":
        yield from _read_json(path, settings)
        return
    with path.open("rb") as stream:
        yield from _read_lines(stream, str(path), settings)


def read_bytes(data: bytes, source: str, _name: str, settings: Settings) -> Iterator[Item]:
    yield from _read_lines(iter(data.splitlines(keepends=True)), source, settings)


def _read_lines(lines: Any, source: str, settings: Settings) -> Iterator[Item]:
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        if len(raw) > settings.max_record_bytes:
            yield Failure(source, f"line of {len(raw):,} bytes, over the record limit", number)
            continue
        if not raw.strip():
            continue
        seen_any = True
        try:
            value = json.loads(decode_text(raw, source, number))
            yield record_document(value, source, number, settings)
        except json.JSONDecodeError as exc:
            yield Failure(source, f"not JSON: {exc.msg} (column {exc.colno})", number)
        except InputError as exc:
            yield Failure(exc.path, exc.reason, exc.line)
    if not seen_any:
        yield Failure(source, "empty file")


def _read_json(path: Path, settings: Settings) -> Iterator[Item]:
    text = decode_text(read_bounded(path, settings), str(path))
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        # Many `.json` feeds are JSON Lines under another name.
        yield from _read_lines(iter(text.encode("utf-8").splitlines()), str(path), settings)
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        try:
            yield record_document(record, str(path), number, settings)
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
    meta = {k: str(value[k]) for k in METADATA_FIELDS if isinstance(value.get(k), str | int)}
    url = value.get("url") if isinstance(value.get("url"), str) else None
    return make_document(
        body,
        f"{source}:{number}",
        str(doc_id) if doc_id not in (None, "") else None,
        "text" if kind == "text" else "html",
        settings,
        url=url,
        metadata=meta,
        line=None,
    )
