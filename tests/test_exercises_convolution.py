"""utils.exercises.convolution: 5.1.1's checkers (right answers pass, slips get a hint)."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest

from utils.exercises.convolution import (
    OUTPUT_SHAPE_QUESTION,
    PARAM_COUNT_QUESTION,
    SUMMARY_SHAPES_QUESTION,
    WINDOW_POSITIONS_QUESTION,
    check_extract_patch,
    check_output_shape,
    check_param_count,
    check_summary_shapes,
    check_window_positions,
    summary_shapes,
)
from utils.exercises.feedback import Feedback
from utils.ops import conv2d, conv_output_size

NOT_ANSWERED = "아직 답을 넣지 않았습니다(None)"


def outside_code_spans(message: str) -> str:
    """The message without its Markdown code spans (what the page sets as prose, with smart quotes)."""
    assert message.count("`") % 2 == 0, f"unbalanced backticks: {message}"
    return re.sub(r"`[^`]*`", "", message)


@pytest.mark.parametrize(
    "checker",
    [check_output_shape, check_param_count, check_extract_patch, check_window_positions, check_summary_shapes],
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
    assert '`padding="same"`' in check_output_shape((14, 14, 8)).message
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
    assert not centred and '`padding="same"`' in centred.message
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
    assert '`padding="valid"`' in check_window_positions(4).message
    assert "스트라이드 1" in check_window_positions(36).message
    assert "한 축" in check_window_positions(3).message
    assert "정수" in check_window_positions("9").message
    assert not check_window_positions(8)


def test_summary_shapes_exercise() -> None:
    expected = summary_shapes()
    assert expected == [(13, 13, 32), (6, 6, 32), (6, 6, 64), (3, 3, 64), (1, 1, 64)]
    right = check_summary_shapes(expected)
    assert right and "13×13 → 6×6" in right.message
    assert check_summary_shapes([list(shape) for shape in expected]), "lists count as tuples"
    assert check_summary_shapes([(None, *shape) for shape in expected]), "summary()'s (None, h, w, c) counts"
    no_stride = [(26, 26, 32), (13, 13, 32), (13, 13, 64), (6, 6, 64), (4, 4, 64)]
    assert "첫 번째 층" in check_summary_shapes(no_stride).message
    assert "`strides=2`" in check_summary_shapes(no_stride).message
    rounded_up = [(13, 13, 32), (7, 7, 32), (7, 7, 64), (3, 3, 64), (1, 1, 64)]
    hint = check_summary_shapes(rounded_up).message
    assert "두 번째 층" in hint and "홀수" in hint
    no_same = [(13, 13, 32), (6, 6, 32), (4, 4, 64), (2, 2, 64), (0, 0, 64)]
    assert '`padding="same"`' in check_summary_shapes(no_same).message
    same_last = [*expected[:4], (3, 3, 64)]
    assert "다섯 번째 층" in check_summary_shapes(same_last).message
    channels = [(13, 13, 32), (6, 6, 64), (6, 6, 64), (3, 3, 64), (1, 1, 64)]
    assert "채널 수" in check_summary_shapes(channels).message
    assert "5개" in check_summary_shapes(expected[:3]).message
    assert "튜플" in check_summary_shapes("13x13").message and "튜플" in check_summary_shapes([(13, 13)] * 5).message
    assert not check_summary_shapes([(13, 13, 32), (6, 6, 32), (5, 5, 64), (2, 2, 64), (0, 0, 64)])


def test_summary_shapes_agree_with_keras() -> None:
    """The question, built as Keras layers, gives the shapes summary() lists."""
    q = SUMMARY_SHAPES_QUESTION
    stack = [keras.Input(shape=q["input_shape"])]
    for name, filters, window, strides, padding in q["layers"]:
        if filters is None:
            stack.append(keras.layers.MaxPooling2D((window, window), strides=strides, padding=padding))
        else:
            stack.append(keras.layers.Conv2D(filters, (window, window), strides=strides, padding=padding))
        assert name == type(stack[-1]).__name__
    model = keras.Sequential(stack)
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == summary_shapes()


WRONG_ANSWERS = {
    check_output_shape: [None, (24, 24, 8), (14, 14, 8), (11, 11, 8), (12, 12, 1), (12, 12), "12x12x8", (13, 13, 8)],
    check_param_count: [None, 1200, 416, 76, 1216.0, 1000],
    check_extract_patch: [
        None,
        3,
        lambda x, i, j, strides=1: x[i - 1 : i + 2, j - 1 : j + 2, :],
        lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, :],
        lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, 0],
        lambda x, i, j, strides=1: None,
        lambda x, i, j: x,
    ],
    check_window_positions: [None, 4, 36, 3, "9", 8],
    check_summary_shapes: [None, "13x13", [(13, 13)] * 5, [(26, 26, 32)] * 5, [(13, 13, 32), (7, 7, 32)] * 3],
}


@pytest.mark.parametrize("checker", list(WRONG_ANSWERS), ids=lambda c: c.__name__)
def test_code_in_feedback_is_in_code_spans(checker) -> None:
    """Quotes outside code spans become curly quotes on the page: `padding="valid"` must be a code span."""
    for answer in WRONG_ANSWERS[checker]:
        message = checker(answer).message
        prose = outside_code_spans(message)
        assert not re.search(r"[\"']|padding=|strides=|\[i, j\]", prose), f"code outside a code span: {message}"
