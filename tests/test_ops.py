"""utils.ops against Keras: convolution, output sizes, window positions (5.1.1) and pooling (5.1.2)."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import NamedTuple

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import ops
from utils.checks import ParameterError

# Derandomized and without an example database: every run tries the same examples.
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)
TOL = {"rtol": 1e-5, "atol": 1e-5}  # float64 NumPy against float32 Keras

strides_strategy = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))


class Config(NamedTuple):
    batch: int
    height: int
    width: int
    channels: int
    window: tuple[int, int]
    strides: int | tuple[int, int] | None
    padding: str
    seed: int

    def inputs(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        return rng.standard_normal((self.batch, self.height, self.width, self.channels)).astype("float32")


@st.composite
def configs(draw: st.DrawFn, strides: st.SearchStrategy = strides_strategy) -> Config:
    """A random layer configuration; with "valid", the image is drawn at least as large as the window."""
    padding = draw(st.sampled_from(["valid", "same"]))
    window = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))  # even sizes included
    min_height, min_width = window if padding == "valid" else (1, 1)
    return Config(
        batch=draw(st.integers(1, 3)),
        height=draw(st.integers(min_height, 12)),
        width=draw(st.integers(min_width, 12)),
        channels=draw(st.integers(1, 4)),
        window=window,
        strides=draw(strides),
        padding=padding,
        seed=draw(st.integers(0, 2**32 - 1)),
    )


def keras_one_image_at_a_time(layer: keras.layers.Layer, x: np.ndarray) -> np.ndarray:
    """The layer's output, computed image by image.

    TensorFlow 2.21's oneDNN CPU convolution returns wrong values (uninitialised memory) for
    batches of 2 or more in some configurations where the output is one column wide and the
    horizontal stride is above 1 (e.g. 3x1 images, 3x4 kernel, strides (1, 2), "same").
    One image at a time it is right; ``ops.conv2d`` itself still gets the whole batch.
    """
    return np.concatenate([np.asarray(layer(x[i : i + 1])) for i in range(len(x))])


# ------------------------------------------------------------------------------ conv2d (5.1.1)


@SETTINGS
@given(config=configs(), filters=st.integers(1, 5), use_bias=st.booleans())
def test_conv2d_matches_keras(config: Config, filters: int, use_bias: bool) -> None:
    x = config.inputs()
    rng = np.random.default_rng(config.seed + 1)
    kernel = rng.standard_normal((*config.window, config.channels, filters)).astype("float32")
    bias = rng.standard_normal(filters).astype("float32")
    layer = keras.layers.Conv2D(
        filters, config.window, strides=config.strides, padding=config.padding, use_bias=use_bias
    )
    layer.build((None, config.height, config.width, config.channels))
    layer.set_weights([kernel, bias] if use_bias else [kernel])

    expected = keras_one_image_at_a_time(layer, x)
    actual = ops.conv2d(x, kernel, bias if use_bias else None, strides=config.strides, padding=config.padding)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, **TOL)


def test_conv2d_by_hand_valid_and_same_with_an_even_kernel() -> None:
    """A 2x2 window of ones over 0..8: "same" pads one row and column, at the bottom and right."""
    image = np.arange(9.0).reshape(1, 3, 3, 1)
    ones = np.ones((2, 2, 1, 1))
    valid = ops.conv2d(image, ones)[0, :, :, 0]
    same = ops.conv2d(image, ones, padding="same")[0, :, :, 0]
    np.testing.assert_array_equal(valid, [[8, 12], [20, 24]])
    np.testing.assert_array_equal(same, [[8, 12, 7], [20, 24, 13], [13, 15, 8]])


def test_conv2d_on_the_book_shapes() -> None:
    """MNIST (28, 28, 1) through 32 3x3 filters: (26, 26, 32); a 5x5 input with stride 2: 2x2."""
    kernel = np.ones((3, 3, 1, 32))
    assert ops.conv2d(np.zeros((2, 28, 28, 1)), kernel).shape == (2, 26, 26, 32)
    assert ops.conv2d(np.zeros((1, 5, 5, 1)), kernel).shape == (1, 3, 3, 32)
    assert ops.conv2d(np.zeros((1, 5, 5, 1)), kernel, strides=2).shape == (1, 2, 2, 32)
    assert ops.conv2d(np.zeros((1, 5, 5, 1)), kernel, padding="same").shape == (1, 5, 5, 32)


def test_conv2d_output_n_is_the_response_map_of_filter_n() -> None:
    rng = np.random.default_rng(0)
    x, kernel = rng.standard_normal((1, 6, 6, 2)), rng.standard_normal((3, 3, 2, 4))
    output = ops.conv2d(x, kernel)
    for n in range(4):
        np.testing.assert_allclose(output[..., n : n + 1], ops.conv2d(x, kernel[..., n : n + 1]))
    # output[i, j] is the patch x[i:i+3, j:j+3] times the kernel, summed.
    np.testing.assert_allclose(output[0, 2, 1], np.tensordot(x[0, 2:5, 1:4], kernel, axes=3))


def test_conv2d_accepts_lists_and_integers_and_returns_float64() -> None:
    result = ops.conv2d([[[[1], [2]], [[3], [4]]]], np.ones((2, 2, 1, 1), dtype=np.uint8), [1])
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [[[[11.0]]]])


# ------------------------------------------------------------------------------ pooling (5.1.2)

POOLS = [
    pytest.param(keras.layers.MaxPooling2D, ops.max_pool2d, id="max"),
    pytest.param(keras.layers.AveragePooling2D, ops.avg_pool2d, id="avg"),
]


@pytest.mark.parametrize(("keras_layer", "op"), POOLS)
@SETTINGS
@given(config=configs(strides=st.one_of(st.none(), strides_strategy)))
def test_pooling_matches_keras(keras_layer: type, op, config: Config) -> None:
    x = config.inputs()
    expected = np.asarray(keras_layer(config.window, strides=config.strides, padding=config.padding)(x))
    actual = op(x, config.window, strides=config.strides, padding=config.padding)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, **TOL)


def test_pooling_by_hand_with_same_padding() -> None:
    """2x2 windows, stride 2, over 0..8: the windows at the border hold fewer real pixels."""
    image = np.arange(9.0).reshape(1, 3, 3, 1)
    np.testing.assert_array_equal(ops.max_pool2d(image)[0, :, :, 0], [[4]])
    np.testing.assert_array_equal(ops.max_pool2d(image, padding="same")[0, :, :, 0], [[4, 5], [7, 8]])
    # Average of the real pixels only: (2 + 5) / 2, (6 + 7) / 2, 8 / 1.
    np.testing.assert_array_equal(ops.avg_pool2d(image, padding="same")[0, :, :, 0], [[2, 3.5], [6.5, 8]])
    # Max pooling pads with -inf, so an all-negative map keeps its own values.
    np.testing.assert_array_equal(ops.max_pool2d(-image - 1, padding="same")[0, :, :, 0], [[-1, -3], [-7, -9]])


def test_pooling_halves_the_book_feature_maps() -> None:
    assert ops.max_pool2d(np.zeros((2, 26, 26, 32))).shape == (2, 13, 13, 32)
    assert ops.avg_pool2d(np.zeros((2, 11, 11, 64))).shape == (2, 5, 5, 64)


# --------------------------------------------------------------------- conv_output_size (5.1.1)


@SETTINGS
@given(
    window=st.integers(1, 7),
    extra=st.tuples(st.integers(0, 24), st.integers(0, 24)),
    strides=st.integers(1, 4),
    padding=st.sampled_from(["valid", "same"]),
)
def test_conv_output_size_matches_keras_output_shapes(
    window: int, extra: tuple[int, int], strides: int, padding: str
) -> None:
    height, width = window + extra[0], window + extra[1]
    if padding == "same":  # "same" also works with a window larger than the input
        height, width = extra[0] + 1, extra[1] + 1
    input_shape = (None, height, width, 3)
    conv_shape = keras.layers.Conv2D(2, window, strides=strides, padding=padding).compute_output_shape(input_shape)
    pool_shape = keras.layers.MaxPooling2D(window, strides, padding=padding).compute_output_shape(input_shape)
    expected = (
        ops.conv_output_size(height, window, strides, padding),
        ops.conv_output_size(width, window, strides, padding),
    )
    assert tuple(conv_shape[1:3]) == tuple(pool_shape[1:3]) == expected


def test_conv_output_size_book_numbers() -> None:
    assert ops.conv_output_size(28, 3) == 26  # border effect of the first layer
    assert ops.conv_output_size(5, 3) == 3  # Fig 5-5: 9 positions on a 5x5 input
    assert ops.conv_output_size(5, 3, strides=2) == 2  # Fig 5-7
    assert ops.conv_output_size(5, 3, padding="same") == 5
    assert ops.conv_output_size(26, 2, strides=2) == 13  # 2x2 max pooling
    assert ops.conv_output_size(np.int64(28), np.int64(3)) == 26


# ------------------------------------------------------------------------- invalid arguments


@pytest.mark.parametrize("op", [ops.conv2d, ops.max_pool2d, ops.avg_pool2d])
def test_inputs_must_be_4d(op) -> None:
    args = (np.ones((3, 3, 1, 1)),) if op is ops.conv2d else ()
    with pytest.raises(ParameterError, match=r"inputs에는 .*4차원 배열만 쓸 수 있습니다. 받은 값: 모양 \(28, 28, 1\)"):
        op(np.zeros((28, 28, 1)), *args)


@pytest.mark.parametrize(
    ("inputs", "kernel", "found"),
    [
        pytest.param((1, 5, 5, 1), (3, 3), r"\(3, 3\)", id="2-D kernel"),
        pytest.param(
            (1, 5, 5, 3), (3, 3, 1, 8), r"\(3, 3, 1, 8\)인 kernel \(inputs 모양 \(1, 5, 5, 3\)\)", id="channels"
        ),
        pytest.param((1, 5, 5, 1), (3, 3, 1, 0), r"\(3, 3, 1, 0\)", id="no filters"),
    ],
)
def test_kernel_must_be_4d_with_the_inputs_channels(inputs: tuple, kernel: tuple, found: str) -> None:
    with pytest.raises(
        ParameterError, match=rf"kernel에는 in_channels가 inputs의 채널 수와 같은 .* 받은 값: 모양 {found}"
    ):
        ops.conv2d(np.zeros(inputs), np.ones(kernel))


@pytest.mark.parametrize("bias", [np.zeros(3), np.zeros((1, 4)), 0.0])
def test_bias_must_have_one_value_per_filter(bias) -> None:
    with pytest.raises(ParameterError, match=r"bias에는 모양 \(4,\)인 배열만 쓸 수 있습니다. 받은 값: 모양"):
        ops.conv2d(np.zeros((1, 5, 5, 1)), np.ones((3, 3, 1, 4)), bias)


@pytest.mark.parametrize(
    ("call", "fits", "window"),
    [
        pytest.param(lambda: ops.conv2d(np.zeros((1, 2, 5, 1)), np.ones((3, 3, 1, 1))), 2, 3, id="conv2d"),
        pytest.param(lambda: ops.max_pool2d(np.zeros((1, 5, 1, 1))), 1, 2, id="max_pool2d"),
        pytest.param(lambda: ops.avg_pool2d(np.zeros((1, 5, 5, 1)), pool_size=6), 5, 6, id="avg_pool2d"),
        pytest.param(lambda: ops.conv_output_size(2, 3), 2, 3, id="conv_output_size"),
    ],
)
def test_valid_window_must_fit_in_the_input(call, fits: int, window: int) -> None:
    expected = (
        rf"padding='valid'에서는 윈도우가 입력 안에 들어가야 합니다\(아니면 padding='same'을 쓰세요\): 크기 {fits} 이하"
    )
    with pytest.raises(ParameterError, match=rf"{expected}의 윈도우만 쓸 수 있습니다. 받은 값: 크기 {window}$"):
        call()


BAD_PAIRS = [0, -1, 1.5, 2.0, "2", True, (1,), (1, 2, 3), (2, 0), [2, "2"], np.array([2, 2])]
PAIR_MESSAGE = r"에는 양의 정수나 양의 정수 두 개의 쌍만 쓸 수 있습니다. 받은 값: "


@pytest.mark.parametrize("strides", [*BAD_PAIRS, None], ids=repr)
def test_conv2d_strides_must_be_a_positive_int_or_pair(strides) -> None:
    with pytest.raises(ParameterError, match="strides" + PAIR_MESSAGE):
        ops.conv2d(np.zeros((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), strides=strides)


@pytest.mark.parametrize("strides", BAD_PAIRS, ids=repr)  # None is fine here: it means strides=pool_size
@pytest.mark.parametrize("op", [ops.max_pool2d, ops.avg_pool2d])
def test_pooling_strides_must_be_a_positive_int_or_pair(op, strides) -> None:
    with pytest.raises(ParameterError, match="strides" + PAIR_MESSAGE):
        op(np.zeros((1, 5, 5, 1)), strides=strides)


@pytest.mark.parametrize("pool_size", [*BAD_PAIRS, None], ids=repr)
@pytest.mark.parametrize("op", [ops.max_pool2d, ops.avg_pool2d])
def test_pool_size_must_be_a_positive_int_or_pair(op, pool_size) -> None:
    with pytest.raises(ParameterError, match="pool_size" + PAIR_MESSAGE):
        op(np.zeros((1, 5, 5, 1)), pool_size=pool_size)


@pytest.mark.parametrize("value", [0, -3, 2.5, "28", True, None])
@pytest.mark.parametrize("name", ["size", "kernel_size", "strides"])
def test_conv_output_size_arguments_must_be_positive_ints(name: str, value) -> None:
    arguments = {"size": 28, "kernel_size": 3, "strides": 1, name: value}
    with pytest.raises(
        ParameterError, match=rf"{name}에는 1 이상의 정수만 쓸 수 있습니다. 받은 값: {re.escape(repr(value))}"
    ):
        ops.conv_output_size(**arguments)


@pytest.mark.parametrize("padding", ["full", "", None, 1, "causal", "SAME"])
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda p: ops.conv2d(np.zeros((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), padding=p), id="conv2d"),
        pytest.param(lambda p: ops.max_pool2d(np.zeros((1, 4, 4, 1)), padding=p), id="max_pool2d"),
        pytest.param(lambda p: ops.avg_pool2d(np.zeros((1, 4, 4, 1)), padding=p), id="avg_pool2d"),
        pytest.param(lambda p: ops.conv_output_size(5, 3, padding=p), id="conv_output_size"),
        pytest.param(lambda p: ops.window_layout(5, 3, padding=p), id="window_layout"),
    ],
)
def test_padding_must_be_valid_or_same(call, padding) -> None:
    with pytest.raises(ParameterError, match=r"padding에는 'valid' 또는 'same'만 쓸 수 있습니다. 받은 값: "):
        call(padding)


# ----------------------------------------------------------------------------------- import


@pytest.mark.parametrize("module", ["utils.ops", "utils.receptive_fields"])
def test_importing_the_numpy_modules_does_not_import_keras(module: str) -> None:
    code = f"import sys, {module}; print(sorted({{'keras', 'tensorflow'}} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------ window positions (5.1.1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((5, 3), (3, 0, 0)),  # Fig 5-5: 3 positions per axis, 9 in all
        ((5, 3, 1, "same"), (5, 1, 1)),  # Fig 5-6: one row/column of padding on each side
        ((5, 3, 2), (2, 0, 0)),  # Fig 5-7
        ((6, 3, 2, "same"), (3, 0, 1)),  # odd total padding: the extra row goes below
        ((np.int64(5), np.int64(5), 1, "same"), (5, 2, 2)),
    ],
)
def test_window_layout_matches_the_book_figures(args, expected) -> None:
    assert ops.window_layout(*args) == expected


@SETTINGS
@given(size=st.integers(1, 12), window=st.integers(1, 5), strides=st.integers(1, 3))
def test_window_layout_padding_is_what_keras_pads(size: int, window: int, strides: int) -> None:
    """The padded axis holds exactly the windows of every output position ("same"), as Keras computes it."""
    out, before, after = ops.window_layout(size, window, strides, "same")
    assert out == ops.conv_output_size(size, window, strides, "same")
    assert (out - 1) * strides + window <= before + size + after < out * strides + window
    assert 0 <= after - before <= 1
