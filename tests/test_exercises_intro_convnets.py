"""utils.exercises.intro_convnets: 5.1's checks on listing 5-1 with colour input; the answers agree with Keras."""

from __future__ import annotations

import keras
import pytest

from utils.exercises.intro_convnets import check_colour_params, check_colour_shape
from utils.models import build_convnet_base


def colour_base() -> keras.Sequential:
    """Listing 5-1's convolution base on a (32, 32, 3) input, as the notebook's solution builds it."""
    layers = [type(lyr).from_config(lyr.get_config()) for lyr in build_convnet_base().layers]
    return keras.Sequential([keras.Input(shape=(32, 32, 3)), *layers])


def test_colour_shape_solution_passes_and_agrees_with_keras() -> None:
    shape = tuple(colour_base().output_shape[1:])
    assert shape == (4, 4, 64)
    feedback = check_colour_shape(shape)
    assert feedback and feedback.message.startswith("32×32 → 30×30 → 15×15"), feedback.message


def test_colour_params_solution_passes_and_agrees_with_keras() -> None:
    first = colour_base().layers[0]
    assert check_colour_params((3 * 3 * 3 + 1) * 32) and check_colour_params(first.count_params())


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, "아직 답을 넣지 않았습니다"),
        ((3, 3, 64), "MNIST(28×28)일 때의 모양"),
        ((5, 5, 64), "올림했습니다"),
        ((4, 4, 3), "채널 수는 입력의 채널(3)이 아니라"),
        ((4, 4), "세 정수의 튜플로"),
        ((2, 2, 64), "층마다 공식을 차례로"),
    ],
)
def test_colour_shape_slips_get_their_hint(answer, expected) -> None:
    feedback = check_colour_shape(answer)
    assert not feedback and expected in feedback.message, feedback.message


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (320, "흑백 MNIST(채널 1)일 때의 수"),
        (864, "편향이 하나씩 더"),
        (28, "필터 하나의 파라미터 수"),
        ((30 * 30 * 3 + 1) * 32, "입력의 높이와 너비와 상관없습니다"),
        ("896개", "정수 하나로"),
        (1000, "필터 하나는 (3 × 3 × 입력 채널 수)개의"),
    ],
)
def test_colour_params_slips_get_their_hint(answer, expected) -> None:
    feedback = check_colour_params(answer)
    assert not feedback and expected in feedback.message, feedback.message
