"""benchmarks/budget_grid.py: 5.1.2's CPU budget is chosen by time and validation accuracy, and it is the page's."""

from __future__ import annotations

import pytest

from benchmarks.budget_grid import choose, rows


def _grid(**budgets: tuple[float, list[float]]) -> dict:
    """budget -> (seconds of each seed, the 5.1 model's validation accuracy of each seed)."""
    out = {}
    for budget, (seconds, accuracies) in budgets.items():
        images, epochs = map(int, budget.removeprefix("b").split("x"))
        seeds = {
            str(s): {"seconds": seconds, "runs": [{"name": "max", "val_acc": acc}, {"name": "avg", "val_acc": 0.5}]}
            for s, acc in enumerate(accuracies)
        }
        out[f"{images}x{epochs}"] = {"train_size": images, "epochs": epochs, "seeds": seeds}
    return {"budgets": out}


def test_the_best_validation_accuracy_that_fits_the_slower_machine_is_chosen() -> None:
    table = rows(_grid(b10000x2=(50.0, [0.96, 0.97]), b20000x2=(80.0, [0.975, 0.981]), b30000x2=(95.0, [0.99, 0.99])))
    assert [r["budget"] for r in table] == ["10000x2", "20000x2", "30000x2"]  # fastest first
    assert table[1]["max_val_acc"] == pytest.approx(0.978)  # the "max" model's mean, not another model's
    assert choose(table, factor=2.0)["budget"] == "20000x2"  # 30000x2 takes 190 s there
    assert choose(table, factor=1.0)["budget"] == "30000x2"
    assert choose(table, factor=4.0) is None  # nothing fits


def test_ties_go_to_the_shorter_wait() -> None:
    table = rows(_grid(b10000x3=(70.0, [0.98, 0.98]), b15000x2=(60.0, [0.98, 0.98])))
    assert choose(table, factor=1.0)["budget"] == "15000x2"


def test_the_pages_cpu_budget_is_the_committed_grids_choice() -> None:
    """The measured choice (utils/measured/summary.json, from benchmarks/budget-grid.json) is what the page runs."""
    from utils.measurements import summary
    from utils.settings import BUDGETS

    grid = summary()["budget_grid"]
    chosen = next(r for r in grid["rows"] if r["budget"] == grid["chosen"])
    assert (chosen["train_size"], chosen["epochs"]) == (BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs)
    assert chosen["slow_seconds"] <= grid["limit_seconds"]
    assert chosen["max_val_acc"] >= 0.96, "issue 30: at least 96% (97% where a budget reaches it in time)"
    reaching = [r for r in grid["rows"] if r["slow_seconds"] <= grid["limit_seconds"] and r["max_val_acc"] >= 0.97]
    assert chosen["max_val_acc"] >= 0.97 or not reaching
