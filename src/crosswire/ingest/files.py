"""Whole-file inputs: a text dump (`.txt`) or an HTML page (`.html`, `.htm`), one article a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crosswire.ingest.common import Item, document_from_bytes, file_id, name_of, read_bounded
from crosswire.records import InputFormat
from crosswire.settings import Settings


def read(path: Path, settings: Settings, kind: InputFormat, ext: str) -> Iterator[Item]:
    data = read_bounded(path, settings)
    yield document_from_bytes(data, name_of(path), file_id(path, ext), kind, settings)
