"""Named entities of a story under one canonical name each.

spaCy finds the mentions; this module cleans them (possessives, a sentence-initial verb taken in,
"Kursk" + "region", "(SCO)"), keeps the honorifics and titles they were written with ("Mr Kim",
"President Xi"), reads roles used as names ("the North Korean leader") through the appositions of
the story ("North Korean leader Kim Jong Un"), and groups:

- full names by their folded form ("Kim Jong-un" = "Kim Jong Un");
- a short name with the full name it is part of ("Kim", "Mr Jong-un"), or closest to in spelling
  when the article misspells it ("Mr Xinping");
- countries with their other names ("US", "U.S.") and their capitals or seats of power when those
  stand for the state ("Moscow's troops", "the Kremlin said" is an organisation of its own);
- a place or body with its leading word ("Diaoyutai") and its acronym ("SCO").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from crosswire.analyse.nlp import Parsed
from crosswire.analyse.places import COUNTRY_NAMES, SEATS, country_of, key
from crosswire.records import Span

if TYPE_CHECKING:
    from spacy.tokens import Token

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT"})
REPORTED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. president chairman chairwoman premier"
    " chancellor senator sen. sen rep. rep governor gov. gov general gen. secretary minister"
    " king queen prince princess pope judge justice sir dame lord lady mayor colonel col."
    " captain capt. sheikh emir ayatollah comrade".split()
)
LEADERS = frozenset("president leader chairman premier chancellor king queen emir".split())
ROLE_WORDS = LEADERS | frozenset(
    "prime minister aide adviser advisor spokesman spokeswoman spokesperson minister secretary"
    " envoy ambassador official commander chief general".split()
)
_ROLE = "|".join(sorted(ROLE_WORDS | {"prime minister"}, key=len, reverse=True))
# "the Russian president", "the Kremlin leader" (not followed by the name itself)
ROLE_MENTION = re.compile(
    rf"\b[Tt]he\s+((?:[A-Z][\w.’'\-]*\s+){{1,3}})((?i:{_ROLE}))\b(?!\s+[A-Z])"
)
# "Russian President Vladimir Putin", "Kremlin aide Yuri Ushakov": the words before a name
APPOSITION = re.compile(rf"((?:[A-Z][\w.’'\-]*\s+){{1,3}})((?i:{_ROLE}))\s+$")
PLACE_HEADS = frozenset(
    "region province oblast county district prefecture state guest house guesthouse hall palace"
    " square airport university hospital base port island islands valley river strait".split()
)
REGION_HEADS = frozenset("region province oblast county district prefecture".split())
LOCATION_CUES = frozenset(
    "in at to from near outside inside across into via visit visited visiting visits toward"
    " towards around through reached leaving left of".split()
)
FUZZY_NAME = 85  # spelling similarity at which a short name is a misspelt part of a full one
MIN_FUZZY_LEN = 5
FUNCTION_WORDS = frozenset(
    "the a an in on at of to for from by with as and or but nor this that these those his her"
    " its their our my your he she it they we i you who which when while after before during"
    " since until under over about into than".split()
)
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(frozen=True, slots=True)
class Mention(Span):
    # text: as written, with its title: "Mr Kim", "the North Korean leader"
    name: str  # the name alone: "Kim"
    label: str  # spaCy's label, or ROLE
    group: str  # what it is grouped by first: a folded name, or a country


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]


class Entities:
    """The story's entities, and which one a span of an article names."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.all = list(entities)
        self._spans: dict[str, list[tuple[int, int, Entity]]] = defaultdict(list)
        for e in self.all:
            for m in e.mentions:
                self._spans[m.article].append((m.start, m.end, e))
        for spans in self._spans.values():
            spans.sort(key=lambda s: (s[0], s[1]))

    def within(self, article: str, start: int, end: int) -> list[Entity]:
        """Entities mentioned inside a span, in order."""
        return [e for s, t, e in self._spans.get(article, ()) if s >= start and t <= end]

    def last_before(
        self, article: str, pos: int, types: Iterable[str] = ("PERSON",)
    ) -> Entity | None:
        wanted = set(types)
        found = None
        for s, _, e in self._spans.get(article, ()):
            if s >= pos:
                break
            if e.type in wanted:
                found = e
        return found

    def person_named(self, name: str) -> Entity | None:
        """The person a name written outside any mention stands for: one of their aliases, or
        part of their full name ("Scholz" where the model tagged no entity)."""
        found = self.by_name(name)
        if found is not None:
            return found if found.type == "PERSON" else None
        words = key(name).split()
        people = [
            e
            for e in self.all
            if e.type == "PERSON" and words and _contains(key(e.name).split(), words)
        ]
        return max(people, key=lambda e: len(e.mentions)) if people else None

    def by_name(self, name: str) -> Entity | None:
        k = key(name)
        for e in self.all:
            if k == key(e.name) or any(k == key(a) for a in e.aliases):
                return e
        return None


def mentions(parsed: Parsed) -> tuple[list[Mention], list[tuple[Mention, str, str]]]:
    """An article's entity mentions, and the role mentions ("the Russian president") with their
    role key (country or modifier, role)."""
    out: list[Mention] = []
    body = parsed.body
    for para in parsed.paragraphs:
        for ent in para.doc.ents:
            if ent.label_ in NER_LABELS:
                m = _clean(parsed.id, body, para.start, ent)
                if m is not None:
                    out.extend(m)
    roles = []
    for match in ROLE_MENTION.finditer(body):
        modifier, head = match.group(1).strip(), match.group(2).lower()
        if not any(c.isupper() for c in modifier):
            continue
        text = "the " + match.group(0)[4:]
        roles.append(
            (
                Mention(parsed.id, match.start(), match.end(), text, text, "ROLE", ""),
                *_role_key(modifier, head),
            )
        )
    return out, roles


def _role_key(modifier: str, head: str) -> tuple[str, str]:
    where = country_of(modifier) or key(modifier)
    return where, "leader" if head in LEADERS else head


def _clean(article: str, body: str, offset: int, ent: object) -> list[Mention] | None:
    from spacy.tokens import Span

    assert isinstance(ent, Span)
    toks = list(ent)
    while toks and (toks[0].lower_ in {"the", "a", "an"} or _not_a_name(toks[0])):
        toks.pop(0)
    # "German Chancellor Olaf Scholz", "President Xi": a title within the first words makes
    # what follows a person's name (the small model sometimes calls it an organisation).
    title_at = max((i for i, t in enumerate(toks[:4]) if t.lower_ in TITLES), default=-1)
    title_toks = []
    if 0 <= title_at < len(toks) - 1:
        title_toks, toks = toks[: title_at + 1], toks[title_at + 1 :]
    acronym = None
    if any(t.text == "(" for t in toks):
        cut = next(i for i, t in enumerate(toks) if t.text == "(")
        inner = [t for t in toks[cut + 1 :] if t.text != ")"]
        if len(inner) == 1 and inner[0].text.isupper():
            acronym = inner[0]
        toks = toks[:cut]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in {"'s", "’s", "'", "’"}):
        toks.pop()
    if not toks:
        return None
    label = "PERSON" if title_toks and ent.label_ in {"PERSON", "ORG", "NORP"} else ent.label_
    doc = ent.doc
    core_end = toks[-1].i + 1
    end_i = core_end
    if label in {"GPE", "LOC", "FAC", "PRODUCT", "ORG"}:
        while end_i < len(doc) and doc[end_i].lower_ in PLACE_HEADS and not doc[end_i].is_title:
            end_i += 1
    region = end_i > core_end and any(t.lower_ in REGION_HEADS for t in doc[core_end:end_i])
    if end_i > core_end:
        label = "GPE" if region else "FAC" if label == "PRODUCT" else label
    if label == "PRODUCT":
        return None
    start_c = offset + toks[0].idx
    end_c = offset + doc[end_i - 1].idx + len(doc[end_i - 1].text)
    # "Kursk region" is the place Kursk; "Diaoyutai state guest house" is the name itself.
    last = doc[core_end - 1] if region else doc[end_i - 1]
    name = body[start_c : offset + last.idx + len(last.text)]
    if not any(c.isupper() for c in name):
        return None
    first = toks[0].i
    before = doc[first - 1] if first > 0 else None
    text_start = start_c
    if title_toks:
        text_start = offset + title_toks[-1].idx
    elif before is not None and before.lower_ in TITLES and before.is_title:
        text_start = offset + before.idx
        label = "PERSON" if label in {"ORG", "NORP"} else label
    text = body[text_start:end_c]
    group = _group_key(name, label, before.lower_ if before is not None else "")
    found = [Mention(article, start_c, end_c, text, name, label, group)]
    if acronym is not None:
        a0 = offset + acronym.idx
        found.append(
            Mention(article, a0, a0 + len(acronym.text), acronym.text, acronym.text, label, group)
        )
    return found


def _not_a_name(tok: Token) -> bool:
    """A word the model took into a name that is none: "Referencing Xi". Without tags (the
    paragraphs that skip the tagger), by its form."""
    if tok.pos_:
        return tok.pos_ in {"VERB", "ADV", "ADP", "AUX", "PRON", "SCONJ", "CCONJ", "PUNCT"}
    return (
        tok.is_punct
        or tok.lower_ in FUNCTION_WORDS
        or (
            bool(tok.is_sent_start)
            and tok.lower_.endswith(("ing", "ed"))
            and tok.i + 1 < len(tok.doc)
        )
    )


def _group_key(name: str, label: str, before: str) -> str:
    k = key(name)
    if label in {"GPE", "LOC", "ORG", "FAC"}:
        if k in COUNTRY_NAMES:
            return "country:" + COUNTRY_NAMES[k]
        # A capital stands for its state unless it is where something happens ("in Moscow").
        if label == "GPE" and k in SEATS and before not in LOCATION_CUES:
            return "country:" + SEATS[k]
    return k


def group(
    found: Iterable[Mention],
    roles: Iterable[tuple[Mention, str, str]] = (),
    appositions: Counter[tuple[str, str, str]] | None = None,
) -> Entities:
    """Group the story's mentions into entities (see the module's docstring)."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    shorts: list[Mention] = []
    for m in found:
        short = len(m.name.split()) == 1 and not m.group.startswith("country:")
        if short and m.label in {"PERSON", "ORG"}:
            shorts.append(m)
        else:
            groups[m.group].append(m)
    # One name written with or without spaces ("guest house", "guesthouse") is one.
    merged: dict[str, str] = {}
    for g in list(groups):
        tight = g.replace(" ", "")
        if tight in merged:
            groups[merged[tight]].extend(groups.pop(g))
        else:
            merged[tight] = g
    persons = {g: ms for g, ms in groups.items() if _type(ms) == "PERSON"}
    for m in shorts:
        target = _person_for(m.group, persons, fuzzy=m.label == "PERSON")
        groups[target or m.group].append(m)
    # A place or body's leading word ("Diaoyutai") or its acronym ("SCO") joins it.
    types = {g: _type(ms) for g, ms in groups.items()}
    led_by: dict[str, list[str]] = defaultdict(list)  # leading word or initials: groups
    for h in groups:
        if len(h.split()) > 1 and not h.startswith("country:") and types[h] != "PERSON":
            led_by[h.split()[0]].append(h)
            if initials := _initials(h):
                led_by[initials].append(h)
    for g in [g for g in groups if len(g.split()) == 1 and not g.startswith("country:")]:
        longer = sorted(set(led_by.get(g, ())))
        if len(longer) == 1 and types[g] != "PERSON":
            groups[longer[0]].extend(groups.pop(g))
    role_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (where, head, g), n in (appositions or Counter()).items():
        target = g if g in groups else _person_for(g, persons, fuzzy=False)
        if target:
            role_votes[(where, head)][target] += n
    for m, where, head in roles:
        votes = role_votes.get((where, head))
        if votes:
            groups[votes.most_common(1)[0][0]].append(m)
    entities = [_entity(g, ms) for g, ms in groups.items()]
    entities = [e for e in entities if e.type in REPORTED]
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return Entities(entities)


def appositions(parsed: Parsed, found: Iterable[Mention]) -> Counter[tuple[str, str, str]]:
    """(country or modifier, role, person group) for each "Russian President Vladimir Putin"."""
    out: Counter[tuple[str, str, str]] = Counter()
    for m in found:
        if m.label != "PERSON" or m.article != parsed.id:
            continue
        match = APPOSITION.search(parsed.body[max(0, m.start - 60) : m.start])
        if match and any(c.isupper() for c in match.group(1)):
            where, head = _role_key(match.group(1).strip(), match.group(2).lower())
            out[(where, head, m.group)] += 1
    return out


def _person_for(short: str, persons: dict[str, list[Mention]], fuzzy: bool = True) -> str | None:
    words = short.split()
    hits = [g for g in persons if _contains(g.split(), words)]
    if not hits and fuzzy and len(short) >= MIN_FUZZY_LEN:
        hits = [
            g
            for g in persons
            if any(
                len(w) >= MIN_FUZZY_LEN and fuzz.ratio(w, short) >= FUZZY_NAME for w in g.split()
            )
        ]
    return max(hits, key=lambda g: (len(persons[g]), g)) if hits else None


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _initials(group_key: str) -> str:
    words = [w for w in group_key.split() if w not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _type(ms: Sequence[Mention]) -> str:
    labels = Counter(m.label for m in ms if m.label != "ROLE")
    if any(m.label == "PERSON" and len(m.name.split()) > 1 for m in ms):
        return "PERSON"
    if any(m.group.startswith("country:") for m in ms):
        return "GPE"
    return labels.most_common(1)[0][0] if labels else "PERSON"


def _entity(group_key: str, ms: list[Mention]) -> Entity:
    etype = _type(ms)
    if group_key.startswith("country:"):
        name = group_key.removeprefix("country:")
    else:
        forms = Counter(m.name for m in ms if m.label != "ROLE")
        name = max(
            forms,
            key=lambda f: (
                len(f.split()) > 1 or etype != "PERSON",
                all(w[:1].isupper() for w in f.split() if len(w) > 3),
                not f.isupper() or len(f) <= 4,
                forms[f],
                len(f),
                f,
            ),
        )
    aliases: dict[str, str] = {}
    for m in sorted(ms, key=lambda m: (m.article, m.start)):
        for form in (m.name, m.text):
            text = re.sub(r"\s+", " ", form)
            text = "the " + text[4:] if text.startswith("The ") else text
            aliases.setdefault(text.lower(), text)
    ms_sorted = tuple(sorted(ms, key=lambda m: (m.article, m.start)))
    return Entity(
        id="ent-" + re.sub(r"[^a-z0-9]+", "-", key(name)).strip("-"),
        name=name,
        type=etype,
        aliases=tuple(
            sorted(aliases.values(), key=lambda a: (a.lower() != name.lower(), a.lower()))
        ),
        articles=tuple(sorted({m.article for m in ms})),
        mentions=ms_sorted,
    )


def story_entities(parsed: Sequence[Parsed], press: Iterable[str] = ()) -> Entities:
    """The story's entities; `press` are the folded names of its outlets, agencies and credited
    sources ("AP", "The Telegraph"), which report the story rather than take part in it."""
    found, roles = [], []
    votes: Counter[tuple[str, str, str]] = Counter()
    for p in parsed:
        ms, rs = mentions(p)
        found.extend(ms)
        roles.extend(rs)
        votes.update(appositions(p, ms))
    grouped = group(found, roles, votes)
    reporters = set(press)
    if not reporters:
        return grouped
    return Entities(
        [
            e
            for e in grouped.all
            if e.type not in {"ORG", "PERSON"}
            or not ({key(e.name)} | {key(a) for a in e.aliases}) & reporters
        ]
    )
