"""What a story's reports show, prepared once from its `stories.json` entry for the Markdown
and the HTML renderers: articles numbered and grouped by origin, the brief with citations, the
fact-by-article matrix, conflicts side by side, quotes with each outlet's wording and what
differs, the timeline, the entities, the reuse, what each outlet adds and what was removed."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_MATRIX_FACTS = 40  # rows of the fact-by-article matrix (facts several articles state first)
MAX_MATRIX_ARTICLES = 60  # its columns (in origin order); everything is in stories.json
MAX_ALIASES = 12  # aliases shown per entity
MAX_ITEMS = 150  # quotes, entities, timeline events, conflicts, reuse pairs shown per section
MAX_EXCLUSIVES = 8  # facts listed per outlet under "what each outlet adds"
MAX_REMOVED = 12  # removed blocks listed per article
MAX_TEXT = 400  # characters of a removed block or a passage shown
FRAGMENT = 0.5  # a wording shorter than this share of a quote's longest is a fragment of it


@dataclass(frozen=True, slots=True)
class Source:
    number: int  # the article's number in the report: [1], [2]...
    article: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    number: int
    id: str
    title: str
    outlet: str
    published: str
    url: str | None  # only http(s) addresses are linked
    origin: int  # number of its independent origin (1-based)
    wire: str
    removed: Sequence[tuple[str, str, str]]  # kind, reason, text (cut)
    removed_kinds: str  # "3 teaser, 2 appeal"
    removed_total: int


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    headline: str
    dates: str
    articles: Sequence[ArticleView]
    origins: Sequence[Sequence[int]]  # article numbers per origin
    matrix_origins: Sequence[Sequence[int]]  # the same, for the matrix's columns
    brief: Sequence[dict[str, Any]]
    matrix: Sequence[dict[str, Any]]
    conflicts: Sequence[dict[str, Any]]
    developments: Sequence[dict[str, Any]]
    quotes: Sequence[dict[str, Any]]
    timeline: Sequence[dict[str, Any]]
    entities: Sequence[dict[str, Any]]
    reuse: Sequence[dict[str, Any]]
    exclusives: Sequence[dict[str, Any]]
    counts: Mapping[str, int]
    more: Mapping[str, int]  # per section, what it leaves out for length


def story_view(story: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> StoryView:
    """The view of one story of a `stories.json` document (`articles` by id)."""
    origins = [list(g) for g in story.get("origins") or [[a] for a in story["articles"]]]
    order = [a for g in origins for a in g]
    order += [a for a in story["articles"] if a not in order]
    origin_of = {a: n for n, g in enumerate(origins, 1) for a in g}
    number = {a: n for n, a in enumerate(order, 1)}
    views = [
        _article_view(articles.get(a, {"id": a}), number[a], origin_of.get(a, 0)) for a in order
    ]

    def sources(items: Sequence[Mapping[str, Any]]) -> list[Source]:
        seen: dict[tuple[str, str], Source] = {}
        for s in items:
            art = s.get("article", "")
            key = (art, s.get("text", ""))
            if art in number and key not in seen:
                seen[key] = Source(number[art], art, s.get("text", ""))
        return sorted(seen.values(), key=lambda x: x.number)

    def cited(items: Sequence[Mapping[str, Any]]) -> list[int]:
        return sorted({s.number for s in sources(items)})

    brief = [
        {
            "text": line["text"],
            "cites": cited(line["sources"]),
            "sources": sources(line["sources"]),
            "origins": line.get("origins", 0),
            "side": line.get("side"),
            "dispute": line.get("dispute"),
            "newest": line.get("newest", False),
        }
        for line in story.get("summary", [])
    ]
    facts = sorted(
        story.get("facts", []), key=lambda f: (-f["origins"], -f["articles"], f["statement"])
    )
    shared = [f for f in facts if f["articles"] > 1]
    matrix = [
        {
            "statement": _cut(f["statement"]),
            "origins": f["origins"],
            "states": {s.number for s in sources(f["sources"])},
        }
        for f in shared[:MAX_MATRIX_FACTS]
    ]
    conflicts = [
        {
            "about": c["about"],
            "kind": c["kind"],
            "sides": [
                {
                    "value": v["value"],
                    "origins": v.get("origins", 0),
                    "sources": sources(v["sources"]),
                }
                for v in c["values"]
            ],
        }
        for c in story.get("conflicts", [])
    ]
    developments = [
        {
            "about": d["about"],
            "steps": [
                {
                    "value": step["value"],
                    "published": step.get("published") or "",
                    "newest": step.get("newest", False),
                    "sources": sources(step["sources"]),
                }
                for step in d["steps"]
            ],
        }
        for d in story.get("developments", [])
    ]
    all_quotes = story.get("quotes", [])
    widest = sorted(range(len(all_quotes)), key=lambda n: -len(all_quotes[n].get("sources", [])))
    keep = sorted(widest[:MAX_ITEMS])  # quotes most outlets carry, in the story's order
    quotes = [_quote_view(all_quotes[n], sources(all_quotes[n].get("sources", []))) for n in keep]
    timeline = [
        {"date": t["date"], "event": t["event"], "cites": cited(t.get("sources", []))}
        for t in story.get("timeline", [])
    ]
    entities = [
        {
            "name": e["name"],
            "type": e["type"],
            "aliases": [a for a in e.get("aliases", []) if a != e["name"]][:MAX_ALIASES],
            "articles": len(e.get("articles", [])),
        }
        for e in sorted(story.get("entities", []), key=lambda e: -len(e.get("articles", [])))
    ]
    reuse = [
        {
            "copies": [number[a] for a in r["articles"] if a != r.get("origin") and a in number],
            "origin": number.get(r.get("origin") or ""),
            "pair": [number[a] for a in r["articles"] if a in number],
            "evidence": r.get("evidence", ""),
            "passages": len(r.get("passages", [])),
            "chars": sum(p.get("chars", 0) for p in r.get("passages", [])),
            "example": _cut((r.get("passages") or [{}])[0].get("text", "")),
        }
        for r in story.get("reuse", [])
    ]
    by_fact = {f["id"]: f for f in story.get("facts", [])}
    exclusives = [
        {
            "number": number[a],
            "facts": [by_fact[i]["statement"] for i in ids if i in by_fact][:MAX_EXCLUSIVES],
            "total": len(ids),
        }
        for a, ids in sorted(story.get("exclusives", {}).items(), key=lambda kv: number[kv[0]])
        if a in number
    ]
    counts = {
        "articles": len(order),
        "origins": len(origins),
        "facts": len(story.get("facts", [])),
        "conflicts": len(conflicts),
        "quotes": len(all_quotes),
    }
    more = {  # what each section leaves out for length (stories.json has it all)
        "matrix": max(0, len(shared) - MAX_MATRIX_FACTS),
        "columns": max(0, len(order) - MAX_MATRIX_ARTICLES),
        "quotes": max(0, len(all_quotes) - MAX_ITEMS),
        "conflicts": max(0, len(conflicts) - MAX_ITEMS),
        "developments": max(0, len(developments) - MAX_ITEMS),
        "timeline": max(0, len(timeline) - MAX_ITEMS),
        "entities": max(0, len(entities) - MAX_ITEMS),
        "reuse": max(0, len(reuse) - MAX_ITEMS),
    }
    in_matrix = [[number[a] for a in g if number[a] <= MAX_MATRIX_ARTICLES] for g in origins]
    dates = story.get("dates") or {}
    span = " – ".join(dict.fromkeys(d[:10] for d in (dates.get("first"), dates.get("last")) if d))
    return StoryView(
        story["id"],
        story.get("headline") or story["id"],
        span,
        views,
        [[number[a] for a in g] for g in origins],
        [g for g in in_matrix if g],
        brief,
        matrix,
        conflicts[:MAX_ITEMS],
        developments[:MAX_ITEMS],
        quotes,
        timeline[:MAX_ITEMS],
        entities[:MAX_ITEMS],
        reuse[:MAX_ITEMS],
        exclusives,
        counts,
        more,
    )


def _article_view(a: Mapping[str, Any], number: int, origin: int) -> ArticleView:
    removed = [
        (r.get("kind", ""), r.get("reason", ""), _cut(r.get("text", "")))
        for r in a.get("removed", [])
    ]
    kinds = Counter(k for k, _, _ in removed)
    url = a.get("url")
    return ArticleView(
        number,
        a["id"],
        a.get("title") or a["id"],
        a.get("outlet") or "",
        (a.get("published") or "")[:16],
        url if isinstance(url, str) and re.match(r"https?://", url, re.I) else None,
        origin,
        a.get("wire") or "",
        removed[:MAX_REMOVED],
        ", ".join(f"{n} {k}" for k, n in kinds.most_common()),
        len(removed),
    )


def _quote_view(q: Mapping[str, Any], sources: Sequence[Source]) -> dict[str, Any]:
    """A quote with each outlet's wording, the words that differ from its longest wording
    marked; a fragment (under half its length, "fraternal duty") is shown as it is."""
    base = max((s.text for s in sources), key=len, default=q.get("text", ""))
    wordings: list[dict[str, Any]] = []
    differ = False
    for s in sources:
        fragment = len(s.text) < FRAGMENT * len(base)
        segments = [Segment(s.text, False)] if fragment else diff_words(base, s.text)
        differ = differ or any(seg.changed for seg in segments)
        wordings.append({"number": s.number, "segments": segments})
    return {
        "speaker": q.get("speaker") or "unknown",
        "text": q.get("text", ""),
        "wordings": wordings,
        "differ": differ,
        "repeated": bool(q.get("repeated")),
    }


def diff_words(a: str, b: str) -> list[Segment]:
    """`b` in runs of words, each marked whether it differs from `a`."""
    wa, wb = a.split(), b.split()
    key = [re.sub(r"\W", "", w.lower()) for w in wa], [re.sub(r"\W", "", w.lower()) for w in wb]
    out: list[Segment] = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, *key, autojunk=False).get_opcodes():
        if j2 > j1:
            out.append(Segment(" ".join(wb[j1:j2]), tag != "equal"))
    return out


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"
