"""Figures of section 5.1.2 (max pooling): pooling by hand, pooled feature maps, learning curves.

Colours follow :mod:`utils.figures.common`. Pooling comes from ``utils.ops``, the pooling windows
from ``utils.receptive_fields``, the statistics over seeds from ``utils.stats``; nothing here
imports TensorFlow or Keras.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from utils.checks import int_in_range, positive_int
from utils.figures.common import DIGIT_CMAP, MODEL_COLORS, PRESENCE_CMAP, as_image, hide_ticks, number_grid
from utils.ops import avg_pool2d, max_pool2d
from utils.receptive_fields import unit_window
from utils.stats import group_by_model, mean_curve

if TYPE_CHECKING:
    from utils.training import TrainResult

#: One colour per window in the pooling example (light enough to read black numbers on).
WINDOW_COLORS = ("#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec", "#f2f2f2")


def plot_pooling_example(x: Any, pool_size: int = 2) -> Figure:
    """A small input, its max pooling and its average pooling (2x2 windows, stride 2) side by side (5.1.2).

    Each window of the input and the output number it becomes share a colour; the maximum
    of every window is outlined in bold.
    """
    x = as_image(x, "x")
    pool_size = positive_int(pool_size, "pool_size")
    if x.shape[0] < pool_size or x.shape[1] < pool_size:
        raise ValueError(f"x of shape {x.shape} is smaller than one {pool_size}x{pool_size} window")
    batch = x[None, :, :, None]
    maxed = max_pool2d(batch, pool_size)[0, :, :, 0]
    averaged = avg_pool2d(batch, pool_size)[0, :, :, 0]
    out_h, out_w = maxed.shape
    out_faces = np.empty((out_h, out_w), dtype=object)
    in_faces = np.full(x.shape, "white", dtype=object)
    is_max = np.zeros(x.shape, dtype=bool)
    for (i, j), _ in np.ndenumerate(maxed):
        out_faces[i, j] = WINDOW_COLORS[(i * out_w + j) % len(WINDOW_COLORS)]
        top, left, size = unit_window([(pool_size, pool_size)], i, j)
        in_faces[top : top + size, left : left + size] = out_faces[i, j]
        window = x[top : top + size, left : left + size]
        r, c = np.unravel_index(np.argmax(window), window.shape)  # the first maximum, as drawn
        is_max[top + r, left + c] = True
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    axes = fig.subplots(1, 3, width_ratios=[x.shape[1], out_w + 1, out_w + 1])
    frame = (x.shape[0], out_w + 1)
    number_grid(axes[0], x, f"입력 {x.shape[0]}×{x.shape[1]}", faces=in_faces, bold=is_max)
    number_grid(axes[1], maxed, f"최대 풀링 {out_h}×{out_w}", faces=out_faces, frame=frame)
    number_grid(axes[2], averaged, f"평균 풀링 {out_h}×{out_w}", faces=out_faces, frame=frame)
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
    channel = int_in_range(channel, "channel", 0, min(feature_map.shape[-1], pooled.shape[-1]) - 1)
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
        hide_ticks(ax)
    vmax = float(feature_map[..., channel].max()) or 1.0
    for ax in axes[1:]:
        ax.images[0].set_clim(0, vmax)  # one colour scale for before and after pooling
    fig.suptitle(f"필터 {channel}의 응답 맵{note}: 최대 풀링 뒤 높이와 너비가 절반이 됩니다", fontsize=11)
    return fig


def plot_learning_curves(records: Sequence[TrainResult], labels: Mapping[str, str] | None = None) -> Figure:
    """Left: training accuracy per epoch (mean over seeds, band = min–max). Right: train and test
    accuracy of every run after training, so the gap and the spread over seeds are visible (5.1.2).

    ``records`` are :class:`utils.training.TrainResult` objects from ``utils.experiments.run_comparison``
    (anything with ``name``, ``history["accuracy"]``, ``evaluated_train_acc`` and ``test_acc``).
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
        train = 100 * np.asarray([run.evaluated_train_acc for run in by_model[name]])
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
