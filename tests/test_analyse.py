from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.analyse.nlp import ModelMissing
from crosswire.analyse.quantities import find_quantities, number
from crosswire.analyse.quotes import QuoteSpan, group_quotes, quote_marks
from crosswire.analyse.timex import find_times
from crosswire.engine import analysis as engine_analysis
from crosswire.engine.executors import LocalExecutor
from crosswire.records import Article, Metadata
from crosswire.stories import Story

REF = date(2025, 9, 3)  # a Wednesday


def _times(text: str, ref: date | None = REF) -> list[tuple[str, str, str]]:
    return [(t.text, t.value.iso, t.value.precision) for t in find_times("a", text, ref)]


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("They signed a pact in June last year.", "2024-06", "month"),
        ("He visited the country last summer.", "2024-06/2024-08", "season"),
        ("Officials said on Tuesday that", "2025-09-02", "day"),
        ("The leaders met on Wednesday.", "2025-09-03", "day"),
        ("The treaty was signed on June 18, 2024, in the capital.", "2024-06-18", "day"),
        ("It confirmed the deployment in April.", "2025-04", "month"),
        ("his last visit in 2023.", "2023", "year"),
        ("three years ago", "2022", "year"),
        ("over the weekend", "2025-08-30/2025-08-31", "weekend"),
    ],
)
def test_time_expressions_resolve_against_the_reference(
    text: str, iso: str, precision: str
) -> None:
    found = _times(text)
    assert [(iso, precision)] == [(v, p) for _, v, p in found]


def test_future_weekday_is_the_next_one_and_counts_are_not_years() -> None:
    assert _times("The summit will resume on Friday.")[0][1] == "2025-09-05"
    assert _times("about 2,000 soldiers and 2023 troops") == []


def test_relative_expressions_need_a_reference_but_absolute_ones_do_not() -> None:
    assert _times("on Tuesday", ref=None) == []
    assert _times("on June 18, 2024", ref=None)[0][1] == "2024-06-18"


@pytest.mark.parametrize(
    ("text", "low", "high", "counted"),
    [
        ("around 15,000 troops", 14_250, 15_750, "troops"),
        ("about 50 people", 45, 55, "people"),
        ("15,000 troops", 14_500, 15_500, "troops"),
        ("12,000 to 14,000 soldiers", 12_000, 14_000, "soldiers"),
        ("more than two dozen leaders", 24, None, "leaders"),
        ("nearly three hours", 2.7, 3.0, None),
        ("447 goats", 447, 447, "goats"),
    ],
)
def test_quantities_are_hedged_intervals(
    text: str, low: float | None, high: float | None, counted: str | None
) -> None:
    (q,) = find_quantities("a", text)
    assert q.low == pytest.approx(low) if low is not None else q.low is None
    assert q.high == pytest.approx(high) if high is not None else q.high is None
    assert q.counted == counted


def test_written_numbers_and_money() -> None:
    assert number("two-and-a-half") == 2.5
    assert number("two dozen") == 24
    (q,) = find_quantities("a", "a USD 5.5 billion loan")
    assert (q.value, q.unit) == (5.5e9, "USD")
    assert find_quantities("a", "in 2023") == []
    closed = find_quantities("a", "closed at 270.25p, down 3.75p, at 2 pm")
    assert [(q.value, q.unit) for q in closed] == [(270.25, "pence"), (3.75, "pence"), (2, None)]


def test_quote_marks_mixed_unclosed_and_apostrophes() -> None:
    text = 'He said “it’s over," and then ‘the end’. Then: “we go on'
    spans = [text[s:e] for s, e in quote_marks(text)]
    assert spans == ["it’s over,", "the end", "we go on"]
    assert quote_marks("the leaders’ talks and Putin’s car") == []


def test_missing_model_names_the_package() -> None:
    with pytest.raises(ModelMissing, match="no-such-model"):
        load_pipeline(("no_such_model",))


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def _article(article_id: str, body: str, published: str | None = "2025-03-12") -> Article:
    return Article(article_id, article_id, "text", "", body, Metadata(published=published), ())


STORY = [
    _article(
        "a",
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris"
        " on Tuesday.\n\n"
        "“We stand together on trade and on defence,” Scholz said after the talks.\n\n"
        "The two leaders last met in Berlin in 2023.",
    ),
    _article(
        "b",
        "Mr Scholz told reporters that the meeting had been long overdue.\n\n"
        "“We stand together on trade and defence,” the German chancellor said.\n\n"
        "Macron called the visit “historic”. He said,\n\n"
        "“Europe must speak with one voice on every question that matters to it.”",
        published=None,
    ),
]


def test_story_analysis_entities_quotes_and_timeline(nlp) -> None:  # type: ignore[no-untyped-def]
    result = analyse_story(parse(nlp, STORY))
    scholz = result.entities.by_name("Olaf Scholz")
    assert scholz is not None and scholz.type == "PERSON"
    aliases = {a.lower() for a in scholz.aliases}
    assert {"scholz", "mr scholz", "the german chancellor"} <= aliases
    assert scholz.articles == ("a", "b")
    same = [q for q in result.quotes if q.text.startswith("We stand together")]
    assert len(same) == 1, "one statement reported by two outlets is one quote"
    assert same[0].speaker == "Olaf Scholz" and same[0].articles == ("a", "b")
    europe = next(q for q in result.quotes if q.text.startswith("Europe must"))
    assert europe.speaker == "Emmanuel Macron", "a speaker line with a pronoun"
    assert not any(q.text == "historic" for q in result.quotes if q.speaker is None)
    # "b" has no date of its own: it is read against the story's (2025-03-12, a Wednesday)
    dates = {t.date for t in result.timeline}
    assert "2025-03-11" in dates and "2023" in dates
    tuesday = next(t for t in result.timeline if t.date == "2025-03-11")
    assert {s.article for s in tuesday.sources} == {"a"}
    for t in result.timeline:
        for s in t.sources:
            body = next(a.body for a in STORY if a.id == s.article)
            assert body[s.start : s.end].strip() == s.text.strip() or s.text in body


def _stories(*groups: list[Article]) -> tuple[list[Story], dict[str, Article]]:
    stories = [
        Story(f"s{n}", f"s{n}", tuple(a.id for a in g), (), (), (), None, None)
        for n, g in enumerate(groups)
    ]
    return stories, {a.id: a for g in groups for a in g}


def test_engine_workers_give_the_same_analyses(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = [
        _article(
            "c",
            "Finance Minister Rachel Reeves said on Monday that the budget would be tight.\n\n"
            "“There will be hard choices,” Reeves told MPs.",
        )
    ]
    stories, by_id = _stories(STORY, other)
    monkeypatch.setattr(engine_analysis, "BATCH_ARTICLES", 1)  # a batch per story
    alone, _, _ = engine_analysis.analyse_stories(stories, by_id, executor=LocalExecutor(1))
    shared, _, stats = engine_analysis.analyse_stories(stories, by_id, executor=LocalExecutor(2))
    assert (stats.step, stats.items_in, stats.items_out) == ("analyse", 2, 2)
    assert sorted(alone) == sorted(shared) == ["s0", "s1"]
    for sid in alone:
        assert alone[sid].analysis.quotes == shared[sid].analysis.quotes
        assert [e.name for e in alone[sid].analysis.entities.all] == [
            e.name for e in shared[sid].analysis.entities.all
        ]
        assert alone[sid].check == shared[sid].check
    (q,) = shared["s1"].analysis.quotes
    assert q.speaker == "Rachel Reeves"


def test_a_failing_story_is_reported_and_the_rest_analysed(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stories, by_id = _stories(STORY, STORY[:1])
    real = engine_analysis.analyse_story

    def flaky(parsed):  # type: ignore[no-untyped-def]
        if len(parsed) == 1:
            raise RuntimeError("bad story")
        return real(parsed)

    monkeypatch.setattr(engine_analysis, "analyse_story", flaky)
    analyses, failures, stats = engine_analysis.analyse_stories(
        stories, by_id, executor=LocalExecutor(1)
    )
    assert list(analyses) == ["s0"]
    assert [(f.source, "bad story" in f.reason) for f in failures] == [("s1", True)]
    assert stats.dropped == {"story analysis failed": 1}


def test_outlets_and_credited_sources_are_not_story_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    article = Article(
        "w",
        "w",
        "text",
        "",
        "PARIS (Reuters) — French President Emmanuel Macron met Pope Leo in Paris on Friday,"
        " Reuters reported, citing Le Monde.",
        Metadata(published="2025-05-02", wire="Reuters", credits=("Le Monde",)),
        (),
    )
    names = {e.name for e in analyse_story(parse(nlp, [article])).entities.all}
    assert "Emmanuel Macron" in names
    assert not names & {"Reuters", "Le Monde"}


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said on"
            " Friday.",
            "Chuck Jordan",
        ),
        (
            "“Tom is a real visionary,” said Robert McAtee, one of several veterans.",
            "Robert McAtee",
        ),
        ("“Maybe we can build a wall around the problem.” ― Steve Quinlan", "Steve Quinlan"),
        ('"PENCE: Well, look, this is not a game show at all, Chris."', "Pence"),
        (
            "The Security Council met on Monday. It called the test “a clear threat to"
            " international peace and security.”",
            "Security Council",
        ),
        (
            "Senator Bernie Sanders credited the victory to “a closed primary, something I am"
            " not all that enthusiastic about.”",
            "Bernie Sanders",
        ),
        (
            "Iowa State University's Dianne Bystrom agreed. “Mainstream Republicans are running"
            " out of time to find an alternative.”",
            "Dianne Bystrom",
        ),
    ],
)
def test_speakers_from_the_layout_of_the_quote(nlp, body: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    quotes = analyse_story(parse(nlp, [_article("x", body)])).quotes
    assert [q.speaker is not None and speaker in q.speaker for q in quotes] == [True]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (  # a quote that runs on into the next paragraph, which says whose it is
            "Her lawyer, Shawn Holley, spoke out about the move.\n\n“Lindsay is grateful for"
            " the treatment she received at the centre.\n\nShe has completed her course of"
            " treatment and looks forward to the next step,” Holley said in a statement.",
            "Shawn Holley",
        ),
        (  # "he" back through a sentence about the same "he", past an organisation named last
            "Councilman Jumaane Williams later described the scene of chaos in Flatbush.\n\n"
            "He added that one person had been attacked outside of a local Rite Aid.\n\n"
            "‘Tonight was a peaceful vigil that devolved into a riot,’ he wrote.",
            "Jumaane Williams",
        ),
    ],
)
def test_speakers_across_paragraphs(nlp, body: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    quotes = analyse_story(parse(nlp, [_article("x", body)])).quotes
    direct = [s for q in quotes for s in q.sources if s.kind == "direct"]
    assert len(direct) == 1 and direct[0].speaker == speaker
    assert direct[0].text.endswith(("next step,", "into a riot,"))  # one quote, to its end


def test_pos_lookup_agrees_with_the_models_attribute_ruler(nlp) -> None:  # type: ignore[no-untyped-def]
    import spacy

    ruler = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"], exclude=["ner", "lemmatizer"])
    assert nlp.get_pipe("attribute_ruler").__class__.__name__ == "TagToPos"
    texts = [a.body for a in STORY] + [
        "That is the plan which they had, and this is all that we have done.",
        "Did they go? They did, but I have not heard whether she was there.",
    ]
    ours = [t.pos_ for text in texts for t in nlp(text)]
    theirs = [t.pos_ for text in texts for t in ruler(text)]
    assert len(ours) == len(theirs)
    assert sum(a == b for a, b in zip(ours, theirs, strict=True)) / len(ours) >= 0.99
    assert "AUX" in ours and "SCONJ" in ours and "PRON" in ours


def test_a_short_fragment_joins_the_same_speakers_whole_statement() -> None:
    whole = (
        "If there is anything I can do for you and the people of Russia, I will consider it"
        " a fraternal duty, an obligation"
    )

    def span(article: str, text: str, speaker: str | None) -> QuoteSpan:
        return QuoteSpan(article, 0, len(text), text, speaker, speaker, "said", "direct")

    same = group_quotes(
        [span("a", whole, "Kim Jong Un"), span("b", "fraternal duty.", "Kim Jong Un")]
    )
    assert len(same) == 1 and same[0].articles == ("a", "b")
    # said by someone else, or by nobody known, the two words are no part of it
    other = group_quotes([span("a", whole, "Kim Jong Un"), span("b", "fraternal duty.", "Putin")])
    unknown = group_quotes([span("a", whole, "Kim Jong Un"), span("b", "fraternal duty.", None)])
    assert len(other) == 2 and len(unknown) == 2


class _Parses:
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.asked: list[str] = []

    def get(self, keys: list[str]) -> dict[str, bytes]:
        self.asked += keys
        return {k: self.kept[k] for k in keys if k in self.kept}

    def put(self, made: dict[str, bytes]) -> None:
        self.kept.update(made)


def test_a_story_analysed_again_reads_its_parses_back_with_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: a story a new article touches is analysed again without parsing its other
    articles again; parses read back give the very findings a fresh parse gives."""
    from crosswire.report.json import dumps, findings_json

    stories, by_id = _stories(STORY)
    cache = _Parses()
    first, _, _ = engine_analysis.analyse_stories(stories, by_id, cache=cache)
    assert cache.kept and set(cache.kept) == set(cache.asked)
    parsed_texts: list[str] = []
    real_pipe = type(engine_analysis.RESOURCES.nlp()).pipe

    def watching(self, texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        items = list(texts)
        parsed_texts.extend(map(str, items))
        return real_pipe(self, items, *args, **kwargs)

    monkeypatch.setattr(type(engine_analysis.RESOURCES.nlp()), "pipe", watching)
    again, _, _ = engine_analysis.analyse_stories(stories, by_id, cache=cache)
    assert parsed_texts == []  # every paragraph read back from the cache
    assert dumps(findings_json(again["s0"])) == dumps(findings_json(first["s0"]))
    uncached, _, _ = engine_analysis.analyse_stories(stories, by_id)
    assert parsed_texts  # without a cache, parsed anew
    assert dumps(findings_json(uncached["s0"])) == dumps(findings_json(first["s0"]))


def test_the_gazetteer_is_cached_and_a_broken_cache_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosswire.analyse import places

    monkeypatch.setenv("CROSSWIRE_CACHE", str(tmp_path))
    places._gazetteer.cache_clear()
    built = places._gazetteer()
    (cached,) = tmp_path.glob("gazetteer-*.json")
    places._gazetteer.cache_clear()
    assert places._gazetteer() == built  # read back from the cache
    cached.write_text("[[1, 2", encoding="utf-8")
    places._gazetteer.cache_clear()
    assert places._gazetteer() == built  # built again, the cache mended
    assert places.locate("Paris") is not None and places.locate("Paris").country == "france"  # type: ignore[union-attr]
    places._gazetteer.cache_clear()
