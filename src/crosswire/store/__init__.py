"""The store: embedded SQLite. Nothing outside this package touches SQL."""

from crosswire.store.db import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
