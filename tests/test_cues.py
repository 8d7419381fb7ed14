from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.clean.blocks import segments
from crosswire.clean.cues import CUES, WINDOW, cue_hits
from crosswire.clean.literals import leading_literals, required_literals
from crosswire.clean.normalise import normalise

SAMPLES = [
    "Also Read: Storm cuts power",
    "ALSO READ: Storm cuts power",
    "Related stories",
    "Home › News › World",
    "HomeWorld",
    "Advertisement",
    "Share on Facebook | Share on Twitter | Email",
    "Photo: Jane Roe/Getty Images",
    "Kim and Putin meet. kremlin.ru",
    "$4.75/week*",
    "Already have an account? Log in here »",
    "Jane Roe is a reporter at the Gazette covering climate.",
    "© 2025 Example Media. All rights reserved.",
    "Dear readers,",
    "Once",
    "Read more",
    "5 min read",
    "1 2 3 next",
    "We use cookies to improve your experience.",
]


def _brute_force(text: str, strong_only: bool) -> list[str]:
    found = []
    for cue in CUES:
        if strong_only and not cue.strong:
            continue
        if cue.anchor == "both" and len(text) > WINDOW:
            continue
        window = text[-WINDOW:] if cue.anchor == "end" else text[:WINDOW] if cue.anchor else text
        if m := cue.pattern.search(window):
            found.append(f"{cue.kind}:{cue.pattern.pattern}:{m.group(0)}")
    return found


def _texts(seeds_dir: Path) -> list[str]:
    texts = list(SAMPLES)
    for path in sorted(seeds_dir.glob("*.txt")):
        texts += [s.text for s in segments(normalise(path.read_text(encoding="utf-8")))]
    return texts


@pytest.mark.parametrize("strong_only", [False, True])
def test_cues_prefilter_is_exact(seeds_dir: Path, strong_only: bool) -> None:
    for text in _texts(seeds_dir):
        got = [f"{c.kind}:{c.pattern.pattern}:{w}" for c, w in cue_hits(text, strong_only)]
        assert got == _brute_force(text, strong_only), text


def test_cues_literals_are_required_by_every_match() -> None:
    for cue in CUES:
        for text in SAMPLES:
            match = cue.pattern.search(text)
            if match and cue.literals is not None:
                assert any(lit in match.group(0).lower() for lit in cue.literals), cue.pattern
            if match and cue.leading is not None:
                assert match.group(0).lower().startswith(tuple(cue.leading)), cue.pattern


def test_literals_of_patterns() -> None:
    assert required_literals(r"\bwe use cookies\b") == frozenset({"we use cookies"})
    assert required_literals(r"\b(donat(e|ion)|contribut(e|ion))\b") == frozenset(
        {"donat", "contribut"}
    )
    assert required_literals(r"^(\d+\s*){2,}$") is None
    assert leading_literals(r"^(read more|more)\W*$") == frozenset({"read more", "more"})
    assert leading_literals(r"^\W*\$\s?\d") is None
