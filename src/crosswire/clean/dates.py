"""Explicit dates and times of publication, as stated on pages, to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
# Offsets of the zone abbreviations news sites print. Ambiguous ones (IST, CST) take the reading
# most common on English-language news sites.
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "ist": 330, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480,
    "aest": 600, "aedt": 660, "awst": 480, "nzst": 720, "nzdt": 780, "pkt": 300, "wib": 420,
}  # fmt: skip

_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = r"(?:[,\s]+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d\d)(?:[:.]\d\d)?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<tz>[A-Z]{1,5}\b|[+-]\d\d:?\d\d))?)?"
_PATTERNS = [
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?(?P<tz>Z|[+-]\d\d:?\d\d)?)?"
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}}){_TIME}", re.I),
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


def _iso(g: dict[str, str | None]) -> str | None:
    month = (
        int(g.get("m") or 0)
        if g.get("m")
        else MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0)
    )
    try:
        day = datetime(int(g.get("y") or 0), month, int(g.get("d") or 0))
    except ValueError:
        return None
    if not g.get("h"):
        return day.date().isoformat()
    hour, minute = int(g.get("h") or 0), int(g.get("mi") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
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
