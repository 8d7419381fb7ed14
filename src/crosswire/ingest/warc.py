"""Web archives (`.warc`, `.warc.gz`): every HTML response (or resource) record is one article.

A cut-off or corrupt archive yields the records read before the damage and one failure naming the
record where reading stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crosswire.errors import InputError
from crosswire.ingest.common import Item, decode_text, make_document
from crosswire.records import Failure
from crosswire.settings import Settings

HTML_TYPES = ("text/html", "application/xhtml")
TEXT_TYPES = ("text/plain",)


def read(path: Path, settings: Settings) -> Iterator[Item]:
    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    number = 0
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                item = _record_item(record, str(path), number, settings)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield Failure(str(path), f"record {number + 1}: cut off or corrupt ({reason})")


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
