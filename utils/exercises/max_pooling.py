"""Exercise checkers of section 5.1.2 (max pooling): answers computed by the course's functions, hints in Korean."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from utils.exercises.feedback import Feedback, Measured, Prediction, check_choice, compare, measured_choice
from utils.ops import avg_pool2d, max_pool2d
from utils.receptive_fields import receptive_field, spatial_steps
from utils.stats import group_by_model

#: The input of exercise 1: a 4x4 feature map with one channel.
POOLING_GRID = np.array([[1, 0, 2, 3], [4, 6, 6, 8], [3, 1, 1, 0], [1, 2, 2, 4]], dtype=float)


def check_max_pool(answer: Any) -> Feedback:
    """Exercise 2: 2x2 max pooling with stride 2 turns :data:`POOLING_GRID` into ``[[6, 8], [3, 4]]``."""
    grid = POOLING_GRID[None, :, :, None]
    mean, sliding = avg_pool2d(grid)[0, :, :, 0], max_pool2d(grid, strides=1)[0, :, :, 0]
    slips = [
        (mean, "각 윈도우의 평균을 구했습니다. 최대 풀링은 윈도우마다 가장 큰 값 하나만 남깁니다."),
        (sliding, "윈도우를 한 칸씩(스트라이드 1) 옮겼습니다. 2×2 풀링은 보통 두 칸씩 옮겨서 겹치지 않게 나눕니다."),
    ]
    ok = "4×4 입력을 겹치지 않는 2×2 윈도우 네 개로 나누고 각 윈도우의 최댓값을 골랐습니다."
    hint = "입력을 왼쪽 위, 오른쪽 위, 왼쪽 아래, 오른쪽 아래의 2×2 윈도우로 나누고, 각각에서 가장 큰 값을 "
    hint += "같은 위치에 적어 2×2 배열을 만드세요."
    return compare(answer, max_pool2d(grid)[0, :, :, 0], ok=ok, hint=hint, slips=slips)


def check_dense_on_convnet_base(answer: Any) -> Feedback:
    """Exercise 3: Dense(512) on the flattened output of the 5.1 conv base has 576 * 512 + 512 weights."""
    from utils.models import build_convnet_base, build_no_pooling_base  # keras only when a checker runs

    flat, flat_no_pool = (
        int(np.prod(build().output_shape[1:])) for build in (build_convnet_base, build_no_pooling_base)
    )
    expected, no_pool = flat * 512 + 512, flat_no_pool * 512 + 512
    slips = [
        (flat * 512, "가중치 행렬만 셌습니다. Dense 층에는 유닛마다 편향(bias)이 하나씩 더 있습니다."),
        (no_pool, "풀링 없는 모델의 숫자입니다. 5.1 모델의 마지막 특성 맵은 `model.summary()`에서 확인할 수 있습니다."),
    ]
    ok = f"펼친 벡터의 길이 {flat:,}에 512를 곱하고 편향 512개를 더합니다. "
    ok += f"풀링 없는 모델보다 약 {no_pool / expected:.0f}배 적습니다."
    hint = "5.1 모델의 합성곱 기반이 내놓는 특성 맵의 크기(높이 × 너비 × 채널)를 곱해 펼친 길이를 구하고, "
    hint += "그 길이 × 512 + 512(편향)를 계산하세요."
    return compare(answer, expected, ok=ok, hint=hint, slips=slips)


def check_strided_receptive_field(answer: Any) -> Feedback:
    """Exercise 4: the third convolution of the strided model (3x3/2, 3x3/2, 3x3/1) sees a 15x15 input window."""
    from utils.models import build_convnet_base, build_no_pooling_base  # keras only when a checker runs

    strided = build_convnet_base("strided")
    r, j = 1, 1
    for k, s in spatial_steps(strided):  # the usual slip: j <- j * s before r <- r + (k - 1) * j in each layer
        j *= s
        r += (k - 1) * j
    jump_first = "간격 `j`를 먼저 키운 다음 수용 영역을 더했습니다. 한 층의 수용 영역은 그 층에 들어오는 간격으로 "
    jump_first += "넓어지고(`r ← r + (k − 1) × j`), 그 층의 스트라이드는 그다음에 다음 층의 간격만 키웁니다"
    jump_first += "(`j ← j × s`). 한 층 안에서는 `r`을 먼저, `j`를 나중에 바꾸세요."
    no_stride = "스트라이드를 1로 보고 계산했습니다. 스트라이드 2인 층을 지나면 다음 층의 이웃한 유닛들이 입력에서 "
    no_stride += "두 배 멀리 떨어집니다(간격 j가 2배)."
    pooled = "최대 풀링 모델의 값입니다. 스트라이드 합성곱 모델에는 풀링 층이 없습니다."
    no_pool, max_pool = receptive_field(build_no_pooling_base()), receptive_field(build_convnet_base("max"))
    slips = [(r, jump_first), (no_pool, no_stride), (max_pool, pooled)]
    fields, rr, jj = [], 1, 1
    for k, s in spatial_steps(strided):
        fields.append(f"{rr} + {k - 1}·{jj} = {rr + (k - 1) * jj}")
        rr, jj = rr + (k - 1) * jj, jj * s
    ok = " → ".join(fields) + ". 같은 층 수라도 스트라이드가 수용 영역을 키웁니다. "
    ok += f"최대 풀링 모델({max_pool})보다 {max_pool - rr}픽셀 좁은 것은, 풀링 층의 2×2 윈도우도 수용 영역을 "
    ok += "넓히는데(`r ← r + (k − 1) × j`) 이 모델에는 풀링 층이 없기 때문입니다."
    hint = "아래층부터 차례로 `r ← r + (k − 1) × j`와 `j ← j × s`를 적용하세요(`r`: 수용 영역, `j`: 간격, "
    hint += "`k`: 윈도우 크기, `s`: 스트라이드). 처음에는 `r = 1`, `j = 1`입니다."
    return compare(answer, receptive_field(strided), ok=ok, hint=hint, slips=slips)


#: Exercise 1's choices, and the model of the comparison each names.
OVERFIT_MODELS = {"풀링 없음": "no_pool", "최대 풀링": "max"}


def check_overfit_guess(answer: Any) -> Prediction:
    """Exercise 1 (before the comparison): which of the two models ends with the larger train-test gap."""
    return check_choice(answer, OVERFIT_MODELS, then="비교 실험이 끝나면 두 모델의 훈련−테스트 차이를 견줍니다.")


def compare_overfit_guess(answer: Any, records: Iterable[Any]) -> Measured:
    """Exercise 1 (after it): each model's train-test gap, averaged over the seeds, and whether the guess held."""
    runs = group_by_model(list(records))  # one run per seed
    gaps = {label: float(np.mean([r.gap for r in runs[name]])) for label, name in OVERFIT_MODELS.items()}
    larger = max(gaps, key=gaps.__getitem__)
    n_seeds = len(runs[OVERFIT_MODELS[larger]])
    detail = ", ".join(f"{label} {gap * 100:.2f}%p" for label, gap in gaps.items())
    return measured_choice(answer, OVERFIT_MODELS, larger, f"훈련−테스트 차이(시드 {n_seeds}개 평균): {detail}.")
