"""Speed of story analysis (parsing included, model loading not): one 10-article story, then
articles in bulk on two processes (distinct articles, then a feed where some reprint wire copy),
beside the bare spaCy pipeline (all its components, one process and two) on the same texts.

    python benchmarks/analysis.py [--bulk 200]

Floors (issue 4): a 10-article story in <= 2 s; >= 30 articles/s in bulk on 2 cores (issue 17:
on the BBC corpus too).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

import spacy
from _common import data_dir

from crosswire.analyse import analyse_story, load_pipeline, parse
from crosswire.clean import clean_documents
from crosswire.engine.analysis import analyse_stories
from crosswire.engine.steps import RESOURCES
from crosswire.ingest.common import make_document
from crosswire.records import Article
from crosswire.settings import Settings
from crosswire.stories import Story

if TYPE_CHECKING:
    from spacy.language import Language


def ecb_stories() -> dict[str, list[Article]]:
    rows = [json.loads(line) for line in (data_dir("ecbplus-dev") / "articles.jsonl").open()]
    docs = [make_document(r["text"], r["id"], r["id"], "text", Settings()) for r in rows]
    story_of = {r["id"]: r["story"] for r in rows}
    out: dict[str, list[Article]] = defaultdict(list)
    for a in clean_documents(docs):
        out[story_of[a.id]].append(a)
    return out


def bbc_stories(n: int) -> tuple[list[Story], dict[str, Article]]:
    """n bbc-news articles (every seventh file), in stories of five of one section."""
    paths = sorted((data_dir("bbc-news") / "bbc").rglob("*.txt"))[::7][:n]
    docs = [
        make_document(p.read_text(encoding="latin-1"), str(p), f"{p.parent.name}-{p.stem}",
                      "text", Settings())
        for p in paths
    ]  # fmt: skip
    articles = clean_documents(docs)
    by_id = {a.id: a for a in articles}
    ids = sorted(by_id)
    chosen = [
        Story(f"bbc{k}", f"bbc{k}", tuple(ids[k : k + 5]), (), (), (), None, None)
        for k in range(0, len(ids), 5)
    ]
    return chosen, by_id


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bulk", type=int, default=200)
    args = ap.parse_args()
    stories = ecb_stories()
    nlp = load_pipeline()
    ten = next(arts[:10] for arts in stories.values() if len(arts) >= 10)
    analyse_story(parse(nlp, ten[:2]))  # warm up
    start = time.perf_counter()
    analyse_story(parse(nlp, ten))
    one = time.perf_counter() - start
    words = sum(len(a.body.split()) for a in ten)
    print(f"one story of 10 articles ({words} words): {one:.2f} s (floor <= 2 s)")

    chosen, by_id = pick(stories, args.bulk)
    bulk(nlp, "distinct articles (ECB+)", chosen, by_id)
    # A feed as desks get it: a third more articles that reprint wire copy (other headline,
    # the last paragraph trimmed), in the story of what they reprint.
    rng = random.Random(3)
    reprinted = dict(by_id)
    grown = []
    for story in chosen:
        extra = []
        for article_id in story.articles:
            if rng.random() < 0.5:
                a = by_id[article_id]
                paras = a.body.split("\n\n")
                body = "\n\n".join(paras[:-1] if len(paras) > 2 else paras)
                copy = replace(a, id=a.id + "-reprint", body=body)
                reprinted[copy.id] = copy
                extra.append(copy.id)
        grown.append(replace(story, articles=(*story.articles, *extra)))
    bulk(nlp, "a feed with wire reprints", grown, reprinted)
    bulk(nlp, "BBC (bbc-news)", *bbc_stories(args.bulk + 100))


def pick(stories: dict[str, list[Article]], n: int) -> tuple[list[Story], dict[str, Article]]:
    chosen: list[Story] = []
    by_id: dict[str, Article] = {}
    for sid, arts in sorted(stories.items()):
        if len(by_id) >= n:
            break
        chosen.append(Story(sid, sid, tuple(a.id for a in arts), (), (), (), None, None))
        by_id.update({a.id: a for a in arts})
    return chosen, by_id


def bulk(nlp: Language, label: str, chosen: list[Story], by_id: dict[str, Article]) -> None:
    start = time.perf_counter()
    RESOURCES.use(nlp)
    analyses, failures, _ = analyse_stories(chosen, by_id)
    ours = len(by_id) / (time.perf_counter() - start)
    texts = [a.body for a in by_id.values()]
    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    rates = []
    for n_process in (1, 2):
        start = time.perf_counter()
        for _ in full.pipe(texts, n_process=n_process, batch_size=32):
            pass
        rates.append(len(texts) / (time.perf_counter() - start))
    print(
        f"bulk, {label}: {len(by_id)} articles in {len(chosen)} stories: {ours:.1f} articles/s"
        f" ({len(analyses)} analysed, {len(failures)} failed); bare spaCy pipeline:"
        f" {rates[0]:.1f}/s on one process, {rates[1]:.1f}/s on two (floor >= 30/s)"
    )


if __name__ == "__main__":
    main()
