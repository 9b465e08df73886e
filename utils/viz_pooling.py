"""Figures of section 5.1.2 (max pooling), computed from real data, Korean labels included.

Every function returns a :class:`matplotlib.figure.Figure` that is not registered with
pyplot, so a notebook shows it exactly once by leaving it as the cell's last expression.
Colours follow ``utils.viz``: digits dark on white (``gray_r``), activations after ReLU
(presence of a pattern) in ``magma``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from utils.checks import positive_int
from utils.experiments import group_by_model, mean_curve
from utils.ops import avg_pool2d, max_pool2d
from utils.viz import as_image

DIGIT_CMAP = "gray_r"
PRESENCE_CMAP = "magma"
#: One colour per 2x2 window in the pooling example (light enough to read black numbers on).
WINDOW_COLORS = ("#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec", "#f2f2f2")
#: One colour per model in the comparison figures, in the order the models are given.
MODEL_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#7f7f7f", "#8c564b", "#e377c2", "#17becf")


def _number_grid(
    ax,
    values: np.ndarray,
    colors: np.ndarray | None,
    bold: np.ndarray | None,
    title: str,
    frame: tuple[int, int] | None = None,
) -> None:
    """Draw ``values`` as a table of numbers; ``colors`` (H, W) indexes WINDOW_COLORS, -1 = white.

    ``frame`` (height, width) centres the table in a larger frame, so that tables of different
    sizes drawn side by side have cells of the same size.
    """
    height, width = values.shape
    frame_h, frame_w = frame or (height, width)
    for (r, c), value in np.ndenumerate(values):
        face = "white" if colors is None or colors[r, c] < 0 else WINDOW_COLORS[colors[r, c] % len(WINDOW_COLORS)]
        ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor="#555555", linewidth=0.8))
        strong = bold is not None and bold[r, c]
        text = f"{value:g}" if float(value).is_integer() else f"{value:.2f}"
        ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", fontsize=12, fontweight="bold" if strong else None)
        if strong:
            ax.add_patch(Rectangle((c + 0.06, r + 0.06), 0.88, 0.88, fill=False, edgecolor="black", linewidth=2))
    ax.set_xlim(-(frame_w - width) / 2, width + (frame_w - width) / 2)
    ax.set_ylim(height + (frame_h - height) / 2, -(frame_h - height) / 2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)


def plot_pooling_example(x: Any, pool_size: int = 2) -> Figure:
    """A small input, its max pooling and its average pooling (2x2 windows, stride 2) side by side (5.1.2).

    Each window of the input and the output number it becomes share a colour; the maximum
    of every window is outlined in bold.
    """
    x = as_image(x, "x")
    positive_int(pool_size, "pool_size")
    if x.shape[0] < pool_size or x.shape[1] < pool_size:
        raise ValueError(f"x of shape {x.shape} is smaller than one {pool_size}x{pool_size} window")
    batch = x[None, :, :, None]
    maxed = max_pool2d(batch, pool_size)[0, :, :, 0]
    averaged = avg_pool2d(batch, pool_size)[0, :, :, 0]
    out_h, out_w = maxed.shape
    window_ids = np.arange(out_h * out_w).reshape(out_h, out_w)
    colors = np.full(x.shape, -1)
    is_max = np.zeros(x.shape, dtype=bool)
    for (i, j), wid in np.ndenumerate(window_ids):
        rows, cols = slice(i * pool_size, (i + 1) * pool_size), slice(j * pool_size, (j + 1) * pool_size)
        colors[rows, cols] = wid
        window = x[rows, cols]
        r, c = np.unravel_index(np.argmax(window), window.shape)  # the first maximum, as drawn
        is_max[i * pool_size + r, j * pool_size + c] = True
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    axes = fig.subplots(1, 3, width_ratios=[x.shape[1], out_w + 1, out_w + 1])
    frame = (x.shape[0], out_w + 1)
    _number_grid(axes[0], x, colors, is_max, f"입력 {x.shape[0]}×{x.shape[1]}")
    _number_grid(axes[1], maxed, window_ids, None, f"최대 풀링 {out_h}×{out_w}", frame)
    _number_grid(axes[2], averaged, window_ids, None, f"평균 풀링 {out_h}×{out_w}", frame)
    fig.suptitle(
        f"{pool_size}×{pool_size} 윈도우, 스트라이드 {pool_size}: 같은 색 윈도우가 출력의 같은 색 칸 하나가 됩니다",
        fontsize=11,
    )
    return fig


def plot_feature_map_pooling(image: Any, feature_map: Any, pooled: Any, *, channel: int = 0, note: str = "") -> Figure:
    """A digit, one channel of the first Conv2D's output and the same channel after max pooling (5.1.2).

    ``feature_map`` and ``pooled`` are ``(H, W, channels)`` arrays (one sample); the three
    panels are drawn at the same size so the coarser 13x13 grid is visible. ``note`` is
    appended to the title (e.g. that the filters are still untrained).
    """
    image = as_image(image, "image")
    feature_map, pooled = np.asarray(feature_map, dtype=float), np.asarray(pooled, dtype=float)
    if feature_map.ndim != 3 or pooled.ndim != 3:
        raise ValueError(f"feature_map and pooled must be (H, W, channels), got {feature_map.shape} and {pooled.shape}")
    if not 0 <= channel < min(feature_map.shape[-1], pooled.shape[-1]):
        raise ValueError(f"channel must lie in [0, {feature_map.shape[-1]}), got {channel}")
    panels = [
        (image, DIGIT_CMAP, f"입력 이미지 {image.shape[0]}×{image.shape[1]}"),
        (feature_map[..., channel], PRESENCE_CMAP, f"Conv2D 출력 {feature_map.shape[0]}×{feature_map.shape[1]}"),
        (pooled[..., channel], PRESENCE_CMAP, f"MaxPooling2D 출력 {pooled.shape[0]}×{pooled.shape[1]}"),
    ]
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    axes = fig.subplots(1, 3)
    for ax, (values, cmap, title) in zip(axes, panels, strict=True):
        ax.imshow(values, cmap=cmap, interpolation="nearest")
        ax.set_title(title, fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
    vmax = float(feature_map[..., channel].max()) or 1.0
    for ax in axes[1:]:
        ax.images[0].set_clim(0, vmax)  # one colour scale for before and after pooling
    fig.suptitle(f"필터 {channel}의 응답 맵{note}: 최대 풀링 뒤 높이와 너비가 절반이 됩니다", fontsize=11)
    return fig


def unit_window(steps: Sequence[tuple[int, int]], row: int, col: int) -> tuple[int, int, int]:
    """``(top, left, size)`` of the input window that output unit ``(row, col)`` of the last layer sees.

    ``steps`` are the ``(kernel_size, stride)`` pairs of the convolution and pooling layers
    (valid padding). Neighbouring units of the last layer are ``jump`` input pixels apart,
    ``jump`` being the product of all strides, so unit ``(row, col)`` starts at
    ``(row * jump, col * jump)``; its size is :func:`utils.ops.receptive_field`.
    """
    from utils.ops import receptive_field

    size = receptive_field(list(steps))
    jump = int(np.prod([stride for _, stride in steps]))
    if row < 0 or col < 0:
        raise ValueError(f"row and col must be non-negative, got ({row}, {col})")
    return row * jump, col * jump, size


def plot_receptive_fields(image: Any, windows: Mapping[str, tuple[int, int, int]]) -> Figure:
    """What one unit of the last convolution sees of a digit, for several models (5.1.2).

    ``windows`` maps a Korean caption to ``(top, left, size)`` (see :func:`unit_window`). The
    top row outlines each window on the whole digit; the bottom row shows only what is inside.
    """
    image = as_image(image, "image")
    if not windows:
        raise ValueError("windows is empty: give at least one caption -> (top, left, size)")
    for caption, (top, left, size) in windows.items():
        if top < 0 or left < 0 or size < 1 or top + size > image.shape[0] or left + size > image.shape[1]:
            raise ValueError(f"window {caption!r} = {(top, left, size)} does not fit in the {image.shape} image")
    n = len(windows)
    fig = Figure(figsize=(3.2 * n, 6.2), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for k, (caption, (top, left, size)) in enumerate(windows.items()):
        color = MODEL_COLORS[k % len(MODEL_COLORS)]
        whole, inside = axes[0, k], axes[1, k]
        whole.imshow(image, cmap=DIGIT_CMAP, interpolation="nearest")
        whole.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, edgecolor=color, linewidth=2.5))
        whole.set_title(caption, fontsize=11)
        inside.imshow(
            image[top : top + size, left : left + size],
            cmap=DIGIT_CMAP,
            interpolation="nearest",
            vmin=image.min(),
            vmax=image.max(),
        )
        inside.set_title(f"윈도우 안: {size}×{size} 픽셀", fontsize=11, color=color)
        for ax in (whole, inside):
            ax.set_xticks([])
            ax.set_yticks([])
    fig.suptitle("마지막 합성곱 층의 유닛 하나가 보는 입력 영역", fontsize=12)
    return fig


def plot_learning_curves(records: Sequence[Any], labels: Mapping[str, str] | None = None) -> Figure:
    """Left: training accuracy per epoch (mean over seeds, band = min–max). Right: final train and test
    accuracy of every run, so the gap and the spread over seeds are visible (5.1.2).

    ``records`` are :class:`utils.experiments.RunRecord` objects (anything with ``name``,
    ``seed``, ``history["accuracy"]``, ``train_acc`` and ``test_acc``).
    """
    labels = labels or {}
    by_model = group_by_model(records)
    if not by_model:
        raise ValueError("no records to plot")
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    curves, finals = fig.subplots(1, 2, width_ratios=[1, 1.15])
    names = list(by_model)
    for k, name in enumerate(names):
        color, label = MODEL_COLORS[k % len(MODEL_COLORS)], labels.get(name, name)
        acc = 100 * np.asarray([run.history["accuracy"] for run in by_model[name]], dtype=float)
        epochs = np.arange(1, acc.shape[1] + 1)
        curves.plot(epochs, 100 * mean_curve(records, name), marker="o", color=color, label=label)
        if len(acc) > 1:
            curves.fill_between(epochs, acc.min(axis=0), acc.max(axis=0), color=color, alpha=0.15, linewidth=0)
        y = len(names) - 1 - k
        train = 100 * np.asarray([run.train_acc for run in by_model[name]])
        test = 100 * np.asarray([run.test_acc for run in by_model[name]])
        finals.plot([test.mean(), train.mean()], [y, y], color=color, linewidth=2, alpha=0.6)
        finals.scatter(test, np.full(len(test), y), s=45, color=color, zorder=3)
        finals.scatter(train, np.full(len(train), y), s=45, facecolors="white", edgecolors=color, zorder=3)
    curves.set_xlabel("에포크")
    curves.set_ylabel("훈련 정확도 (%, 에포크 평균)")
    curves.set_xticks(np.arange(1, max(len(r.history["accuracy"]) for r in records) + 1))
    curves.set_title("학습 곡선 (선: 시드 평균, 띠: 최소–최대)", fontsize=11)
    curves.legend(fontsize=9, loc="lower right")
    curves.grid(alpha=0.3)
    finals.set_yticks(range(len(names)), [labels.get(n, n) for n in reversed(names)])
    finals.set_xlabel("정확도 (%)")
    finals.set_title("훈련 뒤 정확도: 빈 원 = 훈련 데이터, 채운 원 = 테스트 데이터", fontsize=11)
    finals.grid(axis="x", alpha=0.3)
    finals.margins(y=0.15)
    return fig
