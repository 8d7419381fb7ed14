"""Literal prefilters for regular expressions: the strings one of which every match must contain.

Searching 100 cue patterns in every block is the cleaner's hot path; checking a few substrings
first (as grep-like tools do) skips nearly all of it.

>>> sorted(required_literals(r"\\b(log|sign) ?in here\\b"))
['in here']
>>> required_literals(r"^\\W*\\$\\s?\\d") == frozenset({"$"})
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_LITERAL = sre_constants.LITERAL
_SUBPATTERN = sre_constants.SUBPATTERN
_BRANCH = sre_constants.BRANCH
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings of which every match of `pattern` (read case-insensitively) contains
    one; None when no such set can be told (then the pattern must always be searched)."""
    found = _sequence(list(sre_parse.parse(pattern, re.IGNORECASE)))
    if not found:
        return None
    # A text holding "latest video" holds "latest": the longer literal adds no check.
    return frozenset(lit for lit in found if not any(o != lit and o in lit for o in found))


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of `pattern` starts with; None when unknown.

    >>> sorted(leading_literals(r"^(also read|see also)\\s*:"))
    ['also read', 'see also']
    >>> leading_literals(r"^\\W*\\$") is None
    True
    """
    found = _leading(
        [i for i in sre_parse.parse(pattern, re.IGNORECASE) if i[0] not in _ZERO_WIDTH]
    )
    return frozenset(found) if found else None


def _leading(items: list[tuple[Any, Any]]) -> set[str] | None:
    run = ""
    for op, arg in items:
        if op is not _LITERAL:
            break
        run += chr(arg).lower()
    if run:
        return {run}
    if not items:
        return None
    return _element(*items[0], _leading)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best requirement of a sequence: its longest literal run, or an element's set."""
    best: set[str] | None = None
    run = ""
    candidates: list[set[str]] = []
    for op, arg in items:
        if op is _LITERAL:
            run += chr(arg).lower()
            continue
        if run:
            candidates.append({run})
            run = ""
        if op in _ZERO_WIDTH:
            continue
        sub = _element(op, arg, _sequence)
        if sub:
            candidates.append(sub)
    if run:
        candidates.append({run})
    for cand in candidates:
        if best is None or _strength(cand) > _strength(best):
            best = cand
    return best


def _strength(literals: set[str]) -> float:
    return min(len(s) for s in literals) - 0.1 * len(literals)


Items = list[tuple[Any, Any]]


def _element(op: Any, arg: Any, inner: Callable[[Items], set[str] | None]) -> set[str] | None:
    """A group, an alternation or a required repeat, read by `inner` (what one of the literals
    must be found: anywhere in it, or at its start)."""
    if op is _SUBPATTERN:
        return inner(list(arg[-1]))
    if op is _BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            sub = inner(list(branch))
            if not sub:
                return None
            out |= sub
        return out
    if op in _REPEATS and arg[0] >= 1:
        return inner(list(arg[2]))
    return None
