"""Readers: files, directories and stdin in; `RawDocument`s, or `Failure`s naming bad input, out."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from crosswire.errors import InputError
from crosswire.ingest import files, jsonl, warc
from crosswire.ingest.common import Item, document_from_bytes, name_of
from crosswire.records import Failure, InputFormat, RawDocument
from crosswire.settings import Settings

__all__ = ["Item", "discover", "read_paths", "read_stdin", "reader_for"]

Reader = Callable[[Path, Settings], Iterator[RawDocument | Failure]]

# What each file ending is read as. `.gz` is only understood for WARC.
READERS: dict[str, Reader] = {
    ".txt": functools.partial(files.read, kind="text", ext=".txt"),
    ".text": functools.partial(files.read, kind="text", ext=".text"),
    ".html": functools.partial(files.read, kind="html", ext=".html"),
    ".htm": functools.partial(files.read, kind="html", ext=".htm"),
    ".xhtml": functools.partial(files.read, kind="html", ext=".xhtml"),
    ".jsonl": jsonl.read,
    ".ndjson": jsonl.read,
    ".json": jsonl.read,
    ".warc": warc.read,
    ".warc.gz": warc.read,
}


def reader_for(path: Path) -> str | None:
    """The file ending crosswire reads `path` by, or None when it does not read such files."""
    name = path.name.lower()
    return next((ext for ext in sorted(READERS, key=len, reverse=True) if name.endswith(ext)), None)


# A folder's own documents, not articles: skipped when a folder is read (given by name, read).
NOT_ARTICLES = re.compile(
    r"(?:readme|licen[cs]e|copying|notice|authors|changelog|contributing)(?:\.\w+)?", re.I
)


def discover(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Files under `paths` (directories recursively, in sorted order); hidden files and a
    folder's README, LICENSE and the like are skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                own = NOT_ARTICLES.fullmatch(child.name) is not None
                if child.is_file() and not hidden and not own and reader_for(child):
                    yield child
        elif path.is_file():
            yield path if reader_for(path) else Failure(name_of(path), "unknown file type")
        else:
            yield Failure(name_of(path), "no such file or directory")


def read_paths(paths: Iterable[Path], settings: Settings) -> Iterator[RawDocument | Failure]:
    """Every article in `paths`; a bad file or record becomes a `Failure` and reading goes on."""
    for found in discover(paths):
        if isinstance(found, Failure):
            yield found
            continue
        ext = reader_for(found)
        assert ext is not None
        reader: Reader = READERS[ext]
        try:
            yield from reader(found, settings)
        except InputError as exc:
            yield Failure(exc.path, exc.reason, exc.line)
        except OSError as exc:
            yield Failure(name_of(found), f"cannot read: {exc.strerror or exc}")


def read_stdin(stream: BinaryIO | bytes, settings: Settings) -> Iterator[RawDocument | Failure]:
    """Standard input: JSONL when it starts with a JSON object (read a bounded line at a time),
    HTML when it starts with a tag, else text (read up to the file size limit, never more)."""
    if isinstance(stream, bytes):
        stream = io.BytesIO(stream)
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[type-var]
    head = _peek(stream)
    try:
        if head == b"{":
            yield from jsonl.read_stream(stream, "<stdin>", settings)
            return
        data = stream.read(settings.max_file_bytes + 1)
        if len(data) > settings.max_file_bytes:
            limit = settings.max_file_bytes // (1024 * 1024)
            raise InputError("<stdin>", f"input over the {limit} MB limit")
        kind: InputFormat = "html" if head == b"<" else "text"
        yield document_from_bytes(data, "<stdin>", None, kind, settings)
    except InputError as exc:
        yield Failure(exc.path, exc.reason, exc.line)


def _peek(stream: BinaryIO) -> bytes:
    """The first byte that is not white space, left in the stream."""
    for size in (64, 4096, 1 << 16):
        found = stream.peek(size)[:size].lstrip()[:1]  # type: ignore[attr-defined]
        if found:
            return bytes(found)
    return b""
