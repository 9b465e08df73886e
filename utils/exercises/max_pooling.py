"""Exercise checkers of section 5.1.2 (max pooling); each answers in Korean with a Feedback.

The expected answers are computed (with ``utils.ops``, ``utils.receptive_fields`` and
``utils.models``), never typed in, and the hints recognise the usual mistakes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.exercises.feedback import Feedback, compare, matches
from utils.ops import avg_pool2d, max_pool2d
from utils.receptive_fields import receptive_field, spatial_steps

#: The input of exercise 1 (a 4x4 feature map, one channel).
POOLING_GRID = np.array(
    [
        [1, 0, 2, 3],
        [4, 6, 6, 8],
        [3, 1, 1, 0],
        [1, 2, 2, 4],
    ],
    dtype=float,
)


def _pooled(kind: str, grid: np.ndarray, **kwargs: Any) -> np.ndarray:
    """``grid`` after max (``kind="max"``) or average pooling, by ``utils.ops``."""
    pool = max_pool2d if kind == "max" else avg_pool2d
    return pool(grid[None, :, :, None], **kwargs)[0, :, :, 0]


def check_max_pool(answer: Any) -> Feedback:
    """Exercise 1 (5.1.2): the 2x2 result of 2x2 max pooling with stride 2 on :data:`POOLING_GRID`."""
    expected = _pooled("max", POOLING_GRID)
    if matches(answer, _pooled("avg", POOLING_GRID)):
        return Feedback(False, "각 윈도우의 평균을 구했습니다. 최대 풀링은 윈도우마다 가장 큰 값 하나만 남깁니다.")
    if matches(answer, _pooled("max", POOLING_GRID, strides=1)):
        return Feedback(
            False, "윈도우를 한 칸씩(스트라이드 1) 옮겼습니다. 2×2 풀링은 보통 두 칸씩 옮겨서 겹치지 않게 나눕니다."
        )
    return compare(
        answer,
        expected,
        ok="4×4 입력을 겹치지 않는 2×2 윈도우 네 개로 나누고 각 윈도우의 최댓값을 골랐습니다.",
        hint="입력을 왼쪽 위, 오른쪽 위, 왼쪽 아래, 오른쪽 아래의 2×2 윈도우로 나누고, 각각에서 가장 큰 값을 "
        "같은 위치에 적어 2×2 배열을 만드세요.",
    )


def _dense_on_top(base_builder: Any, units: int = 512) -> tuple[int, int]:
    """(flattened size, weights of Dense(units) on top) for a conv base built by ``base_builder``."""
    flat = int(np.prod(base_builder().output_shape[1:]))
    return flat, flat * units + units


def check_dense_on_convnet_base(answer: Any) -> Feedback:
    """Exercise 2 (5.1.2): weights (kernel + bias) of Dense(512) on the flattened output of the 5.1 conv base."""
    from utils.models import build_convnet_base, build_no_pooling_base

    flat, expected = _dense_on_top(build_convnet_base)
    _, no_pool = _dense_on_top(build_no_pooling_base)
    if matches(answer, flat * 512):
        return Feedback(False, "가중치 행렬만 셌습니다. Dense 층에는 유닛마다 편향(bias)이 하나씩 더 있습니다.")
    if matches(answer, no_pool):
        return Feedback(
            False, "풀링 없는 모델의 숫자입니다. 5.1 모델의 마지막 특성 맵은 `model.summary()`에서 확인할 수 있습니다."
        )
    ratio = no_pool / expected
    return compare(
        answer,
        expected,
        ok=f"펼친 벡터의 길이 {flat:,}에 512를 곱하고 편향 512개를 더합니다. "
        f"풀링 없는 모델보다 약 {ratio:.0f}배 적습니다.",
        hint="5.1 모델의 합성곱 기반이 내놓는 특성 맵의 크기(높이 × 너비 × 채널)를 곱해 펼친 길이를 구하고, "
        "그 길이 × 512 + 512(편향)를 계산하세요.",
        atol=0.5,
    )


def _jump_first(steps: list[tuple[int, int]]) -> int:
    """The receptive field with the usual slip: ``j <- j * s`` before ``r <- r + (k - 1) * j`` in each layer."""
    r, j = 1, 1
    for window, stride in steps:
        j *= stride
        r += (window - 1) * j
    return r


def check_strided_receptive_field(answer: Any) -> Feedback:
    """Exercise 3 (5.1.2): receptive field of the third convolution in the strided model (3x3/1, 3x3/2, 3x3/2)."""
    from utils.models import build_convnet_base, build_no_pooling_base

    strided = build_convnet_base("strided")
    expected = receptive_field(strided)
    if matches(answer, _jump_first(spatial_steps(strided))) and not matches(answer, expected):
        return Feedback(
            False,
            "간격 `j`를 먼저 키운 다음 수용 영역을 더했습니다. 한 층의 수용 영역은 그 층에 들어오는 간격으로 "
            "넓어지고(`r ← r + (k − 1) × j`), 그 층의 스트라이드는 그다음에 다음 층의 간격만 키웁니다(`j ← j × s`). "
            "한 층 안에서는 `r`을 먼저, `j`를 나중에 바꾸세요.",
        )
    if matches(answer, receptive_field(build_no_pooling_base())):
        return Feedback(
            False,
            "스트라이드를 1로 보고 계산했습니다. 스트라이드 2인 층을 지나면 다음 층의 이웃한 유닛들이 입력에서 "
            "두 배 멀리 떨어집니다(간격 j가 2배).",
        )
    if matches(answer, receptive_field(build_convnet_base("max"))):
        return Feedback(False, "최대 풀링 모델의 값입니다. 스트라이드 합성곱 모델에는 풀링 층이 없습니다.")
    return compare(
        answer,
        expected,
        ok="3 → 3 + 2·1 = 5 → 5 + 2·2 = 9. 같은 층 수라도 스트라이드가 수용 영역을 키웁니다.",
        hint="아래층부터 차례로 `r ← r + (k − 1) × j`와 `j ← j × s`를 적용하세요(`r`: 수용 영역, `j`: 간격, "
        "`k`: 윈도우 크기, `s`: 스트라이드). 처음에는 `r = 1`, `j = 1`입니다.",
    )
