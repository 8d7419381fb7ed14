"""Article text extraction on unseen outlets: crosswire vs trafilatura vs jusText, same run.

Data: fundus-evaluation (80 English news pages, 16 outlets, gold article text). Each page is scored
twice: as HTML, and as a text dump of the whole page (navigation, teasers and footers left in, as a
browser's select-all copy gives it). The peers get the text dump as HTML paragraphs.

    python benchmarks/extraction.py [--show-worst N]

Floors (issue 2): on HTML at least trafilatura's F1; on text dumps >= 0.93.
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import re
import statistics
from collections.abc import Callable

from _common import data_dir, token_f1

from crosswire.clean import clean_documents
from crosswire.clean.html import render_text
from crosswire.ingest.common import make_document
from crosswire.records import Article
from crosswire.settings import Settings


def load() -> list[tuple[str, str, str]]:
    root = data_dir("fundus-evaluation") / "dataset"
    truth = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name, entry in sorted(truth.items()):
        page = gzip.decompress((root / "html" / name).read_bytes()).decode("utf-8", "replace")
        pages.append((name, page, "\n".join(entry["body"])))
    return pages


def as_paragraph_html(text: str) -> str:
    lines = (f"<p>{htmllib.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return "<html><body>" + "".join(lines) + "</body></html>"


def trafilatura_text(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False) or ""


def justext_text(page: str) -> str:
    import justext

    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def crosswire_bodies(pages: list[str], kind: str) -> list[str]:
    return [a.body for a in crosswire_articles(pages, kind)]


def crosswire_articles(pages: list[str], kind: str) -> list[Article]:
    settings = Settings()
    docs = [make_document(p, f"page{i}", f"page{i}", kind, settings) for i, p in enumerate(pages)]  # type: ignore[arg-type]
    return clean_documents(docs)


def titles_found(pages: list[str], dumps: list[str]) -> tuple[int, int, int]:
    """Headlines crosswire reads from the text dumps against each page's own title (as
    trafilatura reads it from the HTML): (right, missing, other), "right" when either holds the
    other's words."""
    import trafilatura

    right = missing = 0
    for page, article in zip(pages, crosswire_articles(dumps, "text"), strict=True):
        truth = _words(trafilatura.extract_metadata(page).title)
        mine = _words(article.meta.title)
        right += bool(mine and truth and (mine in truth or truth in mine))
        missing += not mine
    return right, missing, len(pages) - right - missing


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def score(preds: list[str], golds: list[str]) -> list[float]:
    return [token_f1(p, g) for p, g in zip(preds, golds, strict=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-worst", type=int, default=0)
    args = ap.parse_args()
    data = load()
    names, pages, golds = [d[0] for d in data], [d[1] for d in data], [d[2] for d in data]
    dumps = [render_text(p) for p in pages]
    peers: dict[str, Callable[[str], str]] = {
        "trafilatura": trafilatura_text,
        "jusText": justext_text,
    }
    results: dict[tuple[str, str], list[float]] = {}
    results[("crosswire", "html")] = score(crosswire_bodies(pages, "html"), golds)
    results[("crosswire", "text dump")] = score(crosswire_bodies(dumps, "text"), golds)
    for peer, fn in peers.items():
        results[(peer, "html")] = score([fn(p) for p in pages], golds)
        results[(peer, "text dump")] = score([fn(as_paragraph_html(d)) for d in dumps], golds)
    print(
        f"extraction token F1 on {len(pages)} fundus-evaluation pages"
        f" ({len({n.split('_')[0] for n in names})} outlets)"
    )
    print(f"{'system':<12} {'input':<10} {'mean F1':>8} {'median':>8} {'min':>6}")
    for (system, kind), f1s in results.items():
        print(
            f"{system:<12} {kind:<10} {statistics.mean(f1s):8.3f}"
            f" {statistics.median(f1s):8.3f} {min(f1s):6.3f}"
        )
    html_ok = statistics.mean(results[("crosswire", "html")]) >= statistics.mean(
        results[("trafilatura", "html")]
    )
    dump_ok = statistics.mean(results[("crosswire", "text dump")]) >= 0.93
    print(
        f"floor html >= trafilatura: {'ok' if html_ok else 'FAIL'};"
        f" floor text dump >= 0.93: {'ok' if dump_ok else 'FAIL'}"
    )
    right, missing, other = titles_found(pages, dumps)
    print(f"headlines of the text dumps: {right} right, {missing} missing, {other} another line")
    for kind in ("html", "text dump"):
        worst = sorted(zip(results[("crosswire", kind)], names, strict=True))[: args.show_worst]
        for f1, name in worst:
            print(f"  worst {kind}: {name} {f1:.3f}")


if __name__ == "__main__":
    main()
