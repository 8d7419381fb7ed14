"""Online story clustering: each article, in order, joins the story it fits best or starts one.

Stories already formed are never recomputed: a later article is compared with them and joins one
or starts its own. Articles that share text (reuse) belong to one story. User decisions (split,
merge) come in as pinned labels and win over similarity.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from crosswire.stories.features import TOP_TERMS, Features, weighted

# Tuned on ECB+ topics 1-20 (benchmarks/stories.py): two similar events per topic.
JOIN_SIMILARITY = 0.25  # combined score above which an article joins a story
NAME_WEIGHT = 0.3  # weight of shared proper names in the combined score
MAX_GAP_DAYS = 10  # dated articles further apart than this from a story rarely continue it
GAP_PENALTY = 0.3
YEAR_PENALTY = 0.1  # the article and the story name no year in common: likely another event
KEY_NAMES = 8  # names of an article compared with a story's
MIN_KEY_NAMES = 3  # an article naming this many, none of them in a story, is another event
MATURE_STORY = 5  # members after which a story knows its main names...
LEAD_NAME_USES = 3  # ...so an article naming someone else this often is another event
CENTROID_SHARE = 0.5  # the rest of the text score is the nearest single member's
RECENT_MEMBERS = 5  # members compared one by one (bounds the cost of big stories)
MAX_CANDIDATES = 8  # stories scored per article, those sharing most index terms


@dataclass(slots=True)
class StoryState:
    id: str
    members: list[str] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)
    label: str | None = None  # a user's pinned label (split/merge)
    recent: list[dict[str, float]] = field(default_factory=list)  # last members' vectors
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member vectors
    norm2: float = 0.0  # squared length of the centroid, kept as members come
    years: Counter[int] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an article is in its story."""

    article: str
    story: str
    how: str  # "started", "joined", "reuse", "pinned"
    similarity: float
    shared_names: tuple[str, ...]
    days_apart: int | None


@dataclass(slots=True)
class Clustering:
    """The stories so far, with what is needed to place the next article."""

    stories: dict[str, StoryState] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)  # documents per term, for IDF
    docs: int = 0
    index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    memberships: dict[str, Membership] = field(default_factory=dict)

    _idf_memo: dict[str, float] = field(default_factory=dict)
    _idf_docs: int = -1
    _current: tuple[str, dict[str, float]] = ("", {})

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """Inverse document frequency (memoised while the document count stays the same)."""
        if self._idf_docs != self.docs:
            self._idf_memo, self._idf_docs = {}, self.docs
        memo, n = self._idf_memo, self.docs + 1
        out = {}
        for t in terms:
            if t not in memo:
                memo[t] = math.log(n / (1 + self.df[t])) + 1.0
            out[t] = memo[t]
        return out

    def _vector(self, feats: Features) -> dict[str, float]:
        """The article's TF-IDF vector, computed once while it is being placed."""
        if self._current[0] != feats.id:
            self._current = (feats.id, weighted(feats.terms, self.idf(feats.terms)))
        return self._current[1]

    def _top_terms(self, feats: Features) -> list[str]:
        """The terms an article is indexed under: its heaviest in its own vector."""
        vector = self._vector(feats)
        return sorted(vector, key=lambda t: (-vector[t], t))[:TOP_TERMS]

    def count(self, feats: Features) -> None:
        """Add an article to the term statistics (before placing it, or a batch ahead)."""
        self.docs += 1
        self.df.update(feats.terms.keys())
        self.df.update(f"@{n}" for n in feats.names)

    def add(
        self,
        feats: Features,
        linked: Iterable[str] = (),
        pinned: str | None = None,
        counted: bool = False,
    ) -> Membership:
        """Place one article; `linked` are articles it shares text with, `pinned` a user label,
        `counted` that `count` has already seen it."""
        if not counted:
            self.count(feats)
        return self._attach(feats, self._place(feats, linked, pinned))

    def restore(self, feats: Features, membership: Membership, counted: bool = False) -> None:
        """Put back an article placed by an earlier run, as it was: it is not placed again."""
        if not counted:
            self.count(feats)
        if membership.story not in self.stories:
            self.stories[membership.story] = StoryState(id=membership.story)
        self._attach(feats, membership)

    def _attach(self, feats: Features, membership: Membership) -> Membership:
        story = self.stories[membership.story]
        story.members.append(feats.id)
        story.names.update(feats.names)
        if feats.date:
            story.dates.append(feats.date)
        vector = self._vector(feats)
        story.recent = [*story.recent[-(RECENT_MEMBERS - 1) :], vector]
        for term, x in vector.items():
            old = story.centroid.get(term, 0.0)
            story.centroid[term] = old + x
            story.norm2 += (old + x) ** 2 - old * old
        story.years.update(feats.years)
        for term in self._top_terms(feats):
            self.index[term].add(story.id)
        self.story_of[feats.id] = story.id
        self.memberships[feats.id] = membership
        return membership

    def _place(self, feats: Features, linked: Iterable[str], pinned: str | None) -> Membership:
        if pinned is not None:
            story = next((s for s in self.stories.values() if s.label == pinned), None)
            if story is None:
                story = self._new(feats.id, pinned)
            return Membership(feats.id, story.id, "pinned", 1.0, (), None)
        for other in sorted(linked):
            if other in self.story_of:
                story = self.stories[self.story_of[other]]
                if story.label is None:
                    return Membership(feats.id, story.id, "reuse", 1.0, (), None)
        best: StoryState | None = None
        best_score = 0.0
        detail: tuple[tuple[str, ...], int | None] = ((), None)
        for story_id in self._candidates(feats):
            story = self.stories[story_id]
            score, names, gap = self._score(feats, story)
            if score > best_score:
                best, best_score, detail = story, score, (names, gap)
        if best is not None and best_score >= JOIN_SIMILARITY:
            return Membership(feats.id, best.id, "joined", round(best_score, 3), *detail)
        story = self._new(feats.id, None)
        return Membership(feats.id, story.id, "started", round(best_score, 3), (), None)

    def _new(self, founder: str, label: str | None) -> StoryState:
        story = StoryState(id=story_id(founder), label=label)
        self.stories[story.id] = story
        return story

    def _key_names(self, feats: Features) -> dict[str, float]:
        """The article's most telling names, weighted: often used in it, rare elsewhere."""
        weights = {
            n: (1.0 + math.log(c)) * (math.log((self.docs + 1) / (1 + self.df[f"@{n}"])) + 1.0)
            for n, c in feats.names.items()
        }
        top = sorted(weights, key=lambda n: (-weights[n], n))[:KEY_NAMES]
        return {n: weights[n] for n in top}

    def _candidates(self, feats: Features) -> list[str]:
        """Stories sharing the most index terms with the article, the best few."""
        hits: Counter[str] = Counter()
        for term in self._top_terms(feats):
            hits.update(self.index.get(term, ()))
        return sorted(hits, key=lambda s: (-hits[s], s))[:MAX_CANDIDATES]

    def _score(
        self, feats: Features, story: StoryState
    ) -> tuple[float, tuple[str, ...], int | None]:
        a = self._vector(feats)
        centroid = _cosine(a, story.centroid) / (math.sqrt(story.norm2) or 1.0)
        nearest = max(_cosine(a, m) for m in story.recent)
        cosine = CENTROID_SHARE * centroid + (1 - CENTROID_SHARE) * nearest
        names = self._key_names(feats)
        shared = [n for n in names if n in story.names]
        total = sum(names.values()) or 1.0
        name_share = sum(names[n] for n in shared) / total
        if len(names) >= MIN_KEY_NAMES and not shared:
            return 0.0, (), None
        lead = next(iter(names), None)
        if (
            lead is not None
            and len(story.members) >= MATURE_STORY
            and feats.names[lead] >= LEAD_NAME_USES
            and lead not in story.names
        ):
            return 0.0, (), None
        gap = _days_apart(feats.date, story.dates)
        penalty = GAP_PENALTY if gap is not None and gap > MAX_GAP_DAYS else 0.0
        if feats.years and story.years and not feats.years & story.years.keys():
            penalty += YEAR_PENALTY
        top = tuple(sorted(shared, key=lambda n: (-feats.names[n], n))[:5])
        return cosine + NAME_WEIGHT * name_share - penalty, top, gap


def story_id(seed: str) -> str:
    """A stable story id from what founded it (its first article, or the articles split off)."""
    return "story-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _days_apart(date: str | None, dates: Sequence[str]) -> int | None:
    if not date or not dates:
        return None
    from datetime import date as day

    def parse(value: str) -> day | None:
        try:
            return day.fromisoformat(value[:10])
        except ValueError:
            return None

    mine = parse(date)
    theirs = [d for d in (parse(x) for x in dates) if d is not None]
    if mine is None or not theirs:
        return None
    return min(abs((mine - d).days) for d in theirs)


def cluster(
    feats: Sequence[Features],
    links: Mapping[str, Iterable[str]] | None = None,
    pins: Mapping[str, str] | None = None,
    placed: Mapping[str, Membership] | None = None,
) -> Clustering:
    """Place articles in order (oldest first, then by id). Articles in `placed` (an earlier
    run's, or a user's split and merge) keep their story; the others join or start one."""
    clustering = Clustering()
    links, pins, placed = links or {}, pins or {}, placed or {}
    for f in feats:  # the batch's term statistics first: early decisions need them as much
        clustering.count(f)
    ordered = sorted(feats, key=lambda f: (f.date or "", f.id))
    for f in ordered:
        if f.id in placed:
            clustering.restore(f, placed[f.id], counted=True)
    for f in ordered:
        if f.id not in placed:
            clustering.add(f, links.get(f.id, ()), pins.get(f.id), counted=True)
    return clustering
