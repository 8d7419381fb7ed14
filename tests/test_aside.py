"""Work set aside in a forked process (issue 17): the same results as done here, whatever
becomes of the process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import crosswire.aside as aside
from crosswire.aside import Aside
from crosswire.engine import ingest
from crosswire.ingest import read_paths
from crosswire.settings import Settings
from crosswire.stories import build_stories

pytestmark = pytest.mark.skipif(not aside.can_fork(), reason="needs fork and two cores")
PARENT = os.getpid()


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_aside_results_come_from_another_process_in_order() -> None:
    with Aside(_square, list(range(2500)), worth=True) as job:
        assert job.aside
        found = job.results()
    assert [r for r, _ in found] == [n * n for n in range(2500)]
    assert {pid for _, pid in found} != {os.getpid()}  # made elsewhere
    assert not job.aside  # taken in: nothing left running


def test_aside_small_work_is_done_here() -> None:
    job = Aside(_square, [1, 2, 3])
    assert not job.aside
    assert job.results() == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def _fails_elsewhere(n: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("killed, say")
    return n + 1


def test_aside_process_that_fails_leaves_the_work_to_this_one() -> None:
    job = Aside(_fails_elsewhere, [1, 2, 3], worth=True)
    assert job.aside
    assert job.results() == [2, 3, 4]


def test_aside_results_too_large_for_their_room_are_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(aside, "BYTES_PER_ITEM", 8)
    job = Aside(_square, list(range(100)), worth=True)
    assert [r for r, _ in job.results()] == [n * n for n in range(100)]


def _slow(n: int) -> int:
    time.sleep(30)
    return n


def test_aside_left_unasked_is_stopped_on_leaving() -> None:
    start = time.perf_counter()
    with Aside(_slow, [1], worth=True) as job:
        pid = job._pid
        assert pid is not None
    assert time.perf_counter() - start < 10
    with pytest.raises(ChildProcessError):  # stopped and reaped: no process left behind
        os.waitpid(pid, os.WNOHANG)


def test_aside_story_building_gives_what_it_gives_in_one_process(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Features and half the shingles made aside: the same stories, reuse and memberships."""
    articles = ingest(read_paths([seeds_dir], Settings())).articles
    monkeypatch.setattr(aside, "LEAST", 2)
    spread, _ = build_stories(articles)
    monkeypatch.setattr(aside, "can_fork", lambda: False)
    here, _ = build_stories(articles)
    assert spread == here and spread[0].reuse


def test_aside_features_and_shingles_come_back_whole(seeds_dir: Path) -> None:
    """What work set aside returns is pickled flat: it must come back equal, words interned."""
    import pickle
    import sys

    import numpy as np

    from crosswire.reuse.detect import _shingled
    from crosswire.reuse.shingles import WordCodes
    from crosswire.stories.features import features

    for article in ingest(read_paths([seeds_dir], Settings())).articles:
        made = features(article)
        back = pickle.loads(pickle.dumps(made))
        assert back == made
        assert all(w is sys.intern(w) for w in (*back.terms, *back.names, *back.numbers))
        shingles, signature = _shingled(article.body, WordCodes())
        again, _ = pickle.loads(pickle.dumps((shingles, signature)))
        for field in ("sorted", "order", "quoted", "starts", "sizes"):
            assert np.array_equal(getattr(again, field), getattr(shingles, field))
            assert getattr(again, field).dtype == getattr(shingles, field).dtype
        assert again.span(0, 3) == shingles.span(0, 3)


def test_aside_without_room_or_process_does_the_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine short of memory (no shared room to map, no process to fork) runs the work in
    this process; the run goes on."""
    import mmap

    def refused(*args: object, **kwargs: object) -> object:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(mmap, "mmap", refused)
    job = Aside(_square, [1, 2], worth=True)
    assert not job.aside and job.results() == [(1, os.getpid()), (4, os.getpid())]
    monkeypatch.undo()
    monkeypatch.setattr(os, "fork", refused)
    job = Aside(_square, [3], worth=True)
    assert not job.aside and job.results() == [(9, os.getpid())]


def test_heap_collector_paused_over_story_building_and_on_again_after(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: whole-store steps run without the cyclic collector (full collections of a
    100,000-article heap were a quarter of a run adding 1,000), and it is on again after, even
    when the step fails; a pause inside a pause leaves it off."""
    import gc

    import crosswire.stories as stories_module
    from crosswire.heap import collector_paused

    articles = ingest(read_paths([seeds_dir], Settings())).articles
    seen: list[bool] = []
    real = stories_module.features

    def watching(article):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(article)

    monkeypatch.setattr(stories_module, "features", watching)
    assert gc.isenabled()
    build_stories(articles)
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a failing step")
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
