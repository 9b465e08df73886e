"""Summaries of repeated training runs over seeds (5.1.2); NumPy only, no TensorFlow or Keras.

``summarize`` turns the runs of ``utils.experiments.run_comparison`` into one row per model
(plain dicts, no pandas): mean and spread over seeds of train and test accuracy, their gap and
the seconds per epoch. ``within_noise`` says whether two models' ranges over seeds overlap,
the verdict every sentence of ``utils.report`` rests on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from utils.training import TrainResult

#: The quantities ``summarize`` aggregates over seeds, in table order (attributes of TrainResult).
METRICS = ("evaluated_train_acc", "test_acc", "gap", "seconds_per_epoch")


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean, sample standard deviation (0 for one value), min and max of ``values`` (5.1.2)."""
    return {
        "mean": float(np.mean(values)),
        "std": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
        "min": float(np.min(values)),
        "max": float(np.max(values)),
    }


def group_by_model(records: Sequence[TrainResult]) -> dict[str, list[TrainResult]]:
    """The runs of each model (one per seed), models in the order they first appear (5.1.2)."""
    by_name: dict[str, list[TrainResult]] = {}
    for record in records:
        by_name.setdefault(record.name, []).append(record)
    return by_name


def summarize(records: Sequence[TrainResult]) -> list[dict[str, Any]]:
    """One row per model, in the order the models first appear (5.1.2).

    Each row holds ``name``, ``params``, ``n_seeds`` and, for every metric in
    :data:`METRICS`, the keys ``<metric>_mean``, ``<metric>_std`` (sample standard
    deviation over seeds, 0 for a single seed), ``<metric>_min`` and ``<metric>_max``.
    """
    if not records:
        raise ValueError("no records to summarize")
    rows = []
    for name, runs in group_by_model(records).items():
        params = {run.params for run in runs}
        if len(params) != 1:
            raise ValueError(f"runs of {name!r} disagree on the parameter count: {sorted(params)}")
        row: dict[str, Any] = {"name": name, "params": params.pop(), "n_seeds": len(runs)}
        for metric in METRICS:
            for stat, value in spread([getattr(run, metric) for run in runs]).items():
                row[f"{metric}_{stat}"] = value
        rows.append(row)
    return rows


def summary_row(summary: Sequence[Mapping[str, Any]], name: str) -> Mapping[str, Any]:
    """The row of model ``name`` in a :func:`summarize` result (5.1.2)."""
    for row in summary:
        if row["name"] == name:
            return row
    raise KeyError(f"no model named {name!r} in the summary; have {[row['name'] for row in summary]}")


def mean_curve(records: Sequence[TrainResult], name: str, key: str = "accuracy") -> np.ndarray:
    """Per-epoch ``history[key]`` of model ``name``, averaged over its seeds (5.1.2)."""
    curves = [record.history[key] for record in records if record.name == name]
    if not curves:
        raise KeyError(f"no runs of {name!r}")
    return np.mean(np.asarray(curves, dtype=float), axis=0)


def within_noise(a: Mapping[str, Any], b: Mapping[str, Any], metric: str = "test_acc") -> bool | None:
    """Whether two summary rows' min–max ranges of ``metric`` over seeds overlap (5.1.2).

    ``None`` when either model ran with one seed only: then there is no spread to compare with.
    """
    if a["n_seeds"] < 2 or b["n_seeds"] < 2:
        return None
    return a[f"{metric}_min"] <= b[f"{metric}_max"] and b[f"{metric}_min"] <= a[f"{metric}_max"]
