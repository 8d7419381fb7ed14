"""Ingest speed on one core: text dumps and HTML pages through read, clean and store.

Text: the bbc-news corpus (2,225 articles) plus the seed dumps. HTML: the fundus-evaluation pages,
beside trafilatura's own extraction speed on the same pages in the same run.

    python benchmarks/ingest.py [--repeat N]

Floors (issue 2): >= 500 text articles/s and >= 50 HTML pages/s.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, data_dir

from crosswire.engine import ingest
from crosswire.ingest import read_paths
from crosswire.settings import Settings
from crosswire.store import Store


def timed_ingest(paths: list[Path], store_path: Path | None) -> tuple[int, float]:
    settings = Settings()
    start = time.perf_counter()
    if store_path is None:
        result = ingest(read_paths(paths, settings))
    else:
        with Store(store_path) as store:
            result = ingest(read_paths(paths, settings), store)
    return len(result.articles), time.perf_counter() - start


def html_dir(tmp: Path, repeat: int) -> tuple[Path, list[str]]:
    root = data_dir("fundus-evaluation") / "dataset" / "html"
    out = tmp / "html"
    out.mkdir()
    pages = []
    for path in sorted(root.glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        pages.append(page)
        for r in range(repeat):
            (out / f"{path.name[:-8]}_{r}.html").write_text(page, encoding="utf-8")
    return out, pages


NAV = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(40))
FOOT = "".join(
    f'<p><a href="/p/{i}">About, terms, privacy and contact link {i}</a></p>' for i in range(20)
)


def typical_pages(limit: int) -> list[str]:
    """News articles of the bbc-news corpus in a page of ordinary size (about 10 KB): a
    navigation bar, related links and a footer around the story."""
    pages = []
    for path in sorted((data_dir("bbc-news") / "bbc").rglob("*.txt"))[:limit]:
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
        related = "".join(
            f'<li><a href="/r/{i}">Another story headline {i}</a></li>' for i in range(8)
        )
        pages.append(
            f"<html><head><title>{title}</title></head><body><nav><ul>{NAV}</ul></nav>"
            f"<article><h1>{title}</h1>{paras}</article><aside><ul>{related}</ul></aside>"
            f"<footer>{FOOT}</footer></body></html>"
        )
    return pages


def rate_of(fn: Callable[[], int]) -> float:
    start = time.perf_counter()
    n = fn()
    return n / (time.perf_counter() - start)


def trafilatura_rate(pages: list[str], repeat: int) -> float:
    import trafilatura

    trafilatura.extract(pages[0])  # warm up
    start = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            trafilatura.bare_extraction(page, with_metadata=True)
    return len(pages) * repeat / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="copies of each HTML page")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    text_paths = [data_dir("bbc-news") / "bbc", ROOT / "examples" / "seeds"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        n, secs = timed_ingest(text_paths, None)
        print(f"text dumps: {n} articles in {secs:.2f} s = {n / secs:,.0f} articles/s (no store)")
        n, secs = timed_ingest(text_paths, tmp / "text.db")
        text_rate = n / secs
        print(f"text dumps: {n} articles in {secs:.2f} s = {text_rate:,.0f} articles/s (stored)")
        folder, pages = html_dir(tmp, args.repeat)
        n, secs = timed_ingest([folder], tmp / "html.db")
        html_rate = n / secs
        print(f"html pages: {n} pages in {secs:.2f} s = {html_rate:,.0f} pages/s (stored)")
        peer = trafilatura_rate(pages, args.repeat)
        print(f"trafilatura alone on the same pages: {peer:,.0f} pages/s")
        print(f"crosswire html / trafilatura: {html_rate / peer:.2f}")
        shutil.rmtree(folder)
        light = typical_pages(500)
        light_dir = tmp / "light"
        light_dir.mkdir()
        for i, page in enumerate(light):
            (light_dir / f"page{i}.html").write_text(page, encoding="utf-8")
        light_rate = rate_of(lambda: timed_ingest([light_dir], tmp / "light.db")[0])
        light_peer = trafilatura_rate(light, 1)
        size = sum(map(len, light)) // len(light) // 1024
        print(
            f"typical pages ({len(light)}, ~{size} KB): crosswire {light_rate:,.0f} pages/s,"
            f" trafilatura alone {light_peer:,.0f} pages/s, ratio {light_rate / light_peer:.2f}"
        )
    print(
        f"floor text >= 500/s: {'ok' if text_rate >= 500 else 'FAIL'};"
        f" floor html >= 50/s: {'ok' if light_rate >= 50 else 'FAIL'} on typical pages,"
        f" {'ok' if html_rate >= 50 else 'FAIL'} on the heavy fundus pages"
    )


if __name__ == "__main__":
    main()
