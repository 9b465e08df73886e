"""utils.exercises.convolution: 5.1.1's checkers (right answers pass, slips get a hint)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from utils.exercises.convolution import (
    OUTPUT_SHAPE_QUESTION,
    PARAM_COUNT_QUESTION,
    WINDOW_POSITIONS_QUESTION,
    check_extract_patch,
    check_output_shape,
    check_param_count,
    check_window_positions,
)
from utils.exercises.feedback import Feedback
from utils.ops import conv2d, conv_output_size

NOT_ANSWERED = "아직 답을 넣지 않았습니다(None)"


@pytest.mark.parametrize(
    "checker", [check_output_shape, check_param_count, check_extract_patch, check_window_positions]
)
def test_none_means_not_answered_yet(checker) -> None:
    feedback = checker(None)
    assert isinstance(feedback, Feedback) and not feedback
    assert NOT_ANSWERED in feedback.message and str(feedback).startswith("아직 아니에요. 힌트: ")


def test_output_shape_exercise() -> None:
    side = conv_output_size(28, 5, strides=2, padding="valid")
    assert (side, side, 8) == (12, 12, 8)
    for answer in [(12, 12, 8), [12, 12, 8], np.array([12, 12, 8])]:
        feedback = check_output_shape(answer)
        assert feedback and "12" in feedback.message
    assert "스트라이드" in check_output_shape((24, 24, 8)).message
    assert 'padding="same"' in check_output_shape((14, 14, 8)).message
    assert "1을 더해야" in check_output_shape((11, 11, 8)).message
    assert "필터 개수" in check_output_shape((12, 12, 1)).message
    assert "튜플" in check_output_shape((12, 12)).message
    assert "튜플" in check_output_shape("12x12x8").message
    assert not check_output_shape((13, 13, 8))


def test_output_shape_agrees_with_keras() -> None:
    q = OUTPUT_SHAPE_QUESTION
    layer = keras.layers.Conv2D(q["filters"], q["kernel_size"], strides=q["strides"], padding=q["padding"])
    assert check_output_shape(tuple(layer.compute_output_shape((1, *q["input_shape"]))[1:]))


def test_param_count_exercise() -> None:
    assert check_param_count(1216) and check_param_count(np.int64(1216))
    assert "편향" in check_param_count(1200).message
    assert "깊이" in check_param_count(416).message
    assert "필터가 몇 개" in check_param_count(76).message
    assert "정수" in check_param_count(1216.0).message and "정수" in check_param_count(True).message
    assert not check_param_count(1000)


def test_param_count_agrees_with_keras() -> None:
    q = PARAM_COUNT_QUESTION
    layer = keras.layers.Conv2D(q["filters"], q["kernel_size"])
    layer.build((None, 32, 32, q["input_depth"]))
    assert check_param_count(layer.count_params())


def test_extract_patch_exercise() -> None:
    def right(inputs, i, j, strides=1):
        return inputs[i * strides : i * strides + 3, j * strides : j * strides + 3, :]

    assert check_extract_patch(right)
    centred = check_extract_patch(lambda x, i, j, strides=1: x[i - 1 : i + 2, j - 1 : j + 2, :])
    assert not centred and 'padding="same"' in centred.message
    no_strides = check_extract_patch(lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, :])
    assert not no_strides and "스트라이드" in no_strides.message
    one_channel = check_extract_patch(lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, 0])
    assert not one_channel and "모양" in one_channel.message
    unfinished = check_extract_patch(lambda x, i, j, strides=1: None)
    assert not unfinished and "return" in unfinished.message
    crashing = check_extract_patch(lambda x, i, j: x)  # no strides argument
    assert not crashing and "TypeError" in crashing.message
    assert "함수를 넣어" in check_extract_patch(3).message


def test_extract_patch_solution_reproduces_conv2d() -> None:
    """The exercise's patch, times the kernel, is one output vector of utils.ops.conv2d."""
    rng = np.random.default_rng(2)
    inputs, kernel = rng.normal(size=(7, 7, 2)), rng.normal(size=(3, 3, 2, 4))
    output = conv2d(inputs[None], kernel, strides=2)[0]
    for i in range(output.shape[0]):
        for j in range(output.shape[1]):
            patch = inputs[2 * i : 2 * i + 3, 2 * j : 2 * j + 3, :]
            np.testing.assert_allclose(np.tensordot(patch, kernel, axes=3), output[i, j])


def test_window_positions_exercise() -> None:
    q = WINDOW_POSITIONS_QUESTION
    side = conv_output_size(q["input_size"], q["window"], q["strides"], q["padding"])
    assert check_window_positions(side * side) and side * side == 9
    assert 'padding="valid"' in check_window_positions(4).message
    assert "스트라이드 1" in check_window_positions(36).message
    assert "한 축" in check_window_positions(3).message
    assert "정수" in check_window_positions("9").message
    assert not check_window_positions(8)
