"""JSON serialisation of crosswire's records, in one place. Output is deterministic: keys sorted,
articles in id order, so users can diff runs."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosswire import __version__
from crosswire.analyse import Analysis, Evidence
from crosswire.analyse.quotes import QuoteSpan
from crosswire.records import Article
from crosswire.report.files import write_text
from crosswire.stories import Story

if TYPE_CHECKING:
    from crosswire.brief import Brief
    from crosswire.crosscheck import Claim, CrossCheck
    from crosswire.engine.analysis import Findings

SCHEMA_PATH = Path(__file__).with_name("stories.schema.json")


def article_json(article: Article) -> dict[str, Any]:
    """An article as `stories.json` shows it (see ../OUTPUT.md and the JSON Schema)."""
    m = article.meta
    return {
        "id": article.id,
        "title": m.title,
        "dek": m.dek,
        "outlet": m.outlet,
        "author": m.author,
        "published": m.published,
        "updated": m.updated,
        "dateline": m.dateline,
        "wire": m.wire,
        "credits": list(m.credits),
        "url": m.url,
        "source": article.source,
        "body": article.body,
        "removed": [{"text": r.text, "kind": r.kind, "reason": r.reason} for r in article.removed],
    }


def story_json(story: Story, bodies: Mapping[str, str]) -> dict[str, Any]:
    """A story as `stories.json` shows it: members with why they belong, origins, reuse (each
    passage's text cut from its first article's body, `bodies` by article id)."""
    return {
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "origins": [list(group) for group in story.origins],
        "reuse": [
            {
                "articles": [p.a, p.b],
                "origin": p.origin,
                "evidence": p.evidence,
                "shares": {p.a: p.share_a, p.b: p.share_b},
                "passages": [
                    {"text": bodies[p.a][x.a_start : x.a_end], "chars": x.chars} for x in p.passages
                ],
            }
            for p in story.reuse
        ],
        "members": [
            {
                "article": m.article,
                "how": m.how,
                "similarity": m.similarity,
                "shared_names": list(m.shared_names),
                "days_apart": m.days_apart,
                "reason": m.reason,
            }
            for m in story.members
        ],
        "dates": {"first": story.first, "last": story.last, "span_days": story.span_days},
    }


def _evidence(e: Evidence | QuoteSpan | Claim) -> dict[str, Any]:
    return {"article": e.article, "text": e.text, "start": e.start, "end": e.end}


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """Entities, timeline, quotes, time expressions and quantities of a story."""
    return {
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "articles": list(e.articles),
                "mentions": len(e.mentions),
            }
            for e in analysis.entities.all
        ],
        "timeline": [
            {"date": t.date, "event": t.event, "sources": [_evidence(s) for s in t.sources]}
            for t in analysis.timeline
        ],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker,
                "text": q.text,
                "kind": q.sources[0].kind,
                "articles": list(q.articles),
                "repeated": list(q.repeated),
                "sources": [
                    _evidence(s) | {"speaker": s.speaker_text, "cue": s.cue, "attributed": s.how}
                    for s in q.sources
                ],
            }
            for q in analysis.quotes
        ],
        "times": [
            {
                "article": t.article,
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "value": t.value.iso,
                "precision": t.value.precision,
                "relative": t.relative,
            }
            for t in analysis.times
        ],
        "quantities": [
            {
                "article": q.article,
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "low": q.low,
                "high": q.high,
                "value": q.value,
                "unit": q.unit,
                "counted": q.counted,
                "hedge": q.hedge,
            }
            for q in analysis.quantities
        ],
        "notes": list(analysis.notes),
    }


def crosscheck_json(check: CrossCheck) -> dict[str, Any]:
    """Facts with their sources and independent origins, conflicts side by side, exclusives,
    and numbers that move over time step by step (developments)."""
    return {
        "facts": [
            {
                "id": f.id,
                "statement": f.statement,
                "sources": [_evidence(c) for c in f.claims],
                "articles": len(f.articles),
                "origins": f.origins,
            }
            for f in check.facts
        ],
        "conflicts": [
            {
                "id": c.id,
                "kind": c.kind,
                "about": c.about,
                "fact": c.fact,
                "values": [
                    {
                        "value": side.value,
                        "sources": [_evidence(x) for x in side.claims],
                        "articles": len(side.articles),
                        "origins": side.origins,
                    }
                    for side in c.sides
                ],
            }
            for c in check.conflicts
        ],
        "exclusives": {a: list(ids) for a, ids in check.exclusives.items()},
        "developments": [
            {
                "id": d.id,
                "about": d.about,
                "steps": [
                    {
                        "value": step.value,
                        "sources": [_evidence(x) for x in step.claims],
                        "articles": len(step.articles),
                        "origins": step.origins,
                        "published": step.published,
                        "newest": step.newest,
                    }
                    for step in d.steps
                ],
            }
            for d in check.developments
        ],
    }


def brief_json(brief: Brief) -> dict[str, Any]:
    """The summary: each sentence with every source that states it."""
    return {
        "summary": [
            {
                "text": line.text,
                "sources": [_evidence(c) for c in line.sources],
                "fact": line.fact,
                "articles": line.articles,
                "origins": line.origins,
                "dispute": line.dispute,
                "side": line.side,
                "newest": line.newest,
            }
            for line in brief.lines
        ]
    }


def findings_json(findings: Findings) -> dict[str, Any]:
    return (
        analysis_json(findings.analysis)
        | crosscheck_json(findings.check)
        | brief_json(findings.brief)
    )


def stories_document(
    articles: Iterable[Article],
    stories: Iterable[Story] = (),
    left_out: Mapping[str, str] | None = None,
    analyses: Mapping[str, Findings] | None = None,
) -> dict[str, Any]:
    """The whole stories.json document; a story's findings come from `analyses` (a story
    without is written without findings: see `stories_lines` for findings kept as JSON)."""
    analyses = analyses or {}
    ordered = sorted(articles, key=lambda a: a.id)
    bodies = {a.id: a.body for a in ordered}
    doc: dict[str, Any] = {
        "crosswire": __version__,
        "articles": [article_json(a) for a in ordered],
        "stories": [
            story_json(s, bodies) | (findings_json(analyses[s.id]) if s.id in analyses else {})
            for s in stories
        ],
    }
    if left_out:
        doc["unclustered"] = [{"article": k, "reason": v} for k, v in sorted(left_out.items())]
    return doc


def stories_lines(
    articles: Iterable[Article],
    stories: Sequence[Story],
    left_out: Mapping[str, str],
    findings: Mapping[str, Mapping[str, str]],
    kept: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str | list[str]]]:
    """The stories.json document without the stories' findings, and its `record_lines` with
    them: each story's `findings` (as `findings_parts`, kept from an earlier run or made now)
    spliced into its line as they are, never decoded and encoded again (a store's stories are
    mostly unchanged from one run to the next). A story with a line `kept` (by id: as an
    earlier run wrote it) has that line, and in the document only its id and articles."""
    kept = kept or {}
    made = [s for s in stories if s.id not in kept]
    document = stories_document(articles, made, left_out)
    records = dict(zip((s.id for s in made), document["stories"], strict=True))
    lines = record_lines({k: v for k, v in document.items() if k != "stories"})
    lines["stories"] = [  # each story record encoded once, with its findings
        kept[s.id] if s.id in kept else story_line(records[s.id], findings.get(s.id, {}))
        for s in stories
    ] or compact([])
    document["stories"] = [
        records.get(s.id) or {"id": s.id, "articles": list(s.articles)} for s in stories
    ]
    return document, dict(sorted(lines.items()))


def findings_parts(findings: Mapping[str, Any]) -> dict[str, str]:
    """A story's findings as compact JSON a key, as they are spliced into its line."""
    return {key: compact(value) for key, value in findings.items()}


def parts_text(parts: Mapping[str, str]) -> str:
    """`findings_parts` as kept in the store: a line a key, the key and its JSON apart by a
    tab (compact JSON holds neither a newline nor a tab outside its strings, nor inside)."""
    return "\n".join(f"{key}\t{value}" for key, value in sorted(parts.items()))


def parts_from_text(text: str) -> dict[str, str]:
    """`findings_parts` from the store's text (or from one JSON object, as kept before).
    Raises ValueError for a text of neither shape."""
    if text.startswith("{"):
        found = json.loads(text)
        if not isinstance(found, dict):
            raise ValueError("kept findings are no JSON object")
        return findings_parts(found)
    parts = {}
    for line in text.split("\n") if text else ():
        key, tab, value = line.partition("\t")
        if not (tab and key.isidentifier() and value):
            raise ValueError("kept findings are not a line a key")
        parts[key] = value
    return parts


def story_line(record: Mapping[str, Any], parts: Mapping[str, str]) -> str:
    """`compact(record | findings)`, the findings given as `findings_parts`.

    >>> story_line({"id": "s1", "articles": ["a"]}, {"brief": '[{"text": "é"}]'})
    '{"articles": ["a"], "brief": [{"text": "é"}], "id": "s1"}'
    """
    # One encoding of the record with a marker where each part goes, the marker then replaced
    # by the part (a key at a time was most of the time of writing a large store's stories).
    # The marker holds a secret drawn for this process: no text of an article can hold it.
    line = compact(dict(record) | {key: _MARK + key for key in parts})
    for key, value in parts.items():
        line = line.replace(f'"{_MARK}{key}"', value, 1)
    return line


_MARK = f"crosswire-part-{secrets.token_hex(16)}:"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def document_text(value: Any) -> str:
    """A JSON document as written to a file: an object with one key a line and, in its arrays,
    one record a line (compact inside). Made by json's C encoder (an indented dump is made in
    Python, ten times slower: seconds for a large store), and a story that changed is a line
    that changed in a diff.

    >>> print(document_text({"b": [{"y": 1, "x": "é"}, 2], "a": 1, "c": []}), end="")
    {
    "a": 1,
    "b": [
    {"x": "é", "y": 1},
    2
    ],
    "c": []
    }
    """
    if not isinstance(value, dict):
        return dumps(value)
    return document_from_lines(record_lines(value))


def record_lines(document: Mapping[str, Any]) -> dict[str, str | list[str]]:
    """Each key of a document with its value as compact JSON, or for a list, each record's."""
    return {
        key: [compact(v) for v in item] if isinstance(item, list) and item else compact(item)
        for key, item in sorted(document.items())
    }


def document_from_lines(lines: Mapping[str, str | list[str]]) -> str:
    """The text of `document_text` from `record_lines`."""
    return "".join(document_parts(lines))


def document_parts(lines: Mapping[str, str | list[str]]) -> Iterator[str]:
    """`document_from_lines` in pieces, to be written one after another (`files.write_parts`).

    >>> print("".join(document_parts({"a": "1", "b": ["{}", "2"]})), end="")
    {
    "a": 1,
    "b": [
    {},
    2
    ]
    }
    """
    yield "{\n"
    for n, (key, item) in enumerate(lines.items()):
        if n:
            yield ",\n"
        if isinstance(item, list):
            yield f"{compact(key)}: [\n"
            for m, row in enumerate(item):
                if m:
                    yield ",\n"
                yield row
            yield "\n]"
        else:
            yield f"{compact(key)}: {item}"
    yield "\n}\n"


def compact(value: Any) -> str:
    """JSON on one line, keys sorted (json's C encoder)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_json(path: Path, value: Any) -> None:
    """Write a JSON document (`document_text`)."""
    write_text(path, document_text(value))


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
