"""Ingest: read every input, clean the batch (through an executor), store it. A bad input
becomes a `Failure` and never stops the run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from crosswire.clean import Prepared, boilerplate, finish, prepare
from crosswire.engine.executors import Executor, LocalExecutor
from crosswire.engine.steps import Resources, Stats, Step
from crosswire.records import Article, Failure, RawDocument
from crosswire.store import Store

Progress = Callable[[int], None]


def _prepare(docs: list[RawDocument], resources: Resources) -> list[Prepared | Failure]:
    return [prepare(d) for d in docs]


def _finish(
    items: list[tuple[Prepared, frozenset[str]]], resources: Resources
) -> list[Article | Failure]:
    return [finish(p, found) for p, found in items]


def _source_of_prepared(item: tuple[Prepared, frozenset[str]]) -> str:
    return item[0].doc.source


# Cleaning is two per-item steps around one batch-wide look at what recurs (boilerplate).
PREPARE: Step[RawDocument, Prepared] = Step(
    "clean: extract", "raw document", "text in measured segments", _prepare, batch_size=16
)
FINISH: Step[tuple[Prepared, frozenset[str]], Article] = Step(
    "clean: classify",
    "measured segments and the batch's boilerplate",
    "article",
    _finish,
    batch_size=32,
    names=_source_of_prepared,
)


@dataclass(slots=True)
class RunResult:
    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    documents: list[RawDocument] = field(default_factory=list)
    duplicates: int = 0
    stored: int = 0
    stats: list[Stats] = field(default_factory=list)  # what each step did


def unique_documents(items: Iterable[RawDocument | Failure]) -> RunResult:
    """Split documents from failures; the same article read twice is kept once, and two different
    articles with one id get the second a suffix from its content hash."""
    result = RunResult()
    by_id: dict[str, RawDocument] = {}
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Failure):
            result.failures.append(item)
            continue
        if item.sha256 in seen and by_id.get(item.id, item).sha256 == item.sha256:
            result.duplicates += 1
            continue
        if item.id in by_id:
            item = replace(item, id=f"{item.id}-{item.sha256[:8]}")
        seen.add(item.sha256)
        by_id[item.id] = item
        result.documents.append(item)
    return result


def clean_batch(
    docs: Sequence[RawDocument], executor: Executor | None = None
) -> tuple[list[Article], list[Failure], list[Stats]]:
    """Clean a batch through an executor: a document that fails to clean fails alone."""
    executor = executor or LocalExecutor()
    prepared, first = executor.map(PREPARE, docs)
    ready = [p for p in prepared if not isinstance(p, Failure)]
    found = boilerplate(ready)
    finished, second = executor.map(FINISH, list(zip(ready, found, strict=True)))
    articles = [a for a in finished if not isinstance(a, Failure)]
    failures = [_said(f) for f in (*prepared, *finished) if isinstance(f, Failure)]
    return articles, failures, [first, second]


def _said(failure: Failure) -> Failure:
    """Either half failing is the document's cleaning failing."""
    for step in (PREPARE, FINISH):
        if failure.reason.startswith(f"{step.name} failed"):
            return Failure(failure.source, "cleaning" + failure.reason[len(step.name) :])
    return failure


def ingest(
    items: Iterable[RawDocument | Failure],
    store: Store | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> RunResult:
    """Read, clean and (given a store) store a batch of inputs. Nothing stored is lost: an
    article whose id the store holds with other content is kept under a suffixed id, and one the
    store holds already (under any name) is a duplicate."""
    result = unique_documents(_counting(items, progress))
    if store is not None:
        result = _against_store(result, store)
    articles, failures, result.stats = clean_batch(result.documents, executor)
    sources = {d.id: d.source for d in result.documents}
    empty = [a for a in articles if not a.body.strip()]
    failures += [Failure(sources[a.id], "no article text found in it") for a in empty]
    articles = [a for a in articles if a.body.strip()]
    result.articles, result.failures = articles, result.failures + failures
    if store is not None:
        cleaned = {a.id for a in articles}
        result.stored = store.put([d for d in result.documents if d.id in cleaned], articles)
        store.put_failures(result.failures)
    return result


def _against_store(result: RunResult, store: Store) -> RunResult:
    known = store.known(result.documents)
    kept = []
    for doc in result.documents:
        if doc.id not in known:
            kept.append(doc)
        elif (same := known[doc.id]) is None:
            kept.append(replace(doc, id=f"{doc.id}-{doc.sha256[:8]}"))  # its id holds another
        elif same == doc.id:
            kept.append(doc)  # stored already: cleaned again, it may update its record
        else:
            result.duplicates += 1  # the same content under another name
    result.documents = kept
    return result


def _counting(
    items: Iterable[RawDocument | Failure], progress: Progress | None
) -> Iterator[RawDocument | Failure]:
    for item in items:
        if progress is not None:
            progress(1)
        yield item
