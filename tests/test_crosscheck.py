from __future__ import annotations

import pytest

from crosswire.analyse import Quantity, analyse_story, load_pipeline, parse
from crosswire.analyse.nlp import Parsed
from crosswire.crosscheck import Claim, CrossCheck, cross_check
from crosswire.crosscheck.alignment import SAME_TIME, similarity
from crosswire.crosscheck.claims import story_claims
from crosswire.records import Article, Metadata


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def _article(article_id: str, body: str) -> Article:
    return Article(article_id, article_id, "text", "", body, Metadata(published="2024-10-14"), ())


RALLY = "Thousands of farmers marched through Lyon on Saturday against the new fuel tax."
A = _article(
    "a",
    f"{RALLY}\n\n"
    "Police said around 15,000 protesters took part in the march, which lasted nearly three"
    " hours.\n\n"
    "The union signed a wage agreement with the ministry in June last year.\n\n"
    "“We will not pay for a crisis we did not make,” union leader Claire Martin said.\n\n"
    "Organisers also handed out 447 leaflets on water prices.",
)
B = _article(
    "b",
    f"{RALLY}\n\n"
    "Police said 9,000 to 10,000 protesters took part in the march, which lasted two and a"
    " half hours.\n\n"
    "The union signed a wage agreement with the ministry on June 18, 2022.\n\n"
    "“We will not pay for a crisis we did not make,” farm minister Paul Girard said.",
)
C = _article(  # a reprint of B under another masthead: the same origin
    "c",
    f"{RALLY}\n\n"
    "Police said 9,000 to 10,000 protesters took part in the march, which lasted two and a"
    " half hours.\n\n"
    "The union signed a wage agreement with the ministry on June 18, 2022.",
)


def _check(nlp, articles: list[Article], origins: list[list[str]]) -> CrossCheck:  # type: ignore[no-untyped-def]
    return cross_check(analyse_story(parse(nlp, articles)), articles, origins)


def test_crosscheck_facts_count_articles_and_independent_origins(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(nlp, [A, B, C], [["a"], ["b", "c"]])
    rally = next(f for f in check.facts if "marched through Lyon" in f.statement)
    assert rally.articles == ("a", "b", "c") and rally.origins == 2
    bodies = {a.id: a.body for a in (A, B, C)}
    for c in rally.claims:  # each source is its article's own words, at its own span
        assert c.text == " ".join(bodies[c.article][c.start : c.end].split())
    signed = next(f for f in check.facts if "wage agreement" in f.statement)
    assert signed.articles == ("a", "b", "c")


def test_crosscheck_conflicts_have_sides_with_their_origins(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(nlp, [A, B, C], [["a"], ["b", "c"]])
    kinds = {c.kind: c for c in check.conflicts}
    crowds = [c for c in check.conflicts if c.about == "how many protesters"]
    assert len(crowds) == 1, [c.about for c in check.conflicts]
    crowd = crowds[0]
    sides = {s.value: (s.articles, s.origins) for s in crowd.sides}
    assert sides == {"9,000 to 10,000": (("b", "c"), 1), "around 15,000": (("a",), 1)}
    hours = [c for c in check.conflicts if "hour" in c.about]
    assert len(hours) == 1
    assert {s.value for s in hours[0].sides} == {"nearly three hours", "two and a half hours"}
    # "June last year" in an article of October 2024 is June 2023, not June 18, 2022
    assert [len(s.articles) for s in kinds["date"].sides] == [2, 1]
    (said,) = [c for c in check.conflicts if c.kind == "speaker"]
    assert {s.value for s in said.sides} == {"Claire Martin", "Paul Girard"}


def test_crosscheck_agreeing_wordings_are_not_conflicts(nlp) -> None:  # type: ignore[no-untyped-def]
    first = _article(
        "x",
        "More than two dozen ministers attended the summit in Paris on Tuesday.\n\n"
        "The union signed a wage agreement with the ministry in June last year.\n\n"
        "Around 50 farmers blocked the road to the airport for about three hours.",
    )
    second = _article(
        "y",
        "Some 26 ministers attended the summit in France on October 8.\n\n"
        "The union signed a wage agreement with the ministry on June 18, 2023.\n\n"
        "47 farmers blocked the road to the airport for three hours.",
    )
    check = _check(nlp, [first, second], [])
    assert check.conflicts == (), [
        (c.kind, c.about, [s.value for s in c.sides]) for c in check.conflicts
    ]
    assert sum(len(f.articles) == 2 for f in check.facts) >= 2


def test_crosscheck_exclusives_are_what_no_other_origin_states(nlp) -> None:  # type: ignore[no-untyped-def]
    check = _check(nlp, [A, B, C], [["a"], ["b", "c"]])
    by_id = {f.id: f for f in check.facts}
    leaflets = [by_id[i] for i in check.exclusives["a"] if "447 leaflets" in by_id[i].statement]
    assert len(leaflets) == 1
    assert all(by_id[i].origins == 1 for ids in check.exclusives.values() for i in ids)
    rally = next(f for f in check.facts if "marched through Lyon" in f.statement)
    assert all(rally.id not in ids for ids in check.exclusives.values())
    # one origin only (wire copy and its reprint): nothing is exclusive
    assert _check(nlp, [B, C], [["b", "c"]]).exclusives == {}


def test_crosscheck_counts_that_name_a_group_or_add_to_another_are_not_compared(nlp) -> None:  # type: ignore[no-untyped-def]
    x = _article(
        "x",
        "The two leaders met in Geneva, where 300 delegates waited outside the hall.\n\n"
        "Around 2,000 soldiers have been killed in the fighting since the spring.",
    )
    y = _article(
        "y",
        "The three leaders met in Geneva, where 300 delegates waited outside the hall.\n\n"
        "The army plans to deploy another 6,000 soldiers after the fighting this spring.",
    )
    check = _check(nlp, [x, y], [])
    assert [c for c in check.conflicts if c.kind == "quantity"] == []


def _undated(article_id: str, body: str) -> Article:
    return Article(article_id, article_id, "text", "", body, Metadata(), ())


def test_crosscheck_dates_and_places_need_the_same_event(nlp) -> None:  # type: ignore[no-untyped-def]
    """Weekdays disagree even with no date to read them against; places disagree when a
    gazetteer puts them in other countries or the story puts a town in another region; the
    same words, a town within the region written beside it, and a date the other claim also
    gives are no conflict."""
    x = _undated(
        "x",
        "A fire destroyed the old dairy warehouse in Palmer, Alaska, on Tuesday night.\n\n"
        "The suspect was arrested in Boston on Friday after a long chase.",
    )
    y = _undated(
        "y",
        "A fire destroyed the old dairy warehouse in Alaska on Saturday night.\n\n"
        "The suspect was arrested in Lisbon on Friday after a long chase.",
    )
    check = _check(nlp, [x, y], [])
    found = {(c.kind, frozenset(s.value for s in c.sides)) for c in check.conflicts}
    assert ("date", frozenset({"Tuesday", "Saturday"})) in found, found
    assert ("place", frozenset({"Boston", "Lisbon"})) in found, found
    assert not any(k == "place" and "Palmer" in " ".join(v) for k, v in found), found
    assert not any(k == "date" and "Friday" in " ".join(v) for k, v in found), found
    # every disagreement is reported once, whatever the number of facts that hold its claims
    keys = [(c.kind, frozenset(x.id for s in c.sides for x in s.claims)) for c in check.conflicts]
    assert len(keys) == len(set(keys))


def test_crosscheck_a_date_attached_to_another_event_is_no_conflict(nlp) -> None:  # type: ignore[no-untyped-def]
    x = _article(
        "x",
        "The deputy was killed on June 24 while investigating a shooting in which a man was hit"
        " in the back while doing yard work.",
    )
    y = _article(
        "y",
        "He was also convicted of the June 20, 2005 attempted murder of a man shot in the back"
        " while doing yard work.",
    )
    z = _article(  # "October 5" has no year of its own: it agrees with "October 5, 2013"
        "z",
        "The election commission said the vote will be held on October 5, 2013.\n\n"
        "The deputy was killed on June 24, 2005 while investigating a shooting.",
    )
    w = _article("w", "The election commission said the vote will be held on October 5.")
    check = _check(nlp, [x, y, z, w], [])
    dates = [[s.value for s in c.sides] for c in check.conflicts if c.kind == "date"]
    assert dates == [], dates


def test_crosscheck_numbers_an_article_states_itself_are_not_disputed(nlp) -> None:  # type: ignore[no-untyped-def]
    x = _article(
        "x",
        "Teixeira hit 13 homers with the Angels and 33 homers over the whole season.\n\n"
        "They won the game 10-5 on an eight-year high.",
    )
    y = _article(
        "y",
        "Teixeira hit 33 homers over the season, 13 of them with the Angels.\n\n"
        "They won the game 10-5 at an eight-year high.",
    )
    z = _article("z", "Teixeira hit 20 homers over the whole season, a career low.")
    check = _check(nlp, [x, y, z], [])
    homers = [c for c in check.conflicts if c.about == "how many homers"]
    assert len(homers) == 1, [[s.value for s in c.sides] for c in check.conflicts]
    assert {"20"} in [{s.value} for s in homers[0].sides]
    assert not any("10-5" in s.value for c in check.conflicts for s in c.sides)


def test_places_apart_by_the_gazetteer() -> None:
    from crosswire.analyse.places import apart

    assert apart("Tianjin", "Beijing") is True  # two cities 110 km apart
    assert apart("Moscow", "Russia") is False
    assert apart("Alaska", "Anchorage") is False  # a city within its state
    assert apart("Alaska", "Warsaw") is True
    assert apart("Manhattan", "New York") is False  # one city under two names
    assert apart("Quarrytown Flats", "Paris") is None  # not in the gazetteer
    assert apart("southern Iran", "Santiago") is True  # a part of a country lies in it
    assert apart("eastern Ukraine", "Kyiv") is False
    assert apart("South Korea", "North Korea") is True  # whole names are places of their own
    assert apart("West Virginia", "Virginia") is True


def test_crosscheck_an_unknown_county_lies_in_the_storys_home_country(nlp) -> None:  # type: ignore[no-untyped-def]
    """A place the gazetteer lacks is taken to lie where the story's known places do: against
    a city abroad it disagrees, against a city of that country it may be the same place."""
    lead = "Police in Detroit and Flint, Michigan, said the suspect was caught on Monday."
    chase = "The suspect was arrested after a chase along Interstate 75 in {} at 120 mph."
    x = _undated("x", f"{lead}\n\n{chase.format('Genesee County')}")
    abroad = _undated("y", f"{lead}\n\n{chase.format('Hanoi')}")
    found = {frozenset(s.value for s in c.sides) for c in _check(nlp, [x, abroad], []).conflicts}
    assert frozenset({"Genesee County", "Hanoi"}) in found, found
    home = _undated("z", f"{lead}\n\n{chase.format('Saginaw')}")
    assert not any(c.kind == "place" for c in _check(nlp, [x, home], []).conflicts)


def test_crosscheck_a_clause_no_other_source_states_is_a_fact_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    """The invitation is one fact in three articles; the clause only one of them adds (the last
    visit) is that article's exclusive, worded by its own clause."""
    x = _article("x", "The president invited the prime minister to visit Warsaw next spring.")
    y = _article(
        "y", "The president also invited the prime minister to visit Warsaw in the spring."
    )
    z = _article(
        "z",
        "The president invited the prime minister to visit Warsaw again, following on from"
        " the prime minister's last official trip to the country in 2019.",
    )
    check = _check(nlp, [x, y, z], [])
    invited = next(f for f in check.facts if "invited" in f.statement)
    assert invited.articles == ("x", "y", "z")
    trip = [f for f in check.facts if any("last official trip" in c.text for c in f.claims)]
    own = [f for f in trip if f.articles == ("z",)]
    assert len(own) == 1 and own[0].claims[0].text.startswith("following on from")
    assert own[0].id in check.exclusives["z"]


def test_crosscheck_claims_giving_the_same_date_are_closer(nlp) -> None:  # type: ignore[no-untyped-def]
    """'Last summer' (read against October 2024: the summer of 2023) holds June 18, 2023; 'last
    winter' does not: the same sentence is closer to the dated claim by the date's weight, and
    by nothing else."""
    x = _article(
        "x", "Both countries signed the partnership treaty on June 18, 2023, in the capital."
    )
    y = _article("y", "The two neighbours agreed a security pact last summer.")
    w = _article("w", "The two neighbours agreed a security pact last winter.")
    articles = [x, y, w]
    claims = story_claims(analyse_story(parse(nlp, articles)), articles)
    assert [c.article for c in claims] == ["x", "y", "w"]
    score = similarity(claims)
    assert score[0, 1] == pytest.approx(score[0, 2] + SAME_TIME, abs=1e-5)
    assert score[1, 2] == pytest.approx(score[2, 1])


@pytest.mark.parametrize(
    ("body", "first", "claims_in_all"),
    [
        (  # a full speaker line and the quote on the line after it are one sentence
            "The finance minister told reporters in Paris,\n\n“We will not raise the fuel tax"
            " this year, while prices keep rising.”\n\nThe unions called a strike for Monday.",
            "The finance minister told reporters in Paris, “We will",
            2,
        ),
        (  # a bare one belongs to the sentence before it, which told what was said
            "During the parade, the senator posted a message on his own website.\n\nMr Hale"
            " wrote,\n\n“Please give my regards to the mayor and the whole council tonight.”",
            "During the parade, the senator posted a message on his own website. Mr Hale wrote,",
            2,
        ),
    ],
)
def test_claims_speaker_lines_join_their_quote(
    nlp, body: str, first: str, claims_in_all: int
) -> None:  # type: ignore[no-untyped-def]
    x = _article("x", body)
    analysis = analyse_story(parse(nlp, [x]))
    every = story_claims(analysis, [x])
    claims = [c for c in every if c.whole is None]
    assert len(claims) == claims_in_all and claims[0].text.startswith(first)
    assert claims[0].quotes == tuple(q.id for q in analysis.quotes) != ()
    assert not any(c.whole == claims[0].id for c in every)  # no clause break inside a quote


def _counted(k: str, t: str, parsed: dict[str, Parsed]) -> list[Quantity]:
    from crosswire.analyse.counted import with_counted
    from crosswire.analyse.quantities import find_quantities

    return with_counted(find_quantities(k, t), parsed[k].paragraphs)


def test_counts_sentences_agreeing_on_a_count_state_one_fact(nlp) -> None:  # type: ignore[no-untyped-def]
    """'26 global leaders' and 'more than two dozen heads of state' count the same thing and may
    be one number; 'about 40 leaders' may not; a count of soldiers is another thing."""
    import numpy as np

    from crosswire.crosscheck.counts import count_facts

    bodies = {
        "a": "The ceremony was attended by 26 global leaders.",
        "b": "The parade brought together more than two dozen heads of state.",
        "c": "It gave him a chance to meet the more than two dozen other national leaders.",
        "d": "The parade brought together about 40 national leaders.",
        "e": "The parade was guarded by 26 soldiers.",
    }
    parsed = {p.id: p for p in parse(nlp, [_article(k, t) for k, t in bodies.items()])}
    claims = [
        Claim(f"{k}:0", k, 0, len(t), t, (), (), (), tuple(_counted(k, t, parsed)), ())
        for k, t in bodies.items()
    ]
    score = np.full((5, 5), 0.1, dtype=np.float32)
    np.fill_diagonal(score, 0.0)
    (fact,) = count_facts(claims[:3], score[:3, :3], bodies, {}, [])
    assert fact.articles == ("a", "b", "c") and fact.origins == 3
    found = count_facts(claims, score, bodies, {}, [])
    assert [f.articles for f in found] == [("a", "b", "c")]  # not 40, not the soldiers
    # one origin (wire copy and its reprint), or sentences sharing no word: no fact
    assert count_facts(claims[:2], score[:2, :2], bodies, {"a": 0, "b": 0}, []) == []
    assert count_facts(claims[:2], np.zeros((2, 2), np.float32), bodies, {}, []) == []


def test_conflict_sides_order_a_sentence_and_its_first_clause_the_same_way_every_run() -> None:
    from crosswire.crosscheck.disputes import _conflict

    sentence = Claim(
        "a:0", "a", 0, 90, "The storm killed 30 people, officials said.", (), (), (), (), ()
    )
    clause = Claim("a:0-40", "a", 0, 40, "The storm killed 30 people,", (), (), (), (), (), "a:0")
    for given in ([sentence, clause], [clause, sentence]):
        conflict = _conflict("quantity", "how many", None, [("30", given), ("40", [])], {})
        side = next(s for s in conflict.sides if s.value == "30")
        assert side.claims == (clause, sentence)
