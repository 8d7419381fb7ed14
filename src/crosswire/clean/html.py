"""HTML pages: main text and metadata through trafilatura, and a plain rendering of a whole page."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
PARAGRAPH_TAGS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "table", "ul", "ol"]
)
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None
    url: str | None
    description: str | None


def extract(html: str, url: str | None = None) -> Extracted | None:
    """The article text (paragraphs on their own lines) and metadata of a page, or None."""
    import trafilatura  # slow to import; text-only runs never need it

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        fast=True,  # skip trafilatura's fallback extractors: the second pass cleans after it
        # Dates from the page's markup only: htmldate's extensive search runs dateparser over
        # the text (seconds of warm-up); crosswire reads dates in the text itself.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        return None
    return Extracted(
        text=text,
        title=data.get("title") or None,
        author=data.get("author") or None,
        published=data.get("date") or None,
        outlet=data.get("sitename") or None,
        url=data.get("url") or url,
        description=data.get("description") or None,
    )


def render_text(html: str) -> str:
    """The whole page as a browser's "select all, copy" would give it: navigation, teasers and
    footers included, a line per block, a blank line around paragraphs."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in list(root.iter(*DROP_TAGS)):
        bad.drop_tree()
    out: list[str] = []
    _render(root, out)
    return "".join(out)


def _render(el: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    brk = "\n\n" if tag in PARAGRAPH_TAGS else "\n" if tag in BLOCK_TAGS else ""
    out.append(brk)
    if el.text and isinstance(el.tag, str):
        out.append(el.text)
    for child in el:
        _render(child, out)
        if child.tail:
            out.append(child.tail)
    out.append(brk)
