"""Figures of 5.1.2 (max pooling): pooling by hand, pooled feature maps, learning curves over seeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike

from utils.figures.common import MODEL_COLORS, PRESENCE_CMAP, as_image, show, write_numbers
from utils.ops import avg_pool2d, max_pool2d
from utils.receptive_fields import unit_window
from utils.stats import group_by_model, mean_curve

if TYPE_CHECKING:
    from utils.training import TrainResult

#: One colour per window in the pooling example (light enough to read black numbers on).
WINDOW_COLORS = ("#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec", "#f2f2f2")


def _number_grid(
    ax: Axes,
    values: np.ndarray,
    title: str,
    faces: np.ndarray,
    bold: ArrayLike = False,
    frame: tuple[int, int] | None = None,
) -> None:
    """``values`` as numbers in cells coloured ``faces``, ``bold`` ones outlined, centred in ``frame`` (rows, cols)."""
    (height, width), bold = values.shape, np.broadcast_to(bold, values.shape)
    for (r, c), face in np.ndenumerate(faces):
        cell = Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="#555555", linewidth=0.8)
        ax.add_patch(cell).set_clip_on(False)  # the outer lines lie on the axes' edge: drawn whole
    for r, c in np.argwhere(bold):
        ax.add_patch(Rectangle((c - 0.44, r - 0.44), 0.88, 0.88, fill=False, edgecolor="black", linewidth=2))
    write_numbers(ax, values, bold=bold, fontsize=12)
    dy, dx = ((f - s) / 2 + 0.5 for f, s in zip(frame or values.shape, values.shape, strict=True))
    ax.set(xlim=(-dx, width - 1 + dx), ylim=(height - 1 + dy, -dy), aspect="equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)


def plot_pooling_example(x: ArrayLike, pool_size: int = 2) -> Figure:
    """A small input and its max and average pooling side by side; each window has the colour of the cell it
    becomes, and its maximum is in bold (5.1.2)."""
    x = as_image(x, "x")
    maxed, averaged = (pool(x[None, :, :, None], pool_size)[0, :, :, 0] for pool in (max_pool2d, avg_pool2d))
    out_faces = np.resize(np.array(WINDOW_COLORS, dtype=object), maxed.shape)
    in_faces, is_max = np.full(x.shape, "white", dtype=object), np.zeros(x.shape, dtype=bool)
    for (i, j), face in np.ndenumerate(out_faces):
        top, left, size = unit_window([(pool_size, pool_size)], i, j)
        in_faces[top : top + size, left : left + size] = face
        window = x[top : top + size, left : left + size]
        r, c = np.unravel_index(np.argmax(window), window.shape)  # the first maximum, as drawn
        is_max[top + r, left + c] = True
    (out_h, out_w), frame = maxed.shape, (x.shape[0], maxed.shape[1] + 1)
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    axes = fig.subplots(1, 3, width_ratios=[x.shape[1], out_w + 1, out_w + 1])
    _number_grid(axes[0], x, f"입력 {x.shape[0]}×{x.shape[1]}", in_faces, bold=is_max)
    _number_grid(axes[1], maxed, f"최대 풀링 {out_h}×{out_w}", out_faces, frame=frame)
    _number_grid(axes[2], averaged, f"평균 풀링 {out_h}×{out_w}", out_faces, frame=frame)
    k = f"{pool_size}×{pool_size} 윈도우, 스트라이드 {pool_size}"
    fig.suptitle(f"{k}: 같은 색 윈도우가 출력의 같은 색 칸 하나가 됩니다", fontsize=11)
    return fig


def plot_feature_map_pooling(
    image: ArrayLike, feature_map: ArrayLike, pooled: ArrayLike, *, channel: int = 0, note: str = ""
) -> Figure:
    """A digit, one ``channel`` of the first Conv2D's output (H, W, channels) and of its max pooling, drawn at
    one size and on one colour scale; ``note`` goes into the title (5.1.2)."""
    image = as_image(image)
    before, after = np.asarray(feature_map, dtype=float)[..., channel], np.asarray(pooled, dtype=float)[..., channel]
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    axes = fig.subplots(1, 3)
    scale = {"cmap": PRESENCE_CMAP, "vmin": 0, "vmax": float(before.max()) or 1.0}
    panels = [(image, {}, "입력 이미지"), (before, scale, "Conv2D 출력"), (after, scale, "MaxPooling2D 출력")]
    for ax, (values, kw, title) in zip(axes, panels, strict=True):
        title = f"{title} {values.shape[0]}×{values.shape[1]}"
        show(ax, values, frame=True, interpolation="nearest", **kw).set_title(title, fontsize=11)
    fig.suptitle(f"필터 {channel}의 응답 맵{note}: 최대 풀링 뒤 높이와 너비가 절반이 됩니다", fontsize=11)
    return fig


def plot_learning_curves(records: Sequence[TrainResult], labels: Mapping[str, str] | None = None) -> Figure:
    """Left: training accuracy per epoch (mean over seeds, band: min–max); right: train and test accuracy of every
    run after training, ``records`` as ``utils.experiments.run_comparison`` returns them (5.1.2)."""
    labels, by_model = labels or {}, group_by_model(records)
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    curves, finals = fig.subplots(1, 2, width_ratios=[1, 1.15])
    for k, (name, runs) in enumerate(by_model.items()):
        color, label, y = MODEL_COLORS[k % len(MODEL_COLORS)], labels.get(name, name), len(by_model) - 1 - k
        acc = 100 * np.asarray([run.history["accuracy"] for run in runs], dtype=float)
        epochs = np.arange(1, acc.shape[1] + 1)
        curves.plot(epochs, 100 * mean_curve(records, name), marker="o", color=color, label=label)
        if len(acc) > 1:
            curves.fill_between(epochs, acc.min(axis=0), acc.max(axis=0), color=color, alpha=0.15, linewidth=0)
        train, test = (100 * np.asarray([getattr(run, a) for run in runs]) for a in ("evaluated_train_acc", "test_acc"))
        finals.plot([test.mean(), train.mean()], [y, y], color=color, linewidth=2, alpha=0.6)
        finals.scatter(test, np.full(len(test), y), s=45, color=color, zorder=3)
        finals.scatter(train, np.full(len(train), y), s=45, facecolors="white", edgecolors=color, zorder=3)
    epochs = np.arange(1, max(len(r.history["accuracy"]) for r in records) + 1)
    curves.set(xlabel="에포크", ylabel="훈련 정확도 (%, 에포크 평균)", xticks=epochs)
    curves.set_title("학습 곡선 (선: 시드 평균, 띠: 최소–최대)", fontsize=11)
    curves.legend(fontsize=9, loc="lower right")
    curves.grid(alpha=0.3)
    finals.set_yticks(range(len(by_model)), [labels.get(n, n) for n in reversed(by_model)])
    finals.set(xlabel="정확도 (%)", ymargin=0.15)
    finals.set_title("훈련 뒤 정확도: 빈 원 = 훈련 데이터, 채운 원 = 테스트 데이터", fontsize=11)
    finals.grid(axis="x", alpha=0.3)
    return fig
