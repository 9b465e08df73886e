"""Exercise checkers of section 5.1 (introduction to convnets): listing 5-1 on colour images, Korean hints."""

from __future__ import annotations

from typing import Any

from utils.exercises.feedback import Feedback, as_ints, compare
from utils.ops import conv_output_size

#: The exercises' input: a 32×32 colour image (3 channels), e.g. CIFAR-10's.
_COLOUR = (32, 32, 3)


def _sides(side: int, *, ceil: bool = False) -> list[int]:
    """The side after each layer of listing 5-1; ``ceil``: the slip of rounding a pooled odd side up."""
    from utils.models import build_convnet_base  # keras only when a checker runs
    from utils.receptive_fields import spatial_steps

    sides = []
    for window, strides in spatial_steps(build_convnet_base()):  # listing 5-1's (window, stride) pairs
        side = conv_output_size(side + (ceil and strides > 1 and side % 2), window, strides)
        sides.append(side)
    return sides


def check_colour_shape(answer: Any) -> Feedback:
    """Exercise 1: listing 5-1 on a (32, 32, 3) input ends in (4, 4, 64): 30, 15, 13, 6, 4."""
    sides = _sides(_COLOUR[0])
    expected = (sides[-1], sides[-1], 64)
    hint = "층마다 공식을 차례로 적용하세요: 3×3 합성곱은 `입력 - 3 + 1`, 2×2 풀링은 `입력 // 2`(내림). "
    hint += "마지막 층의 채널 수는 그 층의 필터 개수입니다."
    shape = as_ints(answer)
    if answer is not None and (shape is None or len(shape) != 3):
        return Feedback(False, f"`(높이, 너비, 채널)` 세 정수의 튜플로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    mnist = _sides(28)[-1]
    up = _sides(_COLOUR[0], ceil=True)[-1]
    slips = [
        ((mnist, mnist, 64), "MNIST(28×28)일 때의 모양입니다. 입력이 32×32이면 층마다 크기가 달라집니다."),
        ((up, up, 64), "홀수 크기(13)를 풀링할 때 올림했습니다. 2×2 풀링은 남는 한 줄을 버리므로 `13 // 2 = 6`입니다."),
        (
            (*expected[:2], _COLOUR[2]),
            "높이와 너비는 맞았습니다. 채널 수는 입력의 채널(3)이 아니라 마지막 층의 필터 개수입니다.",
        ),
    ]
    ok = " → ".join(f"{s}×{s}" for s in [_COLOUR[0], *sides]) + "이고, 채널은 마지막 층의 필터 수 64입니다."
    return compare(answer, expected, ok=ok, hint=hint, slips=slips)


def check_colour_params(answer: Any) -> Feedback:
    """Exercise 2: listing 5-1's first Conv2D on 3 input channels has (3*3*3 + 1) * 32 = 896 parameters."""
    k, channels, filters = 3, _COLOUR[2], 32
    expected = (k * k * channels + 1) * filters
    slips = [
        (
            (k * k * 1 + 1) * filters,
            "흑백 MNIST(채널 1)일 때의 수입니다. 필터는 입력의 모든 채널을 함께 보므로 채널이 "
            "3개면 가중치도 세 배가 됩니다.",
        ),
        (k * k * channels * filters, "거의 다 왔습니다. 필터마다 편향이 하나씩 더 있습니다."),
        (k * k * channels + 1, "필터 하나의 파라미터 수입니다. 필터가 32개입니다."),
        (
            (30 * 30 * channels + 1) * filters,
            "합성곱 층의 파라미터는 입력의 높이와 너비와 상관없습니다. 같은 3×3 필터를 모든 위치에서 다시 씁니다.",
        ),
    ]
    ok = f"({k}×{k}×{channels} + 1)×{filters} = {expected:,}개입니다. 입력이 32×32로 커져도 파라미터는 늘지 않고, "
    ok += "입력 채널이 늘어난 만큼만 늘어납니다."
    hint = "필터 하나는 (3 × 3 × 입력 채널 수)개의 가중치와 편향 1개를 가집니다. 입력의 높이와 너비는 상관없습니다."
    return compare(answer, expected, ok=ok, hint=hint, slips=slips, integer="파라미터 개수")
