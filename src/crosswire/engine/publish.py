"""Publishing a run's stories for `crosswire serve`: each story whose stories.json line changed
goes to the store with what the pages list, filter and search it by."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crosswire.records import Article, OutletShare, Published
from crosswire.store import Store
from crosswire.stories import Story

NO_OUTLET = ""  # an article whose outlet is unknown counts for no outlet


@dataclass(frozen=True, slots=True)
class Publication:
    """What a run changed of the published stories (by id): what the CLI's summary, the web
    app's ingest and corrections, and the live pages all report."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # published before, with another line
    gone: list[str] = field(default_factory=list)


def publish(
    store: Store,
    stories: Sequence[Story],
    lines: Sequence[str],
    keys: Mapping[str, str],
    articles: Mapping[str, Article],
) -> Publication:
    """Publish the stories (each with its stories.json line, in order, and its line key) whose
    key is not the one published; withdraw the stories that are gone."""
    before = store.published_keys()
    changed = [
        published(story, line, keys[story.id], articles)
        for story, line in zip(stories, lines, strict=True)
        if before.get(story.id) != keys[story.id]
    ]
    store.publish(changed, (s.id for s in stories))
    current = {s.id for s in stories}
    return Publication(
        new=[p.story for p in changed if p.story not in before],
        changed=[p.story for p in changed if p.story in before],
        gone=sorted(set(before) - current),
    )


def published(story: Story, line: str, key: str, articles: Mapping[str, Article]) -> Published:
    """A story as published, from its stories.json line."""
    record: dict[str, Any] = json.loads(line)
    facts = record.get("facts") or []
    return Published(
        story=story.id,
        headline=story.headline,
        first=story.first,
        last=story.last,
        articles=len(story.articles),
        origins=len(story.origins),
        facts=len(facts),
        conflicts=len(record.get("conflicts") or []),
        line=line,
        key=key,
        outlets=outlet_shares(story, articles, record.get("exclusives") or {}),
        statements=tuple((str(f["id"]), str(f["statement"])) for f in facts),
    )


def outlet_shares(
    story: Story, articles: Mapping[str, Article], exclusives: Mapping[str, Sequence[str]]
) -> tuple[OutletShare, ...]:
    """Per outlet of the story: its articles, those other articles copied, its exclusives."""
    outlet = {a: articles[a].meta.outlet or NO_OUTLET for a in story.articles}
    counts: Counter[str] = Counter(outlet.values())
    copied = {p.origin for p in story.reuse if p.origin}
    origin: Counter[str] = Counter(outlet[a] for a in copied if a in outlet)
    alone: Counter[str] = Counter()
    for article, facts in exclusives.items():
        if article in outlet:
            alone[outlet[article]] += len(facts)
    return tuple(
        OutletShare(name, counts[name], origin[name], alone[name])
        for name in sorted(counts)
        if name != NO_OUTLET
    )
