"""Quotes and speakers on PolNeAR (political news, attribution relations with source, cue and
content spans), beside textacy's `direct_quotations` on the same spaCy parses.

    python benchmarks/quotes.py [--split dev|train] [--limit N | --sample N [--seed S]]

Direct quotes are the gold attributions whose content holds a quotation mark. A found quote
matches a gold one when their content spans overlap. Speaker accuracy is measured on the matched
quotes: the speaker as written (or its canonical name) shares a word with the gold source span.
The default split is dev; train (840 articles, never used to tune) is the held-out measure:
`--split train --sample 100` is the issue-14 held-out set (100 articles drawn with seed 14).

Floors (issue 4): content F1 >= 0.80 on direct quotes; speaker accuracy >= 0.85; F1 >= 0.10 above
textacy.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from _common import data_dir

from crosswire.analyse import load_pipeline, parse
from crosswire.analyse.entities import story_entities
from crosswire.analyse.quotes import article_quotes
from crosswire.records import Article, Metadata

QUOTE_CHARS = '“”"'
STOP = frozenset("the a an of and to in on for mr mrs ms said says".split())


@dataclass
class Found:
    start: int
    end: int
    speaker: str  # as written and canonical, for matching


def gold(split: Path, name: str) -> list[tuple[int, int, str]]:
    """(content start, content end, source text) of the direct quotes of one article (the first
    annotator's file)."""
    anns = sorted((split / "attributions").glob(f"{name}_*.ann"))
    if not anns:
        return []
    spans: dict[str, tuple[str, int, int, str]] = {}
    out = []
    for line in anns[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, *offsets = parts[1].split(" ")
            if len(offsets) >= 2 and offsets[0].isdigit() and offsets[-1].isdigit():
                spans[parts[0]] = (kind, int(offsets[0]), int(offsets[-1]), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":") for r in parts[1].split() if ":" in r)
            content = spans.get(roles.get("Content", ""))
            source = spans.get(roles.get("Source", ""))
            if content and any(c in content[3] for c in QUOTE_CHARS):
                out.append((content[1], content[2], source[3] if source else ""))
    return out


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP}


def score(
    found: dict[str, list[Found]], truth: dict[str, list[tuple[int, int, str]]]
) -> tuple[float, float, float, float]:
    tp_pred = tp_gold = n_pred = n_gold = 0
    right = matched = 0
    for name, golds in truth.items():
        preds = found.get(name, [])
        n_pred += len(preds)
        n_gold += len(golds)
        tp_pred += sum(any(p.start < g1 and g0 < p.end for g0, g1, _ in golds) for p in preds)
        for g0, g1, source in golds:
            hits = [p for p in preds if p.start < g1 and g0 < p.end]
            if hits:
                tp_gold += 1
                matched += 1
                right += bool(words(hits[0].speaker) & words(source))
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, right / matched if matched else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--sample", type=int, default=0, help="a seeded random sample of N articles")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    split = data_dir("polnear") / args.split
    names = sorted(p.stem for p in (split / "text").glob("*.txt"))
    if args.limit:
        names = names[: args.limit]
    if args.sample:
        names = sorted(random.Random(args.seed).sample(names, min(args.sample, len(names))))
    texts = {n: (split / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names}
    truth = {n: gold(split, n) for n in names}
    nlp = load_pipeline()
    articles = [Article(n, n, "text", "", texts[n], Metadata(), ()) for n in names]
    start = time.perf_counter()
    parsed = parse(nlp, articles)
    ours: dict[str, list[Found]] = defaultdict(list)
    for p in parsed:
        for q in article_quotes(p, story_entities([p])):
            if q.kind != "indirect":
                ours[p.id].append(Found(q.start, q.end, f"{q.speaker_text} {q.speaker}"))
    secs = time.perf_counter() - start

    import spacy
    from textacy.extract.triples import direct_quotations

    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])  # textacy needs lemmas
    theirs: dict[str, list[Found]] = defaultdict(list)
    t0 = time.perf_counter()
    for n in names:
        doc = full(texts[n])
        try:
            triples = list(direct_quotations(doc))
        except (ValueError, IndexError) as exc:  # textacy trips over some quote layouts
            print(f"textacy failed on {n}: {exc}")
            continue
        for t in triples:
            c0, c1 = t.content[0].idx, t.content[-1].idx + len(t.content[-1].text)
            theirs[n].append(Found(c0, c1, " ".join(tok.text for tok in t.speaker)))
    their_secs = time.perf_counter() - t0
    n_gold = sum(len(v) for v in truth.values())
    print(f"PolNeAR {args.split}: {len(names)} articles, {n_gold} direct quotes in the gold")
    for label, found, took in (("crosswire", ours, secs), ("textacy", theirs, their_secs)):
        p, r, f, acc = score(found, truth)
        print(
            f"{label:>9}: content P {p:.3f} R {r:.3f} F1 {f:.3f}; speaker accuracy {acc:.3f}"
            f" ({sum(len(v) for v in found.values())} quotes, {took:.1f} s)"
        )
    print("floors: content F1 >= 0.80, speaker accuracy >= 0.85, F1 >= textacy's + 0.10")


if __name__ == "__main__":
    main()
