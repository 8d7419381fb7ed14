from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.records import Failure
from crosswire.report.html import file_name, story_html, write_reports
from crosswire.report.json import document_text, dumps, load_schema
from crosswire.report.markdown import md, story_markdown
from crosswire.report.view import diff_words, story_view

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CROSSWIRE_UPDATE_GOLDEN") == "1"  # set it to rewrite the goldens


def _golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; rewrite it when CROSSWIRE_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with CROSSWIRE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_report_seed_story_json_matches_its_golden_file(seed_run: Path) -> None:
    text = (seed_run / "stories.json").read_text(encoding="utf-8")
    document = json.loads(text)
    jsonschema.validate(document, load_schema())
    assert text == document_text(document)  # one record a line
    _golden("seeds/stories.json", dumps(document))  # indented: a change reads well in a diff


def test_report_seed_story_markdown_matches_its_golden_file(seed_run: Path) -> None:
    doc = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))
    (story,) = doc["stories"]
    text = (seed_run / "stories" / f"{file_name(story['id'])}.md").read_text(encoding="utf-8")
    _golden("seeds/story.md", text)


def test_report_every_story_has_a_page_and_the_index_links_them(seed_run: Path) -> None:
    doc = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))
    index = (seed_run / "index.html").read_text(encoding="utf-8")
    for story in doc["stories"]:
        page = seed_run / "stories" / f"{file_name(story['id'])}.html"
        assert page.exists() and f'href="stories/{page.name}"' in index
        html = page.read_text(encoding="utf-8")
        for section in ("brief", "conflicts", "matrix", "quotes", "timeline", "entities"):
            assert f'<section id="{section}">' in html
        for section in ("reuse", "exclusives", "articles"):
            assert f'<section id="{section}">' in html
        assert "http://" not in html.replace('href="http', "") and "<script" not in html
        assert "<link" not in html and "@import" not in html  # nothing fetched


class _Tags(HTMLParser):
    """Every tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def test_report_payloads_are_shown_as_text(payload_run: Path) -> None:
    for page in [payload_run / "index.html", *sorted((payload_run / "stories").glob("*.html"))]:
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        names = {tag for tag, _ in parser.tags}
        assert not names & {"script", "img", "iframe", "object", "embed", "link"}, page
        for _, attrs in parser.tags:
            assert not any(k.startswith("on") for k in attrs), attrs
            for key in ("href", "src", "action"):
                assert not attrs.get(key, "").strip().lower().startswith("javascript:"), attrs
    html = next((payload_run / "stories").glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned" in html  # shown, as text
    assert 'href="https://example.org/floods?a=1&amp;b=&lt;script&gt;"' in html
    markdown = next((payload_run / "stories").glob("*.md")).read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "](javascript:" not in markdown


def test_report_markdown_escapes_what_markdown_would_run() -> None:
    assert md("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert md("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert md("*bold* _em_ `code` a|b") == "\\*bold\\* \\_em\\_ \\`code\\` a\\|b"
    assert md("- item") == "\\- item" and md("1. item") == "1\\. item" and md("# h") == "\\# h"
    assert md("2025-09-03 and\nnext line") == "2025-09-03 and next line"


def test_report_quote_wordings_mark_only_the_words_that_differ() -> None:
    segments = diff_words(
        "We are waiting for you, come visit us.", "We are waiting for you, come see us soon."
    )
    assert [(s.text, s.changed) for s in segments] == [
        ("We are waiting for you, come", False),
        ("see", True),
        ("us", False),
        ("soon.", True),
    ]


def test_report_story_without_analysis_still_renders() -> None:
    story = {"id": "story-x", "headline": "A <b>story</b>", "articles": ["a"], "origins": [["a"]]}
    view = story_view(story, {"a": {"id": "a", "title": "T", "url": "javascript:alert(1)"}})
    html = story_html(view)
    assert "A &lt;b&gt;story&lt;/b&gt;" in html and "javascript:" not in html
    assert "No brief" in story_markdown(view)


@pytest.mark.parametrize("story_id", ["story-1", "../../etc/passwd", ".hidden", "a b/c"])
def test_report_file_names_stay_in_their_folder(story_id: str) -> None:
    name = file_name(story_id)
    assert "/" not in name and not name.startswith(".") and name


def test_report_a_story_that_cannot_be_shown_is_named_and_the_others_written(
    tmp_path: Path,
) -> None:
    good = {"id": "story-good", "headline": "Good", "articles": ["a"], "origins": [["a"]]}
    bad = {"id": "story-bad", "headline": "Bad", "articles": ["a"], "facts": [{"id": "f"}]}
    document = {"articles": [{"id": "a", "title": "A"}], "stories": [bad, good]}
    failures: list[Failure] = []
    written = write_reports(document, tmp_path, failures)
    assert [w.story for w in written] == ["story-good"]
    assert [f.source for f in failures] == ["story-bad"] and "report not written" in str(
        failures[0]
    )
    assert "story-good.html" in (tmp_path / "index.html").read_text(encoding="utf-8")
    with pytest.raises(KeyError):
        write_reports(document, tmp_path / "strict")


def test_report_a_huge_story_is_shown_in_bounded_sections() -> None:
    from crosswire.report.view import MAX_ITEMS, MAX_MATRIX_ARTICLES, MAX_MATRIX_FACTS

    ids = [f"a{n:03d}" for n in range(MAX_MATRIX_ARTICLES + 20)]
    source = [{"article": ids[0], "text": "x", "start": 0, "end": 1}]
    fact = {"articles": 2, "origins": 2, "sources": [*source, {**source[0], "article": ids[1]}]}
    story = {
        "id": "story-big",
        "headline": "Big",
        "articles": ids,
        "origins": [[a] for a in ids],
        "facts": [{**fact, "id": f"f{n}", "statement": f"Fact {n}."} for n in range(100)],
        "quotes": [{"speaker": "S", "text": f"q{n}", "sources": source} for n in range(400)],
        "entities": [{"name": f"E{n}", "type": "PERSON", "articles": ids[:1]} for n in range(300)],
    }
    view = story_view(story, {a: {"id": a} for a in ids})
    assert len(view.matrix) == MAX_MATRIX_FACTS and view.more["matrix"] == 100 - MAX_MATRIX_FACTS
    assert sum(map(len, view.matrix_origins)) == MAX_MATRIX_ARTICLES and view.more["columns"] == 20
    assert len(view.quotes) == MAX_ITEMS and view.counts["quotes"] == 400
    assert len(view.entities) == MAX_ITEMS and view.more["entities"] == 300 - MAX_ITEMS
    html, markdown = story_html(view), story_markdown(view)
    assert "250 more in stories.json" in html and "250 more in stories.json" in markdown


def test_report_files_are_readable_and_stale_ones_go(tmp_path: Path) -> None:
    """Seen: reports were mode 0600, a killed write left `.stories.json.*.tmp`, and a story
    merged away kept its files in stories/."""
    from crosswire.report.json import write_json

    story = {"id": "story-kept", "headline": "Kept", "articles": ["a"], "origins": [["a"]]}
    gone = {"id": "story-gone", "headline": "Gone", "articles": ["a"], "origins": [["a"]]}
    document = {"articles": [{"id": "a", "title": "A"}], "stories": [story, gone]}
    write_reports(document, tmp_path)
    (tmp_path / ".stories.json.k1ll3d.tmp").write_text("{", encoding="utf-8")
    (tmp_path / "stories" / ".story-kept.html.x.tmp").write_text("<", encoding="utf-8")
    (tmp_path / "stories" / "notes-by-the-desk.txt").write_text("mine", encoding="utf-8")
    document["stories"] = [story]
    write_json(tmp_path / "stories.json", document)
    write_reports(document, tmp_path)
    names = sorted(p.name for p in (tmp_path / "stories").iterdir())
    assert names == [".rendered.json", "notes-by-the-desk.txt", "story-kept.html", "story-kept.md"]
    assert not list(tmp_path.glob(".*.tmp"))
    for path in [
        tmp_path / "stories.json",
        tmp_path / "index.html",
        tmp_path / "stories" / "story-kept.html",
    ]:
        assert path.stat().st_mode & 0o777 == 0o644 & ~_umask(), path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_report_out_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from crosswire.cli import app

    (tmp_path / "a.txt").write_text(
        "Council approves budget\n\nThe council approved the new budget on Tuesday after a long"
        " debate over roads and schools.",
        encoding="utf-8",
    )
    target = tmp_path / "out"
    target.write_text("a file", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "a.txt"), "--out", str(target), "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "not a folder" in result.stderr


def test_report_an_unchanged_story_is_not_rendered_again(tmp_path: Path) -> None:
    """Issue 17: re-rendering only what changed; a changed story, or a report file gone, is
    rendered again."""
    one = {"id": "story-one", "headline": "One", "articles": ["a"], "origins": [["a"]]}
    two = {"id": "story-two", "headline": "Two", "articles": ["a"], "origins": [["a"]]}
    three = {"id": "story-three", "headline": "Three", "articles": ["a"], "origins": [["a"]]}
    document = {"articles": [{"id": "a", "title": "A"}], "stories": [one, two, three]}
    write_reports(document, tmp_path)
    stamp = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "stories").glob("story-*")}
    os.utime(tmp_path / "stories" / "story-one.html", ns=(1, 1))
    (tmp_path / "stories" / "story-two.md").unlink()
    document["stories"] = [one | {"headline": "One, updated"}, two, three]
    write_reports(document, tmp_path)
    html = (tmp_path / "stories" / "story-one.html").read_text(encoding="utf-8")
    assert "One, updated" in html  # changed: rendered again
    assert (tmp_path / "stories" / "story-two.md").exists()  # gone: rendered again
    unchanged = (tmp_path / "stories" / "story-three.html").stat().st_mtime_ns
    assert unchanged == stamp["story-three.html"]  # unchanged: not rendered again


def test_unchanged_stories_are_not_viewed_again_and_the_index_stays_the_same(
    seed_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a run that changed no story re-renders nothing, not even a story's view."""
    import crosswire.report.html as html

    document = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))
    write_reports(document, tmp_path)
    index = (tmp_path / "index.html").read_bytes()

    def refuse(*args: object) -> None:
        raise AssertionError("an unchanged story was viewed again")

    monkeypatch.setattr(html, "story_view", refuse)
    written = write_reports(document, tmp_path)
    assert [w.story for w in written] == [s["id"] for s in document["stories"]]
    assert (tmp_path / "index.html").read_bytes() == index
    changed_article = json.loads(json.dumps(document))
    changed_article["articles"][0]["title"] = "Another title"
    with pytest.raises(AssertionError, match="viewed again"):
        write_reports(changed_article, tmp_path)  # one of its articles changed
    document["stories"][0]["headline"] = "Another headline"
    with pytest.raises(AssertionError, match="viewed again"):
        write_reports(document, tmp_path)  # a changed story is viewed and written again


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='a\n\t"\\é{}', max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("ab", max_size=2), inner),
    max_leaves=8,
)
_KEYS = st.sampled_from(["articles", "brief", "conflicts", "facts", "id", "origins"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _JSON), st.dictionaries(_KEYS, _JSON))
def test_report_story_line_splices_findings_as_the_encoder_writes_them(
    record: dict[str, object], findings: dict[str, object]
) -> None:
    """Issue 17: kept findings go into a story's stories.json line as JSON text, never decoded:
    the line is byte for byte the one the whole record would give, and the text kept in the
    store reads back as it was written."""
    from crosswire.report.json import (
        compact,
        findings_parts,
        parts_from_text,
        parts_text,
        story_line,
    )

    parts = findings_parts(findings)
    assert story_line(record, parts) == compact(record | findings)
    assert parts_from_text(parts_text(parts)) == parts
    assert parts_from_text(compact(findings)) == parts  # as kept before: one JSON object


@pytest.mark.parametrize("text", ["brief", "brief\t", "\tx", "not a key\t[]", "[1, 2]"])
def test_report_unreadable_kept_findings_are_told(text: str) -> None:
    from crosswire.report.json import parts_from_text

    with pytest.raises(ValueError):
        parts_from_text(text)
