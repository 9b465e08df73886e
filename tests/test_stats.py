"""utils.stats: summaries of runs over seeds and the course's one separation rule (plain numbers, no training)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from utils.stats import group_by_model, needed_leads, paired_verdict, summarize


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


def test_summarize_of_nothing_is_an_empty_table() -> None:
    assert summarize([]) == []


def test_group_by_model_keeps_the_order_models_first_appear(make_run) -> None:
    runs = [make_run("b", 0, 0.9, 0.8), make_run("a", 0, 1.0, 0.9), make_run("b", 1, 0.8, 0.6)]
    assert {name: [r.seed for r in rs] for name, rs in group_by_model(runs).items()} == {"b": [0, 1], "a": [0]}


def test_the_rule_asks_for_as_many_leads_as_coin_tosses_give_less_than_one_time_in_twenty() -> None:
    assert [needed_leads(n) for n in range(1, 13)] == [None, None, None, None, 5, 6, 7, 7, 8, 9, 9, 10]
    chance = {n: sum(math.comb(n, k) for k in range(needed_leads(n), n + 1)) / 2**n for n in range(5, 30)}
    assert all(p < 0.05 for p in chance.values()), chance
    below = {n: sum(math.comb(n, k) for k in range(needed_leads(n) - 1, n + 1)) / 2**n for n in range(5, 30)}
    assert all(p >= 0.05 for p in below.values()), below  # one lead fewer would not be that rare


@pytest.mark.parametrize(
    ("differences", "verdict"),
    [
        ([0.01] * 5, "ahead"),
        ([-0.001] * 5, "behind"),
        ([0.01] * 4 + [-0.01], "undecided"),  # 4 of 5: a coin does that 3 times in 16
        ([0.01] * 4 + [0.0], "undecided"),  # a tie counts for neither
        ([0.05] * 10 + [-0.03], "ahead"),  # 5.1.1's small training set: 10 of 11
        ([0.01, 0.02, 0.03], "undecided"),  # 3 seeds can never decide
    ],
)
def test_paired_verdict(differences: list[float], verdict: str) -> None:
    assert paired_verdict(differences) == verdict


def test_paired_verdict_refuses_nan() -> None:
    with pytest.raises(ValueError, match="numbers"):
        paired_verdict([0.1, float("nan"), 0.2, 0.1, 0.3])
