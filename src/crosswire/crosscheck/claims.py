"""Claims: each article's body broken into statements (a sentence, or a clause of a long one),
each carrying what the analysis found inside it: entities, time expressions, quantities, quotes."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from crosswire.analyse import Analysis, Quantity, TimeExpr
from crosswire.analyse.entities import Entity
from crosswire.clean.blocks import STOPWORDS
from crosswire.records import Article

MAX_CLAIM_WORDS = 45  # a longer sentence is split at its semicolons and dashes
MIN_CLAIM_WORDS = 4  # shorter pieces ("Read more.", a lone name) state nothing
STEM = 6  # words are compared by their first letters: "travelled"/"traveled", "invited"/"invite"
_WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
_CLAUSE_BREAK = re.compile(r";\s+|\s+[—–]\s+")


@dataclass(frozen=True, slots=True)
class Claim:
    id: str  # article:start
    article: str
    start: int
    end: int
    text: str
    terms: tuple[str, ...]  # word stems, and stems of adjacent words written together
    entities: tuple[Entity, ...]
    times: tuple[TimeExpr, ...]
    quantities: tuple[Quantity, ...]
    quotes: tuple[str, ...]  # ids of the story's quotes said in it (a long quote spans several)


def content_words(text: str) -> list[str]:
    """The words of a text that carry content, lower-cased, in order."""
    words = [w.lower().replace("’", "'").split("'")[0] for w in _WORD.findall(text)]
    return [w for w in words if len(w) >= 3 and w not in STOPWORDS]


def stems(text: str) -> list[str]:
    """Content words cut to their stems; "guest house" also gives "guesth", like "guesthouse"."""
    content = content_words(text)
    out = [w[:STEM] for w in content]
    out.extend((a + b)[:STEM] for a, b in itertools.pairwise(content) if len(a) < STEM)
    return out


def story_claims(analysis: Analysis, articles: Sequence[Article]) -> list[Claim]:
    bodies = {a.id: a.body for a in articles}
    quotes: dict[str, list[tuple[int, int, str]]] = {}
    for q in analysis.quotes:
        for s in q.sources:
            quotes.setdefault(s.article, []).append((s.start, s.end, q.id))
    times = _by_article(analysis.times)
    quantities = _by_article(analysis.quantities)
    out = []
    for article_id, spans in analysis.sentences.items():
        body = bodies.get(article_id)
        if body is None:
            continue
        for start, end in _pieces(body, spans):
            text = re.sub(r"\s+", " ", body[start:end]).strip()
            if len(text.split()) < MIN_CLAIM_WORDS:
                continue
            out.append(
                Claim(
                    id=f"{article_id}:{start}",
                    article=article_id,
                    start=start,
                    end=end,
                    text=text,
                    terms=tuple(stems(text)),
                    entities=tuple(analysis.entities.within(article_id, start, end)),
                    times=tuple(t for t in times.get(article_id, ()) if start <= t.start < end),
                    quantities=tuple(
                        q for q in quantities.get(article_id, ()) if start <= q.start < end
                    ),
                    quotes=_said_in(quotes.get(article_id, ()), start, end),
                )
            )
    return out


def _said_in(quotes: Sequence[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    """Ids of the quotes whose words overlap a span."""
    return tuple(sorted({q for a, b, q in quotes if a < end and start < b}))


T = TypeVar("T", TimeExpr, Quantity)


def _by_article(items: Sequence[T]) -> Mapping[str, list[T]]:
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(item.article, []).append(item)
    return out


def _pieces(body: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, a long one cut at its clause breaks (pieces too short to stand alone stay with
    the one before)."""
    out = []
    for start, end in spans:
        text = body[start:end]
        if len(text.split()) <= MAX_CLAIM_WORDS:
            out.append((start, end))
            continue
        cuts = [start] + [start + m.end() for m in _CLAUSE_BREAK.finditer(text)] + [end]
        pieces = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        merged: list[tuple[int, int]] = []
        for a, b in pieces:
            if merged and len(body[a:b].split()) < MIN_CLAIM_WORDS * 2:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        out.extend(merged)
    return out
