from __future__ import annotations

from pathlib import Path

from crosswire.clean import clean_documents
from crosswire.engine import ingest
from crosswire.ingest import read_paths
from crosswire.ingest.common import make_document
from crosswire.records import Article
from crosswire.settings import Settings
from crosswire.stories import build_stories

QUAKE_A = [
    "A magnitude 6.1 earthquake struck near the town of Norcia in central Italy on Sunday,"
    " damaging churches and forcing hundreds of residents to sleep in their cars.",
    "Italy's civil protection agency said rescuers in Norcia had found no victims so far, and"
    " that the Umbria region had opened emergency shelters for the night.",
    "Prime Minister Matteo Renzi said the government would rebuild Norcia and the other towns"
    " of Umbria hit by the earthquake, whatever the cost.",
]
QUAKE_B = [
    "A magnitude 6.4 earthquake shook the Greek island of Kos before dawn on Friday, killing two"
    " tourists when the roof of a bar collapsed in the old town.",
    "Greek officials said the harbour at Kos had been damaged and ferries were diverted to the"
    " neighbouring island, while hotels checked their buildings for cracks.",
    "The mayor of Kos said the island's hospital treated dozens of injured holidaymakers and"
    " that most had minor cuts from falling glass.",
]


def _articles(texts: dict[str, str]) -> list[Article]:
    return clean_documents([make_document(t, i, i, "text", Settings()) for i, t in texts.items()])


def test_stories_seeds_one_story(seeds_dir: Path) -> None:
    articles = ingest(read_paths([seeds_dir], Settings())).articles
    stories, left_out = build_stories(articles)
    assert len(stories) == 1 and not left_out
    story = stories[0]
    assert story.articles == tuple(sorted(a.id for a in articles))
    assert len(story.origins) == 4 and len(story.reuse) == 1
    hows = {m.article: m.how for m in story.members}
    assert hows["002_d69cd4827b63c906"] == "reuse" or hows["001_f76838407aa520a6"] == "reuse"
    assert all(m.how == "started" or m.similarity > 0 for m in story.members)


def test_stories_similar_events_stay_apart() -> None:
    texts = {
        "a1": "Earthquake hits central Italy\n\n" + "\n\n".join(QUAKE_A),
        "a2": "Norcia quake: churches damaged\n\n" + "\n\n".join(reversed(QUAKE_A[:2])),
        "b1": "Earthquake kills two on Kos\n\n" + "\n\n".join(QUAKE_B),
        "b2": "Kos quake: tourists killed\n\n" + "\n\n".join(reversed(QUAKE_B)),
    }
    stories, _ = build_stories(_articles(texts))
    assert sorted(s.articles for s in stories) == [("a1", "a2"), ("b1", "b2")]
    joined = [m for s in stories for m in s.members if m.how != "started"]
    assert all(m.shared_names for m in joined if m.how == "joined")


def test_stories_short_article_left_out_with_reason() -> None:
    texts = {
        "a1": "Earthquake hits central Italy\n\n" + "\n\n".join(QUAKE_A),
        "tiny": "Quake\n\nA quake hit Italy on Sunday, officials said.",
    }
    stories, left_out = build_stories(_articles(texts))
    assert [s.articles for s in stories] == [("a1",)]
    assert "no usable text" in left_out["tiny"]


def test_stories_pins_win_over_similarity() -> None:
    texts = {
        "a1": "Earthquake hits central Italy\n\n" + "\n\n".join(QUAKE_A),
        "a2": "Norcia quake: churches damaged\n\n" + "\n\n".join(QUAKE_A[1:]),
        "b1": "Earthquake kills two on Kos\n\n" + "\n\n".join(QUAKE_B),
    }
    stories, _ = build_stories(_articles(texts), pins={"a2": "mine", "b1": "mine"})
    assert sorted(s.articles for s in stories) == [("a1",), ("a2", "b1")]


def test_stories_ids_are_stable() -> None:
    texts = {"a1": "Earthquake hits central Italy\n\n" + "\n\n".join(QUAKE_A)}
    first, _ = build_stories(_articles(texts))
    again, _ = build_stories(_articles(texts))
    assert [s.id for s in first] == [s.id for s in again]


def test_stories_huge_and_empty_articles_do_not_stall() -> None:
    import random

    from crosswire.records import Metadata

    rng = random.Random(1)
    vocab = [f"w{i}" for i in range(3000)]
    text = " ".join(rng.choice(vocab) for _ in range(40000))
    paras = "\n\n".join(text[i : i + 800] for i in range(0, len(text), 800))
    half = paras[: len(paras) // 2]
    articles = [
        Article("huge", "t", "text", "h", paras, Metadata(title="Huge"), ()),
        Article("half", "t", "text", "f", half, Metadata(title="Half"), ()),
        Article("empty", "t", "text", "e", "", Metadata(title="Empty"), ()),
    ]
    stories, left_out = build_stories(articles)
    assert [s.articles for s in stories] == [("half", "huge")]
    assert stories[0].reuse[0].origin == "huge"  # the half is the huge one cut short
    assert list(left_out) == ["empty"]
