"""Cleaning: raw documents in, articles (body, metadata, removed clutter) out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

__all__ = ["clean_documents", "clean_one"]


@dataclass(frozen=True, slots=True)
class _Prepared:
    doc: RawDocument
    text: str
    segments: list[Segment]
    stated: dict[str, str | None]
    extracted: bool = False


def clean_documents(docs: Sequence[RawDocument]) -> list[Article]:
    """Clean a batch: the batch is what repetition across documents is judged on."""
    prepared = [_prepare(d) for d in docs]
    measured = [[measure(s.text) for s in p.segments] for p in prepared]
    found = boilerplate_keys([[key for _, key in m] for m in measured])
    return [_article(p, m, b) for p, m, b in zip(prepared, measured, found, strict=True)]


def clean_one(doc: RawDocument) -> Article:
    return clean_documents([doc])[0]


def _prepare(doc: RawDocument) -> _Prepared:
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
    return _Prepared(doc, text, segments(text), stated, extracted)


def _article(
    p: _Prepared, measured: list[tuple[Shape, str]], boilerplate: frozenset[str]
) -> Article:
    blocks, header = classify(p.segments, p.stated.get("title"), boilerplate, p.extracted, measured)
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
    p: _Prepared, blocks: list[Block], header: Header, dateline: Dateline | None, body: str
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
