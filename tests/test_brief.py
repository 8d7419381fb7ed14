from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.brief import Line, make_brief, traceable
from crosswire.brief.summary import SAME_FACT
from crosswire.crosscheck import Claim, cross_check
from crosswire.crosscheck.claims import content_words, stems
from crosswire.records import Article, Metadata


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _stories(run: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    doc = json.loads((run / "stories.json").read_text(encoding="utf-8"))
    return doc["stories"], {a["id"]: a["body"] for a in doc["articles"]}


@pytest.mark.parametrize("corpus", ["seed_run", "payload_run"])
def test_brief_every_sentence_is_traceable_in_every_corpus(corpus: str, request: Any) -> None:
    """Each summary sentence is an article's sentence (or part of one), or every content word of
    it is in the claims it cites; every cited text is the article's own words."""
    stories, bodies = _stories(request.getfixturevalue(corpus))
    assert stories
    for story in stories:
        summary = story["summary"]
        assert 3 <= len(summary) <= 7, story["id"]
        for line in summary:
            assert line["sources"], line
            for s in line["sources"]:
                assert bodies[s["article"]][s["start"] : s["end"]].split() == s["text"].split()
            said = " | ".join(_squash(s["text"]) for s in line["sources"])
            words = {w for s in line["sources"] for w in content_words(s["text"])}
            assert _squash(line["text"]) in said or set(content_words(line["text"])) <= words


def test_brief_of_the_seeds_tells_the_story_once_with_a_dispute(seed_run: Path) -> None:
    (story,), _ = _stories(seed_run)
    lines = story["summary"]
    text = [line["text"] for line in lines]
    assert any("invited" in t and "visit Russia" in t for t in text)
    assert any("anything" in t and "help Russia" in t and "Kim" in t for t in text)  # the pledge
    disputed = [line for line in lines if line["dispute"]]
    assert len(disputed) >= 2 and len({line["dispute"] for line in disputed}) < len(disputed)
    for a, b in itertools.pairwise(disputed):
        if a["dispute"] == b["dispute"]:  # each side cites only the articles of its own side
            assert a["side"] != b["side"]
            cited = [{s["article"] for s in x["sources"]} for x in (a, b)]
            assert not cited[0] & cited[1]
    # no sentence says what another says (the two sides of a dispute aside)
    told = [line for line in lines if not line["dispute"]]
    assert len({line["fact"] for line in told}) == len(told)
    for n, a in enumerate(told):
        for b in told[n + 1 :]:
            sa, sb = set(stems(a["text"])), set(stems(b["text"]))
            assert len(sa & sb) < SAME_FACT * min(len(sa), len(sb)), (a["text"], b["text"])
    # ordered by independent origins: no told line has more origins than the one before it
    origins = [line["origins"] for line in told]
    assert origins == sorted(origins, reverse=True)


def _claim(text: str) -> Claim:
    return Claim("a:0", "a", 0, len(text), text, tuple(stems(text)), (), (), (), ())


def test_traceable_refuses_a_word_the_sources_do_not_say() -> None:
    source = _claim("Police said around 15,000 protesters marched through Lyon on Saturday.")
    same = Line("around 15,000 protesters marched through Lyon", (source,), None, 1, 1)
    assert traceable(same)
    added = Line("Around 15,000 angry protesters marched through Lyon.", (source,), None, 1, 1)
    assert not traceable(added)


def test_brief_notes_the_newest_development() -> None:
    def article(aid: str, day: str, body: str) -> Article:
        return Article(aid, aid, "text", "", body, Metadata(published=day), ())

    flood = (
        "Heavy rain flooded the town of Riverton, forcing hundreds of residents from their homes."
    )
    river = "The river rose four metres overnight after a week of storms, the water authority said."
    quit_ = (
        "Riverton's mayor Tom Briggs resigned over the handling of the floods, the council said."
    )
    articles = [
        article("a", "2024-03-11", f"{flood}\n\n{river}"),
        article(
            "b", "2024-03-11", f"{flood}\n\n{river}\n\nShelters opened at the town's high school."
        ),
        article("c", "2024-03-12", f"{quit_}\n\n{flood}"),
        article("d", "2024-03-12", f"{quit_}\n\nVolunteers handed out blankets at the shelters."),
    ]
    analysis = analyse_story(parse(load_pipeline(), articles))
    brief = make_brief("Riverton floods", articles, cross_check(analysis, articles, []))
    newest = [line for line in brief.lines if line.newest]
    assert len(newest) == 1 and "resigned" in newest[0].text
    assert {c.article for c in newest[0].sources} == {"c", "d"}
    assert not any(line.newest for line in brief.lines if "flooded" in line.text)


def test_brief_a_dispute_is_told_by_two_sides_at_most() -> None:
    from crosswire.brief.summary import _with_disputes
    from crosswire.crosscheck import Conflict, Side

    a, b, c = (
        _claim(f"The lorry carried {n} tonnes of grain across the border on Monday.")
        for n in (12, 30, 45)
    )
    a, b, c = (
        replace(x, id=f"{art}:0", article=art) for x, art in zip((a, b, c), "abc", strict=True)
    )
    held = Line(a.text, (a,), "fact-1", 1, 1, sentence=a.id)
    sides = tuple(
        Side(f"{n} tonnes", (x,), (x.article,), origins)
        for n, x, origins in ((12, a, 1), (30, b, 1), (45, c, 2))
    )
    (first, other) = _with_disputes([held], [Conflict("conflict-1", "quantity", "", None, sides)])
    assert (first.side, first.sources) == ("12 tonnes", (a,))
    assert (other.side, other.sources, other.origins) == ("45 tonnes", (c,), 2)  # the strongest


def test_brief_of_a_small_story_takes_what_it_has() -> None:
    body = (
        "Greece's parliament is due to vote on the cuts proposed by the government.\n\n"
        "It comes a day after three bank workers died in a petrol bomb attack in Athens."
    )
    articles = [Article("g", "g", "text", "", body, Metadata(published="2010-05-06"), ())]
    analysis = analyse_story(parse(load_pipeline(), articles))
    brief = make_brief("Greek vote", articles, cross_check(analysis, articles, []))
    assert [line.text[:15] for line in brief.lines] == ["Greece's parlia", "It comes a day "]


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("BEIJING (AP) — Putin met Kim in Beijing.", "Putin met Kim in Beijing."),
        ("Beijing (Parliament Politics Magazine) – Putin invites Kim.", "Putin invites Kim."),
        ("NEW YORK - The mayor said no.", "The mayor said no."),
        ("-Troop Deployment: North Korea sent troops.", "North Korea sent troops."),
        ("Kim Jong Un - the North Korean leader - said so.", None),  # no dateline: kept whole
    ],
)
def test_brief_sentences_lose_datelines_and_list_labels_only(
    text: str, trimmed: str | None
) -> None:
    from crosswire.brief.summary import _trimmed

    assert _trimmed(text) == (trimmed or text)


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Your soldiers fought courageously and heroically,” Putin told Kim.", False),
        ('I would like to note that your soldiers fought courageously and heroically."', False),
        ("“Your soldiers fought courageously,” Putin told Kim after the parade.", True),
    ],
)
def test_brief_a_piece_of_a_quote_does_not_stand_alone(text: str, alone: bool) -> None:
    from crosswire.brief.summary import _stands_alone

    assert _stands_alone(text) is alone
