"""benchmarks.suite: where the suite's time goes, read from pytest's JUnit report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import suite

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="2" tests="6" time="12.5">
<testcase classname="chapters.5_1_2_max_pooling.ipynb" name="Cell 0" time="1.0"/>
<testcase classname="chapters.5_1_2_max_pooling.ipynb" name="Cell 29" time="8.0"/>
<testcase classname="tests.test_smoke" name="test_smoke_run[5_1_intro_convnets-jax]" time="2.0"/>
<testcase classname="tests.test_smoke" name="test_bad_parameters_stop_at_the_top[x]" time="0.5"/>
<testcase classname="tests.test_ops" name="test_a" time="0.25"/>
<testcase classname="tests.test_ops.TestPool" name="test_b" time="0.25"/>
</testsuite></testsuites>
"""


def test_units_are_notebooks_kinds_of_papermill_run_and_files(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(JUNIT, encoding="utf-8")
    summary = suite.summarise_junit(report)
    assert summary["units_s"] == {
        "nbval 5_1_2_max_pooling.ipynb": 9.0,
        "test_smoke::test_smoke_run": 2.0,
        "test_smoke::test_bad_parameters_stop_at_the_top": 0.5,
        "test_ops": 0.5,
    }
    assert (summary["tests"], summary["failures"], summary["skipped"], summary["pytest_s"]) == (6, 1, 2, 12.5)


def test_a_run_is_appended_and_bad_reports_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "times.json"
    for wall in (10.0, 30.0):
        suite.append(suite.record([{"wall_s": wall}], "x", 2, "pytest", "abc1234"), out)
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert [r["median_wall_s"] for r in runs] == [10.0, 30.0] and runs[0]["commit"] == "abc1234"
    assert not list(tmp_path.glob("*.tmp"))
    bad = tmp_path / "bad.xml"
    bad.write_text("<report/>", encoding="utf-8")
    with pytest.raises(ValueError, match="no <testsuite>"):
        suite.summarise_junit(bad)


def test_the_command_is_the_makefiles() -> None:
    makefile = (suite.REPO / "Makefile").read_text(encoding="utf-8")
    command = suite.pytest_command(2, Path("j.xml"))
    assert "PYTEST := $(PY) -m pytest -n $(TEST_WORKERS)\n" in makefile
    assert command[command.index("-n") :] == ["-n", "2"]
