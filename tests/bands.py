"""Thresholds for trained numbers, from their measured spread over seeds (the suite's checks of every chapter).

A trained model's accuracy moves with the seed, and the same seed moves a little between processors.
So no check compares a trained number with a typed constant: ``make spread`` (``benchmarks/seed_spread.py``)
trains every checked model at the settings the runs use, with many seeds, into
``benchmarks/seed_spread.json``, and each check's band comes from it:

    low  = min(mean - 4 sd, lowest seed observed)  - setup margin
    high = max(mean + 4 sd, highest seed observed) + setup margin     (accuracies clipped to [0, 1])

The setup margin is the largest change of one seed's result between numerically different TensorFlow
set-ups on one machine (one intra-op thread, oneDNN off), for that quantity, or for an accuracy the
largest such change of any accuracy. 5.1.2's book budget (60,000 images, 5 epochs) has its own job,
``benchmarks/book_budget.py``, read the same way.

A backend with no spread of its own at some settings (PyTorch, which is not installed here; JAX at the
book's budget) is held to the measured backends' band there, widened by the difference of means between
TensorFlow and JAX for that quantity (``cross_backend_margin``): at the same settings where both were
measured there, else the largest at any settings. Two backends draw different random numbers from one seed
and compute in other orders; a third differs by as much. Where no backend was measured there is no band,
and a check fails (:class:`UnmeasuredError`): nothing passes by finding nothing to check. Every band keeps
clear of the two breakages the spread job measures next to it (``BREAKAGES``: tests/test_bands.py), or the
quantity is not checked at those settings (``CHECKED``).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Any

from scripts.paths import REPO
from utils.settings import N_TRAIN

SPREAD_FILE = REPO / "benchmarks" / "seed_spread.json"
BOOK_FILE = REPO / "benchmarks" / "book-budget.json"
SIGMAS = 4
SETUP_VARIANTS = ("tf-full-one-thread", "tf-full-onednn-off")
BACKENDS = ("tensorflow", "jax")  # the backends measured here
BOOK_BUDGET = (N_TRAIN, 5)


class CalibrationError(AssertionError):
    """A trained number fell outside the band measured over seeds at the same settings."""


class UnmeasuredError(AssertionError):
    """No spread was measured at the settings a run used: its trained numbers cannot be checked."""


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
    source: str = ""  # where it was measured, for messages

    @property
    def is_accuracy(self) -> bool:
        return self.quantity.endswith("_acc") or "_shift_" in self.quantity

    @property
    def low(self) -> float:
        low = min(self.mean - SIGMAS * self.sd, self.lowest) - self.margin
        return max(0.0, low) if self.is_accuracy else low

    @property
    def high(self) -> float:
        high = max(self.mean + SIGMAS * self.sd, self.highest) + self.margin
        return min(1.0, high) if self.is_accuracy else high

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@functools.cache
def load_spread() -> dict[str, Any]:
    return json.loads(SPREAD_FILE.read_text(encoding="utf-8"))


def settings_of(job: dict[str, Any]) -> tuple[str, str, int, int]:
    """(experiment, backend, training images, epochs) of a seed-spread job."""
    size = N_TRAIN if job["train_size"] is None else job["train_size"]
    return job["experiment"], job["backend"], size, job["epochs"]


def find_job(experiment: str, backend: str, n_train: int, epochs: int) -> dict[str, Any] | None:
    """The seed-spread job at these settings (the default numerical set-up), or None."""
    for job in load_spread()["jobs"].values():
        if settings_of(job) == (experiment, backend, n_train, epochs) and not job["environment"]:
            return job
    return None


@functools.cache
def book_budget_quantities() -> dict[str, dict[str, Any]]:
    """5.1.2's book-budget runs (benchmarks/book_budget.py) as a seed-spread job's quantities, on TensorFlow."""
    from benchmarks.seed_spread import quantities

    job = json.loads(BOOK_FILE.read_text(encoding="utf-8"))
    per_seed: dict[str, dict[str, float]] = {}
    for seed, entry in job["seeds"].items():
        for run in entry["runs"]:
            train, test = run["evaluated_train_acc"], run["test_acc"]
            values = {"test_acc": test, "train_acc": train, "gap": train - test}
            per_seed.setdefault(seed, {}).update({f"{run['name']}_{k}": v for k, v in values.items()})
    return quantities({"per_seed": per_seed})


def measured_breakages(experiment: str, n_train: int, epochs: int) -> list[tuple[str, dict[str, Any]]]:
    """Each breakage measured at these settings, on any backend, as (name, its quantities): the seed-spread jobs'
    and, at the book's budget, benchmarks/book_budget.py's. The harmless inputs measured beside them are left out."""
    from benchmarks.seed_spread import BREAKAGES, quantities

    found = []
    for backend in BACKENDS:
        job = find_job(experiment, backend, n_train, epochs)
        found += [(n, b) for n, b in (job or {}).get("breakages", {}).items() if n in BREAKAGES]
    if (experiment, n_train, epochs) == ("pooling", *BOOK_BUDGET):
        book = json.loads(BOOK_FILE.read_text(encoding="utf-8")).get("breakages", {})
        found += [(name, quantities(b)) for name, b in book.items()]
    return found


def measured(experiment: str, backend: str, n_train: int, epochs: int) -> tuple[dict[str, Any], str] | None:
    """The quantities measured at these settings on this backend, and where; None where nothing was."""
    if (experiment, backend, n_train, epochs) == ("pooling", "tensorflow", *BOOK_BUDGET):
        return book_budget_quantities(), "benchmarks/book-budget.json"
    job = find_job(experiment, backend, n_train, epochs)
    if job is None:
        return None
    name = next(n for n, j in load_spread()["jobs"].items() if j is job)
    return job["quantities"], f"seed_spread.json job {name}"


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


@functools.cache
def cross_backend_margin(
    experiment: str, quantity: str, n_train: int | None = None, epochs: int | None = None
) -> float:
    """|TensorFlow mean - JAX mean| of ``quantity`` at these settings where both were measured there, else the
    largest such difference over every setting both were measured at."""
    found = {}
    for job in load_spread()["jobs"].values():
        exp, backend, size, n_epochs = settings_of(job)
        if exp != experiment or backend != "jax" or job["environment"] or quantity not in job["quantities"]:
            continue
        tf = find_job(experiment, "tensorflow", size, n_epochs)
        if tf is not None and quantity in tf["quantities"]:
            difference = abs(job["quantities"][quantity]["mean"] - tf["quantities"][quantity]["mean"])
            found[(size, n_epochs)] = difference
    if not found:
        raise UnmeasuredError(f"{quantity} ({experiment}) was never measured on both TensorFlow and JAX")
    return found.get((n_train, epochs), max(found.values()))


def _own(experiment: str, quantity: str, backend: str, n_train: int, epochs: int) -> Band | None:
    found = measured(experiment, backend, n_train, epochs)
    if found is None or quantity not in found[0]:
        return None
    q, source = found[0][quantity], found[1]
    margin = setup_margin(quantity) if backend == "tensorflow" else 0.0
    return Band(quantity, q["mean"], q["sd"], q["min"], q["max"], len(q["per_seed"]), margin, source)


def band(experiment: str, quantity: str, *, backend: str, n_train: int, epochs: int) -> Band:
    """The band of ``quantity`` at these settings on ``backend``; :class:`UnmeasuredError` where there is none."""
    own = _own(experiment, quantity, backend, n_train, epochs)
    if own is not None:
        return own
    others = [b for b in (_own(experiment, quantity, other, n_train, epochs) for other in BACKENDS) if b is not None]
    if not others:
        raise UnmeasuredError(
            f"{quantity}: no spread was measured at {n_train:,} images x {epochs} epochs ({experiment}) on any "
            "backend: add a job to benchmarks/seed_spread.py, or run at measured settings"
        )
    low, high = min(b.low for b in others), max(b.high for b in others)
    margin = cross_backend_margin(experiment, quantity, n_train, epochs)
    source = f"{backend} has no spread of its own here: " + ", ".join(b.source for b in others)
    return Band(quantity, (low + high) / 2, 0.0, low, high, min(b.n_seeds for b in others), margin, source)


def expect(experiment: str, quantity: str, value: float, *, backend: str, n_train: int, epochs: int) -> Band:
    """Check ``value`` against its band (else :class:`CalibrationError` or :class:`UnmeasuredError`); return it."""
    value = float(value)
    if math.isnan(value):
        raise CalibrationError(f"{quantity} is NaN: training diverged")
    found = band(experiment, quantity, backend=backend, n_train=n_train, epochs=epochs)
    if not found.contains(value):
        raise CalibrationError(
            f"{quantity} = {value:.4f} is outside [{found.low:.4f}, {found.high:.4f}], the band measured over "
            f"{found.n_seeds} seeds at the same settings ({found.source}; mean {found.mean:.4f}, sd {found.sd:.4f}): "
            "check the preprocessing, the model and the labels"
        )
    return found


def full_band(experiment: str, quantity: str) -> Band:
    """The band at the notebooks' stored settings on TensorFlow (5.1: all images, 5 epochs; 5.1.2: the CPU budget)."""
    from utils.settings import BUDGETS

    cpu = BUDGETS["cpu"]
    n_train, epochs = {"convnet_dense": BOOK_BUDGET, "pooling": (cpu.train_size, cpu.epochs)}[experiment]
    return band(experiment, quantity, backend="tensorflow", n_train=n_train, epochs=epochs)
