from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crosswire.clean import clean_documents, clean_one
from crosswire.clean.blocks import segments
from crosswire.engine import unique_documents
from crosswire.ingest import read_paths
from crosswire.ingest.common import make_document
from crosswire.records import Article, Failure
from crosswire.settings import Settings


def norm(s: str | None) -> str:
    s = (s or "").replace("\xa0", " ").replace("“", '"').replace("”", '"').replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


def token_f1(pred: str, gold: str) -> float:
    p = Counter(re.findall(r"\w+", norm(pred).lower()))
    g = Counter(re.findall(r"\w+", norm(gold).lower()))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> dict[str, Article]:
    docs = unique_documents(read_paths([seeds_dir], Settings())).documents
    return {a.id: a for a in clean_documents(docs)}


def _lines(seeds_dir: Path, doc_id: str) -> list[str]:
    return (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def test_clean_seed_bodies_match_gold(
    seed_articles: dict[str, Article], gold: dict[str, Any], seeds_dir: Path
) -> None:
    for doc_id, g in gold["documents"].items():
        lines = _lines(seeds_dir, doc_id)
        keep = sorted(g["lines"]["body"] + g["lines"]["heading"])
        gold_body = "\n".join(lines[n - 1] for n in keep)
        assert token_f1(seed_articles[doc_id].body, gold_body) >= 0.97, doc_id


def test_clean_seed_clutter_left_out(
    seed_articles: dict[str, Article], gold: dict[str, Any], seeds_dir: Path
) -> None:
    for doc_id, g in gold["documents"].items():
        lines = _lines(seeds_dir, doc_id)
        body = norm(seed_articles[doc_id].body).lower()
        for n in g["lines"]["boilerplate"] + g["lines"]["byline"]:
            line = norm(lines[n - 1]).lower()
            assert len(line) < 25 or line not in body, (doc_id, n)


def test_clean_seed_metadata(seed_articles: dict[str, Article], gold: dict[str, Any]) -> None:
    for doc_id, g in gold["documents"].items():
        meta = seed_articles[doc_id].meta
        assert norm(meta.title) == norm(g["title"]), doc_id
        for key in ("author", "published", "dateline", "outlet"):
            if g[key]:
                assert norm(getattr(meta, key) or "").startswith(norm(g[key])), (doc_id, key)
        if g["wire"]:
            assert meta.wire in ("AP", "agency"), doc_id
        assert list(meta.credits) == g["cites"], doc_id


def test_clean_seed_removed_blocks_have_kinds(seed_articles: dict[str, Article]) -> None:
    kinds = {r.kind for a in seed_articles.values() for r in a.removed}
    assert {"paywall", "teaser", "donation", "newsletter", "repeated-title", "bio"} <= kinds
    assert all(r.reason for a in seed_articles.values() for r in a.removed)


def test_clean_updated_date_with_zone(seed_articles: dict[str, Article]) -> None:
    dated = [a.meta.updated for a in seed_articles.values() if a.meta.updated]
    assert dated == ["2025-09-03T16:55+05:30"]


def _article(text: str, doc_id: str = "t") -> Article:
    return clean_one(make_document(text, doc_id, doc_id, "text", Settings()))


PARA = (
    "The regional water authority said on Monday that the reservoir had fallen to its lowest"
    " level in a decade, and that restrictions on garden hoses would begin next week."
)
PARA2 = (
    "Engineers have been asked to inspect the dam and the pipes that feed the city, the"
    " authority's chief executive told reporters at a briefing in the town hall."
)
PARA3 = (
    "Farmers in the valley have warned that their crops could fail if the dry weather lasts"
    " into the autumn, and they asked the government for emergency help."
)


@pytest.mark.parametrize(
    ("clutter", "kind"),
    [
        ("Subscribe now for just $1 a week. Cancel anytime.", "paywall"),
        ("Get our morning briefing delivered straight to your inbox.", "newsletter"),
        ("Make a one-time contribution to keep our reporting free.", "donation"),
        ("RELATED: Heatwave warnings issued for the south coast", "teaser"),
        ("You might also like", "teaser"),
        ("Home › News › Environment", "navigation"),
        ("Share on Facebook | Share on Twitter | Email", "share"),
        ("We use cookies to improve your experience on our site.", "cookies"),
        ("Story continues below advertisement", "advertising"),
        ("© 2025 Example Media Group. All rights reserved.", "copyright"),
        ("Photo: Jane Roe/Getty Images", "caption"),
        ("Join the conversation", "share"),
    ],
)
def test_clean_removes_clutter_in_other_phrasings(clutter: str, kind: str) -> None:
    text = f"Reservoir falls to record low\n\n{PARA}\n\n{clutter}\n\n{PARA2}\n\n{PARA3}"
    article = _article(text)
    assert clutter not in article.body
    assert PARA in article.body and PARA2 in article.body and PARA3 in article.body
    assert any(r.text == clutter and r.kind == kind for r in article.removed)


def test_clean_keeps_headings_and_speaker_lines() -> None:
    text = (
        f"Reservoir falls to record low\n\n{PARA}\n\nWhat happens next\n\n{PARA2}\n\n"
        "The chief executive said,\n\n“We will do everything we can to keep the taps running.”\n\n"
        f"{PARA3}"
    )
    article = _article(text)
    kinds = {b.text: b.kind for b in article.blocks}
    assert kinds["What happens next"] == "heading"
    assert kinds["The chief executive said,"] == "body"
    assert article.meta.title == "Reservoir falls to record low"


def test_clean_drops_navigation_lists_around_the_text() -> None:
    nav = "\n".join(["World", "Politics", "Business", "Climate", "Sport", "Culture"])
    teasers = "\n".join(
        ["Minister resigns over expenses row", "Storm cuts power to thousands", "Team wins cup"]
    )
    text = f"{nav}\n\nReservoir falls to record low\n\n{PARA}\n\n{PARA2}\n\n{PARA3}\n\n{teasers}"
    article = _article(text)
    assert article.body == "\n\n".join([PARA, PARA2, PARA3])


def test_clean_joins_hard_wrapped_paragraphs() -> None:
    wrapped = "\n".join(
        [
            "The regional water authority said on Monday that the reservoir had",
            "fallen to its lowest level in a decade, and that restrictions on hoses",
            "would begin next week, officials confirmed in a written statement.",
        ]
    )
    (seg,) = segments(wrapped)
    assert seg.text.count("\n") == 0 and seg.start == 0 and seg.end == len(wrapped)


def test_clean_repetition_boilerplate_vs_wire_copy() -> None:
    appeal = "Our journalism depends on readers like you, every single day of the year."
    unrelated = [
        "Museum finds lost painting\n\nCurators found the portrait behind a cupboard during"
        f" repairs, and experts believe it was painted two centuries ago.\n\n{appeal}\n\nThe"
        " museum will put it on show in the spring after the frame has been restored, and"
        " schools will be invited to a free exhibition about the painter and his family."
        " Insurers have valued the canvas at several thousand pounds.",
        f"Reservoir falls to record low\n\n{PARA}\n\n{appeal}\n\n{PARA2}",
        "Local team wins the cup final\n\nThe home side beat their rivals two goals to one in"
        " a tense final watched by a record crowd at the stadium on Saturday evening.\n\n"
        f"{appeal}\n\nThe captain lifted the trophy as fireworks lit up the sky over the"
        " river, and the coach praised the young squad for their spirit.",
    ]
    wire = [
        f"Reservoir falls to record low\n\n{PARA}\n\n{PARA2}\n\n{PARA3}",
        f"Drought: reservoir at record low\n\n{PARA}\n\n{PARA2}\n\nThe opposition called for"
        " an inquiry into why the authority had not built a new reservoir since the floods.",
    ]
    docs = [
        make_document(t, f"d{i}", f"d{i}", "text", Settings())
        for i, t in enumerate(unrelated + wire)
    ]
    articles = clean_documents(docs)
    assert all(appeal not in a.body for a in articles[:3])
    assert any(r.kind == "boilerplate" for r in articles[0].removed)
    assert all(PARA in a.body and PARA2 in a.body for a in articles[3:])


def test_clean_html_page_uses_extractor_and_second_pass() -> None:
    page = (
        "<html><head><title>Reservoir falls to record low | The Valley Gazette</title>"
        '<meta name="author" content="Jane Roe"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>Reservoir falls to record low</h1><p>{PARA}</p>"
        "<p>Sign up for our free daily newsletter to get the news in your inbox.</p>"
        f"<p>{PARA2}</p><p>{PARA3}</p></article><footer>© 2025 The Valley Gazette</footer>"
        "</body></html>"
    )
    article = clean_one(make_document(page, "p", "p", "html", Settings()))
    assert article.body == "\n\n".join([PARA, PARA2, PARA3])
    assert article.meta.author == "Jane Roe"
    assert article.meta.title is not None and "Reservoir falls" in article.meta.title


def test_clean_teaser_lists_and_link_headlines_removed() -> None:
    teasers = "\n\n".join(
        f"{h}\n\n{s}"
        for h, s in [
            ("Minister quits over expenses row", "The minister said he had done nothing wrong."),
            ("Storm cuts power to thousands", "Engineers worked through the night to fix lines."),
            ("Team wins the cup at last", "Fans celebrated in the streets until dawn."),
        ]
    )
    caps = "FARMERS WARN OF RUINED HARVEST AS DROUGHT DEEPENS ACROSS VALLEY"
    text = (
        f"Reservoir falls to record low\n\n{PARA}\n\n{caps}\n\n{PARA2}\n\n"
        f"Read the full guide to saving water\n\n{PARA3}\n\n{teasers}\n\n"
        "Read the full guide to saving water"
    )
    article = _article(text)
    assert article.body == "\n\n".join([PARA, PARA2, PARA3])
    labels = {r.text: r.kind for r in article.removed}
    assert labels[caps] == "teaser"
    assert labels["Storm cuts power to thousands"] == "teaser"
    assert labels["Read the full guide to saving water"] == "teaser"


def test_clean_headline_is_the_one_about_the_text() -> None:
    text = (
        "Storm cuts power to thousands\n\nSubscribe\n\nReservoir falls to record low in valley"
        f"\n\nSign up for our daily newsletter here\n\n{PARA}\n\n{PARA2}\n\n{PARA3}"
    )
    assert _article(text).meta.title == "Reservoir falls to record low in valley"


def test_clean_a_headline_or_lede_of_the_articles_own_topic_is_no_clutter() -> None:
    """Seen on the BBC corpus: "'Debate needed' on donations cap" removed as a donation appeal,
    "$1m payoff for former Shell boss" as a paywall, a lede on WTO membership talks as a
    paywall."""
    donations = _article(
        "'Debate needed' on donations cap\n\n"
        "A cap on donations to political parties should be debated before the election, the"
        " head of the watchdog said on Tuesday.\n\n"
        "Parties received record donations last year, and the watchdog wants a limit on what"
        " any one donor may give, its chairman told MPs."
    )
    assert donations.meta.title == "'Debate needed' on donations cap"
    wto = _article(
        "Trade body opens talks with Iraq\n\n"
        "The World Trade Organisation is to hold membership talks with both Iraq and"
        " Afghanistan.\n\n"
        "The two countries applied for membership years ago, and officials said the talks"
        " would take many months because their laws must change first."
    )
    assert wto.body.startswith("The World Trade Organisation is to hold membership talks")
    payoff = _article(
        "$1m payoff for former Shell boss\n\n"
        "The oil company's former chairman is to receive a payoff of about $1m, the company said"
        " on Friday, after he quit over the overstating of its reserves."
    )
    assert payoff.meta.title == "$1m payoff for former Shell boss"


def test_clean_a_list_of_points_in_the_text_is_body() -> None:
    """Seen on the BBC corpus: the bullet points of a budget removed as navigation."""
    points = "\n".join(
        [
            "- Increased spending on primary education to 71.56bn rupees ($1.6bn) ",
            " - Increased spending on health to 102.8bn rupees ($2.35bn)",
            " - Pledged 102.16bn rupees ($2.3bn) for tsunami victims",
            " - Increased flow of funds to agriculture by 30%",
            " - Announced a package for the sugar industry",
        ]
    )
    lead_in = (
        "Presenting his budget in parliament, the finance minister said the economy was strong:"
    )
    text = f"India unveils anti-poverty budget\n\n{PARA}\n\n{lead_in}\n\n{points}\n\n{PARA2}"
    article = _article(text)
    assert "Pledged 102.16bn rupees" in article.body and "tsunami victims" in article.body


def test_clean_a_reprint_feed_keeps_its_wire_paragraphs() -> None:
    """Seen: in a feed of wire copies (paragraphs dropped, one borrowed from another story), 947
    of 5,000 articles ended empty: each of a story's paragraphs, borrowed by some unrelated
    article, was taken for boilerplate. Boilerplate is never nearly all of a page."""
    others = [
        "Local team wins the cup final\n\nThe home side beat their rivals two goals to one in a"
        " tense final watched by a record crowd at the stadium on Saturday evening.\n\nThe"
        " captain lifted the trophy as fireworks lit up the sky over the river, and the coach"
        " praised the young squad for their spirit after a difficult season of injuries.",
        "Minister opens new hospital wing\n\nThe new wing will treat children from across the"
        " region, and doctors said waiting times should fall by half within a year.\n\nNurses"
        " welcomed the extra beds but warned that staff shortages remain the biggest problem,"
        " and the union asked for talks on pay before the winter pressures begin.",
        "Museum finds lost painting\n\nCurators found the portrait behind a cupboard during"
        " repairs, and experts believe it was painted two centuries ago by a local artist.\n\n"
        "The museum will put it on show in the spring after the frame has been restored, and"
        " schools will be invited to a free exhibition about the painter and his family.",
    ]
    wire = f"Reservoir falls to record low\n\n{PARA}\n\n{PARA2}\n\n{PARA3}"
    borrowed = [f"{o}\n\n{p}" for o, p in zip(others, [PARA, PARA2, PARA3], strict=True)]
    docs = [
        make_document(t, f"r{i}", f"r{i}", "text", Settings())
        for i, t in enumerate([wire, *borrowed])
    ]
    article = clean_documents(docs)[0]
    assert article.body == "\n\n".join([PARA, PARA2, PARA3]), article.removed


def test_ingest_skips_a_folders_readme_and_licence(tmp_path: Path) -> None:
    """Seen: the BBC corpus's README.TXT read as an article."""
    (tmp_path / "README.TXT").write_text("Dataset: BBC\n\nAll rights, including copyright.")
    (tmp_path / "LICENSE.txt").write_text("Permission is hereby granted, free of charge.")
    (tmp_path / "001.txt").write_text(f"Reservoir falls to record low\n\n{PARA}\n\n{PARA2}")
    docs = [d for d in read_paths([tmp_path], Settings()) if not isinstance(d, Failure)]
    assert [d.id for d in docs] == ["001"]


def test_clean_a_headline_other_pages_list_as_teasers_stays_its_own_title() -> None:
    """Seen on text dumps of one outlet's pages: each headline also sat in the other pages'
    "latest" lists, so it recurred across unrelated pages and was removed as boilerplate from its
    own page, which then had no title."""
    stories = {
        "Reservoir falls to record low": f"{PARA}\n\n{PARA2}\n\n{PARA3}",
        "Local team wins the cup final": "The home side beat their rivals two goals to one in a"
        " tense cup final watched by a record crowd at the stadium on Saturday evening.\n\nThe"
        " captain lifted the trophy as fireworks lit up the sky over the river, and the coach"
        " praised the young squad for their spirit.\n\nSupporters sang in the streets until"
        " midnight, and the mayor promised an open-top bus parade through the town centre.",
        "Museum finds lost painting": "Curators found the lost painting behind a cupboard during"
        " repairs, and experts believe it was painted two centuries ago by a local artist.\n\nThe"
        " museum will show the painting in the spring after the frame has been restored, and"
        " schools will be invited to a free exhibition about the painter.\n\nInsurers valued the"
        " canvas at several thousand pounds, and a collector has already asked to borrow it.",
    }
    texts = []
    for title, body in stories.items():
        latest = "\n\n".join(t for t in stories if t != title)
        texts.append(f"Home\n\n{title}\n\nBy Jane Doe\n\n{body}\n\nLatest\n\n{latest}")
    docs = [make_document(t, f"p{i}", f"p{i}", "text", Settings()) for i, t in enumerate(texts)]
    titles = [a.meta.title for a in clean_documents(docs)]
    assert titles == list(stories)
