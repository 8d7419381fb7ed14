"""Cleaning: raw documents in, articles (body, metadata, removed clutter) out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from crosswire.clean import html as html_pages
from crosswire.clean.blocks import Segment, Shape, language, measure, segments
from crosswire.clean.classify import Header, classify
from crosswire.clean.dates import find_date
from crosswire.clean.metadata import (
    Dateline,
    agency,
    byline_names,
    find_credits,
    find_dateline,
    find_wire,
    outlet_from_clutter,
)
from crosswire.clean.normalise import normalise
from crosswire.clean.repetition import boilerplate_keys
from crosswire.records import Article, Block, Metadata, RawDocument

__all__ = ["Prepared", "boilerplate", "clean_documents", "clean_one", "finish", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's text in segments, each measured, before the batch's boilerplate is known."""

    doc: RawDocument
    text: str
    segments: list[Segment]
    stated: dict[str, str | None]
    extracted: bool = False
    measured: tuple[tuple[Shape, str], ...] = ()


def clean_documents(docs: Sequence[RawDocument]) -> list[Article]:
    """Clean a batch: the batch is what repetition across documents is judged on. In three
    parts, so an executor can spread the first and the last over workers: `prepare` each
    document, find the batch's `boilerplate`, `finish` each."""
    prepared = [prepare(d) for d in docs]
    return [finish(p, b) for p, b in zip(prepared, boilerplate(prepared), strict=True)]


def prepare(doc: RawDocument) -> Prepared:
    """A document's text (extracted from HTML), in measured segments."""
    p = _prepare(doc)
    return replace(p, measured=tuple(measure(s.text) for s in p.segments))


def boilerplate(prepared: Sequence[Prepared]) -> list[frozenset[str]]:
    """Each document's segments that recur across the batch (by key)."""
    return boilerplate_keys([[key for _, key in p.measured] for p in prepared])


def finish(p: Prepared, found: frozenset[str]) -> Article:
    """The article of a prepared document, given its boilerplate."""
    return _article(p, list(p.measured), found)


def clean_one(doc: RawDocument) -> Article:
    return clean_documents([doc])[0]


def _prepare(doc: RawDocument) -> Prepared:
    stated: dict[str, str | None] = {k: v for k, v in doc.metadata.items()}
    text, extracted = doc.content, False
    if doc.format == "html":
        found = html_pages.extract(doc.content, doc.url)
        if found is not None:
            extracted = True
            text = found.text
            stated.setdefault("title", found.title)
            stated.setdefault("author", found.author)
            # The date the page shows beside its headline (its own day, in its own zone) over
            # the markup's, often in UTC; a feed's own `published` over both.
            title = stated.get("title") or found.title
            shown = html_pages.visible_date(doc.content, title, found.text)
            stated.setdefault("published", shown or found.published)
            stated.setdefault("outlet", found.outlet)
            stated["url"] = found.url or doc.url
        else:
            text = html_pages.render_text(doc.content)
        text = normalise(text)
    return Prepared(doc, text, segments(text), stated, extracted)


def _article(p: Prepared, measured: list[tuple[Shape, str]], found: frozenset[str]) -> Article:
    blocks, header = classify(p.segments, p.stated.get("title"), found, p.extracted, measured)
    blocks, dateline = _strip_dateline(blocks)
    kept = [b.text for b in blocks if b.kept]
    body = "\n\n".join(kept)
    return Article(
        id=p.doc.id,
        source=p.doc.source,
        format=p.doc.format,
        sha256=p.doc.sha256,
        body=body,
        meta=_metadata(p, blocks, header, dateline, body),
        blocks=tuple(blocks),
    )


def _strip_dateline(blocks: list[Block]) -> tuple[list[Block], Dateline | None]:
    """The dateline opening the first paragraph; the paragraph keeps it (it is the article's
    text), the metadata records it."""
    first = next((b for b in blocks if b.kind == "body"), None)
    return blocks, find_dateline(first.text) if first else None


def _metadata(
    p: Prepared, blocks: list[Block], header: Header, dateline: Dateline | None, body: str
) -> Metadata:
    stated = p.stated
    removed = [b.text for b in blocks if not b.kept]
    authors = header.authors or byline_names(stated.get("author") or "")
    source_outlet = dateline.source if dateline and not agency(dateline.source) else None
    outlet = stated.get("outlet") or source_outlet or outlet_from_clutter(removed, p.text)
    return Metadata(
        title=header.title or stated.get("title"),
        dek=header.dek or stated.get("dek"),
        outlet=outlet,
        author=", ".join(dict.fromkeys(authors)) or stated.get("author") or None,
        published=_date(stated.get("published")) or header.published,
        updated=_date(stated.get("updated")) or header.updated,
        dateline=dateline.place if dateline else None,
        wire=find_wire(p.text, dateline),
        credits=tuple(find_credits(body, outlet)),
        url=stated.get("url") or p.doc.url,
        language=language(body),
    )


def _date(value: str | None) -> str | None:
    return find_date(value) if value else None
