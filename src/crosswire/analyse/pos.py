"""Coarse parts of speech from the tagger's fine tags, by table look-up: the same mapping as the
model's own attribute ruler (built from its patterns), without running a token matcher over every
paragraph, which cost as much as the dependency parse. Only `pos` is set; the analysis uses no
morphology or lemmas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "crosswire_pos"
ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
# attribute, whether the value must be in (True) or out of (False) the set, the set
Condition = tuple[str, bool, frozenset[Any]]
Rule = tuple[int, tuple[Condition, ...], str]  # order (the later wins), conditions, POS


class TagToPos:
    """Sets `token.pos_` by the single-token rules of the attribute ruler, the later rule winning
    as there. Multi-token patterns are left out: they only refine a few fixed phrases."""

    def __init__(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        self.by_tag: dict[str, list[Rule]] = {}
        self.any_tag: list[Rule] = []
        for order, rule in enumerate(patterns):
            pos = rule.get("attrs", {}).get("POS")
            for pattern in rule.get("patterns", []) if pos else ():
                conditions = _conditions(pattern[0]) if len(pattern) == 1 else None
                if conditions is None:
                    continue
                tags = next((c for c in conditions if c[0] == "tag_" and c[1]), None)
                for tag in tags[2] if tags else ():
                    self.by_tag.setdefault(tag, []).append((order, conditions, pos))
                if tags is None:
                    self.any_tag.append((order, conditions, pos))

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            best = -1
            pos = None
            for order, conditions, value in (*self.any_tag, *self.by_tag.get(tok.tag_, ())):
                if order > best and all(_holds(tok, c) for c in conditions):
                    best, pos = order, value
            if pos is not None:
                tok.pos_ = pos
        return doc


def _holds(tok: Token, condition: Condition) -> bool:
    attr, inside, values = condition
    return (getattr(tok, attr) in values) is inside


def _conditions(token: Mapping[str, Any]) -> tuple[Condition, ...] | None:
    out: list[Condition] = []
    for name, value in token.items():
        attr = ATTRS.get(name)
        if attr is None:
            return None
        if isinstance(value, dict):
            if set(value) - {"IN", "NOT_IN"}:
                return None  # REGEX and the like
            out.extend((attr, kind == "IN", frozenset(v)) for kind, v in value.items())
        else:
            out.append((attr, True, frozenset({value})))
    return tuple(out)


@Language.factory(NAME, default_config={"patterns": []})
def make_tag_to_pos(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> TagToPos:
    return TagToPos(patterns)


def use_tag_to_pos(nlp: Language) -> None:
    """Replace the model's attribute ruler by the look-up built from its own patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    nlp.replace_pipe("attribute_ruler", NAME, config={"patterns": patterns})
