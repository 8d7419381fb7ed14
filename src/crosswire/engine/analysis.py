"""Run story analysis over many stories: stories go in batches to worker processes (forked
after the model is loaded, so it is shared, not reloaded), each worker parses and analyses its
batch, and only the analyses come back. A story whose analysis fails is reported and skipped."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosswire.analyse import Analysis, analyse_story, parse, places
from crosswire.brief import Brief, make_brief
from crosswire.crosscheck import CrossCheck, cross_check
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


Batch = tuple[list[Story], dict[str, Article]]
Result = tuple[dict[str, Findings], list[Failure]]

_worker_nlp: Language | None = None  # set in each worker process by `_start`


def analyse_stories(
    nlp: Language,
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    progress: Callable[[int], None] | None = None,
    processes: int | None = None,
) -> Result:
    """Analyses of the stories by id, and the stories whose analysis failed."""
    batches = [
        (batch, {i: articles[i] for s in batch for i in s.articles}) for batch in _batches(stories)
    ]
    total = sum(len(s.articles) for s in stories)
    if processes is None:
        processes = (os.cpu_count() or 1) if total >= PROCESSES_FROM else 1
    processes = min(processes, len(batches))
    analyses: dict[str, Findings] = {}
    failures: list[Failure] = []
    if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        places.preload()  # built once here, shared by the forked workers
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, initializer=_start, initargs=(nlp,)) as pool:
            for done, failed in pool.imap_unordered(_in_worker, batches):
                _collect(done, failed, analyses, failures, progress)
    else:
        for batch in batches:
            _collect(*run_batch(nlp, batch), analyses, failures, progress)
    return dict(sorted(analyses.items())), sorted(failures, key=lambda f: f.source)


def run_batch(nlp: Language, batch: Batch) -> Result:
    stories, articles = batch
    parsed = {p.id: p for p in parse(nlp, list(articles.values()))}
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
    return analyses, failures


def _collect(
    done: dict[str, Findings],
    failed: list[Failure],
    analyses: dict[str, Findings],
    failures: list[Failure],
    progress: Callable[[int], None] | None,
) -> None:
    analyses.update(done)
    failures.extend(failed)
    if progress is not None:
        progress(len(done) + len(failed))


def _start(nlp: Language) -> None:
    global _worker_nlp
    _worker_nlp = nlp


def _in_worker(batch: Batch) -> Result:
    assert _worker_nlp is not None, "worker started without a pipeline"
    return run_batch(_worker_nlp, batch)


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
