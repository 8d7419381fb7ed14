"""Run settings: one dataclass with documented defaults, overridden by `crosswire.toml` and CLI."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from crosswire.errors import CrosswireError

CONFIG_FILE = "crosswire.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    # Largest single input file read whole (text, HTML, JSON). WARC and JSONL stream, and are
    # bounded per record instead.
    max_file_bytes: int = 50 * 1024 * 1024
    # Largest single article (a WARC record, a JSONL line, a stdin document).
    max_record_bytes: int = 10 * 1024 * 1024
    # Largest article text kept after decoding; longer texts are refused, not truncated silently.
    max_article_chars: int = 2_000_000
    # Where `crosswire ingest` keeps its store when no --db is given.
    store_path: Path = Path("crosswire.db")

    @classmethod
    def load(cls, directory: Path | None = None, **overrides: Any) -> Settings:
        """Defaults, then `crosswire.toml` in `directory` (or the working directory), then
        overrides."""
        settings = cls()
        path = (directory or Path.cwd()) / CONFIG_FILE
        if path.is_file():
            settings = settings.merged(tomllib.loads(path.read_text(encoding="utf-8")), path)
        return settings.merged({k: v for k, v in overrides.items() if v is not None}, None)

    def merged(self, values: dict[str, Any], origin: Path | None) -> Settings:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known:
                raise CrosswireError(f"{origin or 'settings'}: unknown setting {key!r}")
            changes[name] = Path(value) if name == "store_path" else value
        return replace(self, **changes)
