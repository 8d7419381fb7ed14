"""Run story analysis over many stories: articles parsed in batches (in processes for big runs),
one story at a time analysed, a story whose analysis fails reported and skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from crosswire.analyse import Analysis, analyse_story, parse
from crosswire.records import Article, Failure
from crosswire.stories import Story

if TYPE_CHECKING:
    from spacy.language import Language

BATCH_ARTICLES = 400  # articles parsed at once (bounds memory: parsed docs are large)
PROCESSES_FROM = 200  # a batch at least this big is parsed in two processes


def analyse_stories(
    nlp: Language,
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, Analysis], list[Failure]]:
    """Analyses of the stories by id, and the stories whose analysis failed."""
    analyses: dict[str, Analysis] = {}
    failures: list[Failure] = []
    for batch in _batches(stories):
        members = [articles[i] for s in batch for i in s.articles]
        n_process = 2 if len(members) >= PROCESSES_FROM else 1
        parsed = {p.id: p for p in parse(nlp, members, n_process=n_process)}
        for story in batch:
            try:
                analyses[story.id] = analyse_story([parsed[i] for i in story.articles])
            except Exception as exc:  # one bad story never stops a run
                failures.append(
                    Failure(story.id, f"story analysis failed: {type(exc).__name__}: {exc}")
                )
            if progress is not None:
                progress(len(story.articles))
    return analyses, failures


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
