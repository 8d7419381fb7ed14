from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.report.json import load_schema

runner = CliRunner()


def test_cli_run_writes_valid_stories_json(tmp_path: Path, seeds_dir: Path) -> None:
    result = runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    target = tmp_path / "out" / "stories.json"
    assert str(target) in result.output
    assert str(tmp_path / "out" / "index.html") in result.output  # and where the reports are
    assert len(list((tmp_path / "out" / "stories").glob("story-*.html"))) == 1
    doc = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(doc, load_schema())
    assert sorted(a["id"] for a in doc["articles"]) == sorted(
        p.stem for p in seeds_dir.glob("*.txt")
    )


def test_cli_run_is_deterministic(tmp_path: Path, seeds_dir: Path) -> None:
    for name in ("a", "b"):
        runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / name)])
    a = (tmp_path / "a" / "stories.json").read_bytes()
    assert a == (tmp_path / "b" / "stories.json").read_bytes()


def test_cli_run_with_work_set_aside_writes_the_same_stories(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a run whose features and shingles are made in forked processes (as for a
    large store) writes the stories.json a run in one process writes."""
    import crosswire.aside as aside

    if not aside.can_fork():
        pytest.skip("needs fork and two cores")
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / "one")])
    monkeypatch.setattr(aside, "LEAST", 2)
    result = runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / "spread")])
    assert result.exit_code == 0, result.output
    one = (tmp_path / "one" / "stories.json").read_bytes()
    assert one == (tmp_path / "spread" / "stories.json").read_bytes()


def test_cli_run_some_inputs_failed_exit_1(tmp_path: Path, seeds_dir: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "ok.txt").write_text((seeds_dir / "002_d69cd4827b63c906.txt").read_text())
    result = runner.invoke(app, ["run", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    doc = json.loads((tmp_path / "out" / "stories.json").read_text())
    assert [a["id"] for a in doc["articles"]] == ["ok"]


def test_cli_usage_error_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["run", str(tmp_path)]).exit_code == 2  # --out missing
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_cli_unusable_store_exit_2(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "bad.db"
    db.write_bytes(b"not sqlite" * 100)
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    assert result.exit_code == 2 and "cannot open the store" in result.output


@pytest.mark.parametrize("command", [[], ["ingest"], ["clean"], ["run"]])
def test_cli_help_for_every_command(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_cli_ingest_reports_counts(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "s.db"
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    assert first.exit_code == 0 and "5 articles read (5 new or changed" in first.output
    assert "(0 new or changed" in again.output and "holds 5 articles" in again.output


def test_cli_ingest_stdin(tmp_path: Path) -> None:
    text = "Headline\n\nThe council approved the budget on Tuesday after a long debate on roads."
    result = runner.invoke(app, ["ingest", "-", "--db", str(tmp_path / "s.db")], input=text)
    assert result.exit_code == 0 and "1 articles read" in result.output


def test_cli_clean_json(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["clean", str(seeds_dir / "004_f556a12f59995072.txt"), "--json"])
    assert result.exit_code == 0
    article = json.loads(result.output)
    assert article["outlet"] == "The Moscow Times"
    assert any(r["kind"] == "donation" for r in article["removed"])


def test_cli_clean_text_view(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["clean", str(seeds_dir / "002_d69cd4827b63c906.txt")])
    assert result.exit_code == 0
    assert "BEIJING (AP)" in result.output and "paywall" in result.output


def test_cli_escapes_nothing_into_markup(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(
        "[bold]Headline[/bold] here\n\nThe council [red]approved[/red] the budget today."
    )
    result = runner.invoke(app, ["clean", str(path)])
    assert "[red]approved[/red]" in result.output


def test_package_public_api_sorted() -> None:
    import crosswire

    assert crosswire.__all__ == sorted(crosswire.__all__)
    assert all(hasattr(crosswire, name) for name in crosswire.__all__)


def _story_ids(out: Path) -> dict[str, list[str]]:
    doc = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return {s["id"]: s["articles"] for s in doc["stories"]}


def test_cli_stories_split_and_merge_kept_by_later_runs(tmp_path: Path, seeds_dir: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "out" / "crosswire.db")
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    ((story, members),) = _story_ids(out).items()
    assert len(members) == 5
    listed = runner.invoke(app, ["stories", "--db", db])
    assert listed.exit_code == 0 and story in listed.output
    part = ["003_5c9b75444a63bdc3", "004_f556a12f59995072"]
    split = runner.invoke(app, ["stories", "split", story, *part, "--db", db])
    assert split.exit_code == 0, split.output
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)])
    after = _story_ids(out)
    assert sorted(after.values()) == sorted([part, sorted(set(members) - set(part))])
    new_id = next(s for s, m in after.items() if m == part)
    merged = runner.invoke(app, ["stories", "merge", story, new_id, "--db", db])
    assert merged.exit_code == 0
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)])
    assert _story_ids(out) == {story: members}


def test_cli_stories_bad_requests_exit_2(tmp_path: Path, seeds_dir: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "out" / "crosswire.db")
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)])
    (story,) = _story_ids(out)
    assert runner.invoke(app, ["stories", "merge", story, "story-nope", "--db", db]).exit_code == 2
    assert (
        runner.invoke(app, ["stories", "split", story, "not-an-article", "--db", db]).exit_code == 2
    )
    assert runner.invoke(app, ["stories", "split", "story-nope", "x", "--db", db]).exit_code == 2


def test_cli_later_article_joins_without_moving_others(tmp_path: Path, seeds_dir: Path) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    for name in names[:4]:
        (first / name).write_text((seeds_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (later / names[4]).write_text((seeds_dir / names[4]).read_text(encoding="utf-8"))
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(first), "--out", str(out)])
    before = _story_ids(out)
    runner.invoke(app, ["run", str(later), "--out", str(out)])
    after = _story_ids(out)
    assert list(after) == list(before) and len(next(iter(after.values()))) == 5
    doc = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    how = {m["article"]: m["how"] for m in doc["stories"][0]["members"]}
    assert how[names[4].removesuffix(".txt")] == "joined"


@pytest.mark.parametrize("command", [["stories"], ["stories", "split"], ["stories", "merge"]])
def test_cli_help_for_stories_commands(command: list[str]) -> None:
    assert runner.invoke(app, [*command, "--help"]).exit_code == 0


def test_cli_stories_show_prints_entities_timeline_and_quotes(
    tmp_path: Path, seeds_dir: Path
) -> None:
    db = tmp_path / "out" / "crosswire.db"
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / "out")])
    doc = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))
    story = doc["stories"][0]
    result = runner.invoke(app, ["stories", "show", story["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    for title in ("who and where", "when", "who said it", "independent origins", "disagree"):
        assert title in result.output
    assert story["entities"][0]["name"] in result.output
    for conflict in story["conflicts"]:
        assert conflict["about"] in result.output
    assert runner.invoke(app, ["stories", "show", "story-none", "--db", str(db)]).exit_code == 2


def test_cli_show_prints_the_brief_conflicts_and_counts(seed_run: Path) -> None:
    doc = json.loads((seed_run / "stories.json").read_text(encoding="utf-8"))
    story = doc["stories"][0]
    db = seed_run / "crosswire.db"
    result = runner.invoke(app, ["show", story["id"], "--db", str(db)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert f"{len(story['articles'])} articles" in result.output
    assert f"{len(story['conflicts'])} conflicts" in result.output
    for line in story["summary"]:
        assert line["text"][:60] in " ".join(result.output.split())
    assert "where the sources disagree" in result.output
    assert runner.invoke(app, ["show", "no-such-story", "--db", str(db)]).exit_code == 2


def test_cli_ingest_two_folders_with_the_same_file_names_loses_nothing(tmp_path: Path) -> None:
    """Seen: `ingest bbc/tech` then `ingest bbc/sport` into one store kept 509 of 856 articles:
    a file name already stored replaced the stored article. The same content under another name
    in a later run is one article."""
    tech, sport, again = tmp_path / "tech", tmp_path / "sport", tmp_path / "again"
    for folder in (tech, sport, again):
        folder.mkdir()
    stories = [
        "Chip maker unveils faster processor\n\nThe company said its new chip runs twice as fast"
        " as the last one while using less power, and will ship to laptop makers in March.",
        "Striker signs new contract\n\nThe club said its top scorer had agreed a four-year deal"
        " after weeks of talks, ending talk of a move abroad before the transfer window.",
    ]
    (tech / "001.txt").write_text(stories[0], encoding="utf-8")
    (sport / "001.txt").write_text(stories[1], encoding="utf-8")
    (again / "copy-of-tech.txt").write_text(stories[0], encoding="utf-8")
    db = str(tmp_path / "store.db")
    for folder in (tech, sport, again):
        result = runner.invoke(app, ["ingest", str(folder), "--db", db])
        assert result.exit_code == 0, result.output
    from crosswire.store import Store

    with Store(db) as store:
        bodies = sorted(a.body for a in store.articles())
        ids = sorted(a.id for a in store.articles())
    assert len(bodies) == 2 and any("chip" in b for b in bodies)
    assert any("four-year" in b for b in bodies)
    assert ids[0] == "001" and ids[1].startswith("001-")
    assert "1 duplicates" in result.output


def test_cli_run_ends_with_a_short_summary_and_full_ids(tmp_path: Path, seeds_dir: Path) -> None:
    """Issue 17: a run ends with what changed (stories new, changed), the top stories and where
    the reports are, instead of a table of every story; ids are printed whole on a narrow
    terminal."""
    out = tmp_path / "out"
    first = runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)], env={"COLUMNS": "40"})
    assert first.exit_code == 0, first.output
    doc = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    story = doc["stories"][0]["id"]
    assert "1 stories: 1 new, 0 changed, 0 gone" in first.output
    assert story in first.output  # whole, though the terminal is 40 columns wide
    assert "┃" not in first.output and "│" not in first.output  # no table
    assert str(out / "index.html") in first.output
    again = runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)], env={"COLUMNS": "40"})
    assert "1 stories: 0 new, 0 changed, 0 gone" in again.output


def test_cli_stories_list_shows_whole_ids_on_a_narrow_terminal(
    tmp_path: Path, seeds_dir: Path
) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["run", str(seeds_dir), "--out", str(tmp_path / "out"), "--db", db])
    listed = runner.invoke(app, ["stories", "--db", db], env={"COLUMNS": "50"})
    doc = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))
    story = doc["stories"][0]["id"]
    assert story in listed.output.replace("│", "").replace("\n", "").replace(" ", "")


def test_cli_report_renders_a_split_without_the_inputs(tmp_path: Path, seeds_dir: Path) -> None:
    """Issue 17: `crosswire report --out DIR` writes the stories again from the store alone."""
    out, db = tmp_path / "out", str(tmp_path / "out" / "crosswire.db")
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    ((story, members),) = _story_ids(out).items()
    part = ["003_5c9b75444a63bdc3", "004_f556a12f59995072"]
    assert runner.invoke(app, ["stories", "split", story, *part, "--db", db]).exit_code == 0
    report = runner.invoke(app, ["report", "--out", str(out)])
    assert report.exit_code == 0, report.output
    assert sorted(_story_ids(out).values()) == sorted([part, sorted(set(members) - set(part))])
    assert len(list((out / "stories").glob("story-*.html"))) == 2
    missing = runner.invoke(app, ["report", "--out", str(tmp_path / "elsewhere")])
    assert missing.exit_code == 2 and "no store" in missing.stderr


def test_cli_calls_the_engine_and_orchestrates_nothing() -> None:
    """The commands print what the engine's jobs did: cli.py runs no stage itself (no
    clustering, analysis or report writing), so the web app can run the same jobs."""
    import ast

    import crosswire.cli as cli

    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not names & {"build_stories", "analyse_stories", "write_reports", "load_pipeline"}


def test_cli_a_run_analyses_only_new_and_changed_stories(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: adding articles re-analyses only the stories they touch; an unchanged story
    keeps its findings from the store, and the output is the same as a run from scratch."""
    import crosswire.engine.jobs as jobs

    analysed: list[str] = []
    real = jobs.analyse_stories

    def counting(stories, articles, *args, **kw):  # type: ignore[no-untyped-def]
        analysed.extend(s.id for s in stories)
        return real(stories, articles, *args, **kw)

    monkeypatch.setattr(jobs, "analyse_stories", counting)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "quake.txt").write_text(
        "Earthquake hits central Italy\n\nA magnitude 6.1 earthquake struck near the town of"
        " Norcia in central Italy on Sunday, damaging churches and forcing hundreds of residents"
        " to sleep in their cars, officials said.",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert len(analysed) == 1
    analysed.clear()
    assert runner.invoke(app, ["run", str(extra), "--out", str(out)]).exit_code == 0
    doc = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert len(doc["stories"]) == 2 and len(analysed) == 1  # the new story only
    scratch = tmp_path / "scratch"
    both = runner.invoke(app, ["run", str(seeds_dir), str(extra), "--out", str(scratch)])
    assert both.exit_code == 0

    # the same findings as from scratch (how each member joined is recorded as it happened: the
    # similarity an article joined with follows the collection of the moment)
    def findings(folder: Path) -> list[dict[str, object]]:
        stories = json.loads((folder / "stories.json").read_text(encoding="utf-8"))["stories"]
        return [{k: v for k, v in s.items() if k != "members"} for s in stories]

    assert findings(out) == findings(scratch)


def test_cli_a_damaged_kept_state_is_set_aside_and_mended(tmp_path: Path, seeds_dir: Path) -> None:
    """Issue 17: what the store keeps for incremental runs is a cache of the run's own making:
    damaged (a clustering state of another shape, reuse records and signatures that do not
    read, parses that do not decode), a run sets it aside, gives the output a run without it
    gives, and keeps a good state again."""
    import sqlite3

    from crosswire.store import Store

    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    with sqlite3.connect(first / "crosswire.db") as db:
        db.execute(
            "UPDATE state SET data = ?", (json.dumps({"version": 1, "docs": [], "stories": 3}),)
        )
        db.execute("UPDATE reuse SET record = ?", (json.dumps({"a": 1}),))
        db.execute("UPDATE signatures SET data = x'00'")
        db.execute("UPDATE parses SET data = x'789c03000000000001'")
        db.execute("DELETE FROM findings")
    for out in (first, second):  # the second store is whole: the same inputs, the same output
        done = runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)])
        assert done.exit_code == 0, done.output
    assert (first / "stories.json").read_bytes() == (second / "stories.json").read_bytes()
    with Store(first / "crosswire.db") as store:
        assert store.state("clustering")["version"] == 1
        signatures, pairs = store.reuse_state()
        assert pairs and all("passages" in p for p in pairs)
        assert all(len(data) == 512 for _, data in signatures.values())


def test_cli_kept_findings_spliced_in_kept_before_or_unreadable(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """Issue 17: a run writes the findings an earlier run kept into stories.json as they are
    kept (never decoded); findings kept as one JSON object (as before) read as well, and
    unreadable ones are made again: the same stories.json every time."""
    import sqlite3

    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    whole = (out / "stories.json").read_bytes()
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert (out / "stories.json").read_bytes() == whole
    with sqlite3.connect(out / "crosswire.db") as db:
        db.execute("DELETE FROM story_lines")  # (so each story's line is made from findings)
        rows = db.execute("SELECT key, findings FROM findings").fetchall()
        assert rows and all("\t" in text for _, text in rows)
        for key, text in rows:
            parts = dict(line.split("\t", 1) for line in text.split("\n"))
            old = "{" + ", ".join(f'"{k}": {v}' for k, v in sorted(parts.items())) + "}"
            db.execute("UPDATE findings SET findings = ? WHERE key = ?", (old, key))
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert (out / "stories.json").read_bytes() == whole
    with sqlite3.connect(out / "crosswire.db") as db:
        db.execute("DELETE FROM story_lines")
        db.execute("UPDATE findings SET findings = 'damaged'")
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert (out / "stories.json").read_bytes() == whole


def test_cli_kept_story_lines_written_as_kept_and_made_again_when_damaged_or_moved(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: a story as an earlier run wrote it keeps its stories.json line (not encoded
    again); a damaged kept line, or one of a story a user split, is made again: stories.json is
    what a run without kept lines writes."""
    import sqlite3

    import crosswire.report.json as report_json

    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    whole = (out / "stories.json").read_bytes()
    encoded: list[str] = []
    real = report_json.story_line

    def counting(record, parts):  # type: ignore[no-untyped-def]
        encoded.append(record["id"])
        return real(record, parts)

    monkeypatch.setattr(report_json, "story_line", counting)
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert (out / "stories.json").read_bytes() == whole and encoded == []
    with sqlite3.connect(out / "crosswire.db") as db:
        db.execute("UPDATE story_lines SET line = substr(line, 1, 40)")
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert (out / "stories.json").read_bytes() == whole and len(encoded) == 1
    (story,) = json.loads(whole)["stories"]
    first = story["articles"][0]
    split = ["stories", "split", story["id"], first, "--db", str(out / "crosswire.db")]
    assert runner.invoke(app, split).exit_code == 0
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    after = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(len(s["articles"]) for s in after) == [1, len(story["articles"]) - 1]
    fresh = tmp_path / "fresh"
    with sqlite3.connect(out / "crosswire.db") as db:
        db.execute("DELETE FROM story_lines")
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(fresh), "--db",
                               str(out / "crosswire.db")]).exit_code == 0  # fmt: skip
    assert (fresh / "stories.json").read_bytes() == (out / "stories.json").read_bytes()


def test_cli_report_of_an_unchanged_story_made_again_has_its_findings(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """A story whose findings were kept (not in the run's document) and whose report is gone
    is rendered again from its whole stories.json line: the same report, findings and all."""
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    (report,) = (out / "stories").glob("story-*.html")
    first = report.read_bytes()
    report.unlink()
    assert runner.invoke(app, ["run", str(seeds_dir), "--out", str(out)]).exit_code == 0
    assert report.read_bytes() == first
    # ...and is the report of the story's whole record (what stories.json holds).
    from crosswire.report.html import story_html
    from crosswire.report.view import story_view

    document = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    (story,) = document["stories"]
    articles = {a["id"]: a for a in document["articles"]}
    assert report.read_text(encoding="utf-8") == story_html(story_view(story, articles))
