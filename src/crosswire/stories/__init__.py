"""Stories: articles grouped by the event they report, online, each membership explained."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from crosswire.aside import Aside
from crosswire.heap import collector_paused
from crosswire.records import Article, Membership, Reuse
from crosswire.reuse import find_reuse, independent_origins
from crosswire.stories.features import Features, features
from crosswire.stories.online import SNAPSHOT_VERSION, Clustering, cluster
from crosswire.stories.similarity import day_number

__all__ = ["Membership", "Story", "build_stories"]

MIN_BODY_WORDS = 20  # an article with less text after cleaning joins no story


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    headline: str
    articles: tuple[str, ...]
    origins: tuple[tuple[str, ...], ...]
    reuse: tuple[Reuse, ...]
    members: tuple[Membership, ...]
    first: str | None  # earliest date among its articles
    last: str | None

    @property
    def span_days(self) -> int | None:
        """Days from its first article to its last (None when undated)."""
        first, last = day_number(self.first), day_number(self.last)
        return None if first is None or last is None else last - first


def build_stories(
    articles: Sequence[Article],
    pins: Mapping[str, str] | None = None,
    placed: Mapping[str, Membership] | None = None,
    reuse_of: Callable[[Sequence[Article]], list[Reuse]] = find_reuse,
    kept: KeptState | None = None,
) -> tuple[list[Story], dict[str, str]]:
    """Stories of a batch of articles, and the articles left out with the reason. Articles in
    `placed` keep the story an earlier run (or the user) gave them. `reuse_of` finds the reuse
    among the articles with text enough (an incremental finder, given the store's state).

    With `kept`, the clustering state an earlier run left is taken up when it still holds (every
    article it placed is placed so, none moved by the user since): features are made only for
    new articles and those the placing needs, not for the whole store; the state left by this
    run is kept for the next.

    The cyclic garbage collector is paused meanwhile (`heap.collector_paused`)."""
    with collector_paused():
        return _build_stories(articles, pins, placed, reuse_of, kept)


def _build_stories(
    articles: Sequence[Article],
    pins: Mapping[str, str] | None,
    placed: Mapping[str, Membership] | None,
    reuse_of: Callable[[Sequence[Article]], list[Reuse]],
    kept: KeptState | None,
) -> tuple[list[Story], dict[str, str]]:
    # Words up to the bar only (a store's every body split in full is seconds at 100,000).
    words = {a.id: len(a.body.split(maxsplit=MIN_BODY_WORDS)) for a in articles}
    usable = [a for a in articles if words[a.id] >= MIN_BODY_WORDS]
    left_out = {
        a.id: f"no usable text after cleaning ({words[a.id]} words)"
        for a in articles
        if words[a.id] < MIN_BODY_WORDS
    }
    by_id = {a.id: a for a in usable}
    state = kept.load() if kept is not None else None
    if state is not None and not _holds(state, placed or {}, by_id):
        state = None  # the store's memberships moved on (or the state is unreadable): restore
    earlier = set(state["order"]) if state is not None else set()
    fresh = [a for a in usable if a.id not in earlier]
    # The new articles' features are made aside (another core) while reuse is found (wanted
    # after it: reuse's own work set aside goes first).
    with Aside(features, fresh, later=True) as making:
        reuse = reuse_of(usable)
        made: dict[str, Features] = {f.id: f for f in making.results()}
    links: dict[str, list[str]] = defaultdict(list)
    for pair in reuse:
        links[pair.a].append(pair.b)
        links[pair.b].append(pair.a)

    def loader(ids: Sequence[str]) -> dict[str, Features]:
        for i in ids:
            if i not in made:
                made[i] = features(by_id[i])
        return {i: made[i] for i in ids}

    contents = {a.id: a.body for a in fresh}
    new = list(loader(list(contents)).values())
    result = cluster(new, links, pins, placed, contents, state, loader)
    if kept is not None:
        kept.save(result.snapshot())
    inside: dict[str, list[Reuse]] = defaultdict(list)  # each story's pairs, in one pass
    for pair in reuse:
        story = result.story_of.get(pair.a)
        if story is not None and story == result.story_of.get(pair.b):
            inside[story].append(pair)
    stories = [
        _story(s.id, s.members, by_id, inside[s.id], result) for s in result.stories.values()
    ]
    return sorted(stories, key=lambda s: (-len(s.articles), s.id)), left_out


class KeptState(Protocol):
    """Where the clustering state is kept between runs (the store)."""

    def load(self) -> dict[str, Any] | None: ...

    def save(self, state: dict[str, Any]) -> None: ...


def _holds(
    state: Mapping[str, Any], placed: Mapping[str, Membership], by_id: Mapping[str, Article]
) -> bool:
    """Whether a kept state is the store's: of this version, and each article it placed usable
    and in the story the store says (after a user's split or merge, it is not)."""
    try:
        if state.get("version") != SNAPSHOT_VERSION or not isinstance(state["docs"], int):
            return False
        if not isinstance(state["df"], dict) or not isinstance(state["index"], dict):
            return False
        for sid, story in state["stories"].items():
            if not _story_state(story):
                return False
            for article in story["members"]:
                m = placed.get(article)
                if m is None or m.story != sid or article not in by_id:
                    return False
        return len(state["order"]) == sum(1 for a in placed if a in by_id)
    except (KeyError, TypeError, AttributeError):  # not a state this code wrote
        return False


def _story_state(story: Any) -> bool:
    """Whether a kept story state has what `Clustering.restored` reads, of the right kinds."""
    kinds = {"members": list, "names": dict, "dates": list, "sample": list}
    return (
        isinstance(story, dict)
        and all(isinstance(story.get(k), t) for k, t in kinds.items())
        and (story.get("label") is None or isinstance(story.get("label"), str))
    )


def _story(
    story_id: str,
    members: list[str],
    by_id: Mapping[str, Article],
    reuse: Sequence[Reuse],  # the pairs inside the story, in the order found
    result: Clustering,
) -> Story:
    ids = sorted(members)
    pairs = tuple(reuse)
    dates = sorted(d for i in ids if (d := by_id[i].reference_date))
    return Story(
        id=story_id,
        headline=_headline(ids, by_id, pairs),
        articles=tuple(ids),
        origins=tuple(tuple(g) for g in independent_origins(ids, pairs)),
        reuse=pairs,
        members=tuple(result.memberships[i] for i in ids),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def _headline(ids: list[str], by_id: Mapping[str, Article], pairs: Sequence[Reuse]) -> str:
    """The headline of the article most reused by others, else of the earliest founding one."""
    origin_counts: dict[str, int] = defaultdict(int)
    for p in pairs:
        if p.origin:
            origin_counts[p.origin] += 1
    ranked = sorted(ids, key=lambda i: (-origin_counts[i], i))
    for article_id in ranked:
        if title := by_id[article_id].meta.title:
            return title
    return by_id[ranked[0]].body[:80]
