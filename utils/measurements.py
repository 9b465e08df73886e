"""The measured numbers the pages quote, shipped with the package (5.1, 5.1.1, 5.1.2).

``measured/summary.json`` (``python -m benchmarks.summary``): each trained number's range over seeds
at the notebooks' default settings on TensorFlow, and 5.1.2's comparison at the book's budget on a GPU.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from utils.settings import Settings

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


@functools.cache
def summary() -> dict[str, Any]:
    """``measured/summary.json``, read once."""
    return json.loads(importlib.resources.files("utils").joinpath("measured/summary.json").read_text("utf-8"))


def measured_range(experiment: str, quantity: str) -> Range:
    """The range of ``quantity`` of ``"convnet_dense"`` (5.1, 5.1.1) or ``"pooling"`` (5.1.2)."""
    from utils.settings import N_TRAIN

    job = summary()["ranges"][experiment]
    q = job["quantities"][quantity]
    return Range(q["mean"], q["sd"], q["min"], q["max"], q["n_seeds"], job["train_size"] or N_TRAIN, job["epochs"])


#: What a low accuracy means, one whole sentence per case (see :func:`note_if_low`).
WHY_LOW = {
    "settings": "데이터나 에포크를 줄이면 정확도가 낮아지는 것이 정상이며 오류가 아닙니다.",
    "setup": "백엔드나 장치가 다르면 난수와 계산 순서가 달라 결과도 조금 달라집니다.",
    None: "같은 설정에서도 드물게 나오는 결과입니다. 시드를 바꿔 다시 실행해 보세요.",
}


def note_if_low(experiment: str, quantity: str, value: float, settings: Settings) -> None:
    """Below the measured range: print the value against the range, then why (5.1, 5.1.1, 5.1.2).

    Two lines: the numbers (the learner's run, the range and the settings it was measured at), then one of
    :data:`WHY_LOW`'s sentences for why a run at these settings can fall below it.
    """
    found = measured_range(experiment, quantity)
    if value >= found.lowest:
        return
    print(
        f"참고: {LABELS[quantity]} {value:.4f} < {found.lowest:.4f} (TensorFlow, CPU, 훈련 이미지 {found.n_train:,}개, "
        f"{found.epochs} 에포크에서 시드 {found.n_seeds}개로 잰 범위 {found.lowest:.4f}~{found.highest:.4f}의 최솟값)"
    )
    print(WHY_LOW[found.differs(settings)])
