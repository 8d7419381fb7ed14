"""Reports on disk: per story a Markdown file and one self-contained HTML page (styles inline,
nothing fetched, no script; a Content-Security-Policy forbids any), and an index page. Pages
are rendered by Jinja2 with autoescaping on: whatever an article holds is shown as text, and only
http(s) addresses become links."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from crosswire import __version__
from crosswire.records import Failure
from crosswire.report.files import remove_stale, tree_digest, write_text
from crosswire.report.json import compact, record_lines
from crosswire.report.markdown import story_markdown
from crosswire.report.view import StoryView, story_view

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True, slots=True)
class Written:
    story: str
    markdown: Path
    html: Path


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def story_html(view: StoryView) -> str:
    return _environment().get_template("story.html.j2").render(v=view, version=__version__)


def index_html(entries: list[dict[str, Any]], articles: int) -> str:
    template = _environment().get_template("index.html.j2")
    return template.render(stories=entries, articles=articles, version=__version__)


def file_name(story_id: str) -> str:
    """A story's file name: its id with anything but letters, digits, '-', '_' and '.' replaced."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", story_id).lstrip(".") or "story"


RENDERED = ".rendered.json"  # in stories/: each report's key, so an unchanged one is not redone


@cache
def _code_key() -> str:
    """The report code's own hash: templates or rendering changed, every report is redone."""
    return tree_digest(Path(__file__).parent)


def _render_key(story: str, members: list[str]) -> str:
    """What a story's reports follow from: the report code, the story, its articles (each as
    its compact JSON line)."""
    text = "\n".join([_code_key(), story, *members])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry(name: str, view: StoryView) -> dict[str, Any]:
    """A story's line in the index."""
    return {
        "file": name,
        "headline": view.headline,
        "lead": view.brief[0]["text"] if view.brief else "",
        "articles": view.counts["articles"],
        "origins": view.counts["origins"],
        "conflicts": view.counts["conflicts"],
        "dates": view.dates,
    }


def write_reports(
    document: Mapping[str, Any],
    out_dir: Path,
    failures: list[Failure] | None = None,
    lines: Mapping[str, str | list[str]] | None = None,
) -> list[Written]:
    """Write DIR/stories/<story>.md and .html for every story of a `stories.json` document, and
    DIR/index.html listing them. A story whose reports cannot be made is added to `failures`
    (when given) and left out; the others are written. `lines` are the document's records as
    stories.json wrote them (`record_lines`), when at hand."""
    articles = {a["id"]: a for a in document.get("articles", [])}
    if lines is None:
        lines = record_lines(document)
    story_lines, article_lines = lines.get("stories") or [], lines.get("articles") or []
    records = document.get("articles", [])
    line_of = {a["id"]: line for a, line in zip(records, article_lines, strict=False)}
    folder = out_dir / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / RENDERED
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    rendered: dict[str, dict[str, Any]] = {}
    written = []
    entries = []
    for n, story in enumerate(document.get("stories", [])):
        try:
            members = [line_of.get(a, "null") for a in story.get("articles", [])]
            key = _render_key(story_lines[n] if n < len(story_lines) else compact(story), members)
            name = file_name(str(story["id"]))
            md_path, html_path = folder / f"{name}.md", folder / f"{name}.html"
            done = before.get(name)
            if (
                isinstance(done, dict)
                and done.get("key") == key
                and md_path.exists()
                and html_path.exists()
            ):
                entry = done["entry"]  # unchanged: neither its view nor its files are made again
            else:  # (the line is the whole record: a document's may lack its findings)
                whole = json.loads(story_lines[n]) if n < len(story_lines) else story
                view = story_view(whole, articles)
                write_text(md_path, story_markdown(view))
                write_text(html_path, story_html(view))
                entry = _entry(name, view)
            rendered[name] = {"key": key, "entry": entry}
        except (KeyError, TypeError, ValueError, jinja2.TemplateError) as exc:
            if failures is None:
                raise
            where = str(story.get("id", "?")) if isinstance(story, Mapping) else "?"
            failures.append(Failure(where, f"report not written: {type(exc).__name__}: {exc}"))
            continue
        written.append(Written(str(story["id"]), md_path, html_path))
        entries.append(entry)
    write_text(out_dir / "index.html", index_html(entries, len(articles)))
    write_text(manifest, json.dumps(rendered, sort_keys=True))
    kept = {p.name for w in written for p in (w.markdown, w.html)} | {RENDERED}
    remove_stale(folder, kept, (".md", ".html"))
    remove_stale(out_dir, {p.name for p in out_dir.iterdir()}, ())
    return written
