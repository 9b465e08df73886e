"""Figures of 5.1 (introduction to convnets): the model's layers and shapes, the convnet's predictions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from numpy.typing import ArrayLike

from utils.figures.common import show

if TYPE_CHECKING:
    import keras

#: A pale fill per kind of layer (the text names the kind too, so colour is not the only cue).
LAYER_FILLS = {"Conv2D": "#cfe3f3", "MaxPooling2D": "#fde3bf", "Flatten": "#eeeeee", "Dense": "#cdeee2"}


def layer_label(layer: keras.layers.Layer) -> str:
    """``"Conv2D 3×3, 필터 32"``, ``"MaxPooling2D 2×2"``, ``"Dense 64"``: a layer as the figure names it (5.1)."""
    kind = type(layer).__name__
    if hasattr(layer, "kernel_size"):
        return f"{kind} {'×'.join(map(str, layer.kernel_size))}, 필터 {layer.filters}"
    if hasattr(layer, "pool_size"):
        return f"{kind} {'×'.join(map(str, layer.pool_size))}"
    return f"{kind} {layer.units}" if hasattr(layer, "units") else kind


def plot_architecture(model: keras.Model) -> Figure:
    """The input and every layer of ``model`` left to right: kind, output shape, parameters (5.1, listings 5-1, 5-2)."""
    boxes = [("입력", tuple(model.input_shape[1:]), 0, "white")]
    for layer in model.layers:
        fill = LAYER_FILLS.get(type(layer).__name__, "white")
        boxes.append((layer_label(layer), tuple(layer.output.shape[1:]), layer.count_params(), fill))
    fig = Figure(figsize=(1.3 * len(boxes), 2.3), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(-0.55, len(boxes) - 0.45), ylim=(-0.75, 0.75))
    ax.set_axis_off()
    for k, (label, shape, params, fill) in enumerate(boxes):
        box = FancyBboxPatch((k - 0.42, -0.5), 0.84, 1.0, boxstyle="round,pad=0.02", fc=fill, ec="#444444", lw=1)
        ax.add_patch(box)
        ax.text(k, 0.22, label.replace(", ", ",\n"), ha="center", va="center", fontsize=8, fontweight="bold")
        ax.text(k, -0.22, f"{shape}\n파라미터 {params:,}", ha="center", va="center", fontsize=8)
        if k:
            ax.annotate("", (k - 0.44, 0), (k - 0.56, 0), arrowprops={"arrowstyle": "->", "lw": 1})
    total = sum(params for *_, params, _ in boxes)
    fig.suptitle(f"층마다 바뀌는 출력 모양과 파라미터 수 (모두 {total:,}개)", fontsize=11)
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
