"""Conflict detection on real multi-outlet stories with injected edits: an article of each story
is copied as another outlet's, with one sentence changed so that it disagrees (a number beyond
its hedge, a shifted day, another place, a quote given to another speaker) or so that it agrees
in other words (a number written out, a rounded figure with a hedge, a date written another
way). Prints recall on injected conflicts, false alarms on harmless edits and on the untouched
stories, and the time to cross-check a 50-article story.

    python benchmarks/conflicts.py [--stories 24]

Stories: ECB+ dev (one story per event) and the seeds; even-numbered stories tune, odd-numbered
are held out. Floors (issue 5): recall >= 0.90, precision >= 0.90; 50 articles in <= 5 s.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from analysis import ecb_stories

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.analyse.nlp import Parsed
from crosswire.analyse.quantities import find_quantities
from crosswire.analyse.timex import find_times, parse_date
from crosswire.crosscheck import CrossCheck, cross_check
from crosswire.records import Article

WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
PLACES = ["Oslo", "Lima", "Nairobi", "Hanoi", "Ottawa", "Canberra", "Santiago", "Warsaw"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
Edit = Callable[[Article, random.Random], tuple[str, str] | None]  # new body, changed text


def more(a: Article, rng: random.Random) -> tuple[str, str] | None:
    for q in find_quantities(a.id, a.body):
        if q.counted and q.value >= 3 and not q.hedge and re.fullmatch(r"[\d,]+", q.text):
            new = f"{int(q.value * 3):,}"
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def shifted_day(a: Article, rng: random.Random) -> tuple[str, str] | None:
    m = re.search(r"\bon (" + "|".join(DAYS) + r")\b", a.body)
    if not m:
        return None
    other = DAYS[(DAYS.index(m.group(1)) + 3) % 7]
    return a.body[: m.start(1)] + other + a.body[m.end(1) :], other


def other_place(a: Article, rng: random.Random) -> tuple[str, str] | None:
    m = re.search(r"\b(?:in|at) ([A-Z][a-z]{3,})(?=[ ,.])", a.body)
    if not m or m.group(1) in DAYS:
        return None
    new = rng.choice([p for p in PLACES if p != m.group(1)])
    return a.body[: m.start(1)] + new + a.body[m.end(1) :], new


def other_speaker(a: Article, rng: random.Random) -> tuple[str, str] | None:
    m = re.search(r"[”\"],? ([A-Z][a-z]+(?: [A-Z][a-z]+)?) (said|told)", a.body)
    if not m:
        return None
    new = "Morgan Ellery"
    return a.body[: m.start(1)] + new + a.body[m.end(1) :], new


def written_out(a: Article, rng: random.Random) -> tuple[str, str] | None:
    for q in find_quantities(a.id, a.body):
        if q.text.isdigit() and 2 <= q.value <= 12:
            new = WORDS[int(q.value)]
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def rounded(a: Article, rng: random.Random) -> tuple[str, str] | None:
    for q in find_quantities(a.id, a.body):
        if q.counted and not q.hedge and re.fullmatch(r"\d{2,3}", q.text) and q.value % 10:
            new = f"about {round(q.value, -1):.0f}"
            return a.body[: q.start] + new + a.body[q.end :], new
    return None


def date_written(a: Article, rng: random.Random) -> tuple[str, str] | None:
    ref = parse_date(a.reference_date)
    for t in find_times(a.id, a.body, ref):
        if t.value.precision == "day" and re.fullmatch(r"on [A-Z][a-z]+day", t.text):
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


def separates(check: CrossCheck, copy: str, original: str) -> bool:
    for c in check.conflicts:
        sides = [set(s.articles) for s in c.sides]
        if any(copy in s and original not in s for s in sides) and any(
            original in s and copy not in s for s in sides
        ):
            return True
    return False


def run(nlp, stories: list[list[Article]], label: str) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    found = {k: [0, 0] for k in CONFLICTING}
    harmless = {k: [0, 0] for k in HARMLESS}
    untouched_alarms = new_alarms = 0
    for arts in stories:
        parsed = parse(nlp, arts)
        base = check(parsed, arts)
        untouched_alarms += len(base.conflicts)
        before = {(c.kind, frozenset(s.value for s in c.sides)) for c in base.conflicts}
        edits = [(k, v[1], True) for k, v in CONFLICTING.items()]
        edits += [(k, v, False) for k, v in HARMLESS.items()]
        for name, edit, conflicting in edits:
            source = next((a for a in arts if edit(a, rng) is not None), None)
            if source is None:
                continue
            body, _ = edit(source, rng) or ("", "")
            copy = replace(source, id=source.id + "~copy", body=body)
            result = check([*parsed, *parse(nlp, [copy])], [*arts, copy])
            hit = separates(result, copy.id, source.id)
            extra = [
                c
                for c in result.conflicts
                if (c.kind, frozenset(s.value for s in c.sides)) not in before
            ]
            if conflicting:
                found[name][0] += hit
                found[name][1] += 1
                new_alarms += max(0, len(extra) - hit)
            else:
                harmless[name][0] += bool(extra)
                harmless[name][1] += 1
                new_alarms += len(extra)
    hits = sum(v[0] for v in found.values())
    tries = sum(v[1] for v in found.values())
    print(f"{label}: {len(stories)} stories")
    for name, (h, n) in found.items():
        print(f"  injected {name}: found {h}/{n}")
    for name, (h, n) in harmless.items():
        print(f"  harmless {name}: false alarms in {h}/{n} stories")
    precision = hits / (hits + new_alarms) if hits + new_alarms else 1.0
    print(
        f"  recall {hits / max(1, tries):.3f}, precision {precision:.3f} ({new_alarms} false"
        f" alarms on edited stories); conflicts on untouched stories: {untouched_alarms}"
        " (floors: recall >= 0.90, precision >= 0.90)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=24)
    args = ap.parse_args()
    nlp = load_pipeline()
    stories = [arts for _, arts in sorted(ecb_stories().items()) if len(arts) >= 3]
    stories = stories[: args.stories]
    run(nlp, stories[0::2], "tuning stories (ECB+ dev, even)")
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
