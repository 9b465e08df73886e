"""Summaries of runs over seeds (NumPy only): one row per model, and the course's one separation rule (5.1.1, 5.1.2)."""

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from utils.training import TrainResult

#: The quantities ``summarize`` aggregates over seeds, in table order (attributes of TrainResult).
METRICS = ("evaluated_train_acc", "test_acc", "gap", "seconds_per_epoch")


def group_by_model(records: Sequence["TrainResult"]) -> dict[str, list["TrainResult"]]:
    """The runs of each model (one per seed), models in the order they first appear (5.1.2)."""
    return {name: [r for r in records if r.name == name] for name in dict.fromkeys(r.name for r in records)}


def summarize(records: Sequence["TrainResult"]) -> list[dict[str, Any]]:
    """One row per model (5.1.2): ``name``, ``params``, ``n_seeds``, ``<metric>_mean/_std/_min/_max`` over seeds."""
    rows = []
    for name, runs in group_by_model(records).items():
        row: dict[str, Any] = {"name": name, "params": runs[0].params, "n_seeds": len(runs)}
        for metric in METRICS:
            values = [float(getattr(run, metric)) for run in runs]
            std = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0  # sample standard deviation
            row |= {f"{metric}_mean": float(np.mean(values)), f"{metric}_std": std}
            row |= {f"{metric}_min": min(values), f"{metric}_max": max(values)}
        rows.append(row)
    return rows


#: The course's one separation rule (stated in the appendix "측정 방법"): a chance below this is "beyond the seeds".
LEVEL = 0.05


def needed_leads(n_seeds: int, level: float = LEVEL) -> int | None:
    """How many of ``n_seeds`` paired seeds one model must lead in for the rule to call it ahead, or None.

    The sign test: if the two models were equally good, each seed would be a coin toss; the rule asks
    for a count of leads that coin tosses reach with probability below ``level`` (5 seeds: all 5;
    11 seeds: 9 or more). None: no count is that rare (4 seeds or fewer) (5.1.1, 5.1.2, the appendix).
    """
    return next((k for k in range(1, n_seeds + 1) if sign_test_chance(k, n_seeds) < level), None)


def sign_test_chance(leads: int, n_seeds: int) -> float:
    """The chance that fair coin tosses give ``leads`` or more of ``n_seeds`` the same way (the appendix)."""
    return sum(math.comb(n_seeds, k) for k in range(leads, n_seeds + 1)) / 2**n_seeds


def paired_verdict(differences: Sequence[float], level: float = LEVEL) -> str:
    """``a - b`` per seed (same seed, same data) -> ``"ahead"``, ``"behind"`` or ``"undecided"`` (5.1.1, 5.1.2).

    ``"ahead"``: ``a`` leads in at least :func:`needed_leads` seeds, so the difference is larger than the
    seeds' spread; ``"behind"``: the same the other way round; ties count for neither.
    """
    values = [float(d) for d in differences]
    if any(math.isnan(v) for v in values):
        raise ValueError(f"differences must be numbers; got {values}")
    needed = needed_leads(len(values), level)
    if needed is not None and sum(v > 0 for v in values) >= needed:
        return "ahead"
    if needed is not None and sum(v < 0 for v in values) >= needed:
        return "behind"
    return "undecided"
