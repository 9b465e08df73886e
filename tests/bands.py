"""Thresholds for trained numbers, from their measured spread over seeds (the suite's checks of every chapter).

A trained model's accuracy moves with the seed, and the same seed moves a little between
processors. So no check compares a trained number with a typed constant: ``make spread``
(``benchmarks/seed_spread.py``) trains every checked model at the notebooks' settings with many
seeds into ``benchmarks/seed_spread.json``, and each check's band comes from it:

    low  = min(mean - 4 sd, lowest seed observed)  - setup margin
    high = max(mean + 4 sd, highest seed observed) + setup margin

The setup margin is the largest change of one seed's result between numerically different
TensorFlow set-ups on one machine (one intra-op thread, oneDNN off), for that quantity, or for an
accuracy the largest such change of any accuracy. Bands apply only at measured settings.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Any

from scripts.paths import REPO
from utils.settings import BUDGETS

SPREAD_FILE = REPO / "benchmarks" / "seed_spread.json"
SIGMAS = 4
N_TRAIN = 60_000
FULL = {"convnet_dense": (N_TRAIN, 5), "pooling": (BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs)}  # the defaults
SETUP_VARIANTS = ("tf-full-one-thread", "tf-full-onednn-off")


class CalibrationError(AssertionError):
    """A trained number fell outside the band measured over seeds at the same settings."""


@dataclass(frozen=True)
class Band:
    """The measured spread of one quantity over seeds, and the band a check allows."""

    quantity: str
    mean: float
    sd: float
    lowest: float
    highest: float
    n_seeds: int
    margin: float = 0.0

    @property
    def low(self) -> float:
        return min(self.mean - SIGMAS * self.sd, self.lowest) - self.margin

    @property
    def high(self) -> float:
        return max(self.mean + SIGMAS * self.sd, self.highest) + self.margin

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@functools.cache
def load_spread() -> dict[str, Any]:
    return json.loads(SPREAD_FILE.read_text(encoding="utf-8"))


def _job(experiment: str, backend: str, n_train: int, epochs: int) -> dict[str, Any] | None:
    for job in load_spread()["jobs"].values():
        size = N_TRAIN if job["train_size"] is None else job["train_size"]
        if (job["experiment"], job["backend"], size, job["epochs"], job["environment"]) == (
            experiment,
            backend,
            n_train,
            epochs,
            {},
        ):
            return job
    return None


def setup_shifts() -> dict[str, float]:
    """Per quantity, the largest same-seed change between the default TensorFlow job and its variants."""
    jobs = load_spread()["jobs"]
    base = jobs["tf-full"]["quantities"]
    shifts: dict[str, float] = {}
    for name in SETUP_VARIANTS:
        for quantity, q in jobs.get(name, {}).get("quantities", {}).items():
            if quantity.endswith("_seconds"):  # a time, not a trained number: no band
                continue
            same = base[quantity]["per_seed"]
            moved = max(abs(value - same[seed]) for seed, value in q["per_seed"].items())
            shifts[quantity] = max(shifts.get(quantity, 0.0), moved)
    return shifts


def setup_margin(quantity: str) -> float:
    """Its own measured shift, else (accuracies) the largest accuracy shift, else 0."""
    shifts = setup_shifts()
    if quantity in shifts:
        return shifts[quantity]
    accuracies = [v for k, v in shifts.items() if k.endswith("_acc")]
    return max(accuracies) if quantity.endswith("_acc") and accuracies else 0.0


def band(experiment: str, quantity: str, *, backend: str, n_train: int, epochs: int) -> Band | None:
    """The band of ``quantity`` at these settings, or None where its spread was not measured."""
    job = _job(experiment, backend, n_train, epochs)
    if job is None or quantity not in job["quantities"]:
        return None
    q = job["quantities"][quantity]
    margin = setup_margin(quantity) if backend == "tensorflow" else 0.0
    return Band(quantity, q["mean"], q["sd"], q["min"], q["max"], len(q["per_seed"]), margin)


def full_band(experiment: str, quantity: str) -> Band:
    """The band at the notebooks' default settings on TensorFlow."""
    n_train, epochs = FULL[experiment]
    found = band(experiment, quantity, backend="tensorflow", n_train=n_train, epochs=epochs)
    assert found is not None, f"no measurement of {quantity!r} for {experiment!r} at the default settings"
    return found


def expect(experiment: str, quantity: str, value: float, *, backend: str, n_train: int, epochs: int) -> bool:
    """Check ``value`` against its band; return whether these settings were measured.

    Measured settings: outside the band raises :class:`CalibrationError`. Others: nothing to check.
    """
    value = float(value)
    if math.isnan(value):
        raise CalibrationError(f"{quantity} is NaN: training diverged")
    found = band(experiment, quantity, backend=backend, n_train=n_train, epochs=epochs)
    if found is not None and not found.contains(value):
        raise CalibrationError(
            f"{quantity} = {value:.4f} is outside [{found.low:.4f}, {found.high:.4f}], the band measured over "
            f"{found.n_seeds} seeds at the same settings (mean {found.mean:.4f}, sd {found.sd:.4f}): "
            "check the preprocessing, the model and the labels"
        )
    return found is not None
