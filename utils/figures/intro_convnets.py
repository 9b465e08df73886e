"""Figures of section 5.1 (introduction to convnets)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from utils.checks import int_in_range, positive_int
from utils.figures.common import DIGIT_CMAP, as_images


def plot_predictions(
    images: np.ndarray,
    labels: np.ndarray,
    predicted: np.ndarray,
    *,
    n_correct: int = 8,
    n_wrong: int = 8,
    ncols: int = 8,
) -> Figure:
    """Test digits with the convnet's predictions: first some right, then some wrong (5.1).

    Titles read ``예측 p / 정답 t``; wrong predictions are drawn in red.
    """
    images = as_images(images)
    labels, predicted = np.asarray(labels).ravel(), np.asarray(predicted).ravel()
    if not (len(images) == len(labels) == len(predicted)):
        raise ValueError(
            f"images, labels and predicted must have equal lengths, got {len(images)}, {len(labels)}, {len(predicted)}"
        )
    n_correct, n_wrong = int_in_range(n_correct, "n_correct", 0), int_in_range(n_wrong, "n_wrong", 0)
    ncols = positive_int(ncols, "ncols")
    if n_correct + n_wrong == 0:
        raise ValueError("nothing to draw: expected n_correct + n_wrong >= 1, got 0")
    right = np.flatnonzero(labels == predicted)[:n_correct]
    wrong = np.flatnonzero(labels != predicted)[:n_wrong]
    chosen = np.concatenate([right, wrong])
    nrows = max(1, -(-len(chosen) // ncols))
    fig = Figure(figsize=(1.25 * ncols, 1.55 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, i in zip(axes.flat, chosen, strict=False):
        ok = labels[i] == predicted[i]
        ax.imshow(images[i], cmap=DIGIT_CMAP)
        ax.set_title(f"예측 {predicted[i]} / 정답 {labels[i]}", fontsize=9, color="black" if ok else "crimson")
    fig.suptitle(f"맞힌 숫자 {len(right)}개(검은 제목)와 틀린 숫자 {len(wrong)}개(빨간 제목)", fontsize=11)
    return fig
