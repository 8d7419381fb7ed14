"""Support means stating: a source counts for a fact only with a sentence that states it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.analyse.timex import TimeValue
from crosswire.crosscheck import Conflict, CrossCheck, cross_check
from crosswire.crosscheck.claims import Claim
from crosswire.crosscheck.conflicts import _comparable, _same_time, _When
from crosswire.crosscheck.support import states_nothing
from crosswire.records import Article, Metadata


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.replace("\u00a0", " ").lower()))


def _gold_fact(text: str, gold: dict[str, Any]) -> dict[str, Any] | None:
    """The gold fact a sentence states: the one whose evidence it covers best (≥ 60 % of an
    evidence's words, as the gold's own scorer reads it)."""
    best, found = 0.0, None
    for fact in gold["facts"]:
        for evidence in fact["evidence"].values():
            share = len(_words(text) & _words(evidence)) / max(1, len(_words(evidence)))
            if share > best:
                best, found = share, fact
    return found if best >= 0.6 else None


def test_support_every_brief_citation_states_its_line(seed_run: Path, gold: dict[str, Any]) -> None:
    story = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))["stories"][0]
    checked = 0
    for line in story["summary"]:
        fact = _gold_fact(line["text"], gold)
        if fact is None:
            continue
        for source in line["sources"]:
            checked += 1
            assert source["article"] in fact["evidence"], (fact["id"], source["text"])
    assert checked >= 10


def test_support_fact_sources_state_their_fact(seed_run: Path, gold: dict[str, Any]) -> None:
    """Every source of a fact told by several articles is in the gold evidence of the fact its
    statement states."""
    story = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))["stories"][0]
    wrong, checked = [], 0
    for fact in story["facts"]:
        if fact["articles"] < 2 or (found := _gold_fact(fact["statement"], gold)) is None:
            continue
        for source in fact["sources"]:
            checked += 1
            if source["article"] not in found["evidence"]:
                wrong.append((found["id"], source["text"][:60]))
    assert checked >= 40
    assert wrong == []


def test_support_the_counted_fact_has_only_the_sources_giving_its_number(
    seed_run: Path,
) -> None:
    story = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))["stories"][0]
    for fact in story["facts"]:
        if any("15,000" in s["text"] for s in fact["sources"]):
            assert all("15,000" in s["text"] for s in fact["sources"]), fact["sources"]
            assert fact["articles"] == 2 and fact["origins"] == 1


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        ("What do the two countries have in common?", True),
        ("Putin's praise for the soldiers", True),
        ("At the parade, he posted on Truth Social:", False),
        ("The two leaders met at the guest house.", False),
    ],
)
def test_support_questions_and_headings_state_nothing(text: str, nothing: bool) -> None:
    assert states_nothing(text) is nothing


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def _article(article_id: str, body: str) -> Article:
    return Article(article_id, article_id, "text", "", body, Metadata(published="2024-03-06"), ())


def _of_kind(check: CrossCheck, kind: str) -> list[Conflict]:
    return [c for c in check.conflicts if c.kind == kind]


def _when(text: str, value: TimeValue | None, weekday: int | None, yearless: bool) -> _When:
    """A time expression of a placeholder claim, as the date conflicts see it."""
    claim = Claim("a:0", "a", 0, 1, "x", (), (), (), (), ())
    return _When(claim, text, 0, len(text), value, weekday, yearless)


def _day(day: date) -> TimeValue:
    return TimeValue(day, day, "day")


def _check(nlp, bodies: dict[str, str]) -> CrossCheck:  # type: ignore[no-untyped-def]
    articles = [_article(k, v) for k, v in bodies.items()]
    analysis = analyse_story(parse(nlp, articles))
    return cross_check(analysis, articles, [])


def test_support_a_different_number_is_the_other_side_never_support(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Rescue teams said about 1,000 soldiers were flown to the valley on Monday.",
            "b": "Rescue teams said about 1,200 soldiers were flown to the valley on Monday.",
            "c": "Officials confirmed that 1,000 soldiers were flown to the valley on Monday.",
        },
    )
    for fact in check.facts:
        said = {c.article for c in fact.claims}
        assert not ({"a", "b"} <= said or {"b", "c"} <= said), fact
    (conflict,) = _of_kind(check, "quantity")
    sides = {s.value: set(s.articles) for s in conflict.sides}
    assert sides == {"1,000 / about 1,000": {"a", "c"}, "about 1,200": {"b"}}


def test_support_a_question_or_heading_never_supports(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "The council approved the new harbour bridge on Tuesday after a long debate.\n\n"
            "Residents welcomed the decision.",
            "b": "Why did the council approve the new harbour bridge?\n\n"
            "The council approved the new harbour bridge on Tuesday, ending years of debate.",
            "c": "The new harbour bridge\n\nFishermen fear the bridge will block the old channel.",
        },
    )
    fact = max(check.facts, key=lambda f: len(f.articles))
    assert "approved" in fact.statement
    assert {c.article for c in fact.claims} == {"a", "b"}
    assert all(not states_nothing(c.text) for c in fact.claims)


def test_crosscheck_a_story_with_no_claims_has_no_facts(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(nlp, {"a": "Hi.", "b": "Ok."})
    assert check.facts == () and check.conflicts == ()


def test_crosscheck_a_date_past_the_calendar_costs_only_that_date(nlp) -> None:  # type: ignore[no-untyped-def]
    articles = [
        Article(
            "a",
            "a",
            "text",
            "",
            "Heavy rain will reach the north tomorrow.",
            Metadata(published="9999-12-31"),
            (),
        ),
        Article(
            "b",
            "b",
            "text",
            "",
            "Heavy rain will reach the north on Friday.",
            Metadata(published="9999-12-30"),
            (),
        ),
    ]
    analysis = analyse_story(parse(nlp, articles))
    assert not [t for t in analysis.times if t.article == "a"]
    cross_check(analysis, articles, [])


def test_time_a_date_after_until_lies_ahead() -> None:
    from crosswire.analyse.timex import find_times

    wednesday = date(2024, 3, 6)
    (until,) = find_times("a", "The airport stays closed until at least Friday.", wednesday)
    assert until.value.start == date(2024, 3, 8)
    (past,) = find_times("a", "The airport was closed on Friday.", wednesday)
    assert past.value.start == date(2024, 3, 1)


def test_conflicts_many_numbers_of_one_measure_are_compared_on_arrays() -> None:
    """Two articles with a thousand numbers each of one measure (all pairs close): the numbers
    are compared without a look at each pair in Python (this took minutes when they were)."""
    import time

    import numpy as np

    from crosswire.analyse.quantities import find_quantities
    from crosswire.crosscheck import Fact
    from crosswire.crosscheck.conflicts import find_conflicts

    claims, bodies = [], {}
    for article, base in (("a", 1000), ("b", 50000)):
        body = " ".join(f"Police counted {base + n % 3} protesters." for n in range(1000))
        bodies[article] = body
        for q in find_quantities(article, body):  # each sentence a claim
            start, end = q.start - len("Police counted "), q.end + len(" protesters.")
            text = body[start:end]
            claims.append(
                Claim(f"{article}:{start}", article, start, end, text, (), (), (), (q,), ())
            )
    articles = np.array([c.article for c in claims])
    score = (articles[:, None] != articles[None, :]).astype(np.float32)
    started = time.perf_counter()
    fact = Fact("f", claims[0].text, tuple(claims), ("a", "b"), 2)  # all state one fact
    conflicts = find_conflicts([fact], [], claims, score, bodies, {"a": 0, "b": 1}).conflicts
    assert time.perf_counter() - started < 30
    (conflict,) = conflicts  # one dispute: the first article's numbers against the second's
    assert {s.articles for s in conflict.sides} == {("a",), ("b",)}


def test_conflicts_need_the_same_holder_and_no_development(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Jonny Wilkinson scored 21 points for Newcastle against Leeds on Saturday.\n\n"
            "The flood death toll rose to 62 on Tuesday evening, officials in Dhaka said.",
            "b": "Charlie Hodgson scored 14 points for Sale against Leeds on Saturday.\n\n"
            "The flood death toll stood at 51 on Tuesday, officials in Dhaka said.",
        },
    )
    assert _of_kind(check, "quantity") == []


def test_speakers_named_by_role_or_spelt_two_ways_are_not_disputed() -> None:
    from crosswire.crosscheck.speakers import _one_speaker

    assert _one_speaker("the prime minister", "Tony Blair")
    assert _one_speaker("His former chief economic adviser", "Ed Balls")
    assert _one_speaker("Gregory Ioannidis", "Grigoris Ioanidis")
    assert not _one_speaker("Imelda Staunton", "Leonardo DiCaprio")


@pytest.mark.parametrize(
    ("text", "number", "counted"),
    [
        ("North Korea has sent around 15,000 troops to Russia.", "around 15,000", "troops"),
        ("The parade was attended by 26 global leaders.", "26", "leaders"),
        ("Both sides lost their opening two Six Nations games.", "two", "games"),
        ("He won his first cap against Ireland six years ago.", "six years", None),
        ("The 25-year-old shocked the champion.", "25-year", None),
        ("There could be as little as 18 days between the two votes.", "18 days", None),
        ("She was handed a two-year ban in May.", "a two-year", "ban"),
    ],
)
def test_counted_nouns_come_from_the_tags(nlp, text: str, number: str, counted: str | None) -> None:  # type: ignore[no-untyped-def]
    from crosswire.analyse.counted import with_counted
    from crosswire.analyse.quantities import find_quantities

    (parsed,) = parse(nlp, [_article("a", text)])
    found = {q.text: q.counted for q in with_counted(find_quantities("a", text), parsed.paragraphs)}
    assert found[number] == counted


@pytest.mark.parametrize(
    ("said", "disputed"),
    [
        ("Morgan Ellery said", True),
        ("he said", False),
        ("the official said", False),
        # a body speaks through its members: "The Law Lords" and Lord Bingham are no dispute
        ("The Law Lords said", False),
        ("The Electoral Commission said", False),
    ],
)
def test_speakers_disputed_only_between_two_names(nlp, said: str, disputed: bool) -> None:  # type: ignore[no-untyped-def]
    first = (
        "Shares in the phone company fell sharply on Monday after the results.\n\n"
        '"We will not give up on the European market this year," Mr Ebbers said.'
    )
    check = _check(nlp, {"a": first, "b": first.replace("Mr Ebbers said", said)})
    speakers = _of_kind(check, "speaker")
    assert bool(speakers) is disputed
    if disputed:
        assert {s.value for s in speakers[0].sides} == {"Morgan Ellery", "Mr Ebbers"}


def test_conflicts_a_number_attached_to_other_words_is_another_measure(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Michael Owen has scored nine league goals for Real Madrid this season.",
            "b": "Michael Owen has grabbed 11 goals for Real Madrid this season.",
            "c": "Michael Owen has scored 12 league goals for Real Madrid this season.",
        },
    )
    (conflict,) = _of_kind(check, "quantity")
    assert {s.articles for s in conflict.sides} == {("a",), ("c",)}


def test_speakers_must_be_named_people_as_written() -> None:
    from crosswire.analyse.quotes import QuoteSpan
    from crosswire.crosscheck.speakers import _named_as_written

    def span(speaker: str, written: str) -> QuoteSpan:
        return QuoteSpan(
            "a",
            0,
            40,
            "we will change the face of politics",
            speaker,
            written,
            "said",
            "direct",
            "sentence",
        )

    assert _named_as_written(span("Robert Kilroy-Silk", "MEP Robert Kilroy-Silk"))
    assert not _named_as_written(span("Ex-BBC chat show", "Ex-BBC chat show"))
    assert not _named_as_written(span("Paul Flynn", "Mr Blair"))  # resolved to someone else
    assert not _named_as_written(span("Tony Blair", "he"))
    assert not _named_as_written(span("Craig Zadan", "Zadan and Meron"))  # said jointly
    assert not _named_as_written(span("Law Lords", "The Law Lords"))  # a body, not a person
    assert _named_as_written(span("Tony Blair", "the prime minister Tony Blair"))


def test_conflicts_an_article_giving_both_numbers_disputes_neither(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "The Sixers won 40 games last season and took Detroit to six games in the"
            " first round of the playoffs.",
            "b": "The Sixers won 23 games after the break last season before the playoffs.",
        },
    )
    for conflict in check.conflicts:
        articles = [a for s in conflict.sides for a in s.articles]
        assert len(articles) == len(set(articles))


def test_a_toll_that_rose_is_a_development_with_the_newest_marked(nlp) -> None:  # type: ignore[no-untyped-def]
    bodies = {
        "a": "The floods in Dhaka killed 51 people on Tuesday, officials in the capital said.\n\n"
        "Rescue teams searched the flooded districts of the capital through the night.",
        "b": "The floods in Dhaka have now killed 62 people, officials in the capital said.\n\n"
        "Rescue teams searched the flooded districts of the capital through the night.",
    }
    times = {"a": "2024-03-06T08:00:00+06:00", "b": "2024-03-06T19:00:00+06:00"}
    articles = [
        Article(k, k, "text", "", v, Metadata(published=times[k]), ()) for k, v in bodies.items()
    ]
    check = cross_check(analyse_story(parse(nlp, articles)), articles, [])
    assert _of_kind(check, "quantity") == []
    (moved,) = check.developments
    assert [(s.value, s.articles, s.newest) for s in moved.steps] == [
        ("51", ("a",), False),
        ("62", ("b",), True),
    ]


def test_moving_is_told_next_to_the_number() -> None:
    from crosswire.analyse.quantities import find_quantities
    from crosswire.crosscheck.developments import moving_number

    def moving(text: str) -> bool:
        (q,) = find_quantities("a", text)
        return moving_number(text, Claim("a:0", "a", 0, len(text), text, (), (), (), (q,), ()), q)

    assert moving("The death toll has now risen to 62, officials said.")
    assert moving("Officials said 62 people have died so far.")
    assert not moving(
        "The navy said it arrested 23 pirates who threatened a merchant vessel in the Gulf on"
        " Saturday, the latest in a series of clashes."
    )


@pytest.mark.parametrize("text", ["about 9:40 p.m. Friday", "the 6. 1 - magnitude quake"])
def test_quantities_skip_the_pieces_of_clock_times_and_split_decimals(text: str) -> None:
    from crosswire.analyse.quantities import find_quantities

    assert find_quantities("a", text) == []


def test_quotes_need_a_cue_or_a_pair_of_marks(nlp) -> None:  # type: ignore[no-untyped-def]
    from crosswire.analyse.entities import story_entities
    from crosswire.analyse.quotes import article_quotes

    body = (
        "The council met on Tuesday to discuss the harbour bridge plan.\n\n"
        "Residents had pinned up posters reading “Save the old channel for the fishing boats of"
        " the town and the children\n\n"
        "“We will build the bridge whatever the cost to the harbour,” the mayor said."
    )
    (parsed,) = parse(nlp, [_article("a", body)])
    quotes = article_quotes(parsed, story_entities([parsed]))
    assert [q.text for q in quotes] == [
        "We will build the bridge whatever the cost to the harbour,"
    ]


def test_a_place_both_name_does_not_hide_the_one_they_differ_on(nlp) -> None:  # type: ignore[no-untyped-def]
    first = (
        "Five men were detained on Monday under the new terror law, police said.\n\n"
        "Most of the terror suspects are detained at Belmarsh Prison in London.\n\n"
        "The men have not been charged with any offence, their lawyers said."
    )
    check = _check(nlp, {"a": first, "b": first.replace("in London", "in Ottawa")})
    (where,) = _of_kind(check, "place")
    assert {s.value for s in where.sides} == {"London", "Ottawa"}


def test_an_article_is_analysed_up_to_a_bound_and_the_story_says_so() -> None:
    from crosswire.analyse.nlp import MAX_ANALYSED_CHARS, analysis_limits, paragraphs

    sentence = "The council approved the new harbour bridge on Tuesday. "
    body = sentence * (MAX_ANALYSED_CHARS // len(sentence) + 50)
    assert max(start + len(text) for start, text in paragraphs(body)) <= MAX_ANALYSED_CHARS
    long, short = _article("a", body), _article("b", sentence)
    (note,) = analysis_limits([long, short])
    assert note.startswith("a: only the first 100,000 of")


def test_one_sentence_naming_two_places_in_two_articles_is_no_dispute(nlp) -> None:  # type: ignore[no-untyped-def]
    same = (
        "The UK total of 5.3 million translates into 7.5 connections per 100 people, compared to"
        " 6.7 in Germany and 15.8 in the Netherlands.\n\nBroadband take-up is growing fast."
    )
    check = _check(nlp, {"a": same, "b": same})
    assert _of_kind(check, "place") == []


def test_time_a_day_before_a_month_and_day_is_the_day() -> None:
    from crosswire.analyse.timex import find_times

    (t,) = find_times("a", "It thwarted an attack on 10 Nov 11.", date(2011, 11, 12))
    assert t.value.iso == "2011-11-10"


def test_dates_last_week_and_today_against_a_weekday() -> None:
    monday = _when("Monday", None, 0, True)  # undated: the weekday alone
    said_today = _when("this morning", _day(date(2007, 4, 10)), 1, False)  # a Tuesday
    assert _same_time(monday, said_today)  # a paper dated a day after the event
    week = TimeValue(date(2007, 4, 2), date(2007, 4, 8), "week")
    last_week = _when("last week", week, None, False)
    assert not _comparable(last_week, _when("on Monday", _day(date(2007, 4, 9)), 0, False))


def test_dates_a_yearless_date_of_another_year_is_another_moment() -> None:
    def when(text: str, day: date, yearless: bool) -> _When:
        return _when(text, _day(day), day.weekday(), yearless)

    hired = when("June 27, 2001", date(2001, 6, 27), False)
    fired = when("March 2", date(2005, 3, 2), True)  # read against an article of 2005
    assert not _comparable(hired, fired)
    assert _comparable(
        when("October 5", date(2013, 10, 5), True),
        when("October 6, 2013", date(2013, 10, 6), False),
    )


def test_places_listed_together_are_all_located(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Nintendo launched its DS handheld in Japan and the US last year and has sold"
            " 2.8 million units.\n\nThe console has been a hit with younger players.",
            "b": "Nintendo has sold 2.8 million DS consoles since it went on sale in the US and"
            " Japan last year.\n\nThe console has been a hit with younger players.",
        },
    )
    assert _of_kind(check, "place") == []


def test_dates_the_same_words_read_in_two_years_agree() -> None:
    one = _when("June 20", _day(date(2005, 6, 20)), 0, True)
    other = _when("June 20", _day(date(2006, 6, 20)), 1, True)  # in an article a year later
    assert _comparable(one, other) and _same_time(one, other)


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("Europe", "Hanoi", True),
        ("Europe", "Berlin", False),
        ("Europe", "Japan", True),
        ("England", "Hanoi", True),
        ("England", "London", False),
        ("Scotland", "England", True),
    ],
)
def test_places_continents_and_the_nations_of_the_uk(a: str, b: str, apart: bool) -> None:
    from crosswire.analyse.places import apart as places_apart

    assert places_apart(a, b) is apart


def test_numbers_two_careers_and_a_set_of_others_are_not_disputed(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Captain Tom Tennant was a 28-year veteran of the police department.\n\n"
            "Navy commandos seized seven AK-47 rifles, three other rifles and a launcher.",
            "b": "Officer Scott Russell, a 20-year veteran of the department, is in hospital.\n\n"
            "Navy commandos seized seven AK-47 rifles and three other automatic rifles.",
        },
    )
    assert _of_kind(check, "quantity") == []


def test_quotes_a_quote_ending_its_sentence_is_not_given_to_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    from crosswire.analyse.entities import story_entities
    from crosswire.analyse.quotes import article_quotes

    body = (
        'Mr Blair told MPs and peers: "Nothing is going to get in the way of a unified party."'
        ' Labour\'s Paul Flynn said the pair had had a "scorching" from MPs.'
    )
    (parsed,) = parse(nlp, [_article("a", body)])
    (quote,) = [q for q in article_quotes(parsed, story_entities([parsed])) if "unified" in q.text]
    assert quote.speaker_text == "Mr Blair"


def test_a_side_holds_every_reprint_giving_its_value(seed_run: Path) -> None:
    story = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))["stories"][0]
    troops = next(c for c in story["conflicts"] if any("15,000" in v["value"] for v in c["values"]))
    side = next(v for v in troops["values"] if "15,000" in v["value"])
    assert (side["articles"], side["origins"]) == (2, 1)  # the wire copy and its reprint


def test_numbers_attached_only_to_what_another_number_counts_are_two_measures(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(
        nlp,
        {
            "a": "Teixeira hit .358 with 13 homers and 43 RBIs in 54 games with the Angels.\n\n"
            "The Red Sox have offered Teixeira an eight-year deal, a source said.",
            "b": "Teixeira hit .308 with 33 homers and 121 RBIs in 157 games with two teams.\n\n"
            "The Red Sox have offered Teixeira an eight-year deal, a source said.",
        },
    )
    assert not [c for c in check.conflicts if "rbis" in c.about.lower()]


def test_conflicts_two_days_with_other_numbers_are_two_occasions(nlp) -> None:  # type: ignore[no-untyped-def]
    """Seen in the BBC audit: a share price's close on Friday and on Monday, each with its own
    figures, were given as a dispute over the day. Without numbers, or with the same ones, the
    days are still compared."""
    close = "Shares in Harbour Group closed {move} on {day} after the new offer from its rival."
    friday = close.format(move="at 270p, down 3p,", day="Friday")
    monday = close.format(move="up 4.75%", day="Monday")
    context = "\n\nThe board said it would study the offer and reply to shareholders within weeks."
    check = _check(nlp, {"a": friday + context, "b": monday + context})
    assert not _of_kind(check, "date")
    fire = "A fire destroyed the harbour church on {day}, and 40 firefighters fought the blaze."
    check = _check(
        nlp,
        {"a": fire.format(day="Friday") + context, "b": fire.format(day="Saturday") + context},
    )
    assert _of_kind(check, "date")


def test_conflicts_a_date_belongs_to_its_own_clause_and_said_is_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    """Seen in the ECB+ audit: "charged with murder after a shooting at a party Friday" against
    "charged with murder Saturday after opening fire", and "police said Saturday", were given as
    a dispute over the day: Friday is the shooting's, Saturday the charge's or the statement's."""
    context = "\n\nThe victim's family asked for privacy, and the office stayed closed all week."
    check = _check(
        nlp,
        {
            "a": "A man has been charged with murder after a shooting at an office party in"
            " Leeds Friday." + context,
            "b": "A 61-year-old man was charged with murder Saturday after opening fire at his"
            " former office party in Leeds." + context,
            "c": "A former worker who opened fire at an office party in Leeds has been charged"
            " with murder, police said Saturday." + context,
        },
    )
    assert not _of_kind(check, "date")
    shooting = "A gunman opened fire at an office party in Leeds on {day}, killing one man."
    check = _check(
        nlp,
        {
            "a": shooting.format(day="Friday") + context,
            "b": shooting.format(day="Thursday") + context,
        },
    )
    assert _of_kind(check, "date")
