"""Explicit dates and times of publication, as stated on pages, to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from crosswire.lexicon import MONTHS

# Offsets of the zone abbreviations news sites print. Ambiguous ones (IST, CST) take the reading
# most common on English-language news sites.
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "ist": 330, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480,
    "aest": 600, "aedt": 660, "awst": 480, "nzst": 720, "nzdt": 780, "pkt": 300, "wib": 420,
    "et": -300, "ct": -360, "mt": -420, "pt": -480,  # US zones named without the season
}  # fmt: skip
# Month names of the languages news pages print dates in most, after English.
FOREIGN_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("enero", "janvier", "januar", "jänner", "gennaio", "janeiro", "januari"),
            ("febrero", "février", "fevrier", "februar", "febbraio", "fevereiro", "februari"),
            ("marzo", "mars", "märz", "maerz", "março", "marco", "maart"),
            ("abril", "avril", "aprile", "april"),
            ("mayo", "mai", "maggio", "maio", "mei"),
            ("junio", "juin", "juni", "giugno", "junho"),
            ("julio", "juillet", "juli", "luglio", "julho"),
            ("agosto", "août", "aout", "august", "augustus"),
            ("septiembre", "setiembre", "septembre", "september", "settembre", "setembro"),
            ("octubre", "octobre", "oktober", "ottobre", "outubro"),
            ("noviembre", "novembre", "november", "novembro"),
            ("diciembre", "décembre", "decembre", "dezember", "dicembre", "dezembro", "december"),
        ],
        start=1,
    )
    for m in names
}

_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# A time after the date: "at 6:03 AM EST", ", 22:10", "17.00 CET", "3 AM PT", or glued to the year
# as some pages print it ("Feb 28 20246:03 AM EST"); the zone is kept, so the day stays local.
_TIME = r"(?:(?:[,\s•|·-]+(?:at\s+)?|(?<=\d{4}))(?P<h>\d{1,2})(?:[:.](?P<mi>\d\d)(?:[:.]\d\d)?\s*(?P<ampm>[ap]\.?m\.?)?|\s*(?P<ampm2>[ap]\.?m\.?))(?:\s*(?P<tz>[A-Z]{1,5}\b|[+-]\d\d:?\d\d))?)?"
_FOREIGN = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
_PATTERNS = [
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?(?P<tz>Z|[+-]\d\d:?\d\d)?)?"
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}}){_TIME}", re.I),
    # "2 de abril de 2020", "4. März 2024", "2 avril 2020"
    re.compile(
        rf"\b(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?(?P<fmon>{_FOREIGN})\s+(?:de\s+)?(?P<y>\d{{4}}){_TIME}",
        re.I,
    ),
    # "23.01.2019", "8.5.12": day first, as everywhere dots separate a date's parts
    re.compile(
        rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}|\d\d)(?![\d.]){_TIME}"
    ),
]


def find_date(text: str) -> str | None:
    """The first explicit date (and time, with its zone) in `text`, as ISO 8601.

    >>> find_date("Updated : Sep 03, 2025, 04:55 PM IST")
    '2025-09-03T16:55+05:30'
    >>> find_date("date 2025-09-03 Add this site")
    '2025-09-03'
    """
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (iso := _iso(match.groupdict())):
            return iso
    return None


def find_dates(text: str) -> list[str]:
    """Every explicit date in `text`, in order ("Feb. 29, 2024 6:56 amFeb. 28, 2024 9:00 pm": an
    update and the first publication, printed together)."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if iso := _iso(match.groupdict()):
                found.append((match.start(), iso))
    return [iso for _, iso in sorted(found)]


def _iso(g: dict[str, str | None]) -> str | None:
    if g.get("m"):
        month = int(g.get("m") or 0)
    elif g.get("fmon"):
        month = FOREIGN_MONTHS.get((g.get("fmon") or "").lower(), 0)
    else:
        month = MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
    year = int(g.get("y") or 0)
    year += 2000 if year < 100 else 0  # "8.5.12"
    try:
        day = datetime(year, month, int(g.get("d") or 0))
    except ValueError:
        return None
    if not g.get("h"):
        return day.date().isoformat()
    hour, minute = int(g.get("h") or 0), int(g.get("mi") or 0)
    ampm = (g.get("ampm") or g.get("ampm2") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day.date().isoformat()
    stamp = day.replace(hour=hour, minute=minute).isoformat(timespec="minutes")
    return stamp + _zone(g.get("tz"))


def _zone(tz: str | None) -> str:
    if not tz:
        return ""
    if tz.upper() == "Z":
        return "Z"
    if tz[0] in "+-":
        digits = tz[1:].replace(":", "")
        return f"{tz[0]}{digits[:2]}:{digits[2:]}"
    minutes = ZONES.get(tz.lower())
    if minutes is None:
        return ""
    offset = timezone(timedelta(minutes=minutes))
    return datetime(2000, 1, 1, tzinfo=offset).isoformat()[-6:].replace("+00:00", "Z")
