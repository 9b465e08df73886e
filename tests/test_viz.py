"""utils.viz: the 5.1 and 5.1.1 figures are built from the data they are given (fast, no training)."""

from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from utils import viz
from utils.ops import conv2d
from utils.transforms import shift_images

RNG = np.random.default_rng(0)
DIGIT = np.zeros((28, 28))
DIGIT[6:22, 12:15] = 1.0  # a vertical bar: a "1"
KERNEL = RNG.normal(size=(3, 3, 1, 6))
BIAS = RNG.normal(size=6)
MODEL_5_1 = [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]


@pytest.fixture(autouse=True)
def _korean_fonts_and_no_pyplot():
    from utils.setup import set_figure_style

    set_figure_style()
    yield
    assert not plt.get_fignums(), "figures must not be registered with pyplot"


def _draw(fig: Figure) -> Figure:
    """Render once, so layout errors and missing glyphs (warnings) surface in the test."""
    assert isinstance(fig, Figure)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not caught, [str(w.message) for w in caught]
    return fig


def _rectangles(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_plot_predictions_titles_and_colours() -> None:
    images = RNG.random((6, 28, 28))
    labels, predicted = np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 0, 4, 0, 6])
    fig = _draw(viz.plot_predictions(images, labels, predicted, n_correct=2, n_wrong=2, ncols=2))
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["예측 1 / 정답 1", "예측 2 / 정답 2", "예측 0 / 정답 3", "예측 0 / 정답 5"]
    with pytest.raises(ValueError, match="equal lengths"):
        viz.plot_predictions(images, labels[:3], predicted)


def test_local_patterns_use_every_kernel() -> None:
    fig = _draw(viz.plot_local_patterns(DIGIT))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(fig.axes) == 1 + 2 * len(viz.EDGE_KERNELS)
    assert titles[0] == "입력 숫자 28×28" and titles.count("응답 26×26") == len(viz.EDGE_KERNELS)
    # The vertical-edge response of a vertical bar: + on its left edge, - on its right edge.
    vertical = fig.axes[2].images[0].get_array()
    np.testing.assert_allclose(
        vertical, conv2d(DIGIT[None, :, :, None], viz.EDGE_KERNELS["세로 경계"][:, :, None, None])[0, :, :, 0]
    )
    assert vertical[12, 10] > 0 > vertical[12, 13] and vertical[12, 2] == 0
    fig = viz.plot_local_patterns(DIGIT[:, :, None], {"하나": np.ones((3, 3))})
    assert len(fig.axes) == 3
    with pytest.raises(ValueError, match="non-empty dict"):
        viz.plot_local_patterns(DIGIT, {})
    with pytest.raises(ValueError, match="kernels\\['x'\\]"):
        viz.plot_local_patterns(DIGIT, {"x": np.ones(3)})
    with pytest.raises(ValueError, match="image must have shape"):
        viz.plot_local_patterns(np.ones((2, 28, 28)))


def test_global_vs_local_weights() -> None:
    fig = _draw(viz.plot_global_vs_local(RNG.normal(size=(784, 10)), KERNEL, n=4))
    assert len(fig.axes) == 8
    assert [fig.axes[0].get_title(), fig.axes[4].get_title()] == ["유닛 0", "필터 0"]
    frame = fig.axes[4].images[0].get_array()
    assert frame.shape == (28, 28) and np.isfinite(frame).sum() == 9  # only the 3x3 window holds weights
    with pytest.raises(ValueError, match="784"):
        viz.plot_global_vs_local(np.ones((100, 10)), KERNEL)
    with pytest.raises(ValueError, match="n must be"):
        viz.plot_global_vs_local(np.ones((784, 10)), KERNEL, n=7)


def test_receptive_field_boxes_of_the_5_1_model() -> None:
    boxes = viz.receptive_field_boxes(MODEL_5_1)
    assert [size for _, size, _ in boxes] == [3, 4, 8, 10, 18]
    assert boxes[-1][2] == 4  # the centre unit of the 3x3 output sees rows 4..21
    for (_, inner, a), (_, outer, b) in itertools.pairwise(boxes):
        assert b <= a and a + inner <= b + outer  # each field lies inside the next one
    assert [size for _, size, _ in viz.receptive_field_boxes([(3, 1)] * 3)] == [3, 5, 7]


def test_receptive_field_boxes_from_a_keras_model() -> None:
    keras = pytest.importorskip("keras")
    from utils.models import build_convnet

    boxes = viz.receptive_field_boxes(build_convnet())
    assert [b[1:] for b in boxes] == [b[1:] for b in viz.receptive_field_boxes(MODEL_5_1)]  # (size, start)
    assert boxes[0][0] == "Conv2D (합성곱)" and boxes[1][0] == "MaxPooling2D (풀링)"
    with pytest.raises(ValueError, match="no convolution"):
        viz.receptive_field_boxes(keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]))


def test_plot_receptive_fields() -> None:
    fig = _draw(viz.plot_receptive_fields(DIGIT, MODEL_5_1))
    (ax,) = fig.axes
    sizes = sorted(round(r.get_width()) for r in _rectangles(ax))
    assert sizes == [3, 4, 8, 10, 18]
    assert "3×3에서 18×18까지" in ax.get_title()
    assert next(t.get_text() for t in ax.get_legend().get_texts()) == "층 1: 3×3"
    with pytest.raises(ValueError, match="pair of positive ints"):
        viz.plot_receptive_fields(DIGIT, [(3, 1, 1)])
    with pytest.raises(ValueError, match="Keras model or a list"):
        viz.plot_receptive_fields(DIGIT, "conv")
    with pytest.raises(ValueError, match="square"):
        viz.plot_receptive_fields(np.zeros((28, 20)), MODEL_5_1)


def test_response_map() -> None:
    fig = _draw(viz.plot_response_map(DIGIT, KERNEL[:, :, 0, 0], BIAS[0]))
    assert [ax.get_title() for ax in fig.axes] == ["입력 28×28", "필터 3×3", "응답 맵 26×26"]
    expected = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL[:, :, :, :1], BIAS[:1])[0, :, :, 0], 0)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), expected)
    assert len(fig.axes[1].texts) == 9  # the weights are written in
    signed = viz.plot_response_map(DIGIT, KERNEL[:, :, 0, 0], relu=False).axes[2].images[0].get_array()
    assert signed.min() < 0
    with pytest.raises(ValueError, match="kernel"):
        viz.plot_response_map(DIGIT, np.ones((3, 3, 2)))
    with pytest.raises(ValueError, match="fit"):
        viz.plot_response_map(np.ones((2, 2)), np.ones((3, 3)))


def test_filters_and_responses_grid() -> None:
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)
    fig = _draw(viz.plot_filters_and_responses(KERNEL, maps, ncols=4))
    assert len(fig.axes) == 2 * 2 * 4  # 6 filters in rows of 4: 2 groups of (filter row, map row)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [f"필터 {n}" for n in range(6)]
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12
    with pytest.raises(ValueError, match="match the kernel"):
        viz.plot_filters_and_responses(KERNEL, maps[0, :, :, :5])
    with pytest.raises(ValueError, match="ncols"):
        viz.plot_filters_and_responses(KERNEL, maps, ncols=0)


def test_convolution_step_vector_is_the_output_at_the_position() -> None:
    fig = _draw(viz.plot_convolution_step(DIGIT, KERNEL, BIAS, position=(10, 11)))
    bars = [ax for ax in fig.axes if ax.patches and ax.get_xlabel()]
    assert len(bars) == 1
    heights = [p.get_height() for p in bars[0].patches]
    expected = conv2d(DIGIT[None, :, :, None], KERNEL, BIAS)[0, 10, 11]
    np.testing.assert_allclose(heights, expected)
    titles = " ".join(ax.get_title() for ax in fig.axes)
    assert "[10, 11]" in titles and "패치 (3, 3, 1)" in titles and "(3, 3, 1, 6)" in titles
    with pytest.raises(ValueError, match="position"):
        viz.plot_convolution_step(DIGIT, KERNEL, BIAS, position=(26, 0))
    with pytest.raises(ValueError, match="bias"):
        viz.plot_convolution_step(DIGIT, KERNEL, np.ones(5))
    with pytest.raises(ValueError, match="kernel"):
        viz.plot_convolution_step(DIGIT, np.ones((3, 3, 2, 4)))


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
def test_window_positions(args, positions, padded_cells) -> None:
    fig = _draw(viz.plot_window_positions(*args))
    output_ax = fig.axes[-1]
    assert len(fig.axes) == positions + 1
    assert len(_rectangles(output_ax)) == positions
    first = fig.axes[0]
    grey = [r for r in _rectangles(first) if r.get_facecolor()[:3] != (1.0, 1.0, 1.0) and r.get_linewidth() < 1]
    assert len(grey) == padded_cells
    assert f"윈도우 위치 {positions}개" == fig.subfigs[0]._suptitle.get_text()


def test_window_positions_follow_strides_and_padding() -> None:
    fig = viz.plot_window_positions(5, 3, "valid", 2)
    windows = [_rectangles(ax)[-1] for ax in fig.axes[:4]]
    assert [w.get_xy() for w in windows] == [(0, 0), (2, 0), (0, 2), (2, 2)]
    assert 'padding="valid", strides=2' in fig._suptitle.get_text()


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
        viz.plot_window_positions(*args)


def test_window_explorer_without_a_front_end_returns_the_default_figure() -> None:
    assert viz._has_live_frontend() is False  # pytest is no interactive front end
    fig = viz.window_positions_explorer()
    assert isinstance(fig, Figure) and len(fig.axes) == 10
    with pytest.raises(ValueError):
        viz.window_positions_explorer(5, 9, "valid", 1)


def test_window_explorer_with_a_front_end_redraws(capsys) -> None:
    widgets = pytest.importorskip("ipywidgets")
    explorer = viz.window_positions_explorer(live=True)
    assert isinstance(explorer, widgets.interactive)
    assert explorer.kwargs == {"input_size": 5, "window": 3, "padding": "valid", "strides": 1}
    controls = {c.description: c for c in explorer.children if hasattr(c, "description")}
    controls["padding"].value = "same"
    controls["윈도우 크기"].value = 7
    assert explorer.kwargs["padding"] == "same" and explorer.kwargs["window"] == 7
    controls["padding"].value = "valid"  # a 7x7 window no longer fits in 5x5: a message, no error
    assert "이 조합은 그릴 수 없습니다" in capsys.readouterr().out
    explorer.close_all()


def test_shift_accuracy_plot() -> None:
    accs = {"컨브넷": [0.99, 0.95, 0.8], "완전 연결 네트워크": [0.98, 0.85, 0.6]}
    fig = _draw(viz.plot_shift_accuracy(range(3), accs))
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == list(accs)
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), accs["완전 연결 네트워크"])
    assert ax.get_xlabel() == "오른쪽으로 옮긴 픽셀 수"
    with pytest.raises(ValueError, match="one per shift"):
        viz.plot_shift_accuracy(range(3), {"a": [0.9, 0.8]})
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        viz.plot_shift_accuracy(range(2), {"a": [99.0, 80.0]})
    with pytest.raises(ValueError, match="non-empty"):
        viz.plot_shift_accuracy([], {"a": []})


def test_shifted_feature_maps_follow_the_digit() -> None:
    shifted = shift_images(DIGIT[None], dx=4)[0]
    maps = np.maximum(conv2d(DIGIT[None, :, :, None], KERNEL, BIAS), 0)
    shifted_maps = np.maximum(conv2d(shifted[None, :, :, None], KERNEL, BIAS), 0)
    np.testing.assert_allclose(shifted_maps[0, :, 4:], maps[0, :, :-4])  # equivariance, exactly
    fig = _draw(viz.plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps, [0, 3], shift=4))
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:3]] == ["원본", "필터 0의 응답 맵", "필터 3의 응답 맵"]
    assert fig.axes[3].get_title() == "4픽셀 이동"
    assert len(fig.axes[4].patches) == 2  # the peak now, and where it was
    with pytest.raises(ValueError, match="channels"):
        viz.plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps, [6], shift=4)
    with pytest.raises(ValueError, match="both have shape"):
        viz.plot_shifted_feature_maps(DIGIT, shifted, maps, shifted_maps[..., :3], [0], shift=4)
