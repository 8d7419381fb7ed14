"""The `crosswire` command: thin wrappers over importable functions; all printing happens here.

Exit codes: 0 all inputs used, 1 some inputs failed (each named on stderr), 2 usage error.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from crosswire import __version__
from crosswire.analyse import ModelMissing
from crosswire.clean import clean_one
from crosswire.engine import Executor, RunResult, Stats, jobs
from crosswire.engine.analysis import Findings
from crosswire.errors import CorrectionError, CrosswireError, StoreError
from crosswire.ingest import read_paths, read_stdin
from crosswire.records import Article, Failure
from crosswire.report.json import article_json, dumps
from crosswire.settings import Settings
from crosswire.store import Store
from crosswire.stories import Story

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
PROGRESS_MIN_INPUTS = 50  # show a progress bar from this many input files on

app = typer.Typer(
    help="crosswire: turn many news reports into one cross-checked story.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# No markup, emoji codes or highlighting in anything printed: text from inputs (titles, file
# names) is shown as written, through `safe`, never interpreted.
out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)
# Control characters and the invisible marks that reorder text: shown as escapes, so that an
# input can neither drive the terminal (colours, OSC 8 links, cursor moves) nor forge a line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_lines(text: str) -> str:
    """A body as it may be printed: its line breaks kept, other controls escaped."""
    return "\n".join(safe(line) for line in text.split("\n"))


def safe(text: object) -> str:
    """Text from an input as it may be printed: control characters escaped ("\\x1b", "\\n")."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


Paths = Annotated[
    list[Path], typer.Argument(help="Files or directories (read recursively); '-' reads stdin.")
]
DbOption = Annotated[Path | None, typer.Option("--db", help="Store file (SQLite).")]
ExecutorOption = Annotated[
    str,
    typer.Option(
        "--executor",
        help="Where per-article and per-story steps run: 'local' (processes on this machine)"
        " or 'ray' (a Ray cluster: install crosswire[ray]; see --ray-address).",
    ),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        envvar="RAY_ADDRESS",
        help="The Ray cluster to use (ray://host:10001, host:6379 or auto); none: a local one.",
    ),
]
StatsOption = Annotated[
    bool, typer.Option("--stats", help="Print what each step did (in, out, dropped, time).")
]


def _version(value: bool) -> None:
    if value:
        out.print(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """crosswire: turn many news reports into one cross-checked story."""


def _read(
    paths: list[Path], settings: Settings, store: Store | None, executor: Executor | None = None
) -> RunResult:
    return jobs.read_inputs(paths, settings, store, sys.stdin.buffer, _progress, executor)


@contextlib.contextmanager
def _executor(name: str, address: str | None) -> Iterator[Executor]:
    if name not in ("local", "ray"):
        _usage(f"--executor {name}: give local or ray")
    try:
        executor = jobs.executor_named(name, address)
    except CrosswireError as exc:
        _usage(str(exc))
    try:
        yield executor
    finally:
        executor.close()


@contextlib.contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr with the time left, for a long step on a terminal (none for a
    short one, or when stderr is a file)."""
    if total < PROGRESS_MIN_INPUTS or not err.is_terminal:
        yield None
        return
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _report_failures(failures: list[Failure]) -> int:
    for failure in failures:
        err.print(Text.assemble(("error", "red"), " ", safe(failure)))
    return EXIT_SOME_FAILED if failures else EXIT_OK


@app.command("ingest")
def ingest_command(paths: Paths, db: DbOption = None) -> None:
    """Read, clean and store articles (text, HTML, JSONL/JSON, WARC)."""
    settings = Settings.load(store_path=db)
    with _store(settings.store_path) as store:
        result = _read(paths, settings, store)
        counts = store.counts()
    out.print(
        f"{len(result.articles)} articles read ({result.stored} new or changed,"
        f" {result.duplicates} duplicates), {len(result.failures)} inputs failed;"
        f" the store {safe(settings.store_path)} holds {counts['articles']} articles",
    )
    raise typer.Exit(_report_failures(result.failures))


@app.command("clean")
def clean_command(
    path: Annotated[Path, typer.Argument(help="One article file ('-' for stdin).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Clean one article and show its body, metadata and what was removed."""
    settings = Settings.load()
    items = list(
        read_stdin(sys.stdin.buffer, settings) if str(path) == "-" else read_paths([path], settings)
    )
    failures = [i for i in items if isinstance(i, Failure)]
    for doc in (i for i in items if not isinstance(i, Failure)):
        article = clean_one(doc)
        if as_json:
            out.print_json(dumps(article_json(article)))
        else:
            _show_article(article)
    raise typer.Exit(_report_failures(failures))


def _show_article(article: Article) -> None:
    m = article.meta
    table = Table(show_header=False, box=None, pad_edge=False)
    for name, value in (
        ("id", article.id), ("title", m.title), ("dek", m.dek), ("outlet", m.outlet),
        ("author", m.author), ("published", m.published), ("updated", m.updated),
        ("dateline", m.dateline), ("wire", m.wire), ("credits", ", ".join(m.credits)),
    ):  # fmt: skip
        if value:
            table.add_row(Text(name, style="bold"), safe(value))
    out.print(table)
    out.rule("body")
    out.print(safe_lines(article.body))
    out.rule(f"removed ({len(article.removed)})")
    for removed in article.removed:
        out.print(Text.assemble((f"{removed.kind:>14} ", "dim"), safe(removed.text[:110])))


@app.command("run")
def run_command(
    paths: Paths,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for stories.json and reports.")],
    db: DbOption = None,
    executor: ExecutorOption = "local",
    ray_address: RayAddressOption = None,
    stats: StatsOption = False,
) -> None:
    """The main job: ingest the inputs and write DIR/stories.json."""
    _check_out(out_dir)
    settings = Settings.load(store_path=db or out_dir / "crosswire.db")
    with _executor(executor, ray_address) as runner:
        with _store(settings.store_path) as store:
            result = _read(paths, settings, store, runner)
        out.print(f"{len(result.articles)} articles read, {len(result.failures)} inputs failed")
        code = _write_stories(settings.store_path, out_dir, result.failures, runner, stats)
    if stats:
        _stats_table(result.stats + code[1])
    raise typer.Exit(code[0])


@app.command("report")
def report_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for stories.json and reports.")],
    db: DbOption = None,
) -> None:
    """Write DIR/stories.json and the reports again from the store, without reading any input
    (after `stories split` or `stories merge`, say)."""
    _check_out(out_dir)
    path = Settings.load(store_path=db or out_dir / "crosswire.db").store_path
    if not Path(path).exists():
        _usage(f"no store at {path}: give --db, or run `crosswire run` first")
    raise typer.Exit(_write_stories(path, out_dir, [])[0])


@app.command("serve")
def serve_command(
    db: Annotated[Path, typer.Option("--db", help="Store file (SQLite) to serve.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where runs the app starts write (default: beside the store)."),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="Reads open to every address, not only loopback.")
    ] = False,
    workers: Annotated[
        int, typer.Option(help="Processes serving requests (one a core at most).", min=1, max=64)
    ] = 1,
) -> None:
    """Serve the store's stories: pages, search, corrections and a JSON API (/openapi.json). Writes
    (ingest, split, merge) need CROSSWIRE_TOKEN; reads are open on loopback."""
    from crosswire.web import WebConfig, create_app
    from crosswire.web.config import loopback

    if not db.exists():
        _usage(f"no store at {db}: run `crosswire run --db {db}` first, or give another --db")
    token = os.environ.get("CROSSWIRE_TOKEN") or None
    out_dir = out_dir or db.with_name(db.stem + "-site")
    config = WebConfig(db, out_dir, token, open_reads=public or loopback(host))
    try:
        web_app = create_app(config)
        import uvicorn
    except (CrosswireError, ModuleNotFoundError) as exc:
        _usage(str(exc) if isinstance(exc, CrosswireError) else "pip install 'crosswire[web]'")
    if token is None:
        err.print("CROSSWIRE_TOKEN is not set: reads only (no ingest, split or merge)")
    out.print(f"serving {safe(db)} on http://{safe(host)}:{port}/ (API schema: /openapi.json)")
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
        return
    from crosswire.web.config import ENVIRONMENT

    os.environ[ENVIRONMENT] = config.environment()  # (each worker builds its app from it)
    factory = "crosswire.web:from_environment"
    uvicorn.run(factory, factory=True, workers=workers, host=host, port=port, log_level="warning")


def _check_out(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        _usage(f"--out {out_dir}: not a folder")


def _write_stories(
    store_path: Path,
    out_dir: Path,
    failures: list[Failure],
    executor: Executor | None = None,
    stats: bool = False,
) -> tuple[int, list[Stats]]:
    """Write the store's stories to DIR and say what was written; the exit code and what each
    step did."""
    with _store(store_path) as store:
        done = jobs.write_stories(store, out_dir, _progress, executor)
    failures.extend(done.failures)
    for article_id, reason in sorted(done.left_out.items()):
        out.print(f"not in any story: {safe(article_id)}: {safe(reason)}")
    _summary(done)
    out.print(f"wrote {safe(done.target)}, {safe(out_dir / 'index.html')}")
    return _report_failures(failures), done.stats


def _stats_table(stats: list[Stats]) -> None:
    table = Table("step", "in", "out", "dropped", "seconds", box=None)
    for s in stats:
        dropped = ", ".join(f"{n} {safe(why)}" for why, n in sorted(s.dropped.items()))
        table.add_row(s.step, str(s.items_in), str(s.items_out), dropped, f"{s.seconds:.2f}")
    err.print(table)


TOP_STORIES = 5  # stories a run's summary names


def _summary(done: jobs.StoriesWritten) -> None:
    """What the run changed (stories new, changed, gone: as the web app and its API say it, by
    the stories it published), the largest stories by independent origins and articles, each
    with its whole id and its report: a short summary, whatever the number of stories or the
    terminal's width."""
    stories, reports, shown = done.stories, done.reports, done.published
    counts = f"{len(shown.new)} new, {len(shown.changed)} changed, {len(shown.gone)} gone"
    out.print(f"{len(stories)} stories: {counts}")
    top = sorted(stories, key=lambda s: (-len(s.origins), -len(s.articles), s.id))[:TOP_STORIES]
    for story in top:
        counts = f"{len(story.articles)} articles, {len(story.origins)} origins"
        out.print(f"  {safe(story.id)}  {counts}  {safe(story.headline[:80])}", crop=False)
        if story.id in reports:
            out.print(f"    {safe(reports[story.id])}", crop=False, style="dim")


stories_app = typer.Typer(
    help="List stories; split and merge them (kept in the store for later runs).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(stories_app, name="stories")


@stories_app.callback()
def stories_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List the stories in the store: headline, articles, independent origins, dates."""
    if ctx.invoked_subcommand is not None:
        return
    path = Settings.load(store_path=db).store_path
    with _store(path) as store:
        stories = jobs.stories_of(store)
    if not stories:
        out.print(f"no stories in {safe(path)}")
    _stories_table(stories)


@stories_app.command("merge")
def stories_merge(
    story_ids: Annotated[list[str], typer.Argument(help="Stories to merge into the first.")],
    db: DbOption = None,
) -> None:
    """Merge stories into the first one given."""
    with _store(Settings.load(store_path=db).store_path) as store:
        try:
            moved = jobs.merge_stories(store, story_ids)
        except CorrectionError as exc:
            _usage(str(exc))
    out.print(f"merged {moved} articles into {safe(story_ids[0])}")


@stories_app.command("split")
def stories_split(
    story_id: Annotated[str, typer.Argument(help="The story to split.")],
    article_ids: Annotated[list[str], typer.Argument(help="Articles that form the new story.")],
    db: DbOption = None,
) -> None:
    """Split articles off a story into a story of their own."""
    with _store(Settings.load(store_path=db).store_path) as store:
        try:
            new_id = jobs.split_story(store, story_id, article_ids)
        except CorrectionError as exc:
            _usage(str(exc))
    out.print(f"split {len(article_ids)} articles from {safe(story_id)} into {new_id}")


@app.command("show")
def show_command(
    story_id: Annotated[str, typer.Argument(help="The story to show.")],
    db: DbOption = None,
) -> None:
    """A story's brief, its conflicts and its counts."""
    story, findings, failed = _analysed(story_id, db)
    _show_brief(story, findings)
    raise typer.Exit(_report_failures(failed))


@stories_app.command("show")
def stories_show(
    story_id: Annotated[str, typer.Argument(help="The story to show.")],
    db: DbOption = None,
) -> None:
    """One story in full: brief, entities, timeline, quotes, facts and conflicts."""
    story, findings, failed = _analysed(story_id, db)
    _show_brief(story, findings)
    _show_story(findings)
    raise typer.Exit(_report_failures(failed))


def _analysed(story_id: str, db: Path | None) -> tuple[Story, Findings | None, list[Failure]]:
    with _store(Settings.load(store_path=db).store_path) as store:
        story, articles = jobs.one_story(store, story_id)
    if story is None:
        _usage(f"unknown story: {story_id}")
    try:
        findings, failed = jobs.analyse_one(story, articles)
    except ModelMissing as exc:
        err.print(f"error: {safe(exc)}")
        raise typer.Exit(EXIT_USAGE) from None
    return story, findings, failed


def _show_brief(story: Story, findings: Findings | None) -> None:
    out.rule(safe(story.headline), style="bold", characters="─")
    span = " .. ".join(dict.fromkeys(d[:10] for d in (story.first, story.last) if d))
    counts = f"{story.id}: {len(story.articles)} articles, {len(story.origins)} independent origins"
    if findings is not None:
        check = findings.check
        counts += f", {len(check.facts)} facts, {len(check.conflicts)} conflicts"
        counts += f", {len(findings.analysis.quotes)} quotes"
    out.print(safe(counts + (f", {span}" if span else "")))
    if findings is None:
        return
    numbers = {a: n for n, a in enumerate((a for g in story.origins for a in g), 1)}
    for n, line in enumerate(findings.brief.lines, 1):
        cites = "".join(
            f"[{numbers.get(a, '?')}]" for a in sorted({c.article for c in line.sources})
        )
        text = Text(f"{n}. ")
        if line.side:
            text.append(f"disputed: {line.side} ", style="bold yellow")
        if line.newest:
            text.append("newest ", style="bold green")
        text.append(safe(line.text))
        text.append(f" {cites}", style="cyan")
        out.print(text)
    table = Table("about", "value", "articles", "origins", title="where the sources disagree")
    for c in findings.check.conflicts:
        for side in c.sides:
            arts = "".join(f"[{numbers.get(a, '?')}]" for a in side.articles)
            table.add_row(safe(c.about), safe(side.value), arts, str(side.origins))
    if findings.check.conflicts:
        out.print(table)
    for article, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        out.print(f"[{n}] {safe(article)}", style="dim")


def _show_story(findings: Findings | None) -> None:
    if findings is None:
        return
    analysis = findings.analysis
    table = Table("entity", "type", "aliases", "articles", title="who and where")
    for e in analysis.entities.all[:25]:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        table.add_row(safe(e.name), e.type, safe(aliases[:80]), str(len(e.articles)))
    out.print(table)
    table = Table("date", "event", "sources", title="when")
    for t in analysis.timeline:
        sources = ", ".join(sorted({s.article for s in t.sources}))
        table.add_row(safe(t.date), safe(t.event[:110]), safe(sources))
    out.print(table)
    table = Table("speaker", "quote", "articles", title="who said it")
    for q in analysis.quotes:
        wordings = len({s.text for s in q.sources})
        note = f" ({wordings} wordings)" if wordings > 1 else ""
        note += " (printed twice)" if q.repeated else ""
        table.add_row(
            safe(q.speaker or "?"), safe(q.text[:110]) + note, safe(", ".join(q.articles))
        )
    out.print(table)
    check = findings.check
    table = Table("origins", "articles", "fact", title="facts, by independent origins")
    for f in [f for f in check.facts if len(f.articles) > 1][:20]:
        table.add_row(str(f.origins), str(len(f.articles)), safe(f.statement[:110]))
    out.print(table)
    for article, ids in check.exclusives.items():
        out.print(f"{safe(article)} alone states {len(ids)} facts")


def _usage(message: str) -> NoReturn:
    err.print(f"error: {safe(message)}")
    raise typer.Exit(EXIT_USAGE)


def _stories_table(stories: list[Story], reports: dict[str, Path] | None = None) -> None:
    if not stories:
        return
    columns = ["story", "headline", "articles", "origins", "dates"]
    table = Table(*columns, *(["report"] if reports is not None else []))
    ids = table.columns[0]  # an id is shown whole on one line, the other columns give way
    ids.no_wrap, ids.min_width = True, max(len(safe(s.id)) for s in stories)
    for story in stories:
        span = " .. ".join(dict.fromkeys(d[:10] for d in (story.first, story.last) if d))
        cells = [safe(story.id), safe(story.headline[:70]), str(len(story.articles))]
        cells += [str(len(story.origins)), span]
        if reports is not None:
            cells.append(safe(reports.get(story.id, "")))
        table.add_row(*cells)
    out.print(table)


class _store:
    """Open the store, turning a store error (on opening or while in use: a read-only file,
    corrupt pages, a full disk) into one clear line and exit code 2."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Store:
        try:
            self.store = Store(self.path)
        except CrosswireError as exc:
            err.print(f"error: {safe(exc)}")
            raise typer.Exit(EXIT_USAGE) from None
        return self.store

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.store.close()
        if isinstance(exc, sqlite3.Error | StoreError):
            err.print(f"error: {safe(self.path)}: the store failed: {safe(exc)}")
            raise typer.Exit(EXIT_USAGE) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
