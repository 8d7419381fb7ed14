"""Every reader and the cleaner, fuzzed with a small budget: whatever the bytes, no exception
(benchmarks/fuzz.py runs the same targets with a large one)."""

from __future__ import annotations

import pytest
from fuzzing import TARGETS
from hypothesis import HealthCheck, given, settings

BUDGET = 25  # examples per target here


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_readers_and_cleaner_never_raise(target: str) -> None:
    run, inputs = TARGETS[target]

    @settings(
        max_examples=BUDGET,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(inputs)
    def check(data: bytes) -> None:
        run(data)

    check()
