"""Errors crosswire raises, each with a code users can search for.

CrosswireError
├── InputError      one input (file, line or record) could not be read; the run goes on
├── StoreError      the store cannot be opened or is from a newer crosswire
└── CorrectionError a split or merge that cannot be made (unknown story, nothing left)
"""

from __future__ import annotations


class CrosswireError(Exception):
    """Base of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input that cannot be used, with where it is and why.

    >>> str(InputError("feed.jsonl", "not JSON: Expecting value", line=3))
    'feed.jsonl:3: not JSON: Expecting value'
    """

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreError(CrosswireError):
    """The store cannot be used (corrupt, locked, or written by a newer crosswire)."""


class CorrectionError(CrosswireError):
    """A user's split or merge that cannot be made; the message says why."""
