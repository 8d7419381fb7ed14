from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from crosswire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
DATA = Path(__file__).resolve().parent / "data"
# The tests' own cache (the built gazetteer), not the user's.
os.environ["CROSSWIRE_CACHE"] = tempfile.mkdtemp(prefix="crosswire-cache-")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "seeds_gold.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture()
def settings() -> Settings:
    return Settings()


PAYLOADS = DATA / "payloads"


def _run(corpus: Path, out: Path) -> Path:
    """`crosswire run` on a corpus given by a path relative to the repository (so the articles'
    `source` fields do not depend on where the repository is)."""
    import os

    from typer.testing import CliRunner

    from crosswire.cli import app

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, ["run", str(corpus.relative_to(ROOT)), "--out", str(out)])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds through the whole pipeline: DIR/stories.json, DIR/stories/, DIR/index.html."""
    return _run(SEEDS, tmp_path_factory.mktemp("seed-run"))


@pytest.fixture(scope="session")
def payload_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A story whose articles carry <script>, onerror= and javascript: payloads."""
    return _run(PAYLOADS, tmp_path_factory.mktemp("payload-run"))


@pytest.fixture(scope="module")
def browser() -> Any:
    """Headless Chromium driven by Playwright, for the browser tests (which skip, with the
    reason, where either is missing)."""
    from playwright.sync_api import sync_playwright

    from tests.test_report_browser import CHROMIUM, FLAGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
