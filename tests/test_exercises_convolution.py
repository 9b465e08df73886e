"""utils.exercises.convolution: 5.1.1's checkers pass the notebook's solutions (which agree with Keras), and the
usual slips get their hint. The checks of the solutions that the notebook's hidden cells made live here."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest

from utils.exercises.convolution import (
    check_conv_loops,
    check_extract_patch,
    check_output_shape,
    check_param_count,
    check_summary_shapes,
    check_window_positions,
)
from utils.exercises.feedback import Feedback
from utils.ops import conv2d, conv_output_size

NOT_ANSWERED = "아직 답을 넣지 않았습니다(None)"


# The notebook's solutions (chapters/5_1_1_convolution.ipynb), as its hidden solution cells compute them.
def solution_shape() -> tuple[int, int, int]:
    side = conv_output_size(28, 5, strides=2, padding="valid")
    return (side, side, 8)


SOLUTION_PARAMS = 5 * 5 * 3 * 16 + 16


def solution_patch(inputs, i, j, strides=1):
    top, left = i * strides, j * strides
    return inputs[top : top + 3, left : left + 3, :]


def extract_patch(inputs, i, j, strides=1):
    """The notebook's stub, before the learner fills it in."""
    return None  # TODO


def solution_positions() -> int:
    return conv_output_size(6, 3, strides=2, padding="same") ** 2


def solution_summary() -> list[tuple[int, int, int]]:
    side1 = conv_output_size(28, 3, strides=2)
    side2 = conv_output_size(side1, 2, strides=2)
    side3 = conv_output_size(side2, 3, padding="same")
    side4 = conv_output_size(side3, 2, strides=2)
    side5 = conv_output_size(side4, 3)
    sides = [side1, side2, side3, side4, side5]
    return list(zip(sides, sides, [32, 32, 64, 64, 64], strict=True))


def changed_model() -> keras.Sequential:
    """Exercise 5's model, as the notebook builds it: listing 5-1 with strides=2 first and padding="same" second."""
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, (3, 3), strides=2, activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(64, (3, 3), padding="same", activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(64, (3, 3), activation="relu"),
        ]
    )


def outside_code_spans(message: str) -> str:
    """The message without its Markdown code spans (what the page sets as prose, with smart quotes)."""
    assert message.count("`") % 2 == 0, f"unbalanced backticks: {message}"
    return re.sub(r"`[^`]*`", "", message)


@pytest.mark.parametrize(
    "checker",
    [
        check_output_shape,
        check_param_count,
        check_extract_patch,
        check_window_positions,
        check_summary_shapes,
        check_conv_loops,
    ],
)
def test_none_means_not_answered_yet(checker) -> None:
    feedback = checker(None)
    assert isinstance(feedback, Feedback) and not feedback
    assert NOT_ANSWERED in feedback.message and str(feedback).startswith("아직 아니에요. 힌트: ")
    assert feedback._repr_markdown_().startswith("💡 아직 아니에요. 힌트: ")


# ------------------------------------------------------------------ exercise 1: output shape


def test_output_shape_solution_passes_and_agrees_with_keras() -> None:
    """Hidden cell: the solution passes, equals Keras' compute_output_shape, and None is rejected."""
    keras_shape = keras.layers.Conv2D(8, (5, 5), strides=2).compute_output_shape((None, 28, 28, 1))
    assert tuple(keras_shape[1:]) == solution_shape() == (12, 12, 8)
    for answer in [solution_shape(), [12, 12, 8], np.array([12, 12, 8])]:
        feedback = check_output_shape(answer)
        assert feedback and str(feedback).startswith("정답입니다! ") and "12" in feedback.message
    assert not check_output_shape(None)


def test_output_shape_slips_get_their_hint() -> None:
    assert "스트라이드" in check_output_shape((24, 24, 8)).message
    assert '`padding="same"`' in check_output_shape((14, 14, 8)).message
    assert "1을 더해야" in check_output_shape((11, 11, 8)).message
    assert "필터 개수" in check_output_shape((12, 12, 1)).message
    assert "튜플" in check_output_shape((12, 12)).message and "튜플" in check_output_shape("12x12x8").message
    assert not check_output_shape((13, 13, 8))


# ------------------------------------------------------------------ exercise 2: parameter count


def test_param_count_solution_passes_and_agrees_with_keras() -> None:
    """Hidden cell: the solution passes and equals a built Keras layer's count_params()."""
    rgb_layer = keras.layers.Conv2D(16, (5, 5))
    rgb_layer.build((None, 32, 32, 3))
    assert rgb_layer.count_params() == SOLUTION_PARAMS == 1216
    assert check_param_count(SOLUTION_PARAMS) and check_param_count(np.int64(SOLUTION_PARAMS))


def test_param_count_slips_get_their_hint() -> None:
    assert "편향" in check_param_count(1200).message
    assert "깊이" in check_param_count(416).message
    assert "모두 빠뜨렸" in check_param_count(400).message
    assert "필터가 몇 개" in check_param_count(76).message
    assert "정수" in check_param_count(1216.0).message and "정수" in check_param_count(True).message
    assert not check_param_count(1000)


# ------------------------------------------------------------------ exercise 3: extract_patch


def test_extract_patch_solution_passes_and_the_stub_does_not() -> None:
    """Hidden cell: the solution passes; the unfilled stub (it returns None) is rejected."""
    assert check_extract_patch(solution_patch)
    assert "`answer_4 = extract_patch`" in check_extract_patch(None).message, "the notebook's variable"
    stub = check_extract_patch(extract_patch)
    assert not stub and "return" in stub.message


def test_extract_patch_slips_get_their_hint() -> None:
    centred = check_extract_patch(lambda x, i, j, strides=1: x[i - 1 : i + 2, j - 1 : j + 2, :])
    assert not centred and '`padding="same"`' in centred.message
    no_strides = check_extract_patch(lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, :])
    assert not no_strides and "스트라이드 1에서는 맞습니다" in no_strides.message
    one_channel = check_extract_patch(lambda x, i, j, strides=1: x[i : i + 3, j : j + 3, 0])
    assert not one_channel and "모양" in one_channel.message
    shifted = check_extract_patch(lambda x, i, j, strides=1: x[i : i + 3, j + 1 : j + 4, :])
    assert not shifted and "값이 다릅니다" in shifted.message
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
            np.testing.assert_allclose(np.tensordot(solution_patch(inputs, i, j, 2), kernel, axes=3), output[i, j])


# ------------------------------------------------------------------ exercise 4: window positions


def test_window_positions_solution_passes_and_agrees_with_keras() -> None:
    shape = keras.layers.Conv2D(1, (3, 3), strides=2, padding="same").compute_output_shape((None, 6, 6, 1))
    assert shape[1] * shape[2] == solution_positions() == 9
    assert check_window_positions(solution_positions())


def test_window_positions_slips_get_their_hint() -> None:
    assert '`padding="valid"`' in check_window_positions(4).message
    assert "스트라이드 1" in check_window_positions(36).message
    assert "둘 다" in check_window_positions(16).message
    assert "한 축" in check_window_positions(3).message
    assert "정수" in check_window_positions("9").message
    assert not check_window_positions(8)


# ------------------------------------------------------------------ exercise 5: summary() shapes


def test_summary_shapes_solution_passes_and_agrees_with_keras() -> None:
    """Hidden cell: Keras' output shapes of the changed model equal the solution and pass; wrong ones do not."""
    keras_shapes = [tuple(layer.output.shape[1:]) for layer in changed_model().layers]
    assert keras_shapes == solution_summary() == [(13, 13, 32), (6, 6, 32), (6, 6, 64), (3, 3, 64), (1, 1, 64)]
    for answer in [keras_shapes, solution_summary()]:
        right = check_summary_shapes(answer)
        assert right and "28×28에서 13×13 → 6×6 → 6×6 → 3×3 → 1×1로" in right.message
    assert check_summary_shapes([list(shape) for shape in keras_shapes]), "lists count as tuples"
    assert check_summary_shapes([(None, *shape) for shape in keras_shapes]), "summary()'s (None, h, w, c) counts"
    assert not check_summary_shapes(None)
    assert not check_summary_shapes([(26, 26, 32), (13, 13, 32), (13, 13, 64), (6, 6, 64), (4, 4, 64)])


def test_summary_shapes_slips_get_a_hint_on_the_first_wrong_layer() -> None:
    expected = solution_summary()
    no_stride = check_summary_shapes([(26, 26, 32), (13, 13, 32), (13, 13, 64), (6, 6, 64), (4, 4, 64)]).message
    assert "첫 번째 층" in no_stride and "`strides=2`" in no_stride
    assert "1을 더해야" in check_summary_shapes([(12, 12, 32), *expected[1:]]).message
    rounded_up = check_summary_shapes([(13, 13, 32), (7, 7, 32), (7, 7, 64), (3, 3, 64), (1, 1, 64)]).message
    assert "두 번째 층" in rounded_up and "홀수" in rounded_up
    assert "풀링 층도" in check_summary_shapes([expected[0], (13, 13, 32), *expected[2:]]).message
    no_same = check_summary_shapes([(13, 13, 32), (6, 6, 32), (4, 4, 64), (2, 2, 64), (0, 0, 64)]).message
    assert "세 번째 층" in no_same and '`padding="same"`' in no_same
    assert "다섯 번째 층" in check_summary_shapes([*expected[:4], (3, 3, 64)]).message
    channels = check_summary_shapes([(13, 13, 32), (6, 6, 64), (6, 6, 64), (3, 3, 64), (1, 1, 64)]).message
    assert "두 번째 층" in channels and "채널 수" in channels
    assert "출력부터 다릅니다" in check_summary_shapes([*expected[:2], (5, 5, 64), *expected[3:]]).message
    assert "5개" in check_summary_shapes(expected[:3]).message
    assert "튜플" in check_summary_shapes("13x13").message and "튜플" in check_summary_shapes([(13, 13)] * 5).message


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


# ------------------------------------------------------------------ exercise 6: convolution with loops
def solution_conv2d_loops(inputs, kernel):
    kh, kw, _, depth = kernel.shape
    height, width = inputs.shape[0] - kh + 1, inputs.shape[1] - kw + 1
    outputs = np.zeros((height, width, depth))
    for i in range(height):
        for j in range(width):
            outputs[i, j] = np.tensordot(inputs[i : i + kh, j : j + kw, :], kernel, axes=3)
    return outputs


def conv2d_loops(inputs, kernel):
    """The notebook's stub, before the learner fills it in."""
    depth = kernel.shape[-1]
    height, width = None, None  # TODO
    outputs = np.zeros((height, width, depth))
    for i in range(height):
        for j in range(width):
            outputs[i, j] = None  # TODO
    return outputs


def test_conv_loops_solution_passes_and_agrees_with_keras() -> None:
    feedback = check_conv_loops(solution_conv2d_loops)
    assert feedback, feedback.message
    assert "`keras.ops.conv`와도 1e-5 안에서 같습니다" in feedback.message
    x, kernel = np.random.default_rng(1).normal(size=(28, 28, 1)), np.random.default_rng(2).normal(size=(3, 3, 1, 32))
    np.testing.assert_allclose(solution_conv2d_loops(x, kernel), conv2d(x[None], kernel)[0], atol=1e-9)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (conv2d_loops, "TypeError"),  # the stub: range(None)
        (lambda x, k: None, "`None`을 돌려줍니다"),
        (42, "함수를 넣어 주세요"),
        (lambda x, k: solution_conv2d_loops(x, k[::-1, ::-1]), "커널을 위아래, 좌우로 뒤집어"),
        (lambda x, k: solution_conv2d_loops(x, k)[:-1, :-1], "마지막에 1을 더해야 합니다"),
        (lambda x, k: solution_conv2d_loops(x, k) + 1, "값이 다릅니다"),
    ],
)
def test_conv_loops_slips_get_their_hint(answer, expected) -> None:
    feedback = check_conv_loops(answer)
    assert not feedback and expected in feedback.message, feedback.message
