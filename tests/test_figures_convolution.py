"""utils.figures.convolution: the 5.1.1 figures are built from the data they are given (fast, no training)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.patches import Rectangle

from utils.figures.convolution import (
    EDGE_KERNELS,
    plot_convolution_step,
    plot_filters_and_responses,
    plot_global_vs_local,
    plot_local_patterns,
    plot_response_map,
    plot_shift_accuracy,
    plot_shifted_feature_maps,
    plot_window_positions,
)
from utils.ops import conv2d
from utils.transforms import shift_images

pytestmark = pytest.mark.usefixtures("figure_style")

RNG = np.random.default_rng(0)
DIGIT = np.zeros((28, 28))
DIGIT[6:22, 12:15] = 1.0  # a vertical bar: a "1"
KERNEL = RNG.normal(size=(3, 3, 1, 6))
BIAS = RNG.normal(size=6)


def _rectangles(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_local_patterns_use_every_kernel(draw) -> None:
    fig = draw(plot_local_patterns(DIGIT))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(fig.axes) == 1 + 2 * len(EDGE_KERNELS)
    assert titles[0] == "입력 숫자 28×28" and titles.count("응답 26×26") == len(EDGE_KERNELS)
    # The vertical-edge response of a vertical bar: + on its left edge, - on its right edge.
    vertical = fig.axes[2].images[0].get_array()
    np.testing.assert_allclose(
        vertical, conv2d(DIGIT[None, :, :, None], EDGE_KERNELS["세로 경계"][:, :, None, None])[0, :, :, 0]
    )
    assert vertical[12, 10] > 0 > vertical[12, 13] and vertical[12, 2] == 0
    fig = plot_local_patterns(DIGIT[:, :, None], {"하나": np.ones((3, 3))})
    assert len(fig.axes) == 3
    with pytest.raises(ValueError, match="non-empty dict"):
        plot_local_patterns(DIGIT, {})
    with pytest.raises(ValueError, match="kernels\\['x'\\]"):
        plot_local_patterns(DIGIT, {"x": np.ones(3)})
    with pytest.raises(ValueError, match="image must have shape"):
        plot_local_patterns(np.ones((2, 28, 28)))


def test_global_vs_local_weights(draw) -> None:
    fig = draw(plot_global_vs_local(RNG.normal(size=(784, 10)), KERNEL, n=4))
    assert len(fig.axes) == 8
    assert [fig.axes[0].get_title(), fig.axes[4].get_title()] == ["유닛 0", "필터 0"]
    frame = fig.axes[4].images[0].get_array()
    assert frame.shape == (28, 28) and np.isfinite(frame).sum() == 9  # only the 3x3 window holds weights
    with pytest.raises(ValueError, match="784"):
        plot_global_vs_local(np.ones((100, 10)), KERNEL)
    with pytest.raises(ValueError, match=r"n \(units and filters to show\) must be an int from 1 to 6, got 7"):
        plot_global_vs_local(np.ones((784, 10)), KERNEL, n=7)


def test_response_map(draw) -> None:
    fig = draw(plot_response_map(DIGIT, KERNEL[:, :, 0, 0], BIAS[0]))
    assert [ax.get_title() for ax in fig.axes] == ["입력 28×28", "필터 3×3", "응답 맵 26×26"]
    expected = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL[:, :, :, :1], BIAS[:1])[0, :, :, 0], 0)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), expected)
    assert len(fig.axes[1].texts) == 9  # the weights are written in
    signed = plot_response_map(DIGIT, KERNEL[:, :, 0, 0], relu=False).axes[2].images[0].get_array()
    assert signed.min() < 0
    with pytest.raises(ValueError, match="kernel"):
        plot_response_map(DIGIT, np.ones((3, 3, 2)))
    with pytest.raises(ValueError, match="fit"):
        plot_response_map(np.ones((2, 2)), np.ones((3, 3)))


def test_filters_and_responses_grid(draw) -> None:
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)
    fig = draw(plot_filters_and_responses(KERNEL, maps, ncols=4))
    assert len(fig.axes) == 2 * 2 * 4  # 6 filters in rows of 4: 2 groups of (filter row, map row)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [f"필터 {n}" for n in range(6)]
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12
    with pytest.raises(ValueError, match="match the kernel"):
        plot_filters_and_responses(KERNEL, maps[0, :, :, :5])
    with pytest.raises(ValueError, match="ncols"):
        plot_filters_and_responses(KERNEL, maps, ncols=0)


def test_convolution_step_vector_is_the_output_at_the_position(draw) -> None:
    fig = draw(plot_convolution_step(DIGIT, KERNEL, BIAS, position=(10, 11)))
    bars = [ax for ax in fig.axes if ax.patches and ax.get_xlabel()]
    assert len(bars) == 1
    heights = [p.get_height() for p in bars[0].patches]
    expected = conv2d(DIGIT[None, :, :, None], KERNEL, BIAS)[0, 10, 11]
    np.testing.assert_allclose(heights, expected)
    titles = " ".join(ax.get_title() for ax in fig.axes)
    assert "[10, 11]" in titles and "패치 (3, 3, 1)" in titles and "(3, 3, 1, 6)" in titles
    with pytest.raises(ValueError, match="position's row i must be an int from 0 to 25, got 26"):
        plot_convolution_step(DIGIT, KERNEL, BIAS, position=(26, 0))
    with pytest.raises(ValueError, match="position must be a pair"):
        plot_convolution_step(DIGIT, KERNEL, BIAS, position=3)
    plot_convolution_step(DIGIT, KERNEL, BIAS, position=(np.int64(1), np.int64(2)))  # NumPy ints are ints
    with pytest.raises(ValueError, match="bias"):
        plot_convolution_step(DIGIT, KERNEL, np.ones(5))
    with pytest.raises(ValueError, match="kernel"):
        plot_convolution_step(DIGIT, np.ones((3, 3, 2, 4)))


@pytest.mark.parametrize(
    ("args", "positions", "padded_cells"),
    [
        ((5, 3, "valid", 1), 9, 0),  # Fig 5-5
        ((5, 3, "same", 1), 25, 7 * 7 - 25),  # Fig 5-6: one row/column of padding on each side
        ((5, 3, "valid", 2), 4, 0),  # Fig 5-7
        ((5, 5, "same", 1), 25, 9 * 9 - 25),  # 2 on each side for a 5x5 window
        ((6, 3, "same", 2), 9, 7 * 7 - 36),  # odd total padding: the extra row goes below
    ],
)
def test_window_positions(args, positions, padded_cells, draw) -> None:
    fig = draw(plot_window_positions(*args))
    output_ax = fig.axes[-1]
    assert len(fig.axes) == positions + 1
    assert len(_rectangles(output_ax)) == positions
    first = fig.axes[0]
    grey = [r for r in _rectangles(first) if r.get_facecolor()[:3] != (1.0, 1.0, 1.0) and r.get_linewidth() < 1]
    assert len(grey) == padded_cells
    assert f"윈도우 위치 {positions}개" == fig.subfigs[0]._suptitle.get_text()


def test_window_positions_follow_strides_and_padding() -> None:
    fig = plot_window_positions(5, 3, "valid", 2)
    windows = [_rectangles(ax)[-1] for ax in fig.axes[:4]]
    assert [w.get_xy() for w in windows] == [(0, 0), (2, 0), (0, 2), (2, 2)]
    assert 'padding="valid", strides=2' in fig._suptitle.get_text()
    assert len(plot_window_positions(np.int64(5), np.int64(3), "valid", np.int64(2)).axes) == 5  # NumPy ints too


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((5, 7, "valid", 1), "must fit"),
        ((11, 3, "valid", 1), "input_size"),
        ((5, 3, "full", 1), "padding"),
        ((5, 3, "valid", 0), "strides"),
        ((5, 8, "same", 1), "window"),
        ((5.0, 3, "valid", 1), "input_size"),
    ],
)
def test_window_positions_bad_arguments(args, match) -> None:
    with pytest.raises(ValueError, match=match):
        plot_window_positions(*args)


def test_shift_accuracy_plot(draw) -> None:
    accs = {"컨브넷": [0.99, 0.95, 0.8], "완전 연결 네트워크": [0.98, 0.85, 0.6]}
    fig = draw(plot_shift_accuracy(range(3), accs))
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == list(accs)
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), accs["완전 연결 네트워크"])
    assert ax.get_xlabel() == "오른쪽으로 옮긴 픽셀 수"
    with pytest.raises(ValueError, match="one per shift"):
        plot_shift_accuracy(range(3), {"a": [0.9, 0.8]})
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        plot_shift_accuracy(range(2), {"a": [99.0, 80.0]})
    with pytest.raises(ValueError, match="non-empty"):
        plot_shift_accuracy([], {"a": []})


def test_shifted_feature_maps_follow_the_digit(draw) -> None:
    shifted = shift_images(DIGIT[None], dx=4)[0]
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)
    shifted_maps = np.maximum(conv2d(shifted[None, :, :, None], KERNEL, BIAS), 0)
    np.testing.assert_allclose(shifted_maps[0, :, 4:], maps[0, :, :-4])  # equivariance, exactly
    fig = draw(plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps, [0, 3], shift=4))
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:3]] == ["원본", "필터 0의 응답 맵", "필터 3의 응답 맵"]
    assert fig.axes[3].get_title() == "4픽셀 이동"
    assert len(fig.axes[4].patches) == 2  # the peak now, and where it was
    with pytest.raises(ValueError, match="channels"):
        plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps, [6], shift=4)
    with pytest.raises(ValueError, match="both have shape"):
        plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps[..., :3], [0], shift=4)
