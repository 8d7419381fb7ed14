from __future__ import annotations

import pytest

from crosswire.clean.dates import find_date
from crosswire.clean.metadata import (
    find_credits,
    find_dateline,
    find_wire,
    name_like,
    outlet_from_clutter,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Updated : Sep 03, 2025, 04:55 PM IST", "2025-09-03T16:55+05:30"),
        ("Published 3 September 2025 at 10.15 BST", "2025-09-03T10:15+01:00"),
        ("September 3, 2025 4:55 p.m. EDT", "2025-09-03T16:55-04:00"),
        ("2024-02-28T13:06:44Z", "2024-02-28T13:06Z"),
        ("Posted on March 2, 2024", "2024-03-02"),
        ("date 2025-09-03 Add this site", "2025-09-03"),
        ("February 30, 2024", None),
        ("no date here", None),
    ],
)
def test_metadata_dates(text: str, iso: str | None) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize(
    ("paragraph", "place", "source"),
    [
        ("BEIJING (AP) — Russian President Vladimir Putin met", "BEIJING", "AP"),
        (
            "Beijing (Parliament Politics Magazine) – Russian President",
            "Beijing",
            "Parliament Politics Magazine",
        ),
        ("LONDON, Sept 3 (Reuters) - Britain's economy grew", "LONDON", "Reuters"),
        ("NEW DELHI: The government said", None, None),
        ("WASHINGTON — The Senate voted", "WASHINGTON", None),
        ("Kim Jong-un pledged full support", None, None),
        ("Putin and Kim - a long friendship", None, None),
    ],
)
def test_metadata_datelines(paragraph: str, place: str | None, source: str | None) -> None:
    found = find_dateline(paragraph)
    assert (found.place if found else None) == place
    assert (found.source if found else None) == source


@pytest.mark.parametrize(
    ("body", "wire"),
    [
        ("The talks ended.\n\n(With agency inputs)", "agency"),
        ("The talks ended. (With inputs from Reuters)", "Reuters"),
        ("The talks ended.\n\nThe Associated Press contributed to this report.", "AP"),
        ("The talks ended.\n\n(Reporting by Jane Roe; Editing by John Doe)", "Reuters"),
        ("The talks ended on time.", None),
    ],
)
def test_metadata_wire(body: str, wire: str | None) -> None:
    assert find_wire(body, None) == wire


def test_metadata_wire_from_dateline() -> None:
    assert find_wire("x", find_dateline("PARIS (AFP) — The")) == "AFP"


def test_metadata_credits_only_outlets() -> None:
    body = (
        "As reported by The Telegraph, the talks ended. According to South Korean assessments,"
        " troops were sent. According to Mr Putin, it went well. She told the BBC it was over."
        " The figures were first reported by the Financial Times."
    )
    assert find_credits(body) == ["The Telegraph", "BBC", "Financial Times"]


def test_metadata_names() -> None:
    assert name_like("Beth Malcolm") and name_like("Mary-Jane O'Neil")
    assert not name_like("Latest News") and not name_like("China’s historic military parade")


def test_metadata_outlet_from_clutter() -> None:
    assert outlet_from_clutter(["Support The Moscow Times!"], "") == "The Moscow Times"
    assert outlet_from_clutter(["Add DNA as a Preferred Source"], "") == "DNA"
    assert (
        outlet_from_clutter(["Enjoy unlimited reading on valleygazette.com"], "Gazette access")
        == "Valley Gazette"
    )


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("von Klaus-Peter Schöppner, 8.5.12", "2012-05-08"),
        ("jueves 2 de abril de 2020", "2020-04-02"),
        ("23.01.2019", "2019-01-23"),
        ("Veröffentlicht am 4. März 2024, 10:15 Uhr", "2024-03-04T10:15"),
        ("Published Wed, Feb 28 20246:03 AM EST", "2024-02-28T06:03-05:00"),
        ("March 1, 2024 3 AM PT", "2024-03-01T03:00-08:00"),
        ("Sat 2 Mar 2024 17.00 CET", "2024-03-02T17:00+01:00"),
        ("version 1.2.3 of the app", None),
    ],
)
def test_metadata_dates_in_more_layouts_and_languages(line: str, iso: str | None) -> None:
    """Seen: byline and visible dates of unseen sites were never read."""
    from crosswire.clean.dates import find_date

    assert find_date(line) == iso


def test_metadata_the_visible_date_beside_the_headline_wins_and_keeps_its_day() -> None:
    """Seen: a meta date taken over the visible one, and the UTC day reported where the page's
    local day is meant (a story of 11:17 PM Eastern on the 27th is dated the 28th in UTC)."""
    from crosswire.clean import clean_one
    from crosswire.ingest.common import make_document
    from crosswire.settings import Settings

    body = "".join(
        f"<p>The storm brought down power lines across the coast overnight, officials said {n}.</p>"
        for n in range(4)
    )
    page = (
        '<html><head><title>Storm hits the coast</title><meta property="article:published_time"'
        ' content="2024-02-28T04:17:37Z"></head><body><header>Saturday March 2, 2024</header>'
        "<article><h1>Storm hits the coast</h1><p>Photo taken on Dec 11, 2023 by a reader who"
        " watched the waves from the pier before dawn.</p><p>February 27, 2024 11:17 PM EST</p>"
        f"{body}</article></body></html>"
    )
    article = clean_one(make_document(page, "p", "p", "html", Settings()))
    assert article.meta.published == "2024-02-27T23:17-05:00"
