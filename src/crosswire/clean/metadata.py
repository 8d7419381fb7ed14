"""Who wrote it, where it was filed, whose wire copy it carries, whom it credits, who ran it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# News agencies by the names and abbreviations datelines and credit lines use.
AGENCIES = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP", "reuters": "Reuters",
    "thomson reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
    "agence france presse": "AFP", "pti": "PTI", "press trust of india": "PTI", "ani": "ANI",
    "ians": "IANS", "dpa": "dpa", "xinhua": "Xinhua", "bloomberg": "Bloomberg", "upi": "UPI",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "tass": "TASS", "efe": "EFE", "ansa": "ANSA",
    "aap": "AAP", "cp": "CP", "the canadian press": "CP", "canadian press": "CP", "pa": "PA",
    "pa media": "PA", "ria novosti": "RIA Novosti", "interfax": "Interfax", "anadolu": "Anadolu",
    "bernama": "Bernama", "apa": "APA", "kyodo news": "Kyodo", "united press international": "UPI",
}  # fmt: skip
# Words that make a capitalised phrase an outlet's name ("The Telegraph", "Winnipeg Free Press").
OUTLET_WORDS = frozenset(
    [
        "times",
        "post",
        "news",
        "journal",
        "telegraph",
        "guardian",
        "herald",
        "tribune",
        "magazine",
        "press",
        "gazette",
        "express",
        "mail",
        "mirror",
        "standard",
        "observer",
        "independent",
        "chronicle",
        "globe",
        "star",
        "sun",
        "review",
        "daily",
        "weekly",
        "today",
        "radio",
        "tv",
        "television",
        "network",
        "broadcasting",
        "media",
        "agency",
        "wire",
        "bulletin",
        "courier",
        "examiner",
        "inquirer",
        "record",
        "register",
        "dispatch",
        "monitor",
        "insider",
        "politico",
        "axios",
        "bbc",
        "cnn",
        "nbc",
        "abc",
        "cbs",
        "fox",
        "npr",
        "pbs",
        "msnbc",
        "bloomberg",
        "reuters",
        "economist",
        "atlantic",
        "hill",
        "verge",
        "wired",
        "gizmodo",
    ]
)
NAME_STOP = frozenset(
    [
        "news",
        "latest",
        "home",
        "world",
        "more",
        "read",
        "share",
        "menu",
        "search",
        "video",
        "videos",
        "photos",
        "live",
        "update",
        "updated",
        "politics",
        "business",
        "sport",
        "sports",
        "opinion",
        "editorial",
        "analysis",
        "subscribe",
        "newsletter",
        "sign",
        "login",
        "advertisement",
        "breaking",
        "trending",
        "popular",
        "top",
        "stories",
        "related",
        "comments",
        "follow",
        "about",
        "contact",
        "support",
        "donate",
        "help",
    ]
)

_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)"
_NAME = re.compile(rf"^(?:{_NAME_TOKEN}\s+){{1,3}}{_NAME_TOKEN}$")
_AUTHOR_NAMES = re.compile(rf"(?:{_NAME_TOKEN}\s+){{1,3}}{_NAME_TOKEN}")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3})"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\s*(?:\((?P<source>[^()]{2,60})\))?"
    r"\s*(?P<dash>—|–|--|-)\s+"
)
AGENCY_INPUTS = re.compile(
    r"\(\s*with (?:inputs from |agency inputs|input from |agencies)(?P<who>[^)]*)\)"
    r"|\b(?:with|using) (?:inputs|reporting) from (?P<who2>[A-Z][\w ]{1,40}?)\b(?:[.)]|$)",
    re.IGNORECASE,
)
WIRE_CREDIT = re.compile(
    r"(?:^|\n)\s*(?:[-—–]\s*)?(?P<who>Reuters|AFP|AP|PTI|ANI|IANS|dpa|Xinhua|Bloomberg)\s*$"
    r"|\b(?P<who2>The Associated Press|Reuters|Agence France-Presse|AFP|Bloomberg) contributed\b"
    r"|\(Reporting by [^)]+\)|Reporting by [A-Z][\w ]+;\s*Editing by",
)
CREDIT_CUES = ("reported", "according to", "citing", "told", "interview with", "via ")
WIRE_TAIL_CHARS = 80  # an agency's name alone on the last line ("— Reuters")
CREDIT = re.compile(
    r"\b(?:as (?:first )?reported by|as reported in|first reported by|"
    r"according to (?:a report (?:by|in) )?|"
    r"reported by|citing|told|in an interview with|via)\s+"
    r"(?P<name>(?:the |The )?(?:[A-Z][\w&'’.-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w&'’.-]*){0,4})"
)


def name_like(text: str) -> bool:
    """A person's name alone on a line ("Beth Malcolm"), not a label ("Latest News")."""
    text = text.strip().rstrip(".")
    if not _NAME.match(text):
        return False
    return not any(w.lower() in NAME_STOP for w in text.split())


def byline_names(text: str) -> list[str]:
    """The names of a byline ("By Jane Doe and John Roe" -> both)."""
    return [m.group(0) for m in _AUTHOR_NAMES.finditer(text) if name_like(m.group(0))]


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    source: str | None
    length: int  # characters of the paragraph the dateline takes up


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a story: "BEIJING (AP) —", "Beijing (Politics Magazine) –"."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    place, source = match["place"].strip(" ,"), match["source"]
    shouting = place.replace(" ", "").replace(",", "").isupper()
    if not (shouting or source or match["dash"] in "—–"):
        return None
    if not (shouting or source) and len(place.split()) > 2:
        return None
    return Dateline(place=place, source=source.strip() if source else None, length=match.end())


def agency(name: str | None) -> str | None:
    """The canonical short name of a news agency, or None when `name` is not one."""
    return AGENCIES.get((name or "").strip().lower()) if name else None


def find_wire(body: str, dateline: Dateline | None) -> str | None:
    """The wire agency whose copy the article carries, from its dateline or credit lines."""
    if dateline and (wire := agency(dateline.source)):
        return wire
    lowered = body.lower()
    if ("input" in lowered or "agenc" in lowered or "reporting from" in lowered) and (
        inputs := AGENCY_INPUTS.search(body)
    ):
        who = (inputs["who"] or inputs["who2"] or "").strip(" ,.")
        return agency(who) or (who if who else "agency")
    tail = body[-WIRE_TAIL_CHARS:]
    if ("contributed" in lowered or "reporting by" in lowered or _tail_agency(tail)) and (
        credit := WIRE_CREDIT.search(body)
    ):
        name = credit["who"] or credit["who2"]
        return agency(name) or ("Reuters" if "Reporting by" in credit.group(0) else name)
    return None


def _tail_agency(tail: str) -> bool:
    return any(
        name in tail
        for name in ("Reuters", "AFP", "AP", "PTI", "ANI", "IANS", "dpa", "Xinhua", "Bloomberg")
    )


def find_credits(body: str, outlet: str | None = None) -> list[str]:
    """Outlets the text credits for its information ("As reported by The Telegraph")."""
    found: list[str] = []
    lowered = body.lower()
    if not any(cue in lowered for cue in CREDIT_CUES):
        return found
    for match in CREDIT.finditer(body):
        name = _trim_outlet(match["name"])
        if name and name != outlet and name not in found:
            found.append(name)
    return found


def _trim_outlet(name: str) -> str | None:
    words = name.strip(" .,'’").split()
    ends = [i for i, w in enumerate(words) if w.endswith(".") and len(w) > 3]
    words = words[: ends[0] + 1] if ends else words  # "The Independent. Read our..." stops there
    words = [w.rstrip(".") if i == len(words) - 1 else w for i, w in enumerate(words)]
    if (words and words[0] == "the") or (
        len(words) == 2 and words[0] == "The" and words[1].isupper()
    ):
        words = words[1:]
    while words and words[-1].lower() in {"of", "the", "and"}:
        words.pop()
    if not words:
        return None
    lowered = [w.lower().strip(".,") for w in words]
    if agency(" ".join(words)):
        return agency(" ".join(words))
    if any(w in OUTLET_WORDS for w in lowered) or (
        len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 5
    ):
        return " ".join(words)
    return None


_SELF_NAME = re.compile(
    r"\b(?i:support|from|by supporting|journalists of|subscribe to|welcome to|add)\s+"
    r"(?P<name>(?:The |the )?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)
_DOMAIN = re.compile(
    r"\b(?:www\.)?(?P<label>[a-z0-9-]{3,40})\.(?:com|co\.uk|org|net|ca|in|ru|com\.au|ie|co)\b"
)


def outlet_from_clutter(removed: Iterable[str], text: str) -> str | None:
    """The outlet's own name, as its clutter says it: "Support The Moscow Times!", "Add DNA as a
    Preferred Source", or a site domain ("winnipegfreepress.com") matched to a name in the text."""
    removed = list(removed)
    counts: Counter[str] = Counter()
    for block in removed:
        for match in _SELF_NAME.finditer(block):
            name = _trim_outlet(match["name"]) or _acronym(match["name"])
            if name:
                counts[name] += 1
    named = counts.most_common(1)[0][0] if counts else None
    domain = next((m["label"] for b in removed if (m := _DOMAIN.search(b))), None)
    from_domain = _name_for_domain(domain, text) if domain else None
    if named and from_domain and from_domain.endswith(named):
        return from_domain  # "Free Press" on a winnipegfreepress.com page
    return named or from_domain


def _acronym(name: str) -> str | None:
    word = name.split()[0]
    return word if word.isupper() and 2 <= len(word) <= 6 else None


def _name_for_domain(label: str, text: str) -> str:
    """ "winnipegfreepress" and a "Free Press" in the text -> "Winnipeg Free Press"."""
    label = label.replace("-", "")
    best = ""
    for match in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,4}", text):
        words = match.group(0).split()
        for i in range(len(words)):
            phrase = " ".join(words[i:])
            joined = phrase.replace(" ", "").lower()
            if label.endswith(joined) and len(joined) > len(best.replace(" ", "")):
                best = phrase
    head = label[: len(label) - len(best.replace(" ", ""))]
    return " ".join(x for x in (head.capitalize(), best) if x) or label
