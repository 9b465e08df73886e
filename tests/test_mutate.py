"""scripts/mutate.py (make mutate) stays runnable, and its committed results show every breakage caught."""

from __future__ import annotations

import json

import pytest

from scripts.mutate import BREAKAGES, OUT
from scripts.paths import REPO


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.name)
def test_each_breakage_still_applies_to_the_tree(breakage) -> None:
    text = (REPO / breakage.path).read_text(encoding="utf-8")
    assert text.count(breakage.old) == 1, f"{breakage.path} no longer holds {breakage.old!r} once: update the breakage"
    assert breakage.new != breakage.old
    for test in breakage.tests:
        assert (REPO / test.split("::")[0]).is_file(), test


def test_every_breakage_was_caught_by_its_tests() -> None:
    """benchmarks/mutations.json, from the last ``make mutate``: each breakage turned at least one test red."""
    results = json.loads(OUT.read_text(encoding="utf-8"))["breakages"]
    assert set(results) == {b.name for b in BREAKAGES}, "run make mutate: the committed results miss a breakage"
    missed = {name: r for name, r in results.items() if not (r["caught"] and r["caught_by"])}
    assert not missed, missed


def test_make_test_and_ci_turn_hiding_skips_into_failures() -> None:
    """tests/strict.py: COURSE_STRICT=1 under the README's test command and in CI."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\tCOURSE_STRICT=1 $(PYTEST)\n" in makefile.split("\ntest:\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert "COURSE_STRICT=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
