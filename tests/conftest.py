from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crosswire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


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
