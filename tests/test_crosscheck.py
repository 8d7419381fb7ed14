from __future__ import annotations

import pytest

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.crosscheck import CrossCheck, cross_check
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
