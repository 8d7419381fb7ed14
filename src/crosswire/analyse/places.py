"""What a news reader knows about countries: their names, people, capitals and seats of power.

Used to group "US", "U.S." and "the United States"; to read "Moscow's troops" and "the Kremlin" as
Russia; to resolve "the Russian president" through "Russian President Vladimir Putin"; and, in
cross-checking, to see that Moscow lies within Russia.
"""

from __future__ import annotations

import re

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


def key(name: str) -> str:
    """A name folded for comparison: case, dots, hyphens and apostrophes do not count."""
    name = re.sub(r"[’'`]s\b", "", name)
    name = re.sub(r"[.’'`]", "", name.lower())
    name = re.sub(r"^the\s+", "", name)
    return " ".join(re.split(r"[\s\-–]+", name)).strip()


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
