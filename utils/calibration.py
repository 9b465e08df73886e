"""Thresholds for trained numbers, derived from their measured spread over seeds (all chapters).

A trained model's accuracy moves with the seed, and the same seed moves a little between
processors (Intel or AMD, oneDNN on or off). So no check compares a trained number with a
typed constant: ``benchmarks/seed_spread.py`` trains every model at the notebooks' settings
with many seeds and stores the results in ``utils/measured/seed_spread.json`` (package data,
so a plain ``pip install`` has it too), and this module derives each check's band from it:

    low  = min(mean - 4 sd, lowest seed observed)  - setup margin
    high = max(mean + 4 sd, highest seed observed) + setup margin

The setup margin is the largest change of one seed's result between numerically different
TensorFlow set-ups on one machine (one intra-op thread instead of all, oneDNN off), measured
for that quantity, or for an accuracy the largest such change of any measured accuracy.

:func:`expect` enforces the band only at settings whose spread was measured (backend, number
of training images, epochs). At any other settings nothing fails: where an accuracy falls
below what the full settings give, one Korean sentence says so and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from utils.measurements import SEED_SPREAD, read_measurement
from utils.settings import N_TRAIN, Settings

SIGMAS = 4
SPREAD_FILE = f"measured/{SEED_SPREAD}"
FULL = {"convnet_dense": (N_TRAIN, 5), "pooling": (10_000, 3)}  # the notebooks' default settings

#: Korean names of the accuracies a note may mention.
LABELS = {
    "convnet_test_acc": "컨브넷의 테스트 정확도",
    "dense_test_acc": "완전 연결 네트워크의 테스트 정확도",
    "max_test_acc": "최대 풀링 모델의 테스트 정확도",
    "avg_test_acc": "평균 풀링 모델의 테스트 정확도",
    "strided_test_acc": "스트라이드 합성곱 모델의 테스트 정확도",
    "no_pool_test_acc": "풀링 없는 모델의 테스트 정확도",
}


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
    margin: float = 0.0  # how far one seed moved between numerically different set-ups

    @property
    def low(self) -> float:
        return min(self.mean - SIGMAS * self.sd, self.lowest) - self.margin

    @property
    def high(self) -> float:
        return max(self.mean + SIGMAS * self.sd, self.highest) + self.margin

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def load_spread() -> dict[str, Any]:
    """The measured file, read once from the installed package."""
    return read_measurement(SEED_SPREAD)


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


def band(experiment: str, quantity: str, *, backend: str, n_train: int, epochs: int) -> Band | None:
    """The band of ``quantity`` at these settings, or None where its spread was not measured."""
    job = _job(experiment, backend, n_train, epochs)
    if job is None or quantity not in job["quantities"]:
        return None
    q = job["quantities"][quantity]
    margin = setup_margin(quantity) if backend == "tensorflow" else 0.0
    return Band(quantity, q["mean"], q["sd"], q["min"], q["max"], len(q["per_seed"]), margin)


def full_band(experiment: str, quantity: str) -> Band:
    """The band at the notebooks' default settings on TensorFlow (the prose quotes it)."""
    n_train, epochs = FULL[experiment]
    found = band(experiment, quantity, backend="tensorflow", n_train=n_train, epochs=epochs)
    if found is None:
        raise KeyError(f"{SPREAD_FILE} has no measurement of {quantity!r} for {experiment!r} at the default settings")
    return found


def per_seed(experiment: str, quantity: str) -> dict[int, float]:
    """The per-seed values behind :func:`full_band` (for tables and figures in the prose)."""
    n_train, epochs = FULL[experiment]
    job = _job(experiment, "tensorflow", n_train, epochs)
    if job is None:
        raise KeyError(f"{SPREAD_FILE} has no {experiment!r} job at the default settings")
    return {int(seed): value for seed, value in job["quantities"][quantity]["per_seed"].items()}


def expect(experiment: str, quantity: str, value: float, settings: Settings) -> bool:
    """Check ``value`` against its measured band; return whether the settings were calibrated.

    Calibrated settings: outside the band raises :class:`CalibrationError` (something is broken).
    Other settings: never raises; prints one Korean sentence when an accuracy is below the
    band of the default settings (small settings give lower accuracy, which is no bug).
    """
    value = float(value)
    if math.isnan(value):
        raise CalibrationError(f"{quantity} is NaN: training diverged")
    found = band(experiment, quantity, backend=settings.backend, n_train=settings.n_train, epochs=settings.epochs)
    if found is not None:
        if not found.contains(value):
            raise CalibrationError(
                f"{quantity} = {value:.4f}: 같은 설정에서 시드 {found.n_seeds}개로 측정한 범위 "
                f"[{found.low:.4f}, {found.high:.4f}] (평균 {found.mean:.4f}, 표준편차 {found.sd:.4f}) 밖입니다. "
                "전처리나 모델, 레이블이 잘못되지 않았는지 확인하세요."
            )
        return True
    n_train, epochs = FULL[experiment]
    reference = band(experiment, quantity, backend="tensorflow", n_train=n_train, epochs=epochs)
    if quantity in LABELS and reference is not None and value < reference.lowest:
        reduced = (settings.n_train, settings.epochs) != FULL[experiment]
        why = (
            "데이터나 에포크를 줄이면 정확도가 낮아지는 것이 정상이며 오류가 아닙니다."
            if reduced
            else f"백엔드({settings.backend})나 장치가 다르면 난수와 계산 순서가 달라 결과도 조금 달라집니다."
        )
        print(
            f"참고: 지금 설정(훈련 이미지 {settings.n_train:,}개, {settings.epochs} 에포크)에서 "
            f"{LABELS[quantity]}는 {value:.4f}로, TensorFlow 기본 설정에서 시드 {reference.n_seeds}개로 측정한 "
            f"범위({reference.lowest:.4f}~{reference.highest:.4f})보다 낮습니다. {why}"
        )
    return False


#: Jobs that repeat the default TensorFlow job with a numerically different set-up.
SETUP_VARIANTS = ("tf-full-one-thread", "tf-full-onednn-off")


def setup_shifts() -> dict[str, float]:
    """Per quantity, the largest same-seed change between the default TensorFlow job and its variants.

    The variants change only the floating-point path on the same processor (one intra-op thread
    instead of all: sums split differently; oneDNN off), as another processor would.
    """
    jobs = load_spread()["jobs"]
    base = jobs.get("tf-full", {}).get("quantities", {})
    shifts: dict[str, float] = {}
    for name in SETUP_VARIANTS:
        for quantity, q in jobs.get(name, {}).get("quantities", {}).items():
            same = base[quantity]["per_seed"]
            moved = max(abs(value - same[seed]) for seed, value in q["per_seed"].items())
            shifts[quantity] = max(shifts.get(quantity, 0.0), moved)
    return shifts


def setup_margin(quantity: str) -> float:
    """The setup margin of ``quantity``: its own measured shift, else (accuracies) the largest accuracy shift."""
    shifts = setup_shifts()
    if quantity in shifts:
        return shifts[quantity]
    accuracies = [v for k, v in shifts.items() if k.endswith("_acc")]
    return max(accuracies) if quantity.endswith("_acc") and accuracies else 0.0


def setup_shift(quantity: str) -> float:
    """How far one seed's ``quantity`` moved between set-ups (5.1 quotes it); 0 where not measured."""
    return setup_shifts().get(quantity, 0.0)
