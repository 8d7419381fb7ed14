"""HTML pages: main text and metadata through trafilatura, and a plain rendering of a whole page."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from crosswire.clean.dates import find_dates

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


VISIBLE_AFTER, VISIBLE_BEFORE = 15, 4  # lines around the headline where a page prints its date
_UPDATED = re.compile(
    r"\W*(?:updated|modified|last updated|aktualisiert|actualizado|mis à jour)", re.I
)


def visible_date(html: str, title: str | None, text: str = "") -> str | None:
    """The publication date the page shows its readers beside its headline ("Published Wed, Feb
    28 2024 6:03 AM EST", "2 March 2024 • 9:36pm", "jueves 2 de abril de 2020"), in the page's
    own time zone: the day a reader there sees, which a UTC date in the markup may not be. The
    headline is the one nearest above the article's `text` (a page prints its title at the top
    too, beside today's date); of two dates on one line, the earlier is the publication."""
    if not title:
        return None
    lines = [" ".join(line.split()) for line in render_text(html).split("\n")]
    lines = [line for line in lines if line]
    head = " ".join(title.split())[:30]
    paragraphs = (" ".join(p.split()) for p in text.split("\n"))
    first = next((p[:40] for p in paragraphs if len(p) >= 40 and not p.startswith(head)), "")
    body = next((i for i, line in enumerate(lines) if first and line.startswith(first)), len(lines))
    heads = [i for i, line in enumerate(lines[:body]) if line.startswith(head)]
    if not heads:
        return None
    at = heads[-1]
    for line in lines[at + 1 : at + VISIBLE_AFTER] + lines[max(0, at - VISIBLE_BEFORE) : at]:
        if _date_line(line) and (found := find_dates(line)):
            return min(found, key=lambda iso: iso[:10])
    return None


DATE_LINE_LETTERS = 50  # letters beside the date on a date line or byline; a caption says more


def _date_line(line: str) -> bool:
    """A line that is a date, or a byline with its date, not a sentence (a photo caption, a
    teaser) that mentions one."""
    letters = len(re.sub(r"[\W\d_]", "", line))
    return len(line) <= 160 and letters <= DATE_LINE_LETTERS and not _UPDATED.match(line)


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
