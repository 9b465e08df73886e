"""utils.measurements: the measured summary the pages quote, in step with the measurement files, and its note."""

from __future__ import annotations

import json

import pytest

from utils.measurements import book_budget_runs, measured_range, note_if_low
from utils.settings import Settings

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
    assert (found.n_train, found.epochs) == (60_000, 5) and measured_range("pooling", "max_test_acc").n_train == 10_000


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
