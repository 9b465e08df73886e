"""Figures of 5.1.1 (the convolution operation), computed with ``utils.ops``; the sliders that redraw
:func:`plot_window_positions` are ``utils.widgets.window_positions_explorer``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle
from numpy.typing import ArrayLike

from utils.checks import choice, integer
from utils.figures.common import (
    DIGIT_CMAP,
    PRESENCE_CMAP,
    SIGNED_CMAP,
    WINDOW_LINE_COLORS,
    as_image,
    show,
    write_numbers,
)
from utils.ops import PADDINGS, conv2d, conv_output_size, window_layout
from utils.receptive_fields import ChannelPatches, unit_window

#: Hand-made 3×3 edge detectors (5.1.1, cf. Fig 5-1): each responds where brightness changes across it.
EDGE_KERNELS: dict[str, np.ndarray] = {
    "세로 에지": np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=float),
    "가로 에지": np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], dtype=float),
    "대각선 에지 ↘": np.array([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]], dtype=float),
    "대각선 에지 ↗": np.array([[-1, -1, 0], [-1, 0, 1], [0, 1, 1]], dtype=float),
}
#: What the window-positions figure and its sliders can draw readably (5.1.1).
MAX_INPUT_SIZE, MAX_WINDOW, MAX_STRIDES = 10, 7, 4


def plot_local_patterns(image: ArrayLike, kernels: Mapping[str, ArrayLike] | None = None) -> Figure:
    """A digit and its responses to 3×3 kernels (:data:`EDGE_KERNELS` by default): local patterns (5.1.1, Fig 5-1)."""
    image, kernels = as_image(image), EDGE_KERNELS if kernels is None else kernels
    fig = Figure(figsize=(2.0 * (len(kernels) + 1), 4.6), layout="constrained")
    grid = fig.add_gridspec(2, len(kernels) + 1, height_ratios=[1, 2])
    show(fig.add_subplot(grid[:, 0]), image).set_title(f"입력 숫자 {image.shape[0]}×{image.shape[1]}")
    for col, (name, kernel) in enumerate(kernels.items(), start=1):
        kernel = np.asarray(kernel, dtype=float)
        show(fig.add_subplot(grid[0, col]), kernel, SIGNED_CMAP, True, numbers=9).set_title(f"{name} 커널", fontsize=10)
        response = conv2d(image[None, :, :, None], kernel[:, :, None, None])[0, :, :, 0]
        title = f"응답 {response.shape[0]}×{response.shape[1]}"
        show(fig.add_subplot(grid[1, col]), response, SIGNED_CMAP).set_title(title, fontsize=10)
    fig.suptitle("작은 3×3 윈도우 하나가 찾는 지역 패턴: 방향별 에지")
    return fig


def plot_global_vs_local(dense_kernel: ArrayLike, conv_kernel: ArrayLike, *, n: int = 6) -> Figure:
    """Weights of ``n`` Dense units over all 28×28 pixels and of ``n`` 3×3 filters: global versus local (5.1.1).

    Each filter sits at true scale in the middle of a 28×28 frame, with an enlarged copy in the corner; each
    panel is scaled to its own largest weight, which the colour bar's ends stand for.
    """
    dense_kernel, conv_kernel = np.asarray(dense_kernel, dtype=float), np.asarray(conv_kernel, dtype=float)
    kh, kw = conv_kernel.shape[:2]
    top, left = (28 - kh) // 2, (28 - kw) // 2
    fig = Figure(figsize=(1.6 * n + 2.2, 4.2), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for k in range(n):
        show(axes[0, k], dense_kernel[:, k].reshape(28, 28), SIGNED_CMAP, True).set_title(f"유닛 {k}", fontsize=9)
        padded = np.full((28, 28), np.nan)  # NaN cells stay blank: the filter has no weight there
        padded[top : top + kh, left : left + kw] = conv_kernel[:, :, 0, k]
        show(axes[1, k], padded, SIGNED_CMAP, True).set_title(f"필터 {k}", fontsize=9)
        axes[1, k].add_patch(Rectangle((left - 0.5, top - 0.5), kw, kh, fill=False, ec="black", lw=0.8))
        zoom = show(axes[1, k].inset_axes((0.02, 0.6, 0.38, 0.38)), conv_kernel[:, :, 0, k], SIGNED_CMAP, True)
        zoom.set_title("확대", fontsize=7, pad=1)
    scale = ScalarMappable(Normalize(-1, 1), SIGNED_CMAP)
    bar = fig.colorbar(scale, ax=axes, shrink=0.8, ticks=[-1, 0, 1], pad=0.02)
    bar.ax.set_yticklabels(["음수\n(가장 큰 값)", "0", "양수\n(가장 큰 값)"], fontsize=8)
    labels = (f"완전 연결 층\n유닛마다\n가중치 {28 * 28}개", f"합성곱 층\n필터마다\n가중치 {kh * kw}개")
    for ax, label in zip(axes[:, 0], labels, strict=True):
        ax.set_ylabel(label, fontsize=9, rotation=0, ha="right", va="center", linespacing=1.5)
    fig.suptitle("전역 패턴(28×28 전체)과 지역 패턴(3×3 윈도우)을 배운 가중치", fontsize=11)
    return fig


def plot_response_map(image: ArrayLike, kernel: ArrayLike, bias: float = 0.0, *, relu: bool = True) -> Figure:
    """A digit, one 2D filter and its response map (plus ``bias``, through ReLU if ``relu``) (5.1.1, cf. Fig 5-3)."""
    image, kernel = as_image(image), np.asarray(kernel, dtype=float)
    response = conv2d(image[None, :, :, None], kernel[:, :, None, None], [bias])[0, :, :, 0]
    fig = Figure(figsize=(8.4, 3.2), layout="constrained")
    ax_in, ax_k, ax_out = fig.subplots(1, 3, width_ratios=[3, 1.4, 3])
    show(ax_in, image).set_title(f"입력 {image.shape[0]}×{image.shape[1]}")
    show(ax_k, kernel, SIGNED_CMAP, True, numbers=8).set_title(f"필터 {kernel.shape[0]}×{kernel.shape[1]}")
    show(ax_out, np.maximum(response, 0.0) if relu else response, PRESENCE_CMAP if relu else SIGNED_CMAP)
    ax_out.set_title(f"응답 맵 {response.shape[0]}×{response.shape[1]}")
    fig.suptitle("필터 하나를 입력 전체에 밀어 가며 얻은 응답 맵: 밝은 곳에 그 패턴이 있습니다", fontsize=11)
    return fig


def plot_filters_and_responses(kernel: ArrayLike, feature_maps: ArrayLike, *, ncols: int = 8) -> Figure:
    """Every first-layer filter (kh, kw, 1, filters) above its response map (H, W, filters) for one digit (5.1.1)."""
    kernel, maps = np.asarray(kernel, dtype=float), np.reshape(feature_maps, np.shape(feature_maps)[-3:])
    filters = kernel.shape[-1]
    ncols, groups = min(ncols, filters), -(-filters // min(ncols, filters))
    fig = Figure(figsize=(1.25 * ncols, 2.35 * groups + 0.4), layout="constrained")
    axes = fig.subplots(2 * groups, ncols, squeeze=False, height_ratios=[0.75, 1] * groups)
    for ax in axes.flat:
        ax.set_axis_off()
    for n in range(filters):
        row, col = 2 * (n // ncols), n % ncols
        show(axes[row, col], kernel[:, :, 0, n], SIGNED_CMAP).set_title(f"필터 {n}", fontsize=8)
        show(axes[row + 1, col], maps[:, :, n], PRESENCE_CMAP)
    head = f"첫 번째 합성곱 층의 필터 {filters}개(위, 빨강: 양수, 파랑: 음수)와 각 필터의 응답 맵"
    fig.suptitle(f"{head} {maps.shape[0]}×{maps.shape[1]}(아래)", fontsize=11)
    return fig


def plot_convolution_step(
    image: ArrayLike, kernel: ArrayLike, bias: ArrayLike | None = None, position: tuple[int, int] = (0, 0)
) -> Figure:
    """How output ``[i, j]``, a vector of ``filters`` numbers, comes from one patch and the kernel (5.1.1, Fig 5-4)."""
    x, w = np.atleast_3d(np.asarray(image, dtype=float)), np.asarray(kernel, dtype=float)  # (H, W) -> (H, W, 1)
    kh, kw, _, filters = w.shape
    i = integer(position[0], "position의 행 i", 0, conv_output_size(x.shape[0], kh) - 1)
    j = integer(position[1], "position의 열 j", 0, conv_output_size(x.shape[1], kw) - 1)
    response = conv2d(x[None], w, bias)[0]
    patch, vector, best = x[i : i + kh, j : j + kw, 0], response[i, j], int(np.argmax(response[i, j]))
    fig = Figure(figsize=(10.5, 6.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 0.95])
    ax_in, ax_patch, ax_kernel = top.subplots(1, 3, width_ratios=[1, 0.8, 1.6])
    show(ax_in, x[:, :, 0]).set_title(f"(1) 입력 {x.shape}에서\n위치 [{i}, {j}]의 윈도우", fontsize=10)
    ax_in.add_patch(Rectangle((j - 0.5, i - 0.5), kw, kh, fill=False, ec="crimson", lw=2))
    brightest = max(1.0, float(x.max()))
    show(ax_patch, patch, frame=True, vmin=min(0.0, x.min()), vmax=brightest)
    write_numbers(ax_patch, patch, white=patch > 0.5 * brightest)  # dark cells: white text
    ax_patch.set_title(f"(2) 패치 {(kh, kw, x.shape[2])}", fontsize=10)
    ax_kernel.set_axis_off()
    ax_kernel.set_title(f"(3) 합성곱 커널 {w.shape}: 필터 {filters}개", fontsize=10)
    ncols, nrows = min(8, filters), -(-filters // min(8, filters))
    for n in range(filters):
        box = [(n % ncols) / ncols + 0.01, 1 - (n // ncols + 1) / nrows + 0.01, 1 / ncols - 0.02, 1 / nrows - 0.02]
        show(ax_kernel.inset_axes(box), w[:, :, 0, n], SIGNED_CMAP, frame=True)
    ax_vec, ax_out = bottom.subplots(1, 2, width_ratios=[1.7, 1])
    bars = ax_vec.bar(np.arange(filters), vector, color=np.where(vector >= 0, "tab:red", "tab:blue"))
    bars[best].set(edgecolor="black", linewidth=2)
    ax_vec.annotate(f"필터 {best}", (best, vector[best]), xytext=(0, 4), textcoords="offset points", ha="center")
    ax_vec.margins(y=0.15)  # room for the label above the tallest bar
    ax_vec.axhline(0, color="black", lw=0.8)
    ax_vec.set(xlabel="필터 번호 n", ylabel="패치 · 필터 n + 편향")
    ax_vec.set_title(f"(4) 패치와 커널의 텐서 곱셈: 출력 벡터 ({filters},)", fontsize=10)
    show(ax_out, np.maximum(response[:, :, best], 0.0), PRESENCE_CMAP)  # the layer's ReLU, as in the other maps
    ax_out.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="deepskyblue", lw=2))
    title = f"(5) ReLU를 거친 출력 특성 맵 {response.shape}의 [{i}, {j}]\n(막대가 가장 큰 필터 {best}의 응답 맵에 표시)"
    ax_out.set_title(title, fontsize=10)
    fig.suptitle("합성곱의 한 걸음: 패치 하나가 깊이 축 벡터 하나가 됩니다", fontsize=12)
    return fig


def plot_window_positions(input_size: int = 5, window: int = 3, padding: str = "valid", strides: int = 1) -> Figure:
    """Every window position, one panel each (grey: zero padding), and the output grid in their colours (5.1.1):
    Fig 5-5 is ``(5, 3, "valid", 1)``, Fig 5-6 ``(5, 3, "same", 1)``, Fig 5-7 ``(5, 3, "valid", 2)``."""
    input_size = integer(input_size, "input_size", 1, MAX_INPUT_SIZE)
    window = integer(window, "window", 1, MAX_WINDOW)
    strides = integer(strides, "strides", 1, MAX_STRIDES)
    padding = choice(padding, "padding", PADDINGS)
    out, before, after = window_layout(input_size, window, strides, padding)
    size = input_size + before + after  # cells per side, padding included
    colors = colormaps["viridis"](np.linspace(0.05, 0.9, out * out))
    fig = Figure(figsize=(8.6, 5.4), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[2.1, 1])
    panels, ax_out = left.subplots(out, out, squeeze=False), right.subplots()
    for (i, j), ax in np.ndenumerate(panels):
        for r, c in np.ndindex(size, size):
            inside = before <= r < before + input_size and before <= c < before + input_size
            ax.add_patch(
                Rectangle((c, r), 1, 1, fc="white" if inside else "0.82", ec="0.55", lw=0.6, ls="-" if inside else ":")
            )
        color = colors[i * out + j]
        top, left_edge, _ = unit_window([(window, strides)], i, j)  # in the padded input
        ax.add_patch(Rectangle((left_edge, top), window, window, fc=(*color[:3], 0.45), ec=color, lw=2))
        ax.set(xlim=(-0.1, size + 0.1), ylim=(size + 0.1, -0.1), aspect="equal")
        ax.set_axis_off()
        ax.set_title(f"[{i}, {j}]" if out <= 5 else "", fontsize=8, pad=2)
        ax_out.add_patch(Rectangle((j, i), 1, 1, fc=color, ec="white", lw=1.5))
        if out <= 6:
            ax_out.text(j + 0.5, i + 0.5, f"[{i}, {j}]", ha="center", va="center", fontsize=8, color="white")
    ax_out.set(xlim=(0, out), ylim=(out, 0), aspect="equal")
    ax_out.set_axis_off()
    left.suptitle(f"윈도우 위치 {out * out}개", fontsize=11)
    right.suptitle(f"출력 {out}×{out}", fontsize=11)
    pad_note = (
        "패딩 없음" if before + after == 0 else f"회색 칸은 0으로 채운 패딩 (위·왼쪽 {before}, 아래·오른쪽 {after})"
    )
    setting = f'입력 {input_size}×{input_size}, 윈도우 {window}×{window}, padding="{padding}", strides={strides}'
    fig.suptitle(f"{setting}\n{pad_note}", fontsize=11)
    return fig


def plot_shift_accuracy(shifts: Iterable[int], accuracies: Mapping[str, Sequence[float]]) -> Figure:
    """Each model's test accuracy (in [0, 1], one per shift) against how far the digits were shifted (5.1.1)."""
    shifts = list(shifts)
    fig = Figure(figsize=(6.8, 4.0), layout="constrained")
    ax = fig.subplots()
    for (name, values), marker in zip(accuracies.items(), "osD^v", strict=False):
        ax.plot(shifts, values, marker=marker, label=name)
    ax.set(xlabel="오른쪽으로 옮긴 픽셀 수", ylabel="테스트 정확도", ylim=(0, 1.02), xticks=shifts)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("테스트 숫자를 옆으로 옮길 때의 정확도")
    return fig


def plot_shifted_feature_maps(
    image: ArrayLike, shifted_image: ArrayLike, maps: ArrayLike, shifted_maps: ArrayLike, channels: Sequence, shift: int
) -> Figure:
    """The ``channels`` of a digit's first-layer maps and of the shifted digit's, rings at their peaks (5.1.1)."""
    maps, shifted_maps = (np.reshape(m, np.shape(m)[-3:]) for m in (maps, shifted_maps))  # a batch axis of 1 goes
    fig = Figure(figsize=(1.9 * (len(channels) + 1), 4.3), layout="constrained")
    axes = fig.subplots(2, len(channels) + 1, squeeze=False)
    rows = ((image, maps, "원본"), (shifted_image, shifted_maps, f"{shift}픽셀 이동"))
    for r, (digit, fmaps, label) in enumerate(rows):
        show(axes[r, 0], as_image(digit)).set_title(label, fontsize=10)
        for ax, n in zip(axes[r, 1:], channels, strict=True):
            show(ax, fmaps[:, :, n], PRESENCE_CMAP).set_title(f"필터 {n}의 응답 맵" if r == 0 else "", fontsize=9)
            for source, ec, lw, ls in [(fmaps, "cyan", 1.6, "-")] + [(maps, "white", 1.2, "--")] * r:  # and before
                y, x = np.unravel_index(np.argmax(source[:, :, n]), source.shape[:2])
                ax.add_patch(Circle((x, y), 2.2, fill=False, ec=ec, lw=lw, ls=ls))
    rings = "(하늘색 고리: 가장 강한 응답, 점선: 옮기기 전 자리)"
    fig.suptitle(f"숫자가 옮겨 가면 특성 맵도 같은 거리만큼 옮겨 갑니다 {rings}", fontsize=11)
    return fig


def plot_strongest_patches(images: ArrayLike, found: Sequence[ChannelPatches], *, pixel: float = 0.06) -> Figure:
    """One column per layer, one cell per channel: the input windows where the channel responds most (5.1.1, Fig 5-2).

    ``utils.receptive_fields.strongest_patches`` finds them. Every window is drawn at one scale, ``pixel`` inches
    an input pixel, so the windows grow across the figure as the receptive fields do (3×3, 8×8, 18×18 in 5.1's model).
    """
    images = np.asarray(images, dtype=float).reshape(np.shape(images)[:3])
    layers: dict[str, list[ChannelPatches]] = {}
    for item in found:
        layers.setdefault(item.layer, []).append(item)
    gap, column_gap, margin, head, title = 1, 0.4, 0.4, 0.95, 0.3  # gap: pixels between windows; the rest inches
    tallest = max(item.size for item in found)
    widths = [max(len(c.windows) for c in cells) * (cells[0].size + gap) - gap for cells in layers.values()]
    row = title + pixel * tallest
    size_in = (
        2 * margin + pixel * sum(widths) + column_gap * (len(widths) - 1),
        head + len(max(layers.values(), key=len)) * row + 0.2,
    )
    fig = Figure(figsize=size_in)

    def place(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        """A box given in inches from the figure's top left, as figure fractions."""
        return x / size_in[0], 1 - (y + h) / size_in[1], w / size_in[0], h / size_in[1]

    x = margin
    for (name, cells), width, color in zip(layers.items(), widths, WINDOW_LINE_COLORS, strict=False):
        size = cells[0].size
        label = f"{name}\n수용 영역 {size}×{size}"
        fig.text(*place(x + pixel * width / 2, head - 0.05, 0, 0)[:2], label, ha="center", va="bottom", linespacing=1.4)
        for r, cell in enumerate(cells):
            ax = fig.add_axes(place(x, head + r * row + title, pixel * width, pixel * tallest))
            ax.set(xlim=(-0.5, width - 0.5), ylim=(tallest - 0.5, -0.5), xticks=[], yticks=[], frame_on=False)
            ax.set_title(f"채널 {cell.channel}", fontsize=9, pad=3, loc="left")
            for n, (image, top, left, _) in enumerate(cell.windows):
                at = n * (size + gap)
                extent = (at - 0.5, at + size - 0.5, size - 0.5, -0.5)
                crop = images[image, top : top + size, left : left + size]
                ax.imshow(crop, cmap=DIGIT_CMAP, vmin=0, vmax=images.max(), extent=extent, interpolation="nearest")
                ax.add_patch(Rectangle((at - 0.5, -0.5), size, size, fill=False, ec=color, lw=1.5))
        x += pixel * width + column_gap
    heading = "합성곱 층마다 평균 반응이 가장 큰 채널과, 그 채널이 가장 강하게 반응한 입력 조각"
    fig.suptitle(
        f"{heading}\n(모두 같은 축척: 위층일수록 조각이 커집니다)", fontsize=11, y=1 - 0.08 / size_in[1], va="top"
    )
    return fig
