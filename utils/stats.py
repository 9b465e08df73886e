"""Summaries of 5.1.2's runs over seeds (NumPy only): one row per model, and whether two models' ranges overlap."""

from collections.abc import Mapping, Sequence
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


def summary_row(summary: Sequence[Mapping[str, Any]], name: str) -> Mapping[str, Any]:
    """The row of model ``name`` in a :func:`summarize` result (5.1.2)."""
    for row in summary:
        if row["name"] == name:
            return row
    raise KeyError(f"no model named {name!r} in the summary; have {[row['name'] for row in summary]}")


def mean_curve(records: Sequence["TrainResult"], name: str, key: str = "accuracy") -> np.ndarray:
    """Per-epoch ``history[key]`` of model ``name``, averaged over its seeds (5.1.2)."""
    return np.mean([record.history[key] for record in records if record.name == name], axis=0)


def within_noise(a: Mapping[str, Any], b: Mapping[str, Any], metric: str = "test_acc") -> bool | None:
    """Whether two summary rows' min–max ranges of ``metric`` over seeds overlap; None with one seed only (5.1.2)."""
    if a["n_seeds"] < 2 or b["n_seeds"] < 2:
        return None
    return a[f"{metric}_min"] <= b[f"{metric}_max"] and b[f"{metric}_min"] <= a[f"{metric}_max"]


def verdict(a: Mapping[str, Any], b: Mapping[str, Any], metric: str = "test_acc") -> str | None:
    """Does row ``a`` exceed row ``b`` in ``metric`` beyond the seeds' spread (5.1.2)?

    ``"decided"`` (the ranges do not overlap, ``a`` higher), ``"reversed"`` (apart, ``b`` higher),
    ``"open"`` (they overlap), or None with one seed only.
    """
    noise = within_noise(a, b, metric)
    if noise is None:
        return None
    if noise:
        return "open"
    return "decided" if a[f"{metric}_mean"] > b[f"{metric}_mean"] else "reversed"
