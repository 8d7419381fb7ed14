"""What a number counts, read from the model's tags (and its dependency parse where a paragraph
has one), not from a list of words: the noun the number modifies ("15,000 troops"), past the
adjectives and names between them ("26 global leaders", "two Six Nations games"). A number
followed by no noun ("six years ago", "the 25-year-old", "18 days between") counts nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from crosswire.analyse.quantities import DURATIONS, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from crosswire.analyse.nlp import Paragraph

NOUNS = frozenset({"NN", "NNS"})
NAMES = frozenset({"NNP", "NNPS"})
MODIFIERS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH", "CD"}) | NAMES  # before the noun
MAX_GAP = 4  # words between a number and the noun it counts


def counted_noun(doc: Doc, end: int) -> str | None:
    """The noun counted by the number that ends at character `end` of the paragraph: its head
    when the parse says the number modifies a noun, else the first common noun after it with
    only modifiers between. None when the text tags no such noun."""
    after = [t for t in doc if t.idx >= end]
    number = next((t for t in reversed(doc) if t.idx < end), None)
    if number is not None and number.dep_ == "nummod" and number.head.tag_ in NOUNS:
        return number.head.lower_
    for n, tok in enumerate(after[: MAX_GAP + 1]):
        if tok.tag_ in NOUNS and tok.is_alpha and len(tok) >= 3:
            return tok.lower_
        if tok.tag_ not in MODIFIERS or (n == 0 and tok.tag_ == "HYPH" and _age(after)):
            return None
    return None


def _age(after: Sequence[Token]) -> bool:
    """ "-year-old": the number is an age, which counts nothing."""
    return any(t.lower_ == "old" for t in after[:4])


def with_counted(quantities: Sequence[Quantity], paragraphs: Sequence[Paragraph]) -> list[Quantity]:
    """The quantities of one article with what each counts read from its tagged paragraph (a
    length of time keeps the event it measures, "the meeting, which lasted nearly three hours",
    when no noun follows it)."""
    out = []
    for q in quantities:
        para = next((p for p in paragraphs if p.start <= q.start < p.start + len(p.text)), None)
        if para is None or not para.doc.has_annotation("TAG"):
            out.append(q)
            continue
        counted = counted_noun(para.doc, q.end - para.start)
        if counted is None and q.unit in DURATIONS and q.counted:
            counted = q.counted if not _follows(q, para) else None
        out.append(replace(q, counted=counted))
    return out


def _follows(q: Quantity, para: Paragraph) -> bool:
    """Whether the duration's event was read after it (so the tags have the last word)."""
    text = para.text[q.end - para.start : q.end - para.start + 40].lower()
    return q.counted is not None and q.counted in text
