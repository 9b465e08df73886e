"""utils.measurements: the measured summary the pages quote, in step with the measurement files, and its note."""

from __future__ import annotations

import json

import pytest

from utils.measurements import Range, book_budget_runs, measured_range, note_if_low, run_position, spread_rows
from utils.settings import BUDGETS, Settings

FULL = Settings(seed=42, epochs=5, train_size=None, backend="tensorflow")


def test_the_shipped_summary_is_made_from_the_measurement_files() -> None:
    from benchmarks.summary import OUT, summary

    assert json.loads(OUT.read_text(encoding="utf-8")) == summary(), "run python -m benchmarks.summary"


def test_ranges_are_the_seed_spread_at_the_default_settings() -> None:
    from bands import full_band

    found, band = measured_range("convnet_dense", "convnet_test_acc"), full_band("convnet_dense", "convnet_test_acc")
    assert (found.mean, found.lowest, found.highest, found.n_seeds) == (
        band.mean,
        band.lowest,
        band.highest,
        band.n_seeds,
    )
    pooling = measured_range("pooling", "max_test_acc")
    assert (found.n_train, found.epochs) == (60_000, 5)
    assert (pooling.n_train, pooling.epochs) == (BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs)


@pytest.mark.parametrize(
    ("settings", "why"),
    [
        (Settings(seed=42, epochs=1, train_size=500, backend="tensorflow"), "오류가 아닙니다"),
        (Settings(seed=42, epochs=5, train_size=None, backend="torch"), "백엔드(torch)"),
        (FULL, "범위 밖의 실행입니다"),
    ],
)
def test_a_low_accuracy_gets_one_korean_sentence(settings: Settings, why: str, capsys) -> None:
    note_if_low("convnet_dense", "convnet_test_acc", 0.29, settings)
    said = capsys.readouterr().out
    assert said.startswith("참고:") and "0.2900" in said and why in said and said.count("\n") == 1, said
    note_if_low("convnet_dense", "convnet_test_acc", measured_range("convnet_dense", "convnet_test_acc").mean, settings)
    assert capsys.readouterr().out == ""


def test_book_budget_runs_read_back_as_5_1_2_summarizes_them() -> None:
    from utils.stats import summarize

    rows = {row["name"]: row for row in summarize(book_budget_runs())}
    assert list(rows) == ["max", "avg", "strided", "no_pool", "dense"] and rows["max"]["n_seeds"] == 3
    assert rows["max"]["params"] == 93_322 and 0.9 < rows["max"]["test_acc_mean"] <= 1


def test_spread_rows_judge_the_jobs_seeds_as_a_page_judges_its_own() -> None:
    from utils.report import claim_verdict

    rows = spread_rows("convnet_dense", {"max": "convnet", "dense": "dense"})
    found = measured_range("convnet_dense", "dense_test_acc")
    assert rows[1] == {
        "name": "dense",
        "n_seeds": found.n_seeds,
        "test_acc_mean": found.mean,
        "test_acc_std": found.sd,
        "test_acc_min": found.lowest,
        "test_acc_max": found.highest,
    }  # no gap: the 5.1 job does not evaluate the dense network on its training data
    expected = "decided" if found.highest < rows[0]["test_acc_min"] else "open"
    assert claim_verdict(rows, "dense") == expected
    pooling = spread_rows("pooling", {"no_pool": "no_pool", "max": "max"})
    assert {"gap_min", "test_acc_max"} <= set(pooling[0]) and pooling[0]["n_seeds"] >= 3


def test_a_range_says_where_a_number_lies_and_by_how_many_sds() -> None:
    found = Range(mean=0.99, sd=0.001, lowest=0.988, highest=0.9915, n_seeds=11, n_train=60_000, epochs=5)
    assert found.position(0.99) == "시드 11개로 잰 범위(0.9880~0.9915) 안에 있습니다"
    above = found.position(0.9921)
    assert above.startswith("시드 11개로 잰 범위(0.9880~0.9915)보다 높습니다") and "표준편차의 2.1배 위" in above
    assert "표준편차의 3.0배 아래" in found.position(0.987)


def test_a_page_run_outside_its_range_is_called_so() -> None:
    low = measured_range("convnet_dense", "dense_test_acc").lowest - 0.001
    assert run_position("convnet_dense", "dense_test_acc", low, FULL).endswith("시드 범위 밖의 실행입니다")
    small = Settings(seed=42, epochs=1, train_size=500, backend="tensorflow")
    assert "견주지 않습니다" in run_position("convnet_dense", "dense_test_acc", low, small)


def test_every_notebook_peaks_under_the_memory_limit() -> None:
    """benchmarks/memory.json (make execute): each kernel's private peak at the stored settings, on TensorFlow."""
    from benchmarks.memory import LIMIT_MB, OUT
    from scripts.execute_notebooks import chapter_notebooks

    memory = json.loads(OUT.read_text(encoding="utf-8"))
    assert list(memory["notebooks"]) == [p.stem for p in chapter_notebooks()] and memory["backend"] == "tensorflow"
    peaks = {stem: run["peak_private_mb"] for stem, run in memory["notebooks"].items()}
    assert all(0 < peak < LIMIT_MB for peak in peaks.values()), peaks
    assert all(run["peak_rss_mb"] > run["peak_private_mb"] for run in memory["notebooks"].values())
    # where the resident peak (with TensorFlow's shared libraries) is over, the notebook ran to the end
    # inside a cgroup capped at the limit, as on Binder (python -m benchmarks.memory --under-limit)
    over = [stem for stem, run in memory["notebooks"].items() if run["peak_rss_mb"] >= LIMIT_MB]
    under = memory.get("under_limit", {"limit_mb": LIMIT_MB, "notebooks": {}})
    assert under["limit_mb"] == LIMIT_MB
    ran = {stem: under["notebooks"].get(stem, {}) for stem in over}
    assert all(run.get("finished") and run["oom_kills"] == 0 for run in ran.values()), ran
