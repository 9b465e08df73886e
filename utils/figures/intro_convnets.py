"""Figures of 5.1 (introduction to convnets): the model's layers and shapes, the convnet's predictions."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from numpy.typing import ArrayLike

from utils.figures.common import show

if TYPE_CHECKING:
    import keras

#: A pale tint of an Okabe–Ito colour per kind of layer (the text names the kind too: colour is not the only cue).
LAYER_FILLS = {"Conv2D": "#d3e8f5", "MaxPooling2D": "#fbe7c2", "Flatten": "#eeeeee", "Dense": "#f2d7e6"}
#: Figure geometry in inches: box width and height, gaps between boxes and between the rows, text line pitch.
BOX_W, BOX_H, GAP_X, GAP_Y, LINE = 1.2, 1.0, 0.22, 0.6, 0.21


def layer_label(layer: keras.layers.Layer) -> tuple[str, str]:
    """``("Conv2D", "3×3 필터 32개")``, ``("MaxPooling2D", "2×2 최대 풀링")``, ``("Dense", "유닛 64개")``: a layer's
    kind and setting, as the architecture figure names it (5.1)."""
    kind = type(layer).__name__
    if hasattr(layer, "kernel_size"):
        return kind, f"{'×'.join(map(str, layer.kernel_size))} 필터 {layer.filters}개"
    if hasattr(layer, "pool_size"):
        return kind, f"{'×'.join(map(str, layer.pool_size))} {'최대 풀링' if 'Max' in kind else '풀링'}"
    if hasattr(layer, "units"):
        return kind, f"유닛 {layer.units}개"
    return kind, "1D로 펼치기" if kind == "Flatten" else ""


def plot_architecture(model: keras.Model) -> Figure:
    """The input and every layer of ``model`` in two rows of boxes: kind, setting, output shape, parameters (5.1,
    listings 5-1 and 5-2). Sized for the page's column (about 7 inches) at 10-point text."""
    boxes = [("입력", "흑백 숫자", tuple(model.input_shape[1:]), 0, "white")]
    for layer in model.layers:
        fill = LAYER_FILLS.get(type(layer).__name__, "white")
        boxes.append((*layer_label(layer), tuple(layer.output.shape[1:]), layer.count_params(), fill))
    per_row = -(-len(boxes) // 2)
    width, height = per_row * BOX_W + (per_row + 1) * GAP_X, 2 * BOX_H + GAP_Y + 0.75
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1), xlim=(0, width), ylim=(height, 0))  # inches, downwards
    ax.set_axis_off()
    corners = [
        (GAP_X + (k % per_row) * (BOX_W + GAP_X), 0.6 + (k // per_row) * (BOX_H + GAP_Y)) for k in range(len(boxes))
    ]
    for (kind, setting, shape, params, fill), (x, y) in zip(boxes, corners, strict=True):
        ax.add_patch(FancyBboxPatch((x, y), BOX_W, BOX_H, boxstyle="round,pad=0.02", fc=fill, ec="#444444", lw=1))
        lines = [(kind, "bold"), (setting, "normal"), (str(shape), "normal"), (f"파라미터 {params:,}", "normal")]
        for n, (text, weight) in enumerate(lines):
            ax.text(
                x + BOX_W / 2,
                y + BOX_H / 2 + (n - 1.5) * LINE,
                text,
                ha="center",
                va="center",
                fontsize=10,
                fontweight=weight,
            )
    arrow = {"arrowstyle": "->", "lw": 1.2, "shrinkA": 0, "shrinkB": 0}
    for (x0, y0), (x1, y1) in pairwise(corners):
        if y0 == y1:
            ax.annotate("", (x1 - 0.03, y1 + BOX_H / 2), (x0 + BOX_W + 0.03, y0 + BOX_H / 2), arrowprops=arrow)
        else:  # down from the end of the first row, back to the start of the second
            bend = y0 + BOX_H + GAP_Y / 2
            ax.plot([x0 + BOX_W / 2] * 2 + [x1 + BOX_W / 2], [y0 + BOX_H + 0.03, bend, bend], color="black", lw=1.2)
            ax.annotate("", (x1 + BOX_W / 2, y1 - 0.03), (x1 + BOX_W / 2, bend), arrowprops=arrow)
    total = sum(box[3] for box in boxes)
    fig.suptitle(
        f"층마다 바뀌는 출력 모양과 파라미터 수 (모두 {total:,}개)", fontsize=12, y=1 - 0.12 / height, va="top"
    )
    return fig


def plot_predictions(
    images: ArrayLike, labels: ArrayLike, predicted: ArrayLike, *, n_correct: int = 8, n_wrong: int = 8, ncols: int = 8
) -> Figure:
    """Test digits and the convnet's predictions: ``n_correct`` right, then ``n_wrong`` wrong in red (5.1)."""
    images, labels, predicted = np.asarray(images), np.ravel(labels), np.ravel(predicted)
    right, wrong = np.flatnonzero(labels == predicted)[:n_correct], np.flatnonzero(labels != predicted)[:n_wrong]
    nrows = max(1, -(-(len(right) + len(wrong)) // ncols))
    fig = Figure(figsize=(1.25 * ncols, 1.55 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, i in zip(axes.flat, [*right, *wrong], strict=False):
        color = "black" if labels[i] == predicted[i] else "crimson"
        title = f"예측 {predicted[i]} / 정답 {labels[i]}"
        show(ax, images[i].reshape(images.shape[1:3])).set_title(title, fontsize=9, color=color)
    fig.suptitle(f"맞힌 숫자 {len(right)}개(검은 제목)와 틀린 숫자 {len(wrong)}개(빨간 제목)", fontsize=11)
    return fig
