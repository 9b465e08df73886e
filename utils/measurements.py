"""The measured numbers the pages quote, shipped with the package (5.1, 5.1.1, 5.1.2).

``measured/summary.json`` (``python -m benchmarks.summary``): each trained number's range over seeds
at the notebooks' default settings on TensorFlow, and 5.1.2's comparison at the book's budget on a GPU.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from utils.settings import Settings
    from utils.training import TrainResult

#: The accuracies a note may be about, in Korean.
LABELS = {
    "convnet_test_acc": "컨브넷의 테스트 정확도",
    "dense_test_acc": "완전 연결 네트워크의 테스트 정확도",
    "max_test_acc": "최대 풀링 모델의 테스트 정확도",
    "avg_test_acc": "평균 풀링 모델의 테스트 정확도",
    "strided_test_acc": "스트라이드 합성곱 모델의 테스트 정확도",
    "no_pool_test_acc": "풀링 없는 모델의 테스트 정확도",
}


@dataclass(frozen=True)
class Range:
    """One quantity's spread over seeds at a notebook's default settings on TensorFlow."""

    mean: float
    sd: float
    lowest: float
    highest: float
    n_seeds: int
    n_train: int
    epochs: int

    def sigmas(self, value: float) -> float:
        """How many standard deviations ``value`` lies above (positive) or below the mean."""
        return (value - self.mean) / self.sd if self.sd else math.copysign(math.inf, value - self.mean)

    def contains(self, value: float) -> bool:
        return self.lowest <= value <= self.highest

    def differs(self, settings: Settings) -> str | None:
        """What keeps a run at ``settings`` from this range: ``"settings"``, ``"setup"`` (backend, device) or None."""
        if (settings.n_train, settings.epochs) != (self.n_train, self.epochs):
            return "settings"
        return "setup" if settings.backend != "tensorflow" or settings.accelerator else None

    def position(self, value: float) -> str:
        """Where ``value`` lies against this range, in Korean, e.g. ``"범위(0.9892~0.9919)보다 높습니다 ..."`` (5.1)."""
        span = f"범위({self.lowest:.4f}~{self.highest:.4f})"
        if self.contains(value):
            return f"시드 {self.n_seeds}개로 잰 {span} 안에 있습니다"
        side, where = ("높습니다", "위") if value > self.highest else ("낮습니다", "아래")
        distance = f"평균보다 표준편차의 {abs(self.sigmas(value)):.1f}배 {where}입니다"
        return f"시드 {self.n_seeds}개로 잰 {span}보다 {side}. {distance}"


@functools.cache
def summary() -> dict[str, Any]:
    """``measured/summary.json``, read once."""
    return json.loads(importlib.resources.files("utils").joinpath("measured/summary.json").read_text("utf-8"))


def measured_range(experiment: str, quantity: str) -> Range:
    """The range of ``quantity`` of ``"convnet_dense"`` (5.1, 5.1.1) or ``"pooling"`` (5.1.2)."""
    job = summary()["ranges"][experiment]
    q = job["quantities"][quantity]
    return Range(q["mean"], q["sd"], q["min"], q["max"], q["n_seeds"], job["train_size"] or 60_000, job["epochs"])


def spread_rows(experiment: str, models: Mapping[str, str]) -> list[dict[str, Any]]:
    """A seed-spread job's ranges as :func:`utils.stats.summarize` rows; ``models``: name -> the job's prefix (5.1.2).

    Every metric the job measured for a model (``test_acc``, ``gap``) gets ``_mean``, ``_std``, ``_min``
    and ``_max``, so that ``utils.report.describe_claim`` judges the job's seeds as it judges a page's.
    """
    quantities = summary()["ranges"][experiment]["quantities"]
    rows = []
    for name, prefix in models.items():
        row: dict[str, Any] = {"name": name}
        for metric in ("test_acc", "gap"):
            if f"{prefix}_{metric}" in quantities:
                found = measured_range(experiment, f"{prefix}_{metric}")
                row |= {f"{metric}_mean": found.mean, f"{metric}_std": found.sd, "n_seeds": found.n_seeds}
                row |= {f"{metric}_min": found.lowest, f"{metric}_max": found.highest}
        rows.append(row)
    return rows


def note_if_low(experiment: str, quantity: str, value: float, settings: Settings) -> None:
    """Print one Korean sentence when an accuracy falls below its measured range, and why (5.1, 5.1.1, 5.1.2)."""
    found = measured_range(experiment, quantity)
    if value >= found.lowest:
        return
    differs = found.differs(settings)
    if differs == "settings":
        why = "데이터나 에포크를 줄이면 정확도가 낮아지는 것이 정상이며 오류가 아닙니다."
    elif differs == "setup":
        why = f"백엔드({settings.backend})나 장치가 다르면 난수와 계산 순서가 달라 결과도 조금 달라집니다."
    else:  # the same recipe: rare, but one run in a dozen falls outside a dozen seeds' range
        why = f"같은 설정에서 잰 평균보다 표준편차의 {-found.sigmas(value):.1f}배 낮은, 범위 밖의 실행입니다."
    print(
        f"참고: 지금 설정(훈련 이미지 {settings.n_train:,}개, {settings.epochs} 에포크)에서 {LABELS[quantity]}는 "
        f"{value:.4f}로, TensorFlow 기본 설정에서 시드 {found.n_seeds}개로 잰 범위"
        f"({found.lowest:.4f}~{found.highest:.4f})보다 낮습니다. {why}"
    )


def run_position(experiment: str, quantity: str, value: float, settings: Settings) -> str:
    """Where a page's own run lies against the range measured at its settings, or why it is not compared (5.1)."""
    found = measured_range(experiment, quantity)
    if found.differs(settings):
        return (
            f"훈련 이미지 {found.n_train:,}개, {found.epochs} 에포크, TensorFlow와 CPU에서 잰 범위와 설정이 달라 "
            "견주지 않습니다"
        )
    return found.position(value) + ("" if found.contains(value) else ". 같은 설정에서 잰 시드 범위 밖의 실행입니다")


def book_budget_runs() -> list[TrainResult]:
    """5.1.2's five models trained on a GPU at the book's budget, one result per model and seed (5.1.2)."""
    from utils.training import TrainResult

    keys = ("name", "params", "test_acc", "seed", "evaluated_train_acc")
    return [
        TrainResult(
            history={}, test_loss=float("nan"), epoch_seconds=[r["seconds_per_epoch"]], **{k: r[k] for k in keys}
        )
        for r in summary()["gpu"]["runs"]
    ]
