"""The ground floor: the words every stage reads the same way. Stop words, month and weekday
names, and the word tokenisers the stages share, in one place so that they agree.

Tokenisers kept apart on purpose: `reuse.shingles` (word offsets into the body, apostrophes
inside words), `clean.blocks.words_of` (letters of any script: a block's stop-word density),
`crosscheck.claims` and `stories.features` (capitalised words: names).
"""

from __future__ import annotations

import calendar
import re

# Function words of English; their share of a block's words tells prose from link lists and labels
# (as in jusText). Entity-heavy news prose runs 0.25-0.45; navigation 0-0.15.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "told",
        "has",
        "had",
        "been",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "since",
        "though",
        "although",
        "however",
        "while",
        "whether",
        "where",
        "after",
        "before",
        "during",
    ]
)

# Month names and their abbreviations ("sept" too), lower case, to the month's number: full names
# first (a pattern built from them tries "september" before "sept").
MONTH_NAMES = frozenset(m.lower() for m in calendar.month_name if m)  # in full
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS |= {"sept": 9}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_ALNUM = re.compile(r"[a-z0-9]+")
_LONG_WORD = re.compile(r"[a-z]{4,}")


def alnum_words(text: str) -> list[str]:
    """A text's runs of letters and digits, lower case (apostrophes and hyphens split them).

    >>> alnum_words("Kim's 3-day visit")
    ['kim', 's', '3', 'day', 'visit']
    """
    return _ALNUM.findall(text.lower())


def content_words(text: str) -> set[str]:
    """A text's words of four letters or more that are not stop words, lower case.

    >>> sorted(content_words("The leaders met in Beijing on Tuesday"))
    ['beijing', 'leaders', 'tuesday']
    """
    return {w for w in _LONG_WORD.findall(text.lower()) if w not in STOPWORDS}
