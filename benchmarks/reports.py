"""Speed of the reports: Markdown and a self-contained HTML page per story, and the index, for
1,000 stories (the seed story, analysed once, under 1,000 ids: 5,000 articles, ~70 facts and ~30
quotes each), beside writing the same document as stories.json in the same run.

    python benchmarks/reports.py [--stories 1000]

Floor (issue 6): reports for 1,000 stories written in <= 30 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT

from crosswire.engine import ingest
from crosswire.engine.analysis import analyse_stories
from crosswire.ingest import read_paths
from crosswire.report.html import write_reports
from crosswire.report.json import stories_document, write_json
from crosswire.settings import Settings
from crosswire.stories import build_stories


def seed_document() -> dict[str, Any]:
    articles = ingest(read_paths([ROOT / "examples" / "seeds"], Settings())).articles
    stories, left_out = build_stories(articles)
    analyses, _, _ = analyse_stories(stories, {a.id: a for a in articles})
    return stories_document(articles, stories, left_out, analyses)


def many(doc: dict[str, Any], n: int) -> dict[str, Any]:
    """The document's first story under n ids, each with its own copies of the articles."""
    (story,) = doc["stories"][:1]
    text = json.dumps(story)
    out: dict[str, Any] = {"crosswire": doc["crosswire"], "articles": [], "stories": []}
    for k in range(n):
        suffix = f"-{k:04d}"
        copied = text
        for a in story["articles"]:
            copied = copied.replace(f'"{a}"', f'"{a}{suffix}"')
        s = json.loads(copied)
        s["id"] = f"{story['id']}{suffix}"
        out["stories"].append(s)
        for a in doc["articles"]:
            if a["id"] in story["articles"]:
                c = copy.deepcopy(a)
                c["id"] += suffix
                out["articles"].append(c)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=1000)
    args = ap.parse_args()
    doc = many(seed_document(), args.stories)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        write_json(out / "stories.json", doc)
        json_took = time.perf_counter() - start
        start = time.perf_counter()
        written = write_reports(doc, out)
        took = time.perf_counter() - start
        size = sum(p.stat().st_size for w in written for p in (w.markdown, w.html))
    print(
        f"reports for {len(written)} stories ({len(doc['articles'])} articles):"
        f" {took:.1f} s, {len(written) / took:.0f} stories/s, {size / 1e6:.0f} MB"
        f" (floor <= 30 s for 1,000)"
    )
    print(
        f"  the same document as stories.json: {json_took:.1f} s"
        f" (reports take {took / json_took:.1f}x the JSON's time)"
    )


if __name__ == "__main__":
    main()
