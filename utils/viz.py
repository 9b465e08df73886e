"""Figures computed from real data, Korean labels included (5.1, 5.1.1, 5.1.2).

Every function returns a :class:`matplotlib.figure.Figure` that is not registered with
pyplot, so a notebook shows it exactly once by leaving it as the cell's last expression.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure


def _check_images(images: np.ndarray, name: str = "images") -> np.ndarray:
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"{name} must have shape (N, H, W) or (N, H, W, 1), got {images.shape}")
    return images


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
    images = _check_images(images)
    labels, predicted = np.asarray(labels).ravel(), np.asarray(predicted).ravel()
    if not (len(images) == len(labels) == len(predicted)):
        raise ValueError(
            f"images, labels and predicted must have equal lengths, got {len(images)}, {len(labels)}, {len(predicted)}"
        )
    for name, value in (("n_correct", n_correct), ("n_wrong", n_wrong), ("ncols", ncols)):
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    if ncols == 0 or n_correct + n_wrong == 0:
        raise ValueError("nothing to draw: ncols and n_correct + n_wrong must be positive")
    right = np.flatnonzero(labels == predicted)[:n_correct]
    wrong = np.flatnonzero(labels != predicted)[:n_wrong]
    chosen = np.concatenate([right, wrong])
    nrows = -(-len(chosen) // ncols)
    fig = Figure(figsize=(1.25 * ncols, 1.55 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, i in zip(axes.flat, chosen, strict=False):
        ok = labels[i] == predicted[i]
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"예측 {predicted[i]} / 정답 {labels[i]}", fontsize=9, color="black" if ok else "crimson")
    fig.suptitle(f"맞힌 숫자 {len(right)}개(검은 제목)와 틀린 숫자 {len(wrong)}개(빨간 제목)", fontsize=11)
    return fig
