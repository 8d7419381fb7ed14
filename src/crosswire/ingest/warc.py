"""Web archives (`.warc`, `.warc.gz`): every HTML response (or resource) record is one article.

A cut-off or corrupt archive yields the records read before the damage and one failure naming the
record where reading stopped.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crosswire.errors import InputError
from crosswire.ingest.common import Item, decode_text, make_document, name_of
from crosswire.records import Failure
from crosswire.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml")
logging.getLogger("warcio").setLevel(logging.ERROR)  # its warnings are about input, not us
TEXT_TYPES = ("text/plain",)


HEADER_BYTES = 1 << 16  # a WARC record's header lines fit in this; a file's first must


def read(path: Path, settings: Settings) -> Iterator[Item]:
    source = name_of(path)
    if path.stat().st_size == 0:
        raise InputError(source, "empty file")
    _check_start(path, source)
    number = end = 0
    with path.open("rb") as stream:
        try:
            records = ArchiveIterator(stream)
            for number, record in enumerate(_quiet(records), start=1):
                item = _record_item(record, source, number, settings)
                if item is not None:
                    yield item
                with contextlib.redirect_stderr(io.StringIO()):
                    end = records.get_record_offset() + records.get_record_length()
        except Exception as exc:  # warcio fails in many ways on damaged input
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield Failure(source, f"record {number + 1}: cut off or corrupt ({reason[:200]})")
            return
        stream.seek(end)
        if stream.read(HEADER_BYTES).strip():  # warcio stops quietly at a record cut short
            yield Failure(source, f"record {number + 1}: cut off or corrupt (incomplete record)")
            return
    if _gzipped(path) and (damage := _gzip_damage(path)):
        yield Failure(source, f"after record {number}: {damage}; later records are lost")
    elif records.err_count:
        yield Failure(
            source,
            f"{records.err_count} records do not end where their Content-Length says:"
            " damaged, their text may be cut",
        )


def _quiet(records: ArchiveIterator) -> Iterator[object]:
    """The records, with what warcio writes to stderr about damaged ones kept off the
    terminal (the damage is reported as a failure instead)."""
    iterator = iter(records)
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                record = next(iterator)
            except StopIteration:
                return
        yield record


def _check_start(path: Path, source: str) -> None:
    """Refuse at once a file that does not start as a WARC does: its first bytes (decompressed
    no further than HEADER_BYTES) must be a "WARC/" version line ended within them. warcio would
    otherwise read a newline-free file or a gzip bomb to its end in search of one."""
    head = b""
    try:
        with gzip.open(path, "rb") if _gzipped(path) else path.open("rb") as f:
            while len(head) < HEADER_BYTES and (chunk := f.read1(1024)):
                head += chunk
    except (OSError, EOFError, zlib.error) as exc:
        if not head:  # damage further on is reported once the good records are read
            raise InputError(source, f"not a readable WARC file ({exc})") from None
    first = head.split(b"\n", 1)[0] if b"\n" in head else None
    if first is None or not first.startswith(b"WARC/"):
        raise InputError(source, "not a WARC file: it does not start with a WARC/ version line")


def _gzipped(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _gzip_damage(path: Path) -> str | None:
    """Why a gzip file ends early or carries junk, or None when every member is whole (warcio
    stops quietly at a member cut short)."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as exc:
        return f"the compressed file is cut off or corrupt ({exc})"
    return None


def _record_item(record: object, source: str, number: int, settings: Settings) -> Item | None:
    rec_type = getattr(record, "rec_type", "")
    if rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if rec_type == "response" else record.rec_headers  # type: ignore[attr-defined]
    content_type = (headers.get_header("Content-Type") or "").lower() if headers else ""
    if rec_type == "response" and headers and headers.get_statuscode() not in (None, "200"):
        return None
    kind = "html" if content_type.startswith(HTML_TYPES) else None
    if kind is None and content_type.startswith(TEXT_TYPES):
        kind = "text"
    if kind is None:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    where = f"{source}#record {number}"
    payload = record.content_stream().read(settings.max_record_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) > settings.max_record_bytes:
        return Failure(source, f"record {number} ({url}): over the record size limit")
    if getattr(record.raw_stream, "limit", 0) > 0:  # type: ignore[attr-defined]
        return Failure(source, f"record {number} ({url}): cut off before its declared length")
    try:
        text = decode_text(payload, where)
        return make_document(
            text, where, None, "html" if kind == "html" else "text", settings, url=url
        )
    except InputError as exc:
        return Failure(source, f"record {number} ({url}): {exc.reason}")
