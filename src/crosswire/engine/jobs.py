"""The jobs the commands run, end to end: read inputs into the store, and write the stories of
the store (cluster, analyse, report). The CLI and the web app call these and print; they
orchestrate nothing themselves."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import crosswire
from crosswire import __version__
from crosswire.analyse import ModelMissing
from crosswire.codec import reuse_record
from crosswire.engine.analysis import Findings, ParseCache, analyse_stories
from crosswire.engine.executors import Executor, executor_named
from crosswire.engine.pipeline import RunResult, ingest
from crosswire.engine.publish import Publication, publish
from crosswire.engine.steps import Stats, reason_kind, timed
from crosswire.errors import CorrectionError
from crosswire.heap import collector_paused
from crosswire.ingest import discover, read_paths, read_stdin
from crosswire.records import Article, Failure, Membership, Metadata, Reuse
from crosswire.report.files import tree_digest, write_parts
from crosswire.report.html import write_reports
from crosswire.report.json import (
    document_parts,
    findings_json,
    findings_parts,
    parts_from_text,
    parts_text,
    stories_lines,
)
from crosswire.reuse.detect import ReuseState, update_reuse
from crosswire.settings import Settings
from crosswire.store import Store
from crosswire.stories import Story, build_stories
from crosswire.stories.online import story_id as story_id_of

Progress = Callable[[int], None]
# Opens a progress display for a step of `total` units: a context giving the callback that
# advances it, or None when nothing is shown.
Meter = Callable[[str, int], AbstractContextManager[Progress | None]]


__all__ = [
    "Meter",
    "StoriesWritten",
    "analyse_one",
    "executor_named",
    "merge_stories",
    "one_story",
    "read_inputs",
    "split_story",
    "stories_of",
    "story_members",
    "write_stories",
]


def no_meter(label: str, total: int) -> AbstractContextManager[Progress | None]:
    return nullcontext(None)


def count_inputs(paths: Iterable[Path]) -> int:
    """How many input files the paths hold (for a progress display)."""
    return sum(1 for f in discover(paths) if not isinstance(f, Failure))


def read_inputs(
    paths: list[Path],
    settings: Settings,
    store: Store | None,
    stdin: BinaryIO | None = None,
    meter: Meter = no_meter,
    executor: Executor | None = None,
) -> RunResult:
    """Read, clean and store the inputs (`-` alone: standard input)."""
    if [str(p) for p in paths] == ["-"] and stdin is not None:
        return ingest(read_stdin(stdin, settings), store, executor=executor)
    with meter("reading", count_inputs(paths)) as advance:
        return ingest(read_paths(paths, settings), store, advance, executor)


@dataclass(slots=True)
class StoriesWritten:
    """What `write_stories` did."""

    stories: list[Story]
    before: dict[str, Membership]  # the store's memberships before this run
    left_out: dict[str, str]  # articles in no story, and why
    reports: dict[str, Path]  # story id -> its HTML report
    target: Path  # stories.json
    failures: list[Failure] = field(default_factory=list)
    stats: list[Stats] = field(default_factory=list)  # what each step did
    published: Publication = field(default_factory=Publication)  # (for `crosswire serve`)


def write_stories(
    store: Store, out_dir: Path, meter: Meter = no_meter, executor: Executor | None = None
) -> StoriesWritten:
    """The stories of every stored article (placed ones keep their story; a user's decisions
    win), analysed, cross-checked and written to `out_dir` (stories.json and the reports). A
    story whose articles, headline and origins are as an earlier run found them keeps that
    run's findings: only new and changed stories are analysed again; one whose members and
    reuse are as well keeps its stories.json line, written as kept (`line_key`). One run at a
    time writes a store's stories (`Store.exclusive`): another process's waits."""
    with store.exclusive():
        return _write_stories(store, out_dir, meter, executor)


def _write_stories(
    store: Store, out_dir: Path, meter: Meter, executor: Executor | None
) -> StoriesWritten:
    stats: list[Stats] = []
    with collector_paused():  # (whole-store steps: see `heap`)
        with timed(stats, "load", 0) as step:  # the store's articles and memberships
            articles = list(store.articles())
            before = store.memberships()
            step.items_in = step.items_out = len(articles)
        with timed(stats, "stories", len(articles)) as step:
            stories, left_out = build_stories(
                articles, placed=before, reuse_of=StoredReuse(store), kept=StoredClustering(store)
            )
            # Only the memberships this run made or moved (most are as the store holds them).
            members = (m for story in stories for m in story.members)
            store.put_memberships(m for m in members if before.get(m.article) != m)
            step.items_out = len(stories)
            step.dropped.update(reason_kind(r) for r in left_out.values())
        with timed(stats, "findings", len(stories)) as step:  # those kept from earlier runs
            by_id = {a.id: a for a in articles}
            keys = {s.id: findings_key(s, by_id) for s in stories}
            # A story as an earlier run wrote it keeps its stories.json line as it was.
            line_keys = {s.id: line_key(s, keys[s.id]) for s in stories}
            stored = store.story_lines(line_keys.values())
            kept_lines = {
                i: line for i, k in line_keys.items() if _whole(line := stored.get(k, ""))
            }
            wanted = [s for s in stories if s.id not in kept_lines]
            kept = store.findings(keys[s.id] for s in wanted)
            # Kept findings stay JSON text, spliced into stories.json as they are.
            found: dict[str, dict[str, str]] = {}
            for story in wanted:
                if keys[story.id] in kept:
                    with contextlib.suppress(ValueError):  # unreadable: analysed again
                        found[story.id] = parts_from_text(kept[keys[story.id]])
            step.items_out = len(found) + len(kept_lines)
    fresh = [s for s in wanted if s.id not in found]
    analyses, failures = analyse(fresh, articles, meter, executor, stats, StoredParses(store))
    made = {i: findings_parts(findings_json(f)) for i, f in analyses.items()}
    store.put_findings({keys[i]: parts_text(parts) for i, parts in made.items()})
    target = out_dir / "stories.json"
    with timed(stats, "report", len(stories)) as step, collector_paused():
        # Encoded once: for stories.json and the render keys.
        document, lines = stories_lines(articles, stories, left_out, found | made, kept_lines)
        write_parts(target, document_parts(lines))
        written = write_reports(document, out_dir, failures, lines)
        step.items_out = len(written)
        # The lines of analysed stories are kept (one whose analysis failed is tried again).
        story_lines = lines["stories"] if isinstance(lines["stories"], list) else []
        new_lines = {
            line_keys[s.id]: line
            for s, line in zip(stories, story_lines, strict=True)
            if s.id in found or s.id in made
        }
        store.put_story_lines(new_lines, line_keys.values())
    with timed(stats, "publish", len(stories)) as step:  # for `crosswire serve`
        publication = publish(store, stories, story_lines, line_keys, by_id)
        step.items_out = len(publication.new) + len(publication.changed)
    reports = {w.story: w.html for w in written}
    return StoriesWritten(stories, before, left_out, reports, target, failures, stats, publication)


def story_members(store: Store) -> dict[str, list[str]]:
    """Each story's articles, as the store's memberships say."""
    members: dict[str, list[str]] = {}
    for membership in store.memberships().values():
        members.setdefault(membership.story, []).append(membership.article)
    return members


def merge_stories(store: Store, story_ids: Sequence[str]) -> int:
    """Merge stories into the first given, kept in the store as a user's decision (later runs
    keep it); returns how many articles moved. Raises CorrectionError when it cannot be made."""
    members = story_members(store)
    unknown = [s for s in story_ids if s not in members]
    if unknown:
        raise CorrectionError(f"unknown story: {', '.join(unknown)}")
    if len(set(story_ids)) < 2:
        raise CorrectionError("give two stories or more")
    moved = [a for s in dict.fromkeys(story_ids[1:]) if s != story_ids[0] for a in members[s]]
    store.move(moved, story_ids[0], "merged by user")
    return len(moved)


def split_story(store: Store, story_id: str, article_ids: Sequence[str]) -> str:
    """Split articles off a story into a story of their own, kept in the store as a user's
    decision; returns the new story's id. Raises CorrectionError when it cannot be made."""
    members = story_members(store).get(story_id)
    if members is None:
        raise CorrectionError(f"unknown story: {story_id}")
    strangers = sorted(set(article_ids) - set(members))
    if strangers:
        raise CorrectionError(f"not in {story_id}: {', '.join(strangers)}")
    if not article_ids or set(article_ids) == set(members):
        raise CorrectionError("nothing left" if article_ids else "no article given")
    new_id = story_id_of(" ".join(sorted(set(article_ids))))
    store.move(article_ids, new_id, "split by user")
    return new_id


def line_key(story: Story, findings: str) -> str:
    """What a story's stories.json line follows from: its findings key (crosswire's code, its
    headline, origins and articles as stored), its id, each member's membership and its reuse
    pairs (the line of a story whose key is as an earlier run left it is that run's line)."""
    members = [
        (m.article, m.story, m.how, m.similarity, m.shared_names, m.days_apart, m.reason)
        for m in story.members
    ]
    pairs = [
        (p.a, p.b, p.origin, p.evidence, p.share_a, p.share_b, len(p.passages), p.chars)
        for p in story.reuse
    ]
    text = repr((findings, story.id, story.first, story.last, members, pairs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _whole(line: str) -> bool:
    """Whether a kept line looks whole (a damaged one is made again)."""
    return line.startswith('{"') and line.endswith("}")


# Paragraph parses the store keeps (the latest; about 2.5 KB each, so some 250 MB at most):
# enough for every article of a few weeks of a busy desk's stories.
PARSES_KEPT = 100_000


class StoredReuse:
    """Reuse found incrementally against the store's state (signatures and pairs of earlier
    runs), the state brought up to date."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, articles: Sequence[Article]) -> list[Reuse]:
        signatures, pairs = self.store.reuse_state()
        found = update_reuse(articles, ReuseState(signatures, pairs))
        made = [reuse_record(r) for r in found.pairs]
        self.store.put_reuse_state(found.signatures, made, gone=found.stale)
        return found.reuse


class StoredClustering:
    """The store as the keeper of the clustering state between runs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> dict[str, Any] | None:
        found = self.store.state("clustering")
        return found if isinstance(found, dict) else None

    def save(self, state: dict[str, Any]) -> None:
        self.store.put_state("clustering", state)


class StoredParses:
    """The store as the cache of paragraph parses."""

    def __init__(self, store: Store, keep: int = PARSES_KEPT) -> None:
        self.store, self.keep = store, keep

    def get(self, keys: list[str]) -> dict[str, bytes]:
        return self.store.parses(keys)

    def put(self, made: dict[str, bytes]) -> None:
        self.store.put_parses(made, self.keep)


META_FIELDS = dataclasses.fields(Metadata)


def findings_key(story: Story, articles: Mapping[str, Article]) -> str:
    """What a story's findings follow from: crosswire's code, the story's headline and origins,
    and each article's text and metadata as stored (any change to any of these means analysing
    again; the blocks the cleaner removed are no input of the analysis)."""
    parts: list[object] = [code_version(), story.headline, [list(g) for g in story.origins]]
    for i in story.articles:
        a = articles[i]
        meta = [getattr(a.meta, f.name) for f in META_FIELDS]
        # The body by its digest: hashed as it is, not escaped into JSON first (a store's
        # every story has its key made each run).
        body = hashlib.sha256(a.body.encode("utf-8")).hexdigest()
        parts.append([a.id, a.source, a.sha256, body, meta])
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def code_version() -> str:
    """crosswire's version and a hash of its own source: findings made by other code (another
    release, or a change under development) are never reused."""
    return tree_digest(Path(crosswire.__file__).parent, (".py",), seed=__version__)


def analyse(
    stories: list[Story],
    articles: list[Article],
    meter: Meter = no_meter,
    executor: Executor | None = None,
    stats: list[Stats] | None = None,
    cache: ParseCache | None = None,
) -> tuple[dict[str, Findings], list[Failure]]:
    """Entities, time, quantities, quotes and cross-check of every story; without a spaCy
    model the stories go without them and the failure says which package to install."""
    if not stories:  # nothing new or changed: no model to load
        return {}, []
    by_id = {a.id: a for a in articles}
    try:
        with meter("analysing", len(stories)) as advance:
            analyses, failures, done = analyse_stories(stories, by_id, advance, executor, cache)
    except ModelMissing as exc:
        return {}, [Failure("story analysis", str(exc))]
    if stats is not None:
        stats.append(done)
    return analyses, failures


def stories_of(store: Store) -> list[Story]:
    """The store's stories as they stand (no article placed anew is stored)."""
    return _standing(store)[0]


def _standing(store: Store) -> tuple[list[Story], list[Article]]:
    articles = list(store.articles())
    stories, _ = build_stories(articles, placed=store.memberships(), reuse_of=StoredReuse(store))
    return stories, articles


def one_story(store: Store, story_id: str) -> tuple[Story | None, list[Article]]:
    """A story of the store (None when there is none by that id), with its articles."""
    stories, articles = _standing(store)
    story = next((s for s in stories if s.id == story_id), None)
    members = set(story.articles) if story else set()
    return story, [a for a in articles if a.id in members]


def analyse_one(story: Story, articles: list[Article]) -> tuple[Findings | None, list[Failure]]:
    """One story's findings; raises ModelMissing without a spaCy model."""
    analyses, failed, _ = analyse_stories([story], {a.id: a for a in articles})
    return analyses.get(story.id), failed
