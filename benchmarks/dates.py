"""Publication dates of news pages: crosswire against htmldate's extensive search, same run.

Pages: the 80 fundus-evaluation pages (16 outlets; gold in dates_gold.json: the page's own
structured `datePublished` in its outlet's home time zone, the day its readers saw, or the date
printed under the headline where the page has no structured date), and crosswire's own page set
(`page_set()` below: the layouts the issue saw fail, built here with their answers: a byline date
in German, a Spanish date line, a visible date that the markup contradicts, a late-evening story
whose markup gives the UTC day). A date is right when its day is the gold day.

    python benchmarks/dates.py

Floor (issue 16): accuracy >= htmldate's extensive search on both sets.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from extraction import load

from crosswire.clean import clean_one
from crosswire.ingest.common import make_document
from crosswire.settings import Settings

GOLD = Path(__file__).with_name("dates_gold.json")


def page(title: str, date_html: str, meta: str = "", body: str = "") -> str:
    text = body or (
        "The city council approved a new budget after a long debate about the cost of repairing"
        " roads and schools across the district, officials said on the day."
    )
    paras = "".join(f"<p>{text} {n}</p>" for n in range(4))
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | News | Sport</nav>"
        f"<article><h1>{title}</h1>{date_html}{paras}</article><footer>© The Daily</footer>"
        "</body></html>"
    )


def page_set() -> list[tuple[str, str, str]]:
    """(name, html, gold day) for the layouts seen to fail."""
    iso = '<meta property="article:published_time" content="{}">'
    return [
        (
            "german byline",
            page("Umfrage sieht Union vorn", "<p>von Klaus-Peter Schöppner, 8.5.12</p>"),
            "2012-05-08",
        ),
        (
            "spanish date line",
            page("El Gobierno aprueba el plan", "<p>jueves 2 de abril de 2020</p>"),
            "2020-04-02",
        ),
        (
            "visible date over markup",
            page(
                "Council approves budget", "<p>23.01.2019</p>", iso.format("2019-02-10T09:00:00Z")
            ),
            "2019-01-23",
        ),
        (
            "local evening, UTC markup",
            page(
                "Storm hits the coast",
                '<p class="date">February 27, 2024 11:17 PM EST</p>',
                iso.format("2024-02-28T04:17:37Z"),
            ),
            "2024-02-27",
        ),
        (
            "markup only",
            page("Bridge reopens", "", iso.format("2023-06-05T08:00:00+01:00")),
            "2023-06-05",
        ),
        (
            "french date line",
            page("Le conseil vote le budget", "<p>Publié le 4 mars 2024 à 10h15</p>"),
            "2024-03-04",
        ),
        (
            "weekday and time first",
            page("Markets rally", "<p>Published Wed, Feb 28 2024 6:03 AM EST</p>"),
            "2024-02-28",
        ),
        (
            "updated line before published",
            page("Team wins cup", "<p>Updated 3 March 2024</p><p>2 March 2024 • 9:36pm</p>"),
            "2024-03-02",
        ),
    ]


def crosswire_date(html: str) -> str | None:
    article = clean_one(make_document(html, "page", "page", "html", Settings()))
    return article.meta.published


def htmldate_extensive(html: str) -> str | None:
    from htmldate import find_date

    return find_date(html, extensive_search=True, original_date=True)


def accuracy(
    fn: Callable[[str], str | None], pages: list[tuple[str, str, str]]
) -> tuple[float, float, list[str]]:
    start = time.perf_counter()
    wrong = []
    for name, html, gold in pages:
        found = fn(html)
        if (found or "")[:10] != gold:
            wrong.append(f"{name}: {found} (gold {gold})")
    return 1 - len(wrong) / len(pages), time.perf_counter() - start, wrong


def main() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    fundus = [(name, html, gold[name]) for name, html, _ in load() if gold.get(name)]
    sets = {"fundus (80 pages, 16 outlets)": fundus, "crosswire's page set": page_set()}
    ok = True
    for label, pages in sets.items():
        results = {}
        for system, fn in (
            ("crosswire", crosswire_date),
            ("htmldate extensive", htmldate_extensive),
        ):
            results[system] = accuracy(fn, pages)
            acc, secs, wrong = results[system]
            print(f"{label:30} {system:20} accuracy {acc:.3f} ({secs:.1f} s)")
            for w in wrong[:8]:
                print(f"    wrong: {w}")
        ok &= results["crosswire"][0] >= results["htmldate extensive"][0]
    print(f"floor accuracy >= htmldate extensive on both sets: {'ok' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
