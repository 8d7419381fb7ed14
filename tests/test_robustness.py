"""Every bad input of the catalogue (badinputs.py) is named on one line, the run goes on and the
good article beside it is stored; tricky but good inputs are stored and printed safely. Small
limits keep the big cases small here; benchmarks/robustness.py runs them at the real limits in
separate processes with a time limit and a memory cap."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from badinputs import Case, cases, verdict, write
from typer.testing import CliRunner

from crosswire.cli import app

LIMITS = "max_file_bytes = 1048576\nmax_record_bytes = 524288\n"


@pytest.mark.parametrize("case", cases(1), ids=lambda c: c.name)
def test_robustness_bad_input_named_and_the_rest_kept(case: Case, tmp_path: Path) -> None:
    (tmp_path / "crosswire.toml").write_text(LIMITS, encoding="utf-8")
    folder = tmp_path / "in"
    write(case, folder)
    db = tmp_path / "store.db"
    where = "-" if case.stdin is not None else str(folder)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["ingest", where, "--db", str(db)], input=case.stdin)
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    stored = 0
    if db.exists():
        with sqlite3.connect(db) as con:
            stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    if case.stdin is not None:
        stored += 1
    assert verdict(case, result.exit_code, result.stderr, stored) == "handled", result.stderr
    if case.expect == "tricky":  # its title or name is listed safely, and the store stays usable
        listed = CliRunner().invoke(app, ["stories", "--db", str(db)])
        assert listed.exit_code == 0, listed.output
        assert "\x1b" not in listed.output and "\x07" not in listed.output
