"""Split text into paragraph blocks with their offsets, and measure each block's shape."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.lexicon import STOPWORDS

# The most common function words of other languages crosswire meets in news feeds; a block's stop
# density is taken in whichever language fits it best (French wire copy is prose too).
OTHER_STOPWORDS = {
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "un",
            "une",
            "des",
            "du",
            "de",
            "d",
            "l",
            "et",
            "en",
            "à",
            "au",
            "aux",
            "est",
            "sont",
            "a",
            "ont",
            "pour",
            "par",
            "sur",
            "dans",
            "avec",
            "ce",
            "cette",
            "ces",
            "qui",
            "que",
            "qu",
            "il",
            "elle",
            "ils",
            "elles",
            "ne",
            "pas",
            "plus",
            "se",
            "sa",
            "son",
            "ses",
            "leur",
            "leurs",
            "être",
            "été",
            "fait",
            "mais",
            "ou",
            "où",
            "comme",
            "après",
            "avant",
            "selon",
            "entre",
            "dont",
            "y",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "und",
            "in",
            "im",
            "ist",
            "sind",
            "war",
            "hat",
            "haben",
            "zu",
            "zum",
            "zur",
            "mit",
            "von",
            "vom",
            "für",
            "auf",
            "an",
            "am",
            "bei",
            "aus",
            "nach",
            "nicht",
            "sich",
            "es",
            "er",
            "sie",
            "wir",
            "auch",
            "als",
            "wie",
            "dass",
            "daß",
            "oder",
            "aber",
            "noch",
            "nur",
            "über",
            "wird",
            "werden",
            "wurde",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "un",
            "una",
            "unos",
            "unas",
            "y",
            "en",
            "de",
            "del",
            "al",
            "que",
            "es",
            "son",
            "fue",
            "ha",
            "han",
            "por",
            "para",
            "con",
            "se",
            "su",
            "sus",
            "lo",
            "como",
            "más",
            "pero",
            "o",
            "no",
            "le",
            "les",
            "este",
            "esta",
            "entre",
            "sobre",
            "tras",
            "según",
            "ya",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "i",
            "gli",
            "le",
            "un",
            "una",
            "uno",
            "e",
            "ed",
            "di",
            "del",
            "della",
            "dei",
            "delle",
            "in",
            "nel",
            "nella",
            "a",
            "al",
            "alla",
            "da",
            "dal",
            "che",
            "è",
            "sono",
            "ha",
            "hanno",
            "per",
            "con",
            "su",
            "non",
            "si",
            "come",
            "più",
            "ma",
            "anche",
            "questo",
            "questa",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "um",
            "uma",
            "e",
            "em",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "no",
            "na",
            "nos",
            "nas",
            "que",
            "é",
            "são",
            "foi",
            "por",
            "para",
            "com",
            "se",
            "seu",
            "sua",
            "não",
            "como",
            "mais",
            "mas",
            "ou",
            "ao",
            "aos",
            "pelo",
            "pela",
            "entre",
            "sobre",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "in",
            "van",
            "is",
            "zijn",
            "was",
            "te",
            "op",
            "met",
            "voor",
            "aan",
            "dat",
            "die",
            "niet",
            "om",
            "ook",
            "als",
            "bij",
            "door",
            "naar",
            "er",
            "maar",
            "nog",
            "wordt",
            "werd",
            "hij",
            "zij",
            "ze",
            "we",
        ]
    ),
}
STOPLISTS = {"en": STOPWORDS, **OTHER_STOPWORDS}

# Words that address the reader or speak in the outlet's voice; prose of a news report rarely
# uses them outside quotation marks.
READER_WORDS = frozenset(
    [
        "you",
        "your",
        "yours",
        "you're",
        "you'll",
        "you've",
        "we",
        "our",
        "ours",
        "us",
        "we're",
        "we've",
    ]
)

# A word starts with a letter: ASCII, Latin, or any script from Greek up (an explicit class is
# faster than "a word character but not a digit").
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u1fff\u2c00-\ud7ff\uf900-\uffdc][\w'’-]*")
# The same words, of three characters or more (the shorter ones never tried: a quarter of all).
_LONG_WORD = re.compile(_WORD.pattern.removesuffix("*") + "{2,}")
_TERMINAL = re.compile(r"[.!?…](?:[\"”’'»)\]]*)\s*$|[\"”»]\s*$")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]{3,}’|«[^«»]*»")
QUOTE_OPENERS = "\"“‘'«"

# Lines of a hard-wrapped paragraph: all but the last at least this share of the longest line.
WRAP_RATIO = 0.7
WRAP_MAX_LINE = 100


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Shape:
    words: int
    stop_density: float
    reader_density: float
    terminal: bool
    lead_in: bool  # ends with "," or ":" (a speaker line before a quote, or a list intro)
    starts_quote: bool
    bullet: bool = False  # starts as a point of a list: "- ", "• ", "1. "

    @property
    def point(self) -> bool:
        """A point of a list that says something ("- Increased spending on health to 102.8bn
        rupees"), not a link in a menu ("• Sport": one to three words)."""
        return self.bullet and self.words >= LIST_POINT_WORDS

    @property
    def prose(self) -> bool:
        """A paragraph of running text: long enough, sentence-final, made of ordinary words."""
        return (self.words >= 10 and self.terminal and self.stop_density >= 0.18) or (
            self.words >= 25 and self.stop_density >= 0.22
        )

    @property
    def sentence(self) -> bool:
        """A short but complete sentence ("He said it was final.")."""
        return self.terminal and self.words >= 4 and self.stop_density >= 0.1


def segments(text: str) -> list[Segment]:
    """Paragraph blocks of `text`: each line, except that hard-wrapped paragraphs are joined."""
    out: list[Segment] = []
    pos = 0
    for group in re.split(r"(\n\s*\n)", text):
        if group.strip() and not group.startswith("\n"):
            out.extend(_group_segments(group, pos))
        pos += len(group)
    return out


def _group_segments(group: str, offset: int) -> list[Segment]:
    lines: list[Segment] = []
    pos = offset
    for line in group.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append(Segment(line.strip(), pos + lead, pos + lead + len(line.strip())))
        pos += len(line) + 1
    if _hard_wrapped([s.text for s in lines]):
        joined = " ".join(s.text for s in lines)
        return [Segment(joined, lines[0].start, lines[-1].end)]
    return lines


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    longest = max(len(line) for line in lines)
    if longest > WRAP_MAX_LINE or longest < 40:
        return False
    return all(len(line) >= WRAP_RATIO * longest for line in lines[:-1])


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def long_words_of(text: str) -> list[str]:
    """The words of three characters or more (as `words_of`'s, without the rest)."""
    return _LONG_WORD.findall(text)


def _count(words: list[str], vocabulary: frozenset[str]) -> int:
    return sum(map(vocabulary.__contains__, words))


def stop_density(lowered: list[str]) -> float:
    """Share of function words, in English or else in the best-fitting language."""
    n = max(1, len(lowered))
    english = _count(lowered, STOPWORDS)
    if english >= 0.2 * n:
        return english / n
    return max(_count(lowered, stops) for stops in STOPLISTS.values()) / n


def language(text: str) -> str:
    """The language whose function words are most frequent in `text` ("en" when unsure)."""
    lowered = words_of(text[:2000].lower())
    if _count(lowered, STOPWORDS) >= 0.2 * max(1, len(lowered)):
        return "en"
    counts = {lang: _count(lowered, stops) for lang, stops in STOPLISTS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > counts["en"] * 1.2 else "en"


def _reader_density(text: str, lowered: list[str]) -> float:
    if READER_WORDS.isdisjoint(lowered):
        return 0.0
    unquoted = words_of(_QUOTED.sub(" ", text).lower().replace("’", "'"))
    return _count(unquoted, READER_WORDS) / max(1, len(unquoted))


def measure(text: str) -> tuple[Shape, str]:
    """A block's shape, and its key for comparing blocks across documents (its lower-case words)."""
    lowered = words_of(text.lower().replace("’", "'"))
    return _shape(text, lowered), " ".join(lowered)


def _shape(text: str, lowered: list[str]) -> Shape:
    return Shape(
        words=len(lowered),
        stop_density=stop_density(lowered),
        reader_density=_reader_density(text, lowered),
        terminal=bool(_TERMINAL.search(text[-8:])),
        lead_in=text.rstrip().endswith((",", ":", "—", "–")),
        starts_quote=text[:1] in QUOTE_OPENERS,
        bullet=bool(_BULLET.match(text)),
    )


_BULLET = re.compile(r"\s*(?:[-–—•*·▪►]|\d{1,2}[.)])\s+\S")
LIST_POINT_WORDS = 4  # a menu's links are one to three words; a point of a list says more
