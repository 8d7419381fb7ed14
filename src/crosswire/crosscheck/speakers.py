"""Speakers in dispute: the same quote, word for word, given to two people by name."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from crosswire.analyse import Quote
from crosswire.analyse.places import key
from crosswire.analyse.quotes import QuoteSpan
from crosswire.crosscheck.claims import Claim
from crosswire.crosscheck.disputes import Conflict, _conflict, _nested

MIN_QUOTE_WORDS = 5  # shorter phrases ("see you soon") may well be said by two people
# A speaker named by a role, a title or a pronoun ("the prime minister", "His former adviser")
# may well be the person another outlet names: only two names are compared.
_PRONOUN = re.compile(r"(?:he|she|they|it|we|i)", re.I)  # "he said": a guess at who spoke
_ROLE_OPENER = re.compile(r"^(?:the|a|an|his|her|its|their|our|my|he|she|they|it)\b", re.I)
SAME_NAME = 85  # surnames this alike (rapidfuzz ratio) are one name spelt two ways


CUED = frozenset({"after", "before", "sentence", "line"})  # the speaker named next to the quote
SAME_WORDING = 85  # wordings this alike (rapidfuzz ratio of their words) are one quote
# A capitalised name straight after an article is a body's, not a person's ("The Law Lords",
# "The Electoral Commission"); "the prime minister Tony Blair" has the role between them.
_BODY = re.compile(r"(?i:the|a|an)\s+[A-Z]")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|(?:de|da|van|von|bin|al|del|la|le)")


def _speakers(
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    origin_of: Mapping[str, int],
) -> list[Conflict]:
    """The same words given to different people by different articles: each wording a direct
    quote of at least MIN_QUOTE_WORDS words whose article names its speaker next to it (a name,
    not "he" or a role, that the speaker it was resolved to bears), the two wordings one quote
    word for word."""
    holder = {(c.article, q): c for c in claims for q in c.quotes}

    def named(q: Quote) -> list[QuoteSpan]:
        return [
            s
            for s in q.sources
            if s.kind != "indirect"
            and s.how in CUED
            and _named_as_written(s)
            and len(s.text.split()) >= MIN_QUOTE_WORDS
            and (s.article, q.id) in holder
        ]

    said = [(q, spans) for q in quotes if (spans := named(q))]
    out = []
    for n, (a, spans_a) in enumerate(said):
        for b, spans_b in said[n + 1 :]:
            pairs = [
                (x, y)
                for x in spans_a
                for y in spans_b
                if x.article != y.article
                and not _one_speaker(x.speaker, y.speaker)
                and _same_wording(x.text, y.text)
            ]
            if not pairs:
                continue
            values = []
            for q, side in ((a, {x for x, _ in pairs}), (b, {y for _, y in pairs})):
                speaker = sorted({s.speaker or "" for s in side})[0]
                values.append((speaker, [holder[(s.article, q.id)] for s in side]))
            out.append(_conflict("speaker", f"who said “{a.text[:80]}”", None, values, origin_of))
    return out


def _same_wording(a: str, b: str) -> bool:
    """Two wordings of one quote, word for word but for a few: sharing a phrase ("British
    politics") is not enough to make two quotes one."""
    wa, wb = (" ".join(re.findall(r"\w+", t.lower())) for t in (a, b))
    return fuzz.ratio(wa, wb) >= SAME_WORDING


def _named_as_written(s: QuoteSpan) -> bool:
    """Whether an article names a quote's speaker itself ("Mr Ebbers", "union leader Claire
    Martin", not "he" or "the official") and the speaker it was resolved to bears that name, a
    person's name ("Ex-BBC chat show" is none)."""
    if re.search(r"\s(?:and|&)\s", s.speaker_text or ""):
        return False  # "Zadan and Meron said": said jointly, by either of them
    if _BODY.match(s.speaker_text or ""):
        return False  # "The Law Lords": a body speaks through its members, who are no dispute
    speaker = (s.speaker or "").split()
    if not 1 <= len(speaker) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in speaker):
        return False
    names = [
        w for w in (s.speaker_text or "").split() if w[:1].isupper() and not _ROLE_OPENER.match(w)
    ]
    return bool(set(key(" ".join(names)).split()) & set(key(s.speaker or "").split()))


def _one_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speakers may be one person: either is not a name, one name holds the other,
    or their last names are one name spelt two ways ("Ioannidis", "Ioanidis")."""
    if not a or not b or _nested(a, b):
        return True
    if any(_ROLE_OPENER.match(x) or not x[:1].isupper() for x in (a, b)):
        return True
    return fuzz.ratio(key(a).split()[-1], key(b).split()[-1]) >= SAME_NAME
