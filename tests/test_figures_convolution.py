"""utils.figures.convolution: the 5.1.1 figures are built from the data they are given (fast, no training)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.patches import Rectangle

from utils.checks import ParameterError
from utils.figures.convolution import (
    EDGE_KERNELS,
    plot_convolution_step,
    plot_filters_and_responses,
    plot_global_vs_local,
    plot_local_patterns,
    plot_response_map,
    plot_shift_accuracy,
    plot_shifted_feature_maps,
    plot_strongest_patches,
    plot_window_positions,
)
from utils.ops import conv2d
from utils.receptive_fields import ChannelPatches
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
    assert titles[1] == "세로 에지 커널" and fig.get_suptitle().endswith("방향별 에지")
    assert len(fig.axes[1].texts) == 9  # the weights are written in
    # The vertical-edge response of a vertical bar: + on its left edge, - on its right edge.
    vertical = fig.axes[2].images[0].get_array()
    np.testing.assert_allclose(
        vertical, conv2d(DIGIT[None, :, :, None], EDGE_KERNELS["세로 에지"][:, :, None, None])[0, :, :, 0]
    )
    assert vertical[12, 10] > 0 > vertical[12, 13] and vertical[12, 2] == 0
    assert len(plot_local_patterns(DIGIT[:, :, None], {"하나": np.ones((3, 3))}).axes) == 3


def test_global_vs_local_weights(draw) -> None:
    fig = draw(plot_global_vs_local(RNG.normal(size=(784, 10)), KERNEL, n=4))
    assert len(fig.axes) == 8 + 1  # and the colour bar, whose ends stand for each panel's largest weight
    assert [t.get_text() for t in fig.axes[-1].get_yticklabels()][1] == "0"
    zoom = fig.axes[4].child_axes[0]  # the filter enlarged in the corner
    np.testing.assert_array_equal(zoom.images[0].get_array(), KERNEL[:, :, 0, 0])
    assert [fig.axes[0].get_title(), fig.axes[4].get_title()] == ["유닛 0", "필터 0"]
    frame = fig.axes[4].images[0].get_array()
    assert frame.shape == (28, 28) and np.isfinite(frame).sum() == 9  # only the 3x3 window holds weights
    limit = np.abs(KERNEL[:, :, 0, 0]).max()
    assert fig.axes[4].images[0].get_clim() == (-limit, limit)  # the filter's own scale, centred on 0


def test_response_map(draw) -> None:
    fig = draw(plot_response_map(DIGIT, KERNEL[:, :, 0, 0], BIAS[0]))
    assert [ax.get_title() for ax in fig.axes] == ["입력 28×28", "필터 3×3", "응답 맵 26×26"]
    expected = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL[:, :, :, :1], BIAS[:1])[0, :, :, 0], 0)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), expected)
    assert len(fig.axes[1].texts) == 9  # the weights are written in
    signed = plot_response_map(DIGIT, KERNEL[:, :, 0, 0], relu=False).axes[2].images[0].get_array()
    assert signed.min() < 0


def test_filters_and_responses_grid(draw) -> None:
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)  # with its batch axis of 1
    fig = draw(plot_filters_and_responses(KERNEL, maps, ncols=4))
    assert len(fig.axes) == 2 * 2 * 4  # 6 filters in rows of 4: 2 groups of (filter row, map row)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [f"필터 {n}" for n in range(6)]
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12
    np.testing.assert_allclose(shown[4 + 1].images[0].get_array(), maps[0, :, :, 1])  # filter 1's map
    assert "응답 맵 26×26" in fig.get_suptitle()


def test_convolution_step_vector_is_the_output_at_the_position(draw) -> None:
    fig = draw(plot_convolution_step(DIGIT, KERNEL, BIAS, position=(10, 11)))
    bars = [ax for ax in fig.axes if ax.patches and ax.get_xlabel()]
    assert len(bars) == 1
    heights = [p.get_height() for p in bars[0].patches]
    expected = conv2d(DIGIT[None, :, :, None], KERNEL, BIAS)[0, 10, 11]
    np.testing.assert_allclose(heights, expected)
    titles = " ".join(ax.get_title() for ax in fig.axes)
    assert "[10, 11]" in titles and "패치 (3, 3, 1)" in titles and "(3, 3, 1, 6)" in titles
    best = int(np.argmax(expected))
    assert [p.get_linewidth() > 1 for p in bars[0].patches] == [n == best for n in range(len(expected))]
    output = fig.axes[-1]  # (5): the map of the tallest bar, after the layer's ReLU, like every response map
    full = conv2d(DIGIT[None, :, :, None], KERNEL, BIAS)[0, :, :, best]
    np.testing.assert_allclose(output.images[0].get_array(), np.maximum(full, 0))
    assert output.images[0].get_cmap().name == "magma" and "ReLU" in output.get_title()
    plot_convolution_step(DIGIT, KERNEL, BIAS, position=(np.int64(1), np.int64(2)))  # NumPy ints are ints


@pytest.mark.parametrize(
    ("position", "match"),
    [((26, 0), "position의 행 i에는 0 이상 25 이하의 정수만"), ((0, -1), "position의 열 j에는 0 이상 25 이하")],
)
def test_convolution_step_says_where_the_window_can_stand(position, match) -> None:
    """A learner picks ``(i, j)``: outside the 26×26 output NumPy would silently wrap or crop the patch."""
    with pytest.raises(ParameterError, match=match):
        plot_convolution_step(DIGIT, KERNEL, BIAS, position=position)


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
    assert fig.subfigs[0].get_suptitle() == f"윈도우 위치 {positions}개"


def test_window_positions_follow_strides_and_padding() -> None:
    fig = plot_window_positions(5, 3, "valid", 2)
    windows = [_rectangles(ax)[-1] for ax in fig.axes[:4]]
    assert [w.get_xy() for w in windows] == [(0, 0), (2, 0), (0, 2), (2, 2)]
    assert 'padding="valid", strides=2' in fig.get_suptitle()
    assert len(plot_window_positions(np.int64(5), np.int64(3), "valid", np.int64(2)).axes) == 5  # NumPy ints too


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((11, 3, "valid", 1), "input_size에는 1 이상 10 이하의 정수만"),
        ((5.0, 3, "valid", 1), "input_size에는"),
        ((5, 8, "same", 1), "window에는 1 이상 7 이하의 정수만"),
        ((5, 3, "valid", 0), "strides에는 1 이상 4 이하의 정수만"),
        ((5, 3, "full", 1), "padding에는 'valid' 또는 'same'만"),
        ((5, 7, "valid", 1), None),  # utils.ops: a "valid" window must fit in the input
    ],
)
def test_window_positions_say_what_can_be_drawn(args, match) -> None:
    with pytest.raises(ParameterError, match=match):
        plot_window_positions(*args)


def test_shift_accuracy_plot(draw) -> None:
    accs = {"컨브넷": [0.99, 0.95, 0.8], "완전 연결 네트워크": [0.98, 0.85, 0.6]}
    fig = draw(plot_shift_accuracy(range(3), accs))
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == list(accs)
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), accs["완전 연결 네트워크"])
    assert ax.get_xlabel() == "오른쪽으로 옮긴 픽셀 수"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]


def test_shifted_feature_maps_follow_the_digit(draw) -> None:
    shifted = shift_images(DIGIT[None], dx=4)[0]
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)
    shifted_maps = np.maximum(conv2d(shifted[None, :, :, None], KERNEL, BIAS), 0)
    np.testing.assert_allclose(shifted_maps[0, :, 4:], maps[0, :, :-4])  # equivariance, exactly
    fig = draw(plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps, [0, 3], shift=4))
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:3]] == ["원본", "필터 0의 응답 맵", "필터 3의 응답 맵"]
    assert fig.axes[3].get_title() == "4픽셀 이동"
    assert len(fig.axes[1].patches) == 1 and len(fig.axes[4].patches) == 2  # the peak now, and where it was
    (x_now, _), (x_before, _) = (ring.get_center() for ring in fig.axes[4].patches)
    assert x_now == x_before + 4


def test_strongest_patches_one_column_per_layer_at_one_scale(draw) -> None:
    """5.1.1's Fig 5-2: Korean layer names, several channels per layer, every window at one pixel scale."""
    images = np.random.default_rng(3).random((4, 28, 28, 1))
    found = [
        ChannelPatches("첫 번째 합성곱 층", 5, 3, [(0, 2, 3, 3), (1, 0, 0, 3)]),
        ChannelPatches("첫 번째 합성곱 층", 7, 3, [(2, 5, 5, 3)]),
        ChannelPatches("세 번째 합성곱 층", 1, 18, [(3, 4, 4, 18), (0, 0, 8, 18)]),
    ]
    fig = draw(plot_strongest_patches(images, found))
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["채널 5", "채널 7", "채널 1"]
    headers = [t.get_text() for t in fig.texts if t.get_text() != fig.get_suptitle()]
    assert headers == ["첫 번째 합성곱 층\n수용 영역 3×3", "세 번째 합성곱 층\n수용 영역 18×18"]
    crops = [image.get_array() for ax in fig.axes for image in ax.images]
    np.testing.assert_array_equal(crops[0], images[0, 2:5, 3:6, 0])
    np.testing.assert_array_equal(crops[3], images[3, 4:22, 4:22, 0])
    np.testing.assert_array_equal(crops[4], images[0, 0:18, 8:26, 0])
    inches = fig.get_size_inches()
    per_pixel = {round(ax.get_position().width * inches[0] / np.ptp(ax.get_xlim()), 6) for ax in fig.axes}
    per_pixel |= {round(ax.get_position().height * inches[1] / np.ptp(ax.get_ylim()), 6) for ax in fig.axes}
    assert per_pixel == {0.06}, "one scale for every window, across and down"
    assert [len(_rectangles(ax)) for ax in fig.axes] == [2, 1, 2], "each window framed"
