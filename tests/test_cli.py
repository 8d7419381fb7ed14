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
