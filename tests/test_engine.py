"""The engine: steps with stats, executors, and one pipeline under the local and Ray executors
(issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire.engine.executors import LocalExecutor, executor_named
from crosswire.engine.pipeline import clean_batch
from crosswire.engine.steps import PIPELINE, Resources, Step, run_batch
from crosswire.errors import CrosswireError
from crosswire.ingest.common import make_document
from crosswire.records import Failure
from crosswire.settings import Settings


def _halve(items: list[int], resources: Resources) -> list[int | Failure]:
    if 7 in items:
        raise ValueError("seven is odd here")
    return [i // 2 for i in items]


def _name(item: int) -> str:
    return f"item {item}"


HALVE: Step[int, int] = Step("halve", "numbers", "halves", _halve, batch_size=4, names=_name)


def test_a_failing_item_fails_alone_and_is_counted_as_dropped() -> None:
    results, stats = run_batch(HALVE, [4, 7, 10])
    assert results[0] == 2 and results[2] == 5
    assert isinstance(results[1], Failure)
    assert results[1].source == "item 7"
    assert results[1].reason == "halve failed: ValueError: seven is odd here"
    assert (stats.step, stats.items_in, stats.items_out) == ("halve", 3, 2)
    assert stats.dropped == {"halve failed": 1}
    assert stats.seconds >= 0


@pytest.mark.parametrize("processes", [1, 2])
def test_the_local_executor_keeps_input_order_and_sums_stats(processes: int) -> None:
    seen: list[int] = []
    results, stats = LocalExecutor(processes).map(HALVE, list(range(20)), seen.append)
    assert [r for r in results if not isinstance(r, Failure)] == [
        i // 2 for i in range(20) if i != 7
    ]
    assert isinstance(results[7], Failure)
    assert (stats.items_in, stats.items_out, sum(seen)) == (20, 19, 20)  # progress by item


def test_cleaning_failures_name_the_document_and_spare_the_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import crosswire.engine.pipeline as pipeline

    docs = [
        make_document(f"Headline {i}\n\n" + "A sentence of the body text. " * 20,
                      f"in/d{i}.txt", f"d{i}", "text", Settings())
        for i in range(3)
    ]  # fmt: skip
    real = pipeline.prepare

    def fragile(doc):  # type: ignore[no-untyped-def]
        if doc.id == "d1":
            raise UnicodeError("broken page")
        return real(doc)

    monkeypatch.setattr(pipeline, "prepare", fragile)
    articles, failures, stats = clean_batch(docs, LocalExecutor(1))
    assert [a.id for a in articles] == ["d0", "d2"]
    assert [(f.source, f.reason) for f in failures] == [
        ("in/d1.txt", "cleaning failed: UnicodeError: broken page")
    ]
    assert [(s.step, s.items_in, s.items_out) for s in stats] == [
        ("clean: extract", 3, 2),
        ("clean: classify", 2, 2),
    ]


def test_unknown_executor_is_an_error() -> None:
    with pytest.raises(CrosswireError, match="unknown executor"):
        executor_named("spark")


def test_run_prints_each_steps_stats_in_pipeline_order(tmp_path: Path, seeds_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crosswire.cli", "run", str(seeds_dir), "--out", str(tmp_path),
         "--stats"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [line.split()[0] for line in done.stderr.splitlines()[1:] if line.strip()]
    steps = [r for r in rows if r in PIPELINE or r == "clean:"]
    whole = ["load", "stories", "findings", "analyse", "report", "publish"]
    assert steps == ["clean:", "clean:", *whole]


def test_ray_executor_gives_byte_identical_stories(tmp_path: Path, seeds_dir: Path) -> None:
    """A local Ray instance started by the run: the same stories.json as the local executor."""
    pytest.importorskip("ray")
    env = {**os.environ, "RAY_ADDRESS": ""}
    outputs = []
    for name in ("local", "ray"):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "crosswire.cli", "run", str(seeds_dir), "--out", str(out),
             "--executor", name],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
        outputs.append((out / "stories.json").read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"articles"' in outputs[0]


def test_a_storys_findings_key_follows_its_articles_text_and_metadata() -> None:
    from dataclasses import replace

    from crosswire.clean import clean_one
    from crosswire.engine.jobs import findings_key
    from crosswire.stories import Story

    doc = make_document("Headline\n\n" + "A sentence of the body. " * 30, "in/a.txt", "a", "text",
                        Settings())  # fmt: skip
    article = clean_one(doc)
    story = Story("s", "Headline", ("a",), (("a",),), (), (), None, None)
    key = findings_key(story, {"a": article})
    retitled = replace(article, meta=replace(article.meta, title="Another"))
    assert findings_key(story, {"a": retitled}) != key
    assert findings_key(story, {"a": replace(article, body=article.body + " More.")}) != key
    assert findings_key(story, {"a": replace(article, blocks=())}) == key  # not an input
    assert findings_key(replace(story, headline="Other"), {"a": article}) != key


def test_a_storys_line_key_follows_its_findings_key_memberships_and_reuse() -> None:
    """Issue 17: a kept stories.json line is used only while all it shows is as it was."""
    from dataclasses import replace

    from crosswire.engine.jobs import line_key
    from crosswire.records import Membership, Passage, Reuse
    from crosswire.stories import Story

    member = Membership("a", "s", "started", 1.0, (), None)
    pair = Reuse("a", "b", (Passage(0, 50, 0, 50),), "a", "opens", 0.5, 0.6)
    story = Story("s", "H", ("a", "b"), (("a", "b"),), (pair,), (member,), None, None)
    key = line_key(story, "f")
    assert line_key(story, "f") == key
    assert line_key(story, "g") != key
    assert line_key(replace(story, id="t"), "f") != key
    moved = replace(member, how="merged", reason="re-clustered")
    assert line_key(replace(story, members=(moved,)), "f") != key
    longer = pair._replace(passages=(Passage(0, 60, 0, 60),))
    assert line_key(replace(story, reuse=(longer,)), "f") != key
    assert line_key(replace(story, reuse=(pair._replace(origin="b"),)), "f") != key


def test_the_ray_executor_without_ray_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.engine.executors import RayUnavailable

    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    with pytest.raises(RayUnavailable, match=r"pip install 'crosswire\[ray\]'"):
        executor_named("ray")


def test_run_with_an_unknown_executor_is_a_usage_error(tmp_path: Path, seeds_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crosswire.cli", "run", str(seeds_dir), "--out", str(tmp_path),
         "--executor", "spark"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--executor spark: give local or ray" in done.stderr
    assert not (tmp_path / "stories.json").exists()
