"""utils.measurements: the measured summary the pages quote, in step with the measurement files, and its note."""

from __future__ import annotations

import json

import pytest

from utils.measurements import WHY_LOW, measured_range, note_if_low
from utils.measurements import summary as measured
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
        (Settings(seed=42, epochs=1, train_size=500, backend="tensorflow"), WHY_LOW["settings"]),
        (Settings(seed=42, epochs=5, train_size=None, backend="torch"), WHY_LOW["setup"]),
        (FULL, WHY_LOW[None]),
    ],
)
def test_a_low_accuracy_prints_its_numbers_then_one_whole_sentence(settings: Settings, why: str, capsys) -> None:
    note_if_low("convnet_dense", "convnet_test_acc", 0.29, settings)
    numbers, reason = capsys.readouterr().out.splitlines()
    found = measured_range("convnet_dense", "convnet_test_acc")
    assert numbers.startswith("참고:") and "0.2900" in numbers and f"{found.lowest:.4f}" in numbers, numbers
    assert reason == why
    note_if_low("convnet_dense", "convnet_test_acc", found.mean, settings)
    assert capsys.readouterr().out == ""


def test_the_book_budget_results_are_todays_models_over_five_seeds() -> None:
    """issue 30: the claims rest on the book's budget, on the models the page builds, with at least 5 seeds."""
    from benchmarks.seed_spread import pooling_builders

    book = measured()["book_budget"]
    rows = {row["name"]: row for row in book["rows"]}
    assert list(rows) == list(pooling_builders()) and book["backend"] == "tensorflow"
    assert {name: build().count_params() for name, build in pooling_builders().items()} == {
        name: row["params"] for name, row in rows.items()
    }, "a stored result carries today's name for an earlier model: rerun benchmarks/book_budget.py"
    assert all(row["n_seeds"] >= 5 for row in rows.values())
    assert book["recipe"] == {"train_size": None, "epochs": 5, "batch_size": 64, "optimizer": "rmsprop"}
    assert book["seeds"] == list(BUDGETS["book"].seeds)  # a GPU with BUDGET="book" runs the stored seeds
