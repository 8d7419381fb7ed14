"""Story analysis: entities, time, quantities and quotes, each pointing back to its article and
character span. The spaCy pipeline is loaded once by the caller (`load_pipeline`) and passed in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crosswire.analyse.counted import with_counted
from crosswire.analyse.entities import Entities, Entity, story_entities
from crosswire.analyse.nlp import ModelMissing, Parsed, analysis_limits, load_pipeline, parse
from crosswire.analyse.places import key
from crosswire.analyse.quantities import Quantity, find_quantities
from crosswire.analyse.quotes import Quote, article_quotes, group_quotes
from crosswire.analyse.timex import TimeExpr, TimeValue, find_times, parse_date
from crosswire.lexicon import content_words
from crosswire.records import Article, Span

__all__ = [
    "Analysis",
    "Entity",
    "Evidence",
    "ModelMissing",
    "Quantity",
    "Quote",
    "TimeExpr",
    "TimelineEvent",
    "analyse_story",
    "load_pipeline",
    "parse",
]

TIMELINE_PRECISIONS = frozenset({"day", "weekend", "week", "month", "season", "year"})
SAME_EVENT = 0.2  # content-word overlap at which two dated sentences tell one event
MAX_EVENT_CHARS = 240


@dataclass(frozen=True, slots=True)
class Evidence(Span):
    """An article's own words for something: a span of its body."""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str  # ISO 8601, as precise as the sources allow
    value: TimeValue
    event: str
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    entities: Entities
    quotes: tuple[Quote, ...]
    timeline: tuple[TimelineEvent, ...]
    times: tuple[TimeExpr, ...]
    quantities: tuple[Quantity, ...]
    sentences: dict[str, tuple[tuple[int, int], ...]]  # article: sentence spans of its body
    reference: date | None  # the story's date, for articles with none of their own
    notes: tuple[str, ...] = ()  # what the analysis left out, and why (a body cut for length)


def story_date(articles: Sequence[Article]) -> date | None:
    """The date of a story: the most common of its articles' own dates (the latest on a tie)."""
    days = [d for a in articles if (d := parse_date(a.reference_date))]
    if not days:
        return None
    counts = Counter(days)
    return max(counts, key=lambda d: (counts[d], d))


def analyse_story(parsed: Sequence[Parsed]) -> Analysis:
    reference = story_date([p.article for p in parsed])
    press = {
        key(name)
        for p in parsed
        for name in (p.article.meta.outlet, p.article.meta.wire, *p.article.meta.credits)
        if name
    }
    entities = story_entities(parsed, press)
    spans = [q for p in parsed for q in article_quotes(p, entities)]
    sentences: dict[str, tuple[tuple[int, int], ...]] = {}
    times: list[TimeExpr] = []
    quantities: list[Quantity] = []
    for p in parsed:
        sents = tuple(para.offset(s) for para, s in p.sentences())
        sentences[p.id] = sents
        ref = parse_date(p.article.reference_date) or reference
        found = find_times(p.id, p.body, ref, list(sents))
        times.extend(found)
        quantities.extend(  # "June 20", "May 2013": the numbers of a date count nothing
            with_counted(
                [q for q in find_quantities(p.id, p.body) if not any(q.overlaps(t) for t in found)],
                p.paragraphs,
            )
        )
    bodies = {p.id: p.body for p in parsed}
    return Analysis(
        entities=entities,
        quotes=tuple(group_quotes(spans)),
        timeline=tuple(timeline(times, sentences, bodies)),
        times=tuple(times),
        quantities=tuple(quantities),
        sentences=sentences,
        reference=reference,
        notes=analysis_limits([p.article for p in parsed]),
    )


def timeline(
    times: Sequence[TimeExpr],
    sentences: dict[str, tuple[tuple[int, int], ...]],
    bodies: dict[str, str],
) -> list[TimelineEvent]:
    """Dated events: each sentence that dates something, grouped across articles when the dates
    agree (one may refine the other: "June last year" and "June 18, 2024") and the sentences tell
    the same thing."""
    candidates = []
    for t in times:
        if t.value.precision not in TIMELINE_PRECISIONS:
            continue
        span = next((s for s in sentences[t.article] if s[0] <= t.start < s[1]), (t.start, t.end))
        text = re.sub(r"\s+", " ", bodies[t.article][span[0] : span[1]]).strip()
        candidates.append((t, Evidence(t.article, span[0], span[1], text)))
    order = {"day": 0, "weekend": 1, "week": 2, "month": 3, "season": 4, "year": 5}
    candidates.sort(key=lambda c: (order[c[0].value.precision], c[0].article, c[0].start))
    groups: list[list[tuple[TimeExpr, Evidence]]] = []
    for t, ev in candidates:
        words = content_words(ev.text)
        for g in groups:
            if not g[0][0].value.overlaps(t.value) or not (
                t.value.contains(g[0][0].value) or g[0][0].value.contains(t.value)
            ):
                continue
            if any(_jaccard(words, content_words(e.text)) >= SAME_EVENT for _, e in g):
                if all(e != ev for _, e in g):
                    g.append((t, ev))
                break
        else:
            groups.append([(t, ev)])
    events = []
    for g in groups:
        value = g[0][0].value  # the most precise
        sources = tuple(sorted({e for _, e in g}, key=lambda e: (e.article, e.start)))
        lead = min(sources, key=lambda e: (len(e.text) > MAX_EVENT_CHARS, len(e.text)))
        text = (
            lead.text
            if len(lead.text) <= MAX_EVENT_CHARS
            else lead.text[: MAX_EVENT_CHARS - 1] + "…"
        )
        events.append(TimelineEvent(value.iso, value, text, sources))
    events.sort(key=lambda e: (e.value.start, e.value.end, e.date, e.event))
    return events


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
