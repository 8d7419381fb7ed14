"""Conflict detection on real multi-outlet stories with injected edits: an article of each story
is copied as another outlet's, with one sentence changed so that it disagrees (a number beyond
its hedge, a shifted day, another place, a quote given to another speaker) or so that it agrees
in other words (a number written out, a rounded figure with a hedge, a date written another
way). Prints recall on injected conflicts, false alarms on harmless edits and on the untouched
stories, and the time to cross-check a 50-article story.

    python benchmarks/conflicts.py [--stories 24]

Stories: the seeds and ECB+ dev (one story per event); the seeds and even-numbered ECB+ stories
tune, odd-numbered ones are held out. Floors (issue 5): recall >= 0.90, precision >= 0.90;
50 articles in <= 5 s.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from _common import ROOT
from analysis import ecb_stories

from crosswire.analyse import Analysis, Quantity, analyse_story, load_pipeline, parse
from crosswire.analyse.nlp import Parsed
from crosswire.analyse.timex import parse_date
from crosswire.crosscheck import Conflict, CrossCheck, cross_check
from crosswire.engine import ingest
from crosswire.ingest import read_paths
from crosswire.records import Article
from crosswire.settings import Settings

WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
PLACES = ["Oslo", "Lima", "Nairobi", "Hanoi", "Ottawa", "Canberra", "Santiago", "Warsaw"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
Edit = Callable[[Article, Analysis, random.Random], tuple[str, str] | None]  # new body, new text


def _counts(a: Article, analysis: Analysis) -> list[Quantity]:
    """Numbers that count something, written as digits followed by a word (not "12-gauge")."""
    return [
        q
        for q in analysis.quantities
        if q.article == a.id
        and q.counted
        and not q.hedge
        and not q.unit
        and re.fullmatch(r"\d[\d,]*", q.text)
        and re.match(r" [a-z]", a.body[q.end : q.end + 2])
    ]


def more(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    for q in _counts(a, analysis):
        if q.value >= 3:
            new = f"{int(q.value * 3):,}"
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def shifted_day(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    m = re.search(r"\bon (" + "|".join(DAYS) + r")\b", a.body)
    if not m:
        return None
    other = DAYS[(DAYS.index(m.group(1)) + 3) % 7]
    return a.body[: m.start(1)] + other + a.body[m.end(1) :], other


def other_place(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    """A place the text puts something in or at (a whole place name) changed for another."""
    for e in analysis.entities.all:
        for m in e.mentions:
            if (
                m.article == a.id
                and m.label in {"GPE", "LOC"}
                and re.search(r"\b(?:in|at) $", a.body[max(0, m.start - 4) : m.start])
            ):
                new = rng.choice([p for p in PLACES if p != m.text])
                return a.body[: m.start] + new + a.body[m.end :], new
    return None


def other_speaker(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    m = re.search(r"[”\"],? ([A-Z][a-z]+(?: [A-Z][a-z]+)?) (said|told)", a.body)
    if not m:
        return None
    new = "Morgan Ellery"
    return a.body[: m.start(1)] + new + a.body[m.end(1) :], new


def written_out(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    for q in _counts(a, analysis):
        if 2 <= q.value <= 12:
            new = WORDS[int(q.value)]
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def rounded(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    for q in _counts(a, analysis):
        if re.fullmatch(r"\d{2,3}", q.text) and q.value % 10:
            new = f"about {round(q.value, -1):.0f}"
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def date_written(a: Article, analysis: Analysis, rng: random.Random) -> tuple[str, str] | None:
    """A weekday written as the date it stands for (as the analysis resolved it)."""
    for t in analysis.times:
        if (
            t.article == a.id
            and t.value.precision == "day"
            and re.fullmatch(r"on [A-Z][a-z]+day", t.text)
        ):
            d = t.value.start
            new = f"on {d.strftime('%B')} {d.day}"
            return a.body[: t.start] + new + a.body[t.end :], new
    return None


CONFLICTING: dict[str, tuple[str, Edit]] = {
    "a number tripled": ("quantity", more),
    "a day shifted": ("date", shifted_day),
    "another place": ("place", other_place),
    "another speaker": ("speaker", other_speaker),
}
HARMLESS: dict[str, Edit] = {
    "a number written out": written_out,
    "a rounded figure with a hedge": rounded,
    "a date written another way": date_written,
}


def check(parsed: list[Parsed], articles: list[Article]) -> CrossCheck:
    return cross_check(analyse_story(parsed), articles, [])


def separates(c: Conflict, copy: str, original: str) -> bool:
    """Whether a conflict puts the edited copy on one side and its original on another."""
    sides = [set(s.articles) for s in c.sides]
    return any(copy in s and original not in s for s in sides) and any(
        original in s and copy not in s for s in sides
    )


def signature(c: Conflict) -> tuple[str, frozenset[frozenset[str]]]:
    return c.kind, frozenset(frozenset(x.id for x in s.claims) for s in c.sides)


def run(nlp, stories: list[list[Article]], label: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """An alarm on an edited story is a conflict that separates the copy from its original
    (beyond the one an injected conflict should raise, and every one for a harmless edit), or
    a conflict among the other articles that the untouched story did not have."""
    rng = random.Random(5)
    found = {k: [0, 0] for k in CONFLICTING}
    harmless = {k: [0, 0] for k in HARMLESS}
    untouched = alarms = 0
    for arts in stories:
        parsed = parse(nlp, arts)
        analysis = analyse_story(parsed)
        base = check(parsed, arts)
        untouched += len(base.conflicts)
        before = {signature(c) for c in base.conflicts}
        edits = [(k, v[1], True) for k, v in CONFLICTING.items()]
        edits += [(k, v, False) for k, v in HARMLESS.items()]
        for name, edit, conflicting in edits:
            source = next((a for a in arts if edit(a, analysis, rng) is not None), None)
            if source is None:
                continue
            body, _ = edit(source, analysis, rng) or ("", "")
            copy = replace(source, id=source.id + "~copy", body=body)
            result = check([*parsed, *parse(nlp, [copy])], [*arts, copy])
            split = sum(separates(c, copy.id, source.id) for c in result.conflicts)
            unrelated = sum(
                copy.id not in {a for s in c.sides for a in s.articles}
                and signature(c) not in before
                for c in result.conflicts
            )
            alarms += unrelated
            if conflicting:
                found[name][0] += split > 0
                found[name][1] += 1
                alarms += max(0, split - 1)
            else:
                harmless[name][0] += split + unrelated > 0
                harmless[name][1] += 1
                alarms += split
    hits = sum(v[0] for v in found.values())
    tries = sum(v[1] for v in found.values())
    print(f"{label}: {len(stories)} stories")
    for name, (h, n) in found.items():
        print(f"  injected {name}: found {h}/{n}")
    for name, (h, n) in harmless.items():
        print(f"  harmless {name}: false alarms in {h}/{n} stories")
    recall = hits / max(1, tries)
    precision = hits / (hits + alarms) if hits + alarms else 1.0
    print(
        f"  recall {recall:.3f}, precision {precision:.3f} ({alarms} false alarms on edited"
        f" stories); conflicts on the untouched stories: {untouched}"
        " (floors: recall >= 0.90, precision >= 0.90)"
    )
    return {"recall": recall, "precision": precision, "untouched": untouched}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=24)
    args = ap.parse_args()
    nlp = load_pipeline()
    stories = [arts for _, arts in sorted(ecb_stories().items()) if len(arts) >= 3]
    stories = stories[: args.stories]
    seeds = ingest(read_paths([ROOT / "examples" / "seeds"], Settings())).articles
    run(nlp, [seeds, *stories[0::2]], "tuning stories (the seeds and ECB+ dev, even)")
    run(nlp, stories[1::2], "held-out stories (ECB+ dev, odd)")

    # speed: one story of 50 articles (ECB+ stories joined, dates spread over a week)
    pool = [a for arts in stories for a in arts][:50]
    day = parse_date("2024-05-06")
    assert day is not None
    big = [
        replace(a, meta=replace(a.meta, published=(day + timedelta(days=n % 7)).isoformat()))
        for n, a in enumerate(pool)
    ]
    parsed = parse(nlp, big)
    analysis = analyse_story(parsed)
    start = time.perf_counter()
    result = cross_check(analysis, big, [])
    took = time.perf_counter() - start
    print(
        f"cross-check of a {len(big)}-article story: {took:.2f} s ({len(result.facts)} facts,"
        f" {len(result.conflicts)} conflicts; floor <= 5 s)"
    )


if __name__ == "__main__":
    main()
