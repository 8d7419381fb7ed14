"""Story analysis as a step: stories go in batches through an executor (forked workers share
the model the parent loaded; Ray workers load it once each), each batch is parsed and
analysed where it runs, and only the analyses come back. A story whose analysis fails is
reported and skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from crosswire.analyse import Analysis, analyse_story, parse, places
from crosswire.analyse.nlp import parse_keys
from crosswire.brief import Brief, make_brief
from crosswire.crosscheck import CrossCheck, cross_check
from crosswire.engine.executors import Executor, LocalExecutor
from crosswire.engine.steps import RESOURCES, Resources, Stats, Step, reason_kind
from crosswire.records import Article, Failure
from crosswire.stories import Story

if TYPE_CHECKING:
    from spacy.language import Language

BATCH_ARTICLES = 30  # articles a worker takes at once (small: even load; parsed docs are large)
PROCESSES_FROM = 150  # a run with at least this many articles uses every core


@dataclass(frozen=True, slots=True)
class Findings:
    """What the analysis and the cross-check found in one story, and its brief."""

    analysis: Analysis
    check: CrossCheck
    brief: Brief


# Stories, their articles, and the stored parses of their paragraphs (see `ParseCache`).
Batch = tuple[list[Story], dict[str, Article], dict[str, bytes] | None]
# Findings by story, stories that failed, and the paragraph parses made.
Result = tuple[dict[str, Findings], list[Failure], dict[str, bytes]]


class ParseCache(Protocol):
    """Where paragraph parses are kept between runs (the store): a story changed by a new
    article is analysed again, but its other articles are not parsed again."""

    def get(self, keys: list[str]) -> dict[str, bytes]: ...

    def put(self, made: dict[str, bytes]) -> None: ...


def _analyse(batches: list[Batch], resources: Resources) -> list[Result | Failure]:
    nlp = resources.nlp()
    return [run_batch(nlp, batch) for batch in batches]


def _stories_in(batch: Batch) -> int:
    return len(batch[0])


def _batch_name(batch: Batch) -> str:
    return ", ".join(s.id for s in batch[0])


# Parse, analyse, cross-check and brief stories, a batch of stories at a time.
ANALYSE: Step[Batch, Result] = Step(
    "analyse",
    "stories with their articles",
    "findings",
    _analyse,
    batch_size=1,
    names=_batch_name,
    parallel_from=PROCESSES_FROM // BATCH_ARTICLES,
    units=_stories_in,
)


def analyse_stories(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    cache: ParseCache | None = None,
) -> tuple[dict[str, Findings], list[Failure], Stats]:
    """Analyses of the stories by id, the stories whose analysis failed, and the step's stats.
    Raises ModelMissing (naming the package) when no spaCy model is installed."""
    # Loaded here first: forked workers share it, and a missing model is told once.
    nlp = RESOURCES.nlp()
    places.preload()  # built once here, shared by forked workers
    batches: list[Batch] = []
    for batch in _batches(stories):
        members = {i: articles[i] for s in batch for i in s.articles}
        keys = parse_keys(nlp, list(members.values())) if cache is not None else []
        batches.append((batch, members, cache.get(keys) if cache is not None else None))
    executor = executor or LocalExecutor()
    analyses: dict[str, Findings] = {}
    failures: list[Failure] = []
    results, stats = executor.map(ANALYSE, batches, progress)
    made: dict[str, bytes] = {}
    for (batch, _, _), result in zip(batches, results, strict=True):
        if isinstance(result, Failure):
            failures.extend(Failure(s.id, result.reason) for s in batch)
        else:
            analyses.update(result[0])
            failures.extend(result[1])
            made.update(result[2])
    if cache is not None and made:
        cache.put(made)
    stats = Stats("analyse", len(stories), len(analyses), seconds=stats.seconds)
    stats.dropped.update(reason_kind(f.reason) for f in failures)
    return dict(sorted(analyses.items())), sorted(failures, key=lambda f: f.source), stats


def run_batch(nlp: Language, batch: Batch) -> Result:
    stories, articles, stored = batch
    made: dict[str, bytes] | None = {} if stored is not None else None  # kept only with a cache
    parsed = {p.id: p for p in parse(nlp, list(articles.values()), stored=stored, made=made)}
    analyses: dict[str, Findings] = {}
    failures: list[Failure] = []
    for story in stories:
        try:
            analysis = analyse_story([parsed[i] for i in story.articles])
            story_articles = [articles[i] for i in story.articles]
            check = cross_check(analysis, story_articles, story.origins)
            brief = make_brief(story.headline, story_articles, check)
            analyses[story.id] = Findings(analysis, check, brief)
        except Exception as exc:  # one bad story never stops a run
            reason = f"story analysis failed: {type(exc).__name__}: {exc}"
            failures.append(Failure(story.id, reason))
    return analyses, failures, made or {}


def _batches(stories: Sequence[Story]) -> Iterator[list[Story]]:
    batch: list[Story] = []
    size = 0
    for story in stories:
        if batch and size + len(story.articles) > BATCH_ARTICLES:
            yield batch
            batch, size = [], 0
        batch.append(story)
        size += len(story.articles)
    if batch:
        yield batch
