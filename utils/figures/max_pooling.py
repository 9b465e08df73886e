"""Figures of 5.1.2 (max pooling): pooling by hand, pooled feature maps, the comparison's curves and results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike

from utils.figures.common import MODEL_COLORS, MODEL_MARKERS, PRESENCE_CMAP, as_image, show, write_numbers
from utils.ops import avg_pool2d, max_pool2d
from utils.receptive_fields import unit_window
from utils.stats import group_by_model

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


def _model_style(k: int) -> dict[str, str]:
    return {"color": MODEL_COLORS[k % len(MODEL_COLORS)], "marker": MODEL_MARKERS[k % len(MODEL_MARKERS)]}


def plot_learning_curves(records: Sequence[TrainResult], labels: Mapping[str, str] | None = None) -> Figure:
    """Left: the running training accuracy logged within epochs (``run_comparison(curve_points=...)``, mean over
    seeds); right: every run's accuracy after training on training images (open) and test images (filled) (5.1.2)."""
    labels, by_model = labels or {}, group_by_model(records)
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    curves, finals = fig.subplots(1, 2, width_ratios=[1, 1.15])
    for k, (name, runs) in enumerate(by_model.items()):
        style, label, y = _model_style(k), labels.get(name, name), len(by_model) - 1 - k
        points = np.asarray([run.curve for run in runs], dtype=float)  # (seeds, points, 2)
        if points.size:
            curves.plot(points[0, :, 0], 100 * points[:, :, 1].mean(axis=0), label=label, markersize=5, **style)
        train, test = (100 * np.asarray([getattr(run, a) for run in runs]) for a in ("evaluated_train_acc", "test_acc"))
        finals.plot([test.mean(), train.mean()], [y, y], color=style["color"], linewidth=2, alpha=0.6)
        finals.scatter(test, np.full(len(test), y), s=50, color=style["color"], marker=style["marker"], zorder=3)
        _open_markers(finals, train, y, style, size=50)
    epochs = max(len(r.history["accuracy"]) for r in records)
    curves.set(xlabel="에포크 (훈련한 양)", ylabel="훈련 정확도 (%, 그 에포크의 누적 평균)", xticks=range(epochs + 1))
    curves.set_title("학습 곡선: 에포크 안에서 여러 번 기록한 훈련 정확도", fontsize=11)
    curves.legend(fontsize=9, loc="lower right")
    curves.grid(alpha=0.3)
    finals.set_yticks(range(len(by_model)), [labels.get(n, n) for n in reversed(by_model)])
    finals.set(xlabel="정확도 (%)", ymargin=0.15)
    finals.set_title("훈련 뒤 정확도: 빈 표시 = 훈련 이미지, 채운 표시 = 테스트 이미지", fontsize=11)
    finals.grid(axis="x", alpha=0.3)
    return fig


def _open_markers(ax: Axes, values: np.ndarray, y: int, style: Mapping[str, str], size: float) -> None:
    """One model's values as open markers on row ``y`` (5.1.2's learning-curve and book-budget figures)."""
    ax.scatter(
        values,
        np.full(len(values), y),
        s=size,
        facecolors="white",
        edgecolors=style["color"],
        marker=style["marker"],
        zorder=3,
    )


def plot_book_budget(book: Mapping[str, object], labels: Mapping[str, str] | None = None) -> Figure:
    """5.1.2's models at the book's budget (``utils.measurements.summary()["book_budget"]``): left, the test
    accuracy after each epoch (mean over seeds); right, each seed's train-test gap and the mean (5.1.2)."""
    labels = labels or {}
    curves_by_model, per_seed = book["test_acc_by_epoch"], book["per_seed"]
    fig = Figure(figsize=(11.0, 4.4), layout="constrained")
    curves, gaps = fig.subplots(1, 2, width_ratios=[1, 1.15])
    names = list(curves_by_model)
    for k, name in enumerate(names):
        style, label, y = _model_style(k), labels.get(name, name), len(names) - 1 - k
        values = 100 * np.asarray(curves_by_model[name], dtype=float)
        curves.plot(np.arange(1, len(values) + 1), values, label=label, markersize=6, **style)
        seeds = 100 * np.asarray(list(per_seed[name]["gap"].values()), dtype=float)
        _open_markers(gaps, seeds, y, style, size=45)
        gaps.scatter([seeds.mean()], [y], s=90, color=style["color"], marker=style["marker"], zorder=4)
    n_seeds = len(next(iter(per_seed.values()))["gap"])
    curves.set(xlabel="에포크", ylabel="테스트 정확도 (%)", xticks=range(1, len(values) + 1))
    curves.set_title(f"에포크가 끝날 때마다 잰 테스트 정확도 (시드 {n_seeds}개 평균)", fontsize=11)
    curves.legend(fontsize=9, loc="lower right")
    curves.grid(alpha=0.3)
    gaps.axvline(0, color="#555555", linewidth=0.8)
    gaps.set_yticks(range(len(names)), [labels.get(n, n) for n in reversed(names)])
    gaps.set(xlabel="훈련 정확도 - 테스트 정확도 (%p)", ymargin=0.15)
    gaps.set_title("훈련-테스트 차이: 빈 표시 = 시드 하나, 채운 표시 = 평균", fontsize=11)
    gaps.grid(axis="x", alpha=0.3)
    return fig
