"""A story's brief: 3 to 7 sentences chosen from the cross-checked facts.

1. facts ranked by independent origins, then articles, then how near the top of their articles
   they are told (news puts what matters first);
2. each fact told by one of its own sentences: the one sharing most words with its other
   sources, among those that stand alone (a full sentence, not a question, not opening on "He"
   or "But"), trimmed of a list label or a dateline;
3. a sentence that says what a chosen one already says is skipped;
4. a disputed fact is followed by the other side's own sentence, marked as that side;
5. when the story spans several days, the best fact first reported on its last day is kept and
   marked as the newest development.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from crosswire.crosscheck import Claim, Conflict, CrossCheck, Fact
from crosswire.crosscheck.claims import OPENING_MARKS, content_words, stems
from crosswire.records import Article

MIN_LINES, MAX_LINES = 3, 7
MIN_WORDS, MAX_WORDS = 6, 50  # a sentence shorter or longer than this reads badly in a brief
AS_WELL = 0.8  # a sentence saying a fact this nearly as well as the best may tell more facts
SAME_FACT = 0.5  # two sentences sharing this share of the shorter one's stems say one thing
MAX_DISPUTES = 2  # disputes a brief tells side by side; the full list is in the report
OPENERS_THAT_LEAN = frozenset(
    "he she it they this these those his her its their him them and but or so also yet"
    " meanwhile however".split()
)
_LIST_LABEL = re.compile(r"^\s*[-•*]\s*(?:[^:]{1,40}:\s*)?")
_DATELINE = re.compile(  # "BEIJING —", "BEIJING (AP) —", "Beijing (Parliament Politics Magazine) –"
    r"^(?:[A-Z][A-Z .,'’-]{1,40}?(?:\s*\([^)]{1,60}\))?|[A-Z][\w .,'’-]{1,40}?\s*\([^)]{1,60}\))"
    r"\s+[—–-]{1,2}\s+"
)
_ENDS = (".", "!", "”", '"', "’", "'")


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence of the brief and every source that states it."""

    text: str
    sources: tuple[Claim, ...]
    fact: str | None
    articles: int
    origins: int
    dispute: str | None = None  # the conflict this line gives one side of
    side: str | None = None  # that side's value
    newest: bool = False  # first reported on the story's last day
    sentence: str | None = None  # the claim whose sentence it is


@dataclass(frozen=True, slots=True)
class Brief:
    headline: str
    lines: tuple[Line, ...]


def make_brief(headline: str, articles: Sequence[Article], check: CrossCheck) -> Brief:
    bodies = {a.id: a.body for a in articles}
    day = {a.id: (a.reference_date or "")[:10] for a in articles}
    ranked = sorted(check.facts, key=lambda f: _rank(f, bodies), reverse=True)
    states: dict[str, list[Fact]] = {}  # sentence id: the facts it states (itself or a clause)
    for fact in check.facts:
        for c in fact.claims:
            states.setdefault(c.whole or c.id, []).append(fact)
    chosen: list[Line] = []
    told: set[str] = set()
    for strict in (True, False):  # a story too small for three lines that stand alone...
        for fact in ranked:  # ...takes sentences that lean on the one before ("It comes...")
            if len(chosen) >= (MAX_LINES if strict else MIN_LINES):
                break
            if fact.id in told:
                continue
            line = _line(fact, states, strict)
            if line is not None and not _repeats(line, chosen):
                chosen.append(line)
                told.update(f.id for f in states.get(line.sentence or "", ()))
    chosen = _with_newest(chosen, ranked, day, states)
    lines = _with_disputes(chosen, check.conflicts)
    return Brief(headline or (lines[0].text if lines else ""), tuple(lines))


def traceable(line: Line) -> bool:
    """Whether a line adds nothing to its sources: it is one of their texts (or part of one), or
    every content word of it is in them."""
    text = _squash(line.text)
    if any(text in _squash(c.text) for c in line.sources):
        return True
    said = {w for c in line.sources for w in content_words(c.text)}
    return set(content_words(line.text)) <= said


def _rank(fact: Fact, bodies: Mapping[str, str]) -> tuple[int, int, float]:
    """Independent origins, articles, then how high up its articles tell it (0 to 1)."""
    places = [c.start / max(1, len(bodies.get(c.article, ""))) for c in fact.claims]
    lead = 1.0 - sum(places) / len(places) if places else 0.0
    return fact.origins, len(fact.articles), lead


def _line(fact: Fact, states: Mapping[str, Sequence[Fact]], strict: bool = True) -> Line | None:
    """The fact told by its best sentence, if one of its sentences can stand alone (or, not
    `strict`, is at least a full sentence): the one that also tells most of the story's other
    agreed facts, then the one sharing most words with the fact's other sources. The line cites
    every source of every fact the sentence states as that fact's statement says it."""
    usable = [(c, _trimmed(c.text)) for c in fact.claims if c.whole is None]
    usable = [(c, t) for c, t in usable if _stands_alone(t, strict)]
    if not usable:
        return None
    terms = {c.id: set(c.terms) for c in fact.claims}

    def shared(claim: Claim) -> float:
        others = set().union(*(terms[c.id] for c in fact.claims if c.article != claim.article))
        return len(terms[claim.id] & others) / max(1, len(terms[claim.id]))

    def tells(claim: Claim) -> int:
        return sum(f.origins for f in states.get(claim.id, ()) if f.id != fact.id)

    closest = max(shared(c) for c, _ in usable)
    usable = [(c, t) for c, t in usable if shared(c) >= AS_WELL * closest]
    best, text = max(
        usable, key=lambda ct: (tells(ct[0]), shared(ct[0]), -ct[0].start, ct[0].article)
    )
    told = [f for f in states.get(best.id, [fact]) if f.id == fact.id or _says(best, f)]
    sources = {c.id: c for f in told for c in f.claims}
    ordered = tuple(sorted(sources.values(), key=lambda c: (c.article, c.start)))
    articles = {c.article for c in ordered}
    return Line(text, ordered, fact.id, len(articles), fact.origins, sentence=best.id)


def _says(sentence: Claim, fact: Fact) -> bool:
    """Whether a sentence says what another fact's statement says (and not only a few of its
    words: "which Mr Kim called his 'fraternal duty'" is not his whole pledge), so that the line
    may cite that fact's sources too."""
    statement = next((c for c in fact.claims if c.text == fact.statement), None)
    if statement is None or statement.id == sentence.id:
        return statement is not None
    mine, theirs = set(sentence.terms), set(statement.terms)
    return bool(mine and theirs) and len(mine & theirs) >= SAME_FACT * min(len(mine), len(theirs))


def _trimmed(text: str) -> str:
    """A sentence without a list label ("-Troop Deployment: ") or a dateline ("BEIJING (AP) —")."""
    text = _LIST_LABEL.sub("", text, count=1)
    text = _DATELINE.sub("", text, count=1)
    return text.strip()


def _stands_alone(text: str, strict: bool = True) -> bool:
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not text.endswith(_ENDS):
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] in OPENING_MARKS):
        return False  # a piece of a sentence ("year deal in the $75 million range.")
    if text.count("”") > text.count("“") or text.count('"') % 2:
        return False  # a piece of a quote opened or closed in another sentence
    if not strict:
        return True
    first = re.sub(r"\W", "", words[0]).lower()
    if text[0] in OPENING_MARKS and not re.search(r"[”\"’']\s*,?\s+\w", text):
        return False  # only a quote: who said it is in another sentence
    return first not in OPENERS_THAT_LEAN and not text.rstrip("”\"’'").endswith("?")


def _repeats(line: Line, chosen: Sequence[Line]) -> bool:
    mine = set(stems(line.text))
    for other in chosen:
        theirs = set(stems(other.text))
        if other.text == line.text or (
            mine and theirs and len(mine & theirs) >= SAME_FACT * min(len(mine), len(theirs))
        ):
            return True
    return False


def _with_newest(
    chosen: list[Line],
    ranked: Sequence[Fact],
    day: Mapping[str, str],
    states: Mapping[str, Sequence[Fact]],
) -> list[Line]:
    """When the story spans several days: the best fact first told on its last day, marked."""
    days = sorted({d for d in day.values() if d})
    if len(days) < 2:
        return chosen
    last = days[-1]
    for fact in ranked:
        if min(day.get(a) or last for a in fact.articles) != last:
            continue
        line = _line(fact, states)
        if line is None:
            continue
        for n, old in enumerate(chosen):
            if old.fact == fact.id:
                chosen[n] = replace(old, newest=True)
                return chosen
        if _repeats(line, chosen):
            continue
        marked = replace(line, newest=True)
        return [*chosen[: MAX_LINES - 1], marked] if len(chosen) >= MAX_LINES else [*chosen, marked]
    return chosen


def _with_disputes(chosen: list[Line], conflicts: Sequence[Conflict]) -> list[Line]:
    """The disputes most origins stand behind (MAX_DISPUTES of them): a disputed fact the brief
    tells is followed by the own sentence of the side that most origins take against it; a
    dispute the brief does not touch is told by its two strongest sides, when there is room."""
    out = list(chosen)
    ranked = sorted(conflicts, key=lambda c: (-sum(s.origins for s in c.sides), c.id))
    for conflict in ranked[:MAX_DISPUTES]:
        ids = [{c.id for c in side.claims} for side in conflict.sides]
        holder = next(
            (n for n, line in enumerate(out) if line.dispute is None and _holds(line, ids)), None
        )
        if holder is not None:
            line = out[holder]
            told = next((k for k, side in enumerate(ids) if line.sentence in side), None)
            if told is None:  # its sentence is on no side: the first side it holds speaks
                told = next(k for k, side in enumerate(ids) if _holds(line, [side]))
                first = _side_line(conflict, told) or replace(line, dispute=conflict.id)
            else:
                first = _as_side(line, conflict, told)
            rest = sorted(
                (k for k in range(len(conflict.sides)) if k != told),
                key=lambda k: -conflict.sides[k].origins,
            )
            other = next((x for k in rest if (x := _side_line(conflict, k)) is not None), None)
            new = [x for x in (first, other) if x is not None]
            out[holder : holder + 1] = new
        elif sum(s.origins for s in conflict.sides) > 2 and len(out) + 2 <= MAX_LINES:
            top = sorted(range(len(conflict.sides)), key=lambda k: -conflict.sides[k].origins)
            sides = [_side_line(conflict, k) for k in top[:2]]
            if all(x is not None for x in sides):
                out.extend(x for x in sides if x is not None)
    once: dict[str, Line] = {}  # a sentence is told once, where it first comes
    for x in out:
        once.setdefault(x.text, x)
    out = list(once.values())
    while len(out) > MAX_LINES:  # the least agreed fact that is no side of a dispute goes
        drop = max((n for n, line in enumerate(out) if line.dispute is None), default=len(out) - 1)
        out.pop(drop)
    return out


def _holds(line: Line, sides: Sequence[set[str]]) -> bool:
    mine = {c.id for c in line.sources}
    return any(mine & side for side in sides)


def _as_side(line: Line, conflict: Conflict, k: int) -> Line:
    """A line that gives one side of a dispute cites that side's sources only."""
    side = conflict.sides[k]
    mine = [c for c in line.sources if c.id in {x.id for x in side.claims}]
    return replace(
        line,
        sources=tuple(mine),
        articles=len(side.articles),
        origins=side.origins,
        dispute=conflict.id,
        side=side.value,
    )


def _side_line(conflict: Conflict, k: int) -> Line | None:
    side = conflict.sides[k]
    told = [(c, _trimmed(c.text)) for c in side.claims]
    usable = [(c, t) for c, t in told if _stands_alone(t)]
    if not usable:
        return None  # no sentence of that side reads on its own: the dispute is marked only
    _, text = usable[0]
    return Line(
        text, side.claims, conflict.fact, len(side.articles), side.origins, conflict.id, side.value
    )


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
