"""Figures of 5.1 (introduction to convnets): the convnet's predictions."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from utils.figures.common import show


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
