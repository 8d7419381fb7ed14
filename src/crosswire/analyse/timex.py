"""Time expressions normalised to ISO 8601 against the article's own date, precision kept.

"June 18, 2024" is a day, "in June last year" a month, "last summer" a season (an interval of
months), "2023" a year, "on Tuesday" the Tuesday before the article's date (or after it, when the
sentence speaks of what will happen). Durations ("three-year invasion") are not dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from crosswire.analyse.quantities import ONES
from crosswire.lexicon import MONTHS, WEEKDAYS
from crosswire.records import Span

SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
# Counts of units in "three years ago", "a few weeks": number words up to twelve, and vague ones.
NUMBERS = {
    **{word: n for word, n in ONES.items() if 1 <= n <= 12},
    "a": 1,
    "an": 1,
    "several": 3,
    "few": 3,
}

_MONTH = (
    r"(?P<month>(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|"
    + "|".join(m for m in MONTHS if len(m) > 3)
    + ")"
)
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_YEAR = r"(?P<year>(?:19[5-9]\d|20[0-4]\d))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_SEASON = "(?P<season>" + "|".join(SEASONS) + ")"
_FUTURE = re.compile(
    r"\b(will|’ll|'ll|shall|is due|are due|is set to|are set to|plans? to|scheduled|upcoming"
    r"|next|expected to|going to|set for)\b",
    re.I,
)
# Words just before a date that put it ahead of the text however the sentence is told: "closed
# until at least Friday" in Wednesday's paper is the coming Friday.
_AHEAD = re.compile(
    r"\b(?:until|till|starting|due|from|through)\s+(?:at\s+least\s+|as\s+late\s+as\s+)?"
    r"(?:on\s+|this\s+)?$",
    re.I,
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month_rel", re.compile(rf"\b(?:in\s+)?{_MONTH}\s+(?P<rel>last|this|next)\s+year\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.I)),
    ("rel_month", re.compile(rf"\b(?P<rel>last|this|next)\s+{_MONTH}\b", re.I)),
    ("season_rel", re.compile(rf"\b(?P<rel>last|this|next)\s+{_SEASON}\b", re.I)),
    ("season_year", re.compile(rf"\b(?:the\s+)?{_SEASON}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    (
        "rel_unit",
        re.compile(
            r"\b(?P<early>earlier|later)?\s*(?P<rel>last|this|next)\s+(?P<unit>year|month|week)\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    ("deictic", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<rel>last|this|next|on)?\s*{_WEEKDAY}\b", re.I)),
    ("weekend", re.compile(r"\b(?P<rel>last|this|next|over the|on the|at the)\s+weekend\b", re.I)),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<decade>(?:19|20)\d0)s\b")),
    (
        "month",
        re.compile(
            rf"\b(?P<prep>in|since|until|by|from|early|late|mid|mid-)\s*{_MONTH}\b(?![\s-]*\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?<![\d,.$£€])\b{_YEAR}\b(?![\d,%]|\s*(?:-|–)\s*\d|\s+(?:troops|soldiers|people|men|women|km|miles|GMT|BST|UTC|hrs|hours|local\s+time))"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A date or a span of dates, and how precisely the text gave it."""

    start: date
    end: date
    precision: str  # day, week, month, season, year, decade

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "decade":
            return f"{self.start.year}s"
        if self.precision == "season":
            return f"{self.start.isoformat()[:7]}/{self.end.isoformat()[:7]}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def contains(self, other: TimeValue) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: TimeValue) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class TimeExpr(Span):
    value: TimeValue
    relative: bool  # read against the reference date


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _day(y: int, m: int, d: int) -> TimeValue | None:
    try:
        x = date(y, m, d)
    except ValueError:
        return None
    return TimeValue(x, x, "day")


def _months(y: int, m: int) -> TimeValue:
    return TimeValue(*_month_span(y, m), "month")


def _year(y: int) -> TimeValue:
    return TimeValue(date(y, 1, 1), date(y, 12, 31), "year")


def _season(y: int, name: str) -> TimeValue:
    first, last = SEASONS[name.lower()]
    end_year = y + 1 if last < first else y
    return TimeValue(_month_span(y, first)[0], _month_span(end_year, last)[1], "season")


def _nearest_year(ref: date, month: int, future: bool) -> int:
    """The year of a month named without one: the latest not after the reference (or the next
    not before it, for what will happen)."""
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def resolve(kind: str, m: re.Match[str], ref: date | None, future: bool) -> TimeValue | None:
    g = m.groupdict()
    if kind == "iso":
        return _day(int(g["year"]), int(g["mm"]), int(g["dd"]))
    if kind in {"mdy", "dmy"}:
        return _day(int(g["year"]), _month(g["month"]), int(g["day"]))
    if kind == "month_year":
        return _months(int(g["year"]), _month(g["month"]))
    if kind == "season_year":
        return _season(int(g["year"]), g["season"])
    if kind == "decade":
        y = int(g["decade"])
        return TimeValue(date(y, 1, 1), date(y + 9, 12, 31), "decade")
    if kind == "year":
        return _year(int(g["year"]))
    if ref is None:
        return None
    rel = (g.get("rel") or "").lower()
    shift = {"last": -1, "next": 1}.get(rel, 0)
    if kind == "month_rel":
        return _months(ref.year + shift, _month(g["month"]))
    if kind in {"md", "dm"}:
        month = _month(g["month"])
        return _day(_nearest_year(ref, month, future), month, int(g["day"]))
    if kind == "rel_month":
        month = _month(g["month"])
        if rel == "this":
            return _months(ref.year, month)
        return _months(
            _nearest_year(ref, month, rel == "next") + (shift if month == ref.month else 0), month
        )
    if kind == "month":
        month = _month(g["month"])
        return _months(_nearest_year(ref, month, future), month)
    if kind == "season_rel":
        # "This summer" is the reference year's (in September, the one just gone); "last summer"
        # the year before it. A winter belongs to the year it starts in.
        name = g["season"].lower()
        this = ref.year - 1 if name == "winter" and ref.month <= 2 else ref.year
        if rel == "next" and _season(this, name).start > ref:
            shift = 0  # in January, "next spring" is this year's
        return _season(this + shift, name)
    if kind == "rel_unit":
        unit = g["unit"].lower()
        if unit == "year":
            return _year(ref.year + shift)
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
            return _months(y, mo + 1)
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
        return TimeValue(monday, monday + timedelta(days=6), "week")
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else NUMBERS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            x = ref - timedelta(days=n)
            return TimeValue(x, x, "day")
        if unit == "week":
            x = ref - timedelta(weeks=n)
            monday = x - timedelta(days=x.weekday())
            return TimeValue(monday, monday + timedelta(days=6), "week")
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return _months(y, mo + 1)
        return _year(ref.year - n)
    if kind == "deictic":
        x = ref + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()])
        return TimeValue(x, x, "day")
    if kind == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        back = (ref.weekday() - target) % 7
        ahead = (target - ref.weekday()) % 7
        if rel == "last":
            x = ref - timedelta(days=back or 7)
        elif rel == "next":
            x = ref + timedelta(days=ahead or 7)
        elif future:
            x = ref + timedelta(days=ahead)
        else:
            x = ref - timedelta(days=back)
        return TimeValue(x, x, "day")
    if kind == "weekend":
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        if rel == "next" or (future and rel != "last"):
            saturday = ref + timedelta(days=(5 - ref.weekday()) % 7 or 7)
        return TimeValue(saturday, saturday + timedelta(days=1), "weekend")
    return None


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def find_times(
    article: str, text: str, ref: date | None, spans: list[tuple[int, int]] | None = None
) -> list[TimeExpr]:
    """Time expressions of a text, resolved against `ref`. `spans` are the sentences, whose tense
    decides whether a bare weekday or month is the last or the next one."""
    taken: list[tuple[int, int]] = []
    found = []
    sentences = spans or [(0, len(text))]
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if any(s < t1 and t0 < e for t0, t1 in taken):
                continue
            if kind == "weekday" and not m.group("rel") and not _looks_dated(text, s, e):
                continue
            if kind == "md" and re.search(r"\b\d{1,2}\s+$", text[max(0, s - 4) : s]):
                continue  # "10 Nov 11": the day comes first, "11" is the year
            sent = next((x for x in sentences if x[0] <= s < x[1]), (s, e))
            future = bool(_FUTURE.search(text[sent[0] : sent[1]])) or bool(
                _AHEAD.search(text[max(sent[0], s - 30) : s])
            )
            try:
                value = resolve(kind, m, ref, future)
            except (ValueError, KeyError, OverflowError):  # a date past year 9999 is none
                value = None
            if value is None:
                continue
            taken.append((s, e))
            relative = kind not in {
                "iso",
                "mdy",
                "dmy",
                "month_year",
                "season_year",
                "decade",
                "year",
            }
            found.append(TimeExpr(article, s, e, text[s:e], value, relative))
    return sorted(found, key=lambda t: t.start)


def _looks_dated(text: str, s: int, e: int) -> bool:
    """A weekday without "on"/"last": still a date unless it is part of a name."""
    after = text[e : e + 12]
    return not re.match(r"\s+[A-Z]", after) or bool(
        re.match(r"\s+(?:morning|afternoon|evening|night)", after, re.I)
    )
