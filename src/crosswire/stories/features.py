"""What story clustering compares: the signals of the event an article reports.

What happened (its weighted terms), who and where (the proper names it uses, and those of its lead,
where the event's own actors and places are named), the numbers its lead gives (a toll, a score, a
sum: the same event's lead numbers recur in its other reports) and when (its date). All are read
from the text with patterns: a parse of every article would cost more than the whole clustering may
(see benchmarks/scale.py).
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections import Counter
from collections.abc import ItemsView, Iterator, Mapping, Sequence
from dataclasses import dataclass
from sys import intern
from typing import Any

from crosswire.clean.blocks import long_words_of
from crosswire.clean.dates import find_date
from crosswire.lexicon import MONTH_NAMES, STOPWORDS, WEEKDAYS
from crosswire.records import Article

TITLE_WEIGHT = 2  # headline words count this many times
TOP_TERMS = 12  # terms an article is indexed under for finding candidate stories
DATE_SEARCH_CHARS = 600  # where an undated article's own date line usually is
LEAD_CHARS = 400  # the lead: the headline's first sentences, who did what, where, how many
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# A capitalised word not at a sentence's or a line's start, or an acronym. Written to begin with
# its capital (the lookbehinds after it), so the engine leaps to capitals: five times faster.
_NAME = re.compile(
    r"[A-Z](?<!\w[A-Z])(?:(?<![.!?]\s[A-Z])(?<=[^\n][A-Z])[a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]{1,5}\b)"
)
# A number as written ("23", "5.6", "1,200"), not part of a time, date, score or code ("10:30",
# "12/05", "9-14", "A320"); years are dates, read apart.
_NUMBER = re.compile(r"\d(?<![\w.:/-]\d)\d*(?:[.,]\d+)*(?![\w:/-])")  # (a digit first: fast)
_NAME_STOP = STOPWORDS | frozenset(["mr", "mrs", "ms", "dr", "the", *WEEKDAYS, *MONTH_NAMES])


class Bag(Mapping[str, int]):
    """Word counts, held compactly: the words (interned) in a tuple, their counts in an array,
    some 12 bytes a word against a dict's 40 and more (every article's features are held while
    a store is clustered from scratch). Looking one word up scans; iterating is fast.

    >>> bag = Bag({"kim": 2, "putin": 1})
    >>> bag["kim"], len(bag), sorted(bag.items()), "xi" in bag
    (2, 2, [('kim', 2), ('putin', 1)], False)
    """

    __slots__ = ("_counts", "_words")

    def __init__(self, counts: Mapping[str, int]) -> None:
        self._words = tuple(counts)
        self._counts = array("I", counts.values())

    def __reduce__(self) -> tuple[Any, ...]:
        return _bag, (self._words, self._counts.tobytes())

    def __getitem__(self, word: str) -> int:
        try:
            return self._counts[self._words.index(word)]
        except ValueError:
            raise KeyError(word) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def items(self) -> ItemsView[str, int]:
        return _Pairs(self)

    def pairs(self) -> Iterator[tuple[str, int]]:
        return zip(self._words, self._counts, strict=True)

    @property
    def counts(self) -> array[int]:
        """The counts, in the order of the words."""
        return self._counts


def _bag(words: tuple[str, ...], counts: bytes) -> Bag:
    """A bag unpickled (made in another process): its words interned here, as made here."""
    bag = Bag.__new__(Bag)
    bag._words, bag._counts = tuple(map(intern, words)), array("I", counts)
    return bag


def _unpickled(
    article: str,
    terms: tuple[str, ...],
    term_counts: bytes,
    names: tuple[str, ...],
    name_counts: bytes,
    date: str | None,
    lead_names: tuple[str, ...],
    lead_numbers: tuple[str, ...],
    numbers: tuple[str, ...],
    published: bool,
) -> Features:
    return Features(
        article,
        _bag(terms, term_counts),
        _bag(names, name_counts),
        date,
        tuple(map(intern, lead_names)),
        tuple(map(intern, lead_numbers)),
        tuple(map(intern, numbers)),
        published,
    )


class _Pairs(ItemsView[str, int]):
    """A bag's items without a look-up per word."""

    _mapping: Bag

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return self._mapping.pairs()


@dataclass(frozen=True, slots=True)
class Features:
    id: str
    terms: Bag  # content words, headline words weighted up
    names: Bag  # capitalised words inside sentences: people, places, organisations
    date: str | None  # publication date, else the first full date the text states
    # Sets as sorted tuples of interned strings (a tenth of a set's memory: every article's
    # features are held while a store is clustered from scratch).
    lead_names: tuple[str, ...] = ()  # names of the lead (lower-cased, among `names`)
    lead_numbers: tuple[str, ...] = ()  # numbers the lead gives, as written
    numbers: tuple[str, ...] = ()  # every number the text gives
    published: bool = False  # `date` is the article's own (metadata), not one read in its text

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled flat (features made in another process come back by the hundred thousand):
        each bag as its words and its counts' bytes."""
        return _unpickled, (
            self.id,
            self.terms._words,
            self.terms._counts.tobytes(),
            self.names._words,
            self.names._counts.tobytes(),
            self.date,
            self.lead_names,
            self.lead_numbers,
            self.numbers,
            self.published,
        )


def features(article: Article) -> Features:
    title = article.meta.title or ""
    text = f"{title}\n{article.body}"
    # Count every word in C, then drop the few distinct ones that are no terms.
    terms = _content(Counter(long_words_of(article.body.lower())), STOPWORDS)
    for w, c in _content(Counter(long_words_of(title.lower())), STOPWORDS).items():
        terms[w] += TITLE_WEIGHT * c
    names = _content(Counter(map(str.lower, _NAME.findall(text))), _NAME_STOP, shortest=1)
    date = article.reference_date or find_date(article.body[:DATE_SEARCH_CHARS])
    lead = article.body[:LEAD_CHARS]
    lead_names = tuple(sorted({intern(w.lower()) for w in _NAME.findall(lead)} & names.keys()))
    own = article.reference_date is not None
    lead_numbers, numbers = _numbers(lead), _numbers(article.body)
    return Features(
        article.id, Bag(terms), Bag(names), date, lead_names, lead_numbers, numbers, own
    )


def _numbers(text: str) -> tuple[str, ...]:
    """The numbers a text gives (each once, sorted), thousands separators dropped, years left
    out."""
    found = (m.group().replace(",", "") for m in _NUMBER.finditer(text))
    return tuple(sorted({intern(n) for n in found if not _YEAR.fullmatch(n)}))


def _content(counts: Counter[str], stop: frozenset[str], shortest: int = 3) -> Counter[str]:
    """The counts of words that are terms; each word one string object for every article
    (interned: a hundred thousand articles' features would otherwise hold a copy each)."""
    return Counter(
        {intern(w): c for w, c in counts.items() if len(w) >= shortest and w not in stop}
    )


class _LogTf(dict[int, float]):
    """Sub-linear term frequency, 1 + log(count), memoised (counts are mostly small)."""

    def __missing__(self, count: int) -> float:
        value = self[count] = 1.0 + math.log(count)
        return value


_TF = _LogTf()


def weighted(counts: Bag, idf: Sequence[float]) -> dict[str, float]:
    """Sub-linear term frequency times inverse document frequency (`idf`: each word's, in the
    bag's order), unit length."""
    vec = list(map(operator.mul, map(_TF.__getitem__, counts.counts), idf))
    norm = math.sqrt(sum(map(operator.mul, vec, vec))) or 1.0
    return {t: v / norm for t, v in zip(counts, vec, strict=True)}
