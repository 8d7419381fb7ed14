"""Online story clustering: each article, in turn, joins the story it fits best or starts one.

A later article is compared with the stories already formed (their founder and latest articles)
and joins one or starts its own, without recomputing the rest. Articles that share text (reuse)
belong to one story. User decisions (split, merge) come in as pinned labels and win over
similarity. After placing, a bounded window of the stories just touched is re-clustered
(regroup.py): a story whose articles form two groups is split, two that are one event merge.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crosswire.records import Membership
from crosswire.stories.features import TOP_TERMS, Features
from crosswire.stories.similarity import Sample, Signals, day_number, signals

# Tuned on ECB+ dev topics with even numbers; odd topics held out (benchmarks/stories.py).
JOIN_SIMILARITY = 0.08  # average similarity to a story's articles above which one joins it
RECENT_MEMBERS = 5  # a story's founder and its latest articles stand for it (bounds the cost)
MAX_CANDIDATES = 8  # stories scored per article, those sharing most index terms
SHOWN_NAMES = 5  # shared names a membership shows
SIGNALS_KEPT = 3000  # articles whose signals stay at hand: the re-clustering window and more


SNAPSHOT_VERSION = 1  # of `Clustering.snapshot`; a kept state of another version is set aside


@dataclass(slots=True)
class StoryState:
    id: str
    members: list[str] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)
    label: str | None = None  # a user's pinned label (split/merge)
    sample: Sample = field(default_factory=Sample)  # its founder and latest articles
    pending: list[str] | None = None  # the sample's articles, when restored and not yet needed


class _Idf(dict[str, float]):
    """Inverse document frequency of terms under the statistics of `docs` documents, memoised."""

    def __init__(self, df: Counter[str], docs: int) -> None:
        super().__init__()
        self.df, self.docs = df, docs

    def __missing__(self, term: str) -> float:
        value = self[term] = math.log((self.docs + 1) / (1 + self.df[term])) + 1.0
        return value


@dataclass(slots=True)
class Clustering:
    """The stories so far, with what is needed to place the next article."""

    stories: dict[str, StoryState] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)  # documents per term (names as "@name")
    docs: int = 0
    # Index term -> stories indexed under it (as kept: a sorted list, until a story is added).
    index: dict[str, set[str] | list[str]] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # articles in the order they were placed
    touched: set[str] = field(default_factory=set)  # stories joined, started or nearly joined

    # Features of articles placed by an earlier run, by id (a restored state loads only those
    # it needs: a story's sample when an article is compared with it, a touched story's members).
    loader: Callable[[Sequence[str]], Mapping[str, Features]] | None = None

    # The state this one was restored from (`restored`), and what changed since: a snapshot
    # takes the rest as it was (a run adding 1,000 articles to 100,000 changes a few stories).
    _kept: Mapping[str, Any] | None = None
    _dirty: set[str] = field(default_factory=set)  # stories enrolled in, started or rebuilt
    _dirty_terms: set[str] = field(default_factory=set)  # index terms added to

    _idf: _Idf = field(default_factory=lambda: _Idf(Counter(), -1))
    _signals: OrderedDict[str, Signals] = field(default_factory=OrderedDict)
    _tops: dict[str, list[str]] = field(default_factory=dict)

    def idf(self, terms: Iterable[str]) -> list[float]:
        """Each term's inverse document frequency, in order (memoised while the document count
        stays the same)."""
        if self._idf.docs != self.docs:
            self._idf = _Idf(self.df, self.docs)
        return list(map(self._idf.__getitem__, terms))

    def signals(self, feats: Features) -> Signals:
        """The article's signals under the statistics of the moment; the latest SIGNALS_KEPT
        are kept (a story's sample keeps its own), so memory follows the window, not the store."""
        found = self._signals.get(feats.id)
        if found is None:
            names = self.idf(map("@".__add__, feats.names))  # (names' statistics: "@name")
            found = signals(feats, self.idf(feats.terms), names)
            self._signals[feats.id] = found
            if len(self._signals) > SIGNALS_KEPT:
                self._signals.popitem(last=False)
        return found

    def _top_terms(self, feats: Features) -> list[str]:
        """The terms an article is indexed under: its heaviest in its own vector."""
        top = self._tops.get(feats.id)
        if top is None:
            vector = self.signals(feats).terms
            if len(vector) > TOP_TERMS:  # only the heaviest few are sorted (ties by term)
                least = heapq.nlargest(TOP_TERMS, vector.values())[-1]
                vector = {t: v for t, v in vector.items() if v >= least}
            top = self._tops[feats.id] = sorted(vector, key=lambda t: (-vector[t], t))[:TOP_TERMS]
        return top

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
        self.touched.add(membership.story)
        self.enrol(self.stories[membership.story], feats)
        self.story_of[feats.id] = membership.story
        self.memberships[feats.id] = membership
        self.order.append(feats.id)
        return membership

    def enrol(self, story: StoryState, feats: Features) -> None:
        """Add an article to what stands for a story: its names, dates, sample and index."""
        self._dirty.add(story.id)
        story.members.append(feats.id)
        story.names.update(feats.names)
        if feats.date:
            story.dates.append(feats.date)
        sample = self.sample(story)
        if len(sample.members) >= RECENT_MEMBERS:
            sample.drop(1)  # the founder stays, the oldest of the rest goes
        sample.add(self.signals(feats))
        self.index_under(story, feats)

    def index_under(self, story: StoryState, feats: Features) -> None:
        """Index the story under the article's top terms."""
        for term in self._top_terms(feats):
            held = self.index.get(term)
            if isinstance(held, set):
                held.add(story.id)
            else:  # (a term no story had, or as kept)
                self.index[term] = {*(held or ()), story.id}
            self._dirty_terms.add(term)

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
        best_score = -math.inf
        for story_id in self._candidates(feats):
            story = self.stories[story_id]
            score = self._score(feats, story)
            if score >= JOIN_SIMILARITY:
                self.touched.add(story_id)  # one it bridges to: re-clustering may merge them
            if score > best_score:
                best, best_score = story, score
        if best is not None and best_score >= JOIN_SIMILARITY:
            names, gap = self._shared(feats, best)
            return Membership(feats.id, best.id, "joined", round(best_score, 3), names, gap)
        story = self._new(feats.id, None)
        shown = round(max(best_score, 0.0), 3)
        return Membership(feats.id, story.id, "started", shown, (), None)

    def _new(self, founder: str, label: str | None) -> StoryState:
        story = StoryState(id=story_id(founder), label=label)
        self.stories[story.id] = story
        self._dirty.add(story.id)
        return story

    def _candidates(self, feats: Features) -> list[str]:
        """Stories sharing the most index terms with the article, the best few (a pinned story
        takes no article by similarity)."""
        hits: Counter[str] = Counter()
        for term in self._top_terms(feats):
            hits.update(self.index.get(term, ()))
        ranked = sorted(hits, key=lambda s: (-hits[s], s))
        open_ = [s for s in ranked if s in self.stories and self.stories[s].label is None]
        return open_[:MAX_CANDIDATES]  # (a story re-clustering emptied is gone)

    def _score(self, feats: Features, story: StoryState) -> float:
        """The article's average similarity to the articles that stand for the story."""
        return self.sample(story).mean_similarity(self.signals(feats), floor=JOIN_SIMILARITY)

    def sample(self, story: StoryState) -> Sample:
        """The story's sample, its signals made now if it was restored without them."""
        if story.pending is not None:
            assert self.loader is not None, "a restored story needs a loader of features"
            found = self.loader(story.pending)
            story.sample = Sample()
            for article in story.pending:
                story.sample.add(self.signals(found[article]))
            story.pending = None
        return story.sample

    def put(self, story: StoryState) -> None:
        """Set a story's state (re-clustering rebuilt it)."""
        self.stories[story.id] = story
        self._dirty.add(story.id)

    def snapshot(self) -> dict[str, Any]:
        """The state of the clustering as JSON-able values (see `restored`): term statistics,
        the placing order, each story's members, names, dates and sample, and the index.

        Restored from a kept state, the stories and index terms nothing changed are taken as
        they were kept (an index term may then still list a story re-clustering emptied:
        `_candidates` passes over stories that are gone)."""
        kept = self._kept
        kept_stories = kept["stories"] if kept is not None else {}
        stories = {
            sid: kept_stories[sid]
            if sid in kept_stories and sid not in self._dirty
            else _story_snapshot(s)
            for sid, s in sorted(self.stories.items())
        }
        if kept is None:
            index = {
                t: sorted(x for x in ids if x in self.stories)
                for t, ids in sorted(self.index.items())
                if any(x in self.stories for x in ids)
            }
        else:
            index = dict(kept["index"])
            for t in sorted(self._dirty_terms):
                index[t] = sorted(x for x in self.index[t] if x in self.stories)
        return {
            "version": SNAPSHOT_VERSION,
            "docs": self.docs,
            "df": dict(self.df),
            "order": self.order,
            "stories": stories,
            "index": index,
        }

    @classmethod
    def restored(
        cls,
        state: Mapping[str, Any],
        memberships: Mapping[str, Membership],
        loader: Callable[[Sequence[str]], Mapping[str, Features]],
    ) -> Clustering:
        """A clustering as `snapshot` left it; nothing is computed until needed."""
        c = cls(loader=loader, _kept=state)
        c.docs = int(state["docs"])
        c.df = Counter(state["df"])
        c.order = list(state["order"])
        for sid, s in state["stories"].items():
            c.stories[sid] = StoryState(
                id=sid,
                members=list(s["members"]),
                names=Counter(s["names"]),
                dates=list(s["dates"]),
                label=s["label"],
                pending=list(s["sample"]),
            )
            for article in s["members"]:
                c.story_of[article] = sid
        c.index = dict(state["index"])  # (lists, each made a set when a story is added)
        c.memberships = {a: memberships[a] for a in c.order}
        return c

    def _shared(self, feats: Features, story: StoryState) -> tuple[tuple[str, ...], int | None]:
        """The names the article shares with the story (the most used first), and how many
        days lie between it and the story's nearest date."""
        shared = [n for n in feats.names if n in story.names]
        top = tuple(sorted(shared, key=lambda n: (-feats.names[n], n))[:SHOWN_NAMES])
        return top, _days_apart(feats.date, story.dates)


def sample_ids(members: Sequence[str]) -> list[str]:
    """The articles standing for a story of these members (in placing order), as `enrol`
    leaves its sample: the founder and the latest RECENT_MEMBERS - 1."""
    return [*members[:1], *members[1:][-(RECENT_MEMBERS - 1) :]]


def _story_snapshot(s: StoryState) -> dict[str, Any]:
    return {
        "members": s.members,
        "names": dict(sorted(s.names.items())),
        "dates": s.dates,
        "label": s.label,
        "sample": s.pending if s.pending is not None else [m.id for m in s.sample.members],
    }


def story_id(seed: str) -> str:
    """A stable story id from what founded it (its first article, or the articles split off)."""
    return "story-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


def _days_apart(date: str | None, dates: Sequence[str]) -> int | None:
    mine = day_number(date)
    theirs = [d for d in map(day_number, dates) if d is not None]
    if mine is None or not theirs:
        return None
    return min(abs(mine - d) for d in theirs)


def placing_order(feats: Features, content: str) -> tuple[str, str]:
    """Where an article comes in the placing order: by date, and within a date (or with none)
    by a hash of its text, so neither its id nor its file name decides (ids often carry the
    topic, and a feed's articles of one topic often arrive together)."""
    return (feats.date or "", hashlib.sha1(content.encode("utf-8")).hexdigest())


def cluster(
    feats: Sequence[Features],
    links: Mapping[str, Iterable[str]] | None = None,
    pins: Mapping[str, str] | None = None,
    placed: Mapping[str, Membership] | None = None,
    contents: Mapping[str, str] | None = None,
    state: Mapping[str, Any] | None = None,
    loader: Callable[[Sequence[str]], Mapping[str, Features]] | None = None,
) -> Clustering:
    """Place articles in the placing order (see `placing_order`; `contents` gives each article's
    text, else its id is hashed). Articles in `placed` (an earlier run's, or a user's split and
    merge) are restored first; the others join or start a story, then the stories they touched
    are re-clustered (a user's decisions are never undone).

    Given the `state` an earlier run left (`Clustering.snapshot`) and a `loader` of the features
    of the articles it placed, only the new articles need `feats`: the state is taken as it is,
    and features are loaded only for the samples compared and the stories touched."""
    from crosswire.stories.regroup import regroup

    links, pins, placed = links or {}, pins or {}, placed or {}
    texts = contents or {}
    if state is not None and loader is not None:
        clustering = Clustering.restored(state, placed, loader)
        fresh = [f for f in feats if f.id not in clustering.story_of]
    else:
        clustering, fresh = Clustering(), list(feats)
    for f in fresh:  # the batch's term statistics first: early decisions need them as much
        clustering.count(f)
    ordered = sorted(fresh, key=lambda f: placing_order(f, texts.get(f.id, f.id)))
    for f in ordered:
        if f.id in placed:
            clustering.restore(f, placed[f.id], counted=True)
    clustering.touched.clear()  # restoring touches nothing: only new articles do
    for f in ordered:
        if f.id not in placed:
            clustering.add(f, links.get(f.id, ()), pins.get(f.id), counted=True)
    fixed = {a for a, m in placed.items() if m.fixed} | set(pins)
    known: Mapping[str, Features] = {f.id: f for f in feats}
    if state is not None and loader is not None:  # the window's, and only theirs, loaded
        known = _Loaded(dict(known), loader, clustering.story_of)
    regroup(clustering, clustering.touched, known, links, fixed)
    return clustering


class _Loaded(Mapping[str, Features]):
    """Features at hand, and those of any placed article, loaded when first asked for."""

    def __init__(
        self,
        have: dict[str, Features],
        loader: Callable[[Sequence[str]], Mapping[str, Features]],
        placed: Mapping[str, str],
    ) -> None:
        self.have, self.loader, self.placed = have, loader, placed

    def __getitem__(self, article: str) -> Features:
        if article not in self.have:
            if article not in self.placed:
                raise KeyError(article)
            self.have.update(self.loader([article]))
        return self.have[article]

    def __contains__(self, article: object) -> bool:
        return article in self.have or article in self.placed

    def __iter__(self) -> Iterator[str]:
        return iter(self.placed)

    def __len__(self) -> int:
        return len(self.placed)
