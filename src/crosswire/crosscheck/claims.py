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
from crosswire.analyse.quotes import QuoteSpan
from crosswire.lexicon import STOPWORDS
from crosswire.records import Article

MAX_CLAIM_WORDS = 45  # a longer sentence is split at its semicolons and dashes
MIN_CLAIM_WORDS = 4  # shorter pieces ("Read more.", a lone name) state nothing
STEM = 6  # words are compared by their first letters: "travelled"/"traveled", "invited"/"invite"
_WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
_CLAUSE_BREAK = re.compile(r";\s+|\s+[—–]\s+")
# A comma before one of these words starts a clause that may state a fact of its own ("..., where
# the Russian leader thanked Kim", "..., following on from his last visit in 2023").
_CLAUSE_OPENER = re.compile(
    r",\s+(?=(?:where|which|while|whereas|when|during|following|after|before|since|although|though"
    r"|but|including|adding|saying|as|who|whom|whose)\b)",
    re.IGNORECASE,
)
OPENING_MARKS = frozenset('“"‘«„')
MIN_CLAUSE_WORDS = 3  # content words a clause needs to state a fact of its own


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
    whole: str | None = None  # for a clause of a sentence claim: that claim's id


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
    """Every article's claims: its sentences, and the clauses of a sentence that has several
    (a clause claim names its sentence in `whole`)."""
    bodies = {a.id: a.body for a in articles}
    times, quantities = _by_article(analysis.times), _by_article(analysis.quantities)
    quotes: dict[str, list[tuple[QuoteSpan, str]]] = {}
    for quote in analysis.quotes:
        for s in quote.sources:
            quotes.setdefault(s.article, []).append((s, quote.id))
    out = []
    for article_id, spans in analysis.sentences.items():
        body = bodies.get(article_id)
        if body is None:
            continue
        slots = _Slots(
            analysis,
            article_id,
            times.get(article_id, []),
            quantities.get(article_id, []),
            quotes.get(article_id, []),
        )
        for start, end in _speaker_lines_joined(body, _pieces(body, spans)):
            text = re.sub(r"\s+", " ", body[start:end]).strip()
            if len(text.split()) < MIN_CLAIM_WORDS:
                continue
            sentence = slots.claim(start, end, text)
            out.append(sentence)
            clauses = _clauses(body, start, end, slots.quoted)
            if len(clauses) > 1:
                out.extend(slots.claim(a, b, body[a:b].strip(), sentence.id) for a, b in clauses)
    return out


class _Slots:
    """What the analysis found in one article, to hand to each of its claims."""

    def __init__(
        self,
        analysis: Analysis,
        article: str,
        times: Sequence[TimeExpr],
        quantities: Sequence[Quantity],
        quotes: Sequence[tuple[QuoteSpan, str]],
    ) -> None:
        self.analysis, self.article = analysis, article
        self.times, self.quantities = times, quantities
        self.quoted = [(s.start, s.end) for s, _ in quotes]  # the quoted words
        self.said = []  # the quoted words and their speaker line, with the quote's id
        sentences = analysis.sentences.get(article, ())
        for s, quote in quotes:
            start = s.start
            if s.how == "line":  # "He posted on Truth Social:" says the quote that follows
                start = max((a for a, b in sentences if b <= s.start), default=start)
            self.said.append((start, s.end, quote))

    def claim(self, start: int, end: int, text: str, whole: str | None = None) -> Claim:
        return Claim(
            id=f"{self.article}:{start}" if whole is None else f"{self.article}:{start}-{end}",
            article=self.article,
            start=start,
            end=end,
            text=text,
            terms=tuple(stems(text)),
            entities=tuple(self.analysis.entities.within(self.article, start, end)),
            times=tuple(t for t in self.times if start <= t.start < end),
            quantities=tuple(q for q in self.quantities if start <= q.start < end),
            quotes=_said_in(self.said, start, end),
            whole=whole,
        )


def _speaker_lines_joined(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A speaker line ("The Russian president told Mr Kim,") and the quote on the line after it
    are one sentence broken by the layout; a line too short to say more than who spoke ("Mr Trump
    posted,") belongs to the sentence before it, which told what was said and where."""
    out: list[tuple[int, int]] = []
    speaker_line = False  # whether the last span is a whole speaker line, and only that
    for a, b in spans:
        line = body[a:b].strip()
        ends_line = line.endswith((",", ":"))
        bare = out and len(line.split()) < MIN_CLAIM_WORDS and ends_line  # "He said,"
        if bare or (speaker_line and line[:1] in OPENING_MARKS):
            out[-1] = (out[-1][0], b)
            speaker_line = False
        else:
            out.append((a, b))
            speaker_line = ends_line
    return out


def _clauses(
    body: str, start: int, end: int, quoted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A sentence cut before its clause openers, never inside a quote; a clause too short to
    state a fact stays with the one before."""
    cuts = [start] + [
        start + m.start() + 1
        for m in _CLAUSE_OPENER.finditer(body[start:end])
        if not any(a <= start + m.start() < b for a, b in quoted)
    ]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise([*cuts, end]):
        short = len(content_words(body[a:b])) < MIN_CLAUSE_WORDS
        if out and (short or len(content_words(body[slice(*out[-1])])) < MIN_CLAUSE_WORDS):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return [(a + len(body[a:b]) - len(body[a:b].lstrip(" ,")), b) for a, b in out]


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
