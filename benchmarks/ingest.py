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
    print(
        f"floor text >= 500/s: {'ok' if text_rate >= 500 else 'FAIL'};"
        f" floor html >= 50/s: {'ok' if html_rate >= 50 else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
