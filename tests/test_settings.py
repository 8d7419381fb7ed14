from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import CrosswireError
from crosswire.settings import Settings


def test_settings_toml_then_overrides(tmp_path: Path) -> None:
    (tmp_path / "crosswire.toml").write_text('max_file_bytes = 1024\nstore-path = "x.db"\n')
    settings = Settings.load(tmp_path, store_path=Path("y.db"))
    assert settings.max_file_bytes == 1024
    assert settings.store_path == Path("y.db")
    assert Settings.load(tmp_path).store_path == Path("x.db")


def test_settings_unknown_key_named(tmp_path: Path) -> None:
    (tmp_path / "crosswire.toml").write_text("max_bytes = 3\n")
    with pytest.raises(CrosswireError, match="unknown setting 'max_bytes'"):
        Settings.load(tmp_path)


def test_settings_limit_applies_to_reading(tmp_path: Path) -> None:
    from crosswire.ingest import read_paths
    from crosswire.records import Failure

    (tmp_path / "crosswire.toml").write_text("max_file_bytes = 100\n")
    (tmp_path / "a.txt").write_text("Headline\n\n" + "The council approved it. " * 20)
    (failure,) = read_paths([tmp_path / "a.txt"], Settings.load(tmp_path))
    assert isinstance(failure, Failure) and "over the 100 bytes limit" in failure.reason
