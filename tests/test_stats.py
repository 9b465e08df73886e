"""utils.stats: summaries of 5.1.2's runs over seeds (plain numbers, no training)."""

from __future__ import annotations

import numpy as np
import pytest

from utils.stats import group_by_model, mean_curve, summarize, summary_row, within_noise


def test_summarize_means_spreads_and_order(make_run) -> None:
    rows = summarize([make_run("b", 0, 0.9, 0.8), make_run("a", 0, 1.0, 0.9), make_run("b", 1, 0.8, 0.6)])
    assert [r["name"] for r in rows] == ["b", "a"]
    b = rows[0]
    assert b["n_seeds"] == 2 and b["params"] == 10
    assert b["test_acc_mean"] == pytest.approx(0.7)
    assert b["test_acc_min"] == pytest.approx(0.6) and b["test_acc_max"] == pytest.approx(0.8)
    assert b["test_acc_std"] == pytest.approx(np.std([0.8, 0.6], ddof=1))
    assert b["evaluated_train_acc_mean"] == pytest.approx(0.85)
    assert b["gap_mean"] == pytest.approx(0.15)
    assert b["seconds_per_epoch_mean"] == pytest.approx(2.0)  # median of (3, 1, 2)
    assert rows[1]["test_acc_std"] == 0.0  # one seed
    assert summary_row(rows, "a") is rows[1]
    with pytest.raises(KeyError):
        summary_row(rows, "c")


def test_summarize_of_nothing_is_an_empty_table() -> None:
    assert summarize([]) == []


def test_group_by_model_keeps_the_order_models_first_appear(make_run) -> None:
    runs = [make_run("b", 0, 0.9, 0.8), make_run("a", 0, 1.0, 0.9), make_run("b", 1, 0.8, 0.6)]
    assert {name: [r.seed for r in rs] for name, rs in group_by_model(runs).items()} == {"b": [0, 1], "a": [0]}


def test_within_noise_compares_ranges_over_seeds(make_run) -> None:
    def rows(a_tests, b_tests):
        runs = [make_run("a", s, 0.99, t) for s, t in enumerate(a_tests)]
        return summarize(runs + [make_run("b", s, 0.98, t) for s, t in enumerate(b_tests)])

    overlap, apart, single = rows([0.97, 0.98], [0.965, 0.975]), rows([0.97, 0.98], [0.99, 0.995]), rows([0.97], [0.96])
    assert within_noise(*overlap) is True
    assert within_noise(*apart) is False
    assert within_noise(*single) is None


def test_mean_curve_over_seeds(make_run) -> None:
    runs = [make_run("a", 0, 0.9, 0.8), make_run("a", 1, 0.7, 0.6)]
    np.testing.assert_allclose(mean_curve([*runs, make_run("b", 0, 1.0, 1.0)], "a"), [0.5, 0.8])
