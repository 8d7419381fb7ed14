"""Quantities: numbers with what they count and their unit, as intervals with their hedges.

"around 15,000 troops" is 15,000 give or take a tenth; "12,000 to 14,000 soldiers" is that range;
"nearly three hours" is a little under three; "more than two dozen" is above 24; "USD 5.5 billion"
is money. Written-out numbers count as much as digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from crosswire.records import Span

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
# How wide a hedge is. Readers take round numbers sharp, not as "anything that rounds to it"
# (Katzir & Ariel, "Round number expressions are interpreted sharp", Glossa Psycholinguistics
# 2023), and a hedge before a round number hardly changes how it is read (Williams & Power,
# "Hedging and rounding in numerical expressions", Pragmatics & Cognition 21(1), 2013); the
# approximators' implied ranges vary far less than one might expect (Ferson et al., "Natural
# language of uncertainty: numeric hedge words", Int. J. Approximate Reasoning 57, 2015). So
# every approximator gets one width, TOLERANCE of the number: "about/around N" is N ± half of it,
# a one-sided one ("nearly", "just over") the whole of it on its side. One step of a reporter's
# rounding stays apart: "about 1,000" (950-1,050) is not "about 1,200" (1,140-1,260). A hedged
# number rounded more finely than that stands for what rounds to it: "about 50" is 45-55.
TOLERANCE = 0.1
# Hedges that bound a number on one side, or narrow it: (low, high) factors of the number.
HEDGES: dict[str, tuple[float | None, float | None]] = {
    "nearly": (1 - TOLERANCE, 1.0),
    "almost": (1 - TOLERANCE, 1.0),
    "close to": (1 - TOLERANCE, 1.0),
    "just under": (1 - TOLERANCE, 1.0),
    "under": (None, 1.0),
    "less than": (None, 1.0),
    "fewer than": (None, 1.0),
    "up to": (None, 1.0),
    "as many as": (1 - TOLERANCE, 1.0),
    "more than": (1.0, None),
    "over": (1.0, None),
    "at least": (1.0, None),
    "just over": (1.0, 1 + TOLERANCE),
    "upwards of": (1.0, None),
    "well over": (1 + TOLERANCE, None),
    "several": (1.0, None),
}
# Approximators of both sides: the number give or take this share ("around 15,000" allows
# 14,250-15,750, so it does not agree with "12,000 to 14,000"). An estimate is an approximation
# too; no study found it wider, so it is not made wider here.
APPROXIMATE: dict[str, float] = {
    word: TOLERANCE / 2
    for word in ("around", "about", "approximately", "roughly", "some", "an estimated", "estimated")
}
# An unhedged round number ("15,000 troops") stands for itself within the same share: 15,000
# allows 14,500-15,500 (half its last written digit's place, when that is less); 2,000 allows
# 1,900-2,100.
ROUNDED = TOLERANCE / 2
UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miles": "mile",
    "mile": "mile",
    "tonnes": "tonne",
    "tons": "tonne",
    "p": "pence",  # a share price: "closed at 270.25p"
    "pence": "pence",
    "cents": "cent",
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "dollars": "USD",
    "euros": "EUR",
    "pounds": "GBP",
    "yuan": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
}

_WORD_NUM = "|".join(
    sorted([*ONES, *TENS, *SCALES, "a", "an", "half", "and"], key=len, reverse=True)
)
_LAST_WORD = "|".join(sorted([*ONES, *TENS, *SCALES, "half"], key=len, reverse=True))
_NUM = rf"(?:\d(?:[\d,]*\d)?(?:\.\d+)?|(?!and\b)(?:(?:{_WORD_NUM})[\s-]+)*(?:{_LAST_WORD}))"
_UNIT = (
    "%|per cent|percent|hours?|minutes?|days?|weeks?|months?|years?|km|kilometres|kilometers"
    "|miles?|tonnes|tons|dollars|euros|pounds|yuan|rubles|roubles|pence|cents|(?<=\\d)p"
)
_HEDGE = "|".join(sorted([*HEDGES, *APPROXIMATE], key=len, reverse=True))
_CUR = r"(?:US\$|\$|€|£|USD|EUR|GBP)"
QUANTITY = re.compile(
    rf"(?<![\w.])(?<![A-Za-z]-)(?:(?P<hedge>{_HEDGE})\s+)?(?:between\s+)?(?:(?P<cur>{_CUR})\s?)?(?P<lo>{_NUM})"
    rf"(?:\s*(?:to|-|–|and)\s*(?P=cur)?\s?(?P<hi>{_NUM}))?"
    rf"(?P<scale>\s+(?:thousand|million|billion|trillion))?"
    rf"(?:(?:(?<=\d)|[\s-]+)(?P<unit>{_UNIT}))?(?!\w)",
    re.I,
)
# What a number counts, when no tagged text is at hand (the analysis reads it from the model's
# tags instead, see counted.py): the first lower-case word after names and hyphenated words.
COUNTED = re.compile(r"^[\s-]*(?:(?:[A-Z][\w-]*|[a-z]+-[a-z]+)\s+){0,3}(?P<noun>[a-z]{3,})\b")
# What a duration measures when the text says it after the fact: "talks that lasted two hours".
DURATIONS = frozenset({"hour", "minute", "day", "week", "month", "year"})
LASTED = re.compile(
    r"(?P<noun>[A-Za-z]{3,}),?\s+(?:that|which)?\s*(?:lasted|took|ran)\s+(?:for\s+)?(?:some\s+)?$"
)
NOT_COUNTED = frozenset("and or but the that which who with for from into than then also".split())


@dataclass(frozen=True, slots=True)
class Quantity(Span):
    low: float | None  # the interval the text allows (None: open)
    high: float | None
    value: float  # the number as written
    unit: str | None  # percent, hour, USD...
    counted: str | None  # what is counted: troops, goats, leaders
    hedge: str | None


def number(text: str) -> float | None:
    """A number written in digits or words: "15,000", "two dozen", "two-and-a-half"."""
    t = text.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", t):
        if w in {"and", "a", "an"}:
            continue  # "a hundred" is a hundred, "an eight-year" eight
        if w == "half":
            current += 0.5
            seen = True
        elif w in ONES:
            current += ONES[w]
            seen = True
        elif w in TENS:
            current += TENS[w]
            seen = True
        elif w in SCALES:
            current = (current or 1.0) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def _written_unit(text: str) -> float:
    """The place of the last significant digit as written: 100 for "15,500", 0.1 for "5.5"."""
    digits = text.replace(",", "").strip()
    if re.fullmatch(r"\d+\.\d+", digits):
        return 10.0 ** -len(digits.split(".")[1])
    value = number(text)
    if value is None or value != int(value) or value == 0:
        return 1.0
    whole, unit = int(value), 1.0
    while whole % 10 == 0:
        whole //= 10
        unit *= 10
    return unit


def _interval(
    value: float, high_value: float | None, hedge: str | None, unit: float
) -> tuple[float | None, float | None]:
    """The values a number allows, given its hedge and how it was rounded."""
    if hedge in APPROXIMATE:  # as rounded, when that rounding is no coarser than the tolerance
        rounding = unit / 2 if unit / 2 <= value * TOLERANCE else 0.0
        spread = max(value * APPROXIMATE[hedge], rounding)
        return value - spread, (high_value or value) + spread
    if hedge:
        f_lo, f_hi = HEDGES[hedge]
        return (
            None if f_lo is None else value * f_lo,
            None if f_hi is None else (high_value or value) * f_hi,
        )
    if high_value is not None:
        return value, high_value
    spread = min(unit / 2, value * ROUNDED) if unit >= 100 else 0.0
    return value - spread, value + spread


_NAMED = re.compile(r"\s+[A-Z]")  # a capitalised number word after the first


def find_quantities(article: str, text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        lo_txt = m.group("lo")
        cut = _NAMED.search(lo_txt)  # "two Six Nations games": a name's number is no count
        if cut and not (m.group("hi") or m.group("unit") or m.group("scale")):
            head = find_quantities(article, text[m.start() : m.start("lo") + cut.start()])
            out.extend(replace(q, start=q.start + m.start(), end=q.end + m.start()) for q in head)
            continue
        if re.fullmatch(
            r"(?:a|an|and|half|hundred|thousand|million|billion|trillion)", lo_txt.strip(), re.I
        ):
            continue
        value = number(lo_txt)
        if value is None:
            continue
        if re.search(r"\d[:.]\s?$", text[max(0, m.start() - 3) : m.start()]) or re.match(
            r"[:.]\s?\d", text[m.end() : m.end() + 3]
        ):
            continue  # "9:40", "6. 1": part of a clock time or of a decimal split by a space
        if re.fullmatch(r"(19|20)\d\d", lo_txt) and not m.group("unit") and not m.group("cur"):
            continue  # a year
        if lo_txt.lower() in {"one"} and not m.group("unit") and not m.group("hedge"):
            continue  # "one of", "one-on-one": rarely a count
        scale = SCALES.get((m.group("scale") or "").strip().lower(), 1)
        value *= scale
        hi = number(m.group("hi")) if m.group("hi") else None
        high_value = hi * scale if hi is not None else None
        if high_value is not None and high_value < value:
            continue  # "10-5": a score or a record, not a range
        hedge = (m.group("hedge") or "").lower() or None
        unit_word = (m.group("unit") or "").lower()
        cur = (m.group("cur") or "").lower()
        unit = CURRENCIES.get(cur) or CURRENCIES.get(unit_word) or UNITS.get(unit_word)
        low, high = _interval(value, high_value, hedge, _written_unit(lo_txt) * scale)
        counted = None
        after = COUNTED.match(text[m.end() : m.end() + 60])
        if after and after.group("noun") not in NOT_COUNTED:
            counted = after.group("noun")
        elif unit in DURATIONS:
            lasted = LASTED.search(text[max(0, m.start() - 60) : m.start()])
            counted = lasted.group("noun").lower() if lasted else None
        start, end = m.start(), m.end()
        out.append(
            Quantity(article, start, end, text[start:end], low, high, value, unit, counted, hedge)
        )
    return out
