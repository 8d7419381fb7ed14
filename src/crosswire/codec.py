"""How records are kept in the store: each record type to plain JSON-able values and back.

The store reads and writes through this and nothing else (not the report's JSON, which is what
users read, nor the stories' code).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from crosswire.records import Article, Block, Membership, Metadata, Passage, Reuse


def article_record(article: Article) -> dict[str, Any]:
    """Everything needed to rebuild an `Article` (the store keeps this)."""
    return {
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "sha256": article.sha256,
        "body": article.body,
        "meta": dataclasses.asdict(article.meta),
        "blocks": [
            [b.index, b.text, b.start, b.end, b.kind, b.label, b.reason] for b in article.blocks
        ],
    }


def article_from_record(data: Mapping[str, Any]) -> Article:
    meta = dict(data["meta"])
    meta["credits"] = tuple(meta.get("credits") or ())
    return Article(
        id=data["id"],
        source=data["source"],
        format=data["format"],
        sha256=data["sha256"],
        body=data["body"],
        meta=Metadata(**meta),
        blocks=tuple(map(Block._make, data["blocks"])),
    )


def membership_row(m: Membership) -> tuple[object, ...]:
    """A membership as the store's row: article, story, how, similarity, shared names (JSON),
    days apart, reason."""
    shared = json.dumps(list(m.shared_names))
    return (m.article, m.story, m.how, m.similarity, shared, m.days_apart, m.reason)


def membership_from_row(row: Sequence[Any]) -> Membership:
    return Membership(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5], row[6])


def reuse_record(r: Reuse) -> dict[str, Any]:
    """A reuse pair as stored."""
    return {
        "a": r.a,
        "b": r.b,
        "passages": [[p.a_start, p.a_end, p.b_start, p.b_end] for p in r.passages],
        "origin": r.origin,
        "evidence": r.evidence,
        "share_a": r.share_a,
        "share_b": r.share_b,
    }


def reuse_from_record(data: Mapping[str, Any]) -> Reuse:
    passages = tuple(map(Passage._make, data["passages"]))
    return Reuse(
        data["a"],
        data["b"],
        passages,
        data["origin"],
        data["evidence"],
        data["share_a"],
        data["share_b"],
    )
