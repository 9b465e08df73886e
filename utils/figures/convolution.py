"""Figures of section 5.1.1 (the convolution operation).

The sliders that redraw :func:`plot_window_positions` are in :mod:`utils.widgets`.

Colours follow :mod:`utils.figures.common`; the convolutions themselves come from
``utils.ops.conv2d`` and every window position from ``utils.ops`` and
``utils.receptive_fields``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from utils.checks import int_in_range, is_int, one_of, positive_int
from utils.figures.common import (
    DIGIT_CMAP,
    PRESENCE_CMAP,
    SIGNED_CMAP,
    as_image,
    hide_ticks,
    show_weights,
    symmetric_limits,
    write_numbers,
)
from utils.ops import PADDINGS, conv2d, conv_output_size, window_layout
from utils.receptive_fields import unit_window

#: Hand-made 3x3 edge detectors (5.1.1, Fig 5-1): each responds where brightness changes across it.
EDGE_KERNELS: dict[str, np.ndarray] = {
    "세로 경계": np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=float),
    "가로 경계": np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], dtype=float),
    "대각선 경계 ↘": np.array([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]], dtype=float),
    "대각선 경계 ↗": np.array([[-1, -1, 0], [-1, 0, 1], [0, 1, 1]], dtype=float),
}


def _as_kernel2d(kernel: np.ndarray, name: str = "kernel") -> np.ndarray:
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim == 4 and kernel.shape[2:] == (1, 1):
        kernel = kernel[:, :, 0, 0]
    if kernel.ndim != 2 or min(kernel.shape) < 1:
        raise ValueError(f"{name} must be a 2D window of weights (kh, kw) or (kh, kw, 1, 1), got {np.shape(kernel)}")
    return kernel


def _convolve(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0) -> np.ndarray:
    """Valid 2D convolution of one single-channel image with one 2D kernel, via utils.ops.conv2d."""
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"the {kernel.shape} kernel must fit in the {image.shape} image")
    return conv2d(image[None, :, :, None], kernel[:, :, None, None], np.array([bias]))[0, :, :, 0]


def plot_local_patterns(image: np.ndarray, kernels: dict[str, np.ndarray] | None = None) -> Figure:
    """A digit convolved with hand-made 3x3 edge kernels: local patterns (5.1.1, cf. Fig 5-1).

    ``kernels`` maps a Korean name to a 2D kernel; the default is :data:`EDGE_KERNELS`.
    Top row: each kernel's weights; bottom row: its response over the digit (red: the pattern
    is there, blue: its opposite, for example the other side of a stroke).
    """
    image = as_image(image)
    kernels = EDGE_KERNELS if kernels is None else kernels
    if not isinstance(kernels, dict) or not kernels:
        raise ValueError(f"kernels must be a non-empty dict of name -> 2D kernel, got {kernels!r}")
    checked = {name: _as_kernel2d(k, f"kernels[{name!r}]") for name, k in kernels.items()}
    n = len(checked)
    fig = Figure(figsize=(2.0 * (n + 1), 4.6), layout="constrained")
    grid = fig.add_gridspec(2, n + 1, height_ratios=[1, 2])
    ax = fig.add_subplot(grid[:, 0])
    ax.imshow(image, cmap=DIGIT_CMAP)
    ax.set_title(f"입력 숫자 {image.shape[0]}×{image.shape[1]}")
    ax.set_axis_off()
    for col, (name, kernel) in enumerate(checked.items(), start=1):
        top = fig.add_subplot(grid[0, col])
        show_weights(top, kernel)
        top.set_title(f"{name} 커널", fontsize=10)
        response = _convolve(image, kernel)
        bottom = fig.add_subplot(grid[1, col])
        bottom.imshow(response, cmap=SIGNED_CMAP, **symmetric_limits(response))
        bottom.set_title(f"응답 {response.shape[0]}×{response.shape[1]}", fontsize=10)
        bottom.set_axis_off()
    fig.suptitle("작은 3×3 윈도우 하나가 찾는 지역 패턴: 방향별 경계")
    return fig


def plot_global_vs_local(dense_kernel: np.ndarray, conv_kernel: np.ndarray, *, n: int = 6) -> Figure:
    """Global versus local patterns in trained weights (5.1.1).

    Top row: the 784 weights of ``n`` units of the first Dense layer (``dense_kernel`` of shape
    ``(784, units)``), each spread over the whole 28x28 image. Bottom row: ``n`` first-layer
    convolution filters (``conv_kernel`` of shape ``(kh, kw, 1, filters)``) drawn to the same
    scale: a few pixels of the 28x28 frame.
    """
    dense_kernel = np.asarray(dense_kernel, dtype=float)
    conv_kernel = np.asarray(conv_kernel, dtype=float)
    if dense_kernel.ndim != 2 or dense_kernel.shape[0] != 28 * 28:
        raise ValueError(f"dense_kernel must have shape (784, units), got {dense_kernel.shape}")
    if conv_kernel.ndim != 4 or conv_kernel.shape[2] != 1 or max(conv_kernel.shape[:2]) > 28:
        raise ValueError(f"conv_kernel must have shape (kh, kw, 1, filters) with kh, kw <= 28, got {conv_kernel.shape}")
    n = int_in_range(n, "n (units and filters to show)", 1, min(dense_kernel.shape[1], conv_kernel.shape[3]))
    kh, kw = conv_kernel.shape[:2]
    fig = Figure(figsize=(1.6 * n + 1.2, 3.9), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for k in range(n):
        weights = dense_kernel[:, k].reshape(28, 28)
        axes[0, k].imshow(weights, cmap=SIGNED_CMAP, **symmetric_limits(weights))
        axes[0, k].set_title(f"유닛 {k}", fontsize=9)
        frame = np.full((28, 28), np.nan)  # NaN cells stay blank: the filter has no weight there
        top, left = (28 - kh) // 2, (28 - kw) // 2
        frame[top : top + kh, left : left + kw] = conv_kernel[:, :, 0, k]
        axes[1, k].imshow(frame, cmap=SIGNED_CMAP, **symmetric_limits(conv_kernel[:, :, 0, k]))
        axes[1, k].add_patch(Rectangle((left - 0.5, top - 0.5), kw, kh, fill=False, ec="black", lw=0.8))
        axes[1, k].set_title(f"필터 {k}", fontsize=9)
        hide_ticks(*axes[:, k])
    row_labels = (f"완전 연결 층\n유닛마다\n가중치 {28 * 28}개", f"합성곱 층\n필터마다\n가중치 {kh * kw}개")
    for ax, label in zip(axes[:, 0], row_labels, strict=True):
        ax.set_ylabel(label, fontsize=9, rotation=0, ha="right", va="center", linespacing=1.5)
    fig.suptitle("전역 패턴(28×28 전체)과 지역 패턴(3×3 윈도우)을 배운 가중치", fontsize=11)
    return fig


def plot_response_map(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0, *, relu: bool = True) -> Figure:
    """One filter slid over a digit: input, the filter's weights, its response map (5.1.1, cf. Fig 5-3).

    The response map is the convolution plus ``bias``, passed through ReLU when ``relu`` (as in
    the 5.1 model's first layer): bright where the filter's pattern is present.
    """
    image = as_image(image)
    kernel = _as_kernel2d(kernel)
    response = _convolve(image, kernel, float(bias))
    if relu:
        response = np.maximum(response, 0.0)
    fig = Figure(figsize=(8.4, 3.2), layout="constrained")
    ax_in, ax_k, ax_out = fig.subplots(1, 3, width_ratios=[3, 1.4, 3])
    ax_in.imshow(image, cmap=DIGIT_CMAP)
    ax_in.set_title(f"입력 {image.shape[0]}×{image.shape[1]}")
    show_weights(ax_k, kernel, fontsize=8)
    ax_k.set_title(f"필터 {kernel.shape[0]}×{kernel.shape[1]}")
    if relu:
        ax_out.imshow(response, cmap=PRESENCE_CMAP)
    else:
        ax_out.imshow(response, cmap=SIGNED_CMAP, **symmetric_limits(response))
    ax_out.set_title(f"응답 맵 {response.shape[0]}×{response.shape[1]}")
    for ax in (ax_in, ax_out):
        ax.set_axis_off()
    fig.suptitle("필터 하나를 입력 전체에 밀어 가며 얻은 응답 맵: 밝은 곳에 그 패턴이 있습니다", fontsize=11)
    return fig


def plot_filters_and_responses(kernel: np.ndarray, feature_maps: np.ndarray, *, ncols: int = 8) -> Figure:
    """Every first-layer filter above its response map for one digit (5.1.1).

    ``kernel``: ``(kh, kw, 1, filters)``; ``feature_maps``: ``(H, W, filters)`` (or with a batch
    axis of 1), the layer's output for the digit. ``feature_maps[:, :, n]`` is filter ``n``'s map.
    """
    kernel = np.asarray(kernel, dtype=float)
    maps = np.asarray(feature_maps, dtype=float)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if kernel.ndim != 4 or kernel.shape[2] != 1:
        raise ValueError(f"kernel must have shape (kh, kw, 1, filters), got {kernel.shape}")
    if maps.ndim != 3 or maps.shape[-1] != kernel.shape[-1]:
        raise ValueError(
            f"feature_maps must have shape (H, W, {kernel.shape[-1]}) to match the kernel's filters, got {maps.shape}"
        )
    filters = kernel.shape[-1]
    ncols = min(positive_int(ncols, "ncols"), filters)
    groups = -(-filters // ncols)
    fig = Figure(figsize=(1.25 * ncols, 2.35 * groups + 0.4), layout="constrained")
    axes = fig.subplots(2 * groups, ncols, squeeze=False, height_ratios=[0.75, 1] * groups)
    for ax in axes.flat:
        ax.set_axis_off()
    for n in range(filters):
        row, col = 2 * (n // ncols), n % ncols
        axes[row, col].imshow(kernel[:, :, 0, n], cmap=SIGNED_CMAP, **symmetric_limits(kernel[:, :, 0, n]))
        axes[row, col].set_title(f"필터 {n}", fontsize=8)
        axes[row + 1, col].imshow(maps[:, :, n], cmap=PRESENCE_CMAP)
    fig.suptitle(
        f"첫 번째 합성곱 층의 필터 {filters}개(위, 빨강: 양수, 파랑: 음수)와 각 필터의 응답 맵 "
        f"{maps.shape[0]}×{maps.shape[1]}(아래)",
        fontsize=11,
    )
    return fig


def plot_convolution_step(
    image: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None, position: tuple[int, int] = (0, 0)
) -> Figure:
    """How one output position is computed (5.1.1, cf. Fig 5-4): patch -> kernel -> vector.

    ``image``: ``(H, W)`` or ``(H, W, C)``; ``kernel``: ``(kh, kw, C, filters)``; ``bias``:
    ``(filters,)`` or None; ``position``: ``(i, j)`` in the ``"valid"`` output. The patch
    ``image[i:i+kh, j:j+kw, :]`` is multiplied by the kernel and summed over (kh, kw, C) for
    every filter: a vector of ``filters`` numbers that becomes ``output[i, j, :]``.
    """
    x = np.asarray(image, dtype=float)
    x = x[:, :, None] if x.ndim == 2 else x
    w = np.asarray(kernel, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"image must have shape (H, W) or (H, W, C), got {np.shape(image)}")
    if w.ndim != 4 or w.shape[2] != x.shape[2]:
        raise ValueError(f"kernel must have shape (kh, kw, {x.shape[2]}, filters) to match the image, got {w.shape}")
    kh, kw, _, filters = w.shape
    b = np.zeros(filters) if bias is None else np.asarray(bias, dtype=float)
    if b.shape != (filters,):
        raise ValueError(f"bias must have shape ({filters},), got {b.shape}")
    if not (isinstance(position, tuple | list) and len(position) == 2):
        raise ValueError(f"position must be a pair (i, j), got {position!r}")
    i = int_in_range(position[0], "position's row i", 0, conv_output_size(x.shape[0], kh) - 1)
    j = int_in_range(position[1], "position's column j", 0, conv_output_size(x.shape[1], kw) - 1)
    patch = x[i : i + kh, j : j + kw, :]
    vector = np.tensordot(patch, w, axes=3) + b  # sum over window rows, columns and input channels
    response = conv2d(x[None], w, b)[0]
    best = int(np.argmax(vector))

    fig = Figure(figsize=(10.5, 6.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 0.95])
    ax_in, ax_patch, ax_kernel = top.subplots(1, 3, width_ratios=[1, 0.8, 1.6])
    ax_in.imshow(x[:, :, 0], cmap=DIGIT_CMAP)
    ax_in.add_patch(Rectangle((j - 0.5, i - 0.5), kw, kh, fill=False, ec="crimson", lw=2))
    ax_in.set_title(f"(1) 입력 {x.shape}에서\n위치 [{i}, {j}]의 윈도우", fontsize=10)
    ax_in.set_axis_off()
    brightest = max(1.0, float(x.max()))
    ax_patch.imshow(patch[:, :, 0], cmap=DIGIT_CMAP, vmin=min(0.0, x.min()), vmax=brightest)
    write_numbers(ax_patch, patch[:, :, 0], white=patch[:, :, 0] > 0.5 * brightest)  # dark cells: white text
    ax_patch.set_title(f"(2) 패치 {patch.shape}", fontsize=10)
    hide_ticks(ax_patch)
    ax_kernel.set_axis_off()
    ax_kernel.set_title(f"(3) 합성곱 커널 {w.shape}: 필터 {filters}개", fontsize=10)
    ncols = min(8, filters)
    nrows = -(-filters // ncols)
    for n in range(filters):
        inset = ax_kernel.inset_axes(
            [(n % ncols) / ncols + 0.01, 1 - (n // ncols + 1) / nrows + 0.01, 1 / ncols - 0.02, 1 / nrows - 0.02]
        )
        inset.imshow(w[:, :, 0, n], cmap=SIGNED_CMAP, **symmetric_limits(w[:, :, 0, n]))
        hide_ticks(inset)
    ax_vec, ax_out = bottom.subplots(1, 2, width_ratios=[1.7, 1])
    colors = np.where(vector >= 0, "tab:red", "tab:blue")
    ax_vec.bar(np.arange(filters), vector, color=colors)
    ax_vec.axhline(0, color="black", lw=0.8)
    ax_vec.set_xlabel("필터 번호 n")
    ax_vec.set_ylabel("패치 · 필터 n + 편향")
    ax_vec.set_title(f"(4) 패치와 커널의 텐서 곱: 출력 벡터 ({filters},)", fontsize=10)
    ax_out.imshow(response[:, :, best], cmap=SIGNED_CMAP, **symmetric_limits(response[:, :, best]))
    ax_out.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="black", lw=2))
    ax_out.set_title(f"(5) 출력 특성 맵 {response.shape}의 [{i}, {j}]\n(필터 {best}의 응답 맵에 표시)", fontsize=10)
    ax_out.set_axis_off()
    fig.suptitle("합성곱의 한 걸음: 패치 하나가 깊이 축 벡터 하나가 됩니다", fontsize=12)
    return fig


#: Limits of the window-positions figure and its explorer: beyond them the panels become unreadable.
MAX_INPUT_SIZE = 10
MAX_WINDOW = 7
MAX_STRIDES = 4


def plot_window_positions(input_size: int = 5, window: int = 3, padding: str = "valid", strides: int = 1) -> Figure:
    """Every position of a ``window``x``window`` window on an ``input_size``x``input_size`` input (5.1.1).

    One small panel per position (white cells: the input; grey cells: zero padding; coloured
    square: the window), and on the right the output grid, each cell in its window's colour.
    Figures 5-5 (5x5, 3x3, "valid": 9 positions), 5-6 ("same": 25) and 5-7 (stride 2: 4) are
    ``plot_window_positions(5, 3, "valid", 1)``, ``(5, 3, "same", 1)`` and ``(5, 3, "valid", 2)``.
    The positions and the padding come from ``utils.ops.window_layout`` and
    ``utils.receptive_fields.unit_window``.
    """
    from matplotlib import colormaps

    input_size = int_in_range(input_size, "input_size", 1, MAX_INPUT_SIZE)
    window = int_in_range(window, "window", 1, MAX_WINDOW)
    strides = int_in_range(strides, "strides", 1, MAX_STRIDES)
    padding = one_of(padding, "padding", PADDINGS)
    out, before, after = window_layout(input_size, window, strides, padding)
    size = input_size + before + after  # cells per side, padding included
    colors = colormaps["viridis"](np.linspace(0.05, 0.9, out * out))
    fig = Figure(figsize=(8.6, 5.4), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[2.1, 1])
    panels = left.subplots(out, out, squeeze=False)
    for (i, j), ax in np.ndenumerate(panels):
        for r in range(size):
            for c in range(size):
                inside = before <= r < before + input_size and before <= c < before + input_size
                face = "white" if inside else "0.82"
                ax.add_patch(Rectangle((c, r), 1, 1, fc=face, ec="0.55", lw=0.6, ls="-" if inside else ":"))
        color = colors[i * out + j]
        top, left_edge, _ = unit_window([(window, strides)], i, j)  # in the padded input
        ax.add_patch(Rectangle((left_edge, top), window, window, fc=(*color[:3], 0.45), ec=color, lw=2))
        ax.set_xlim(-0.1, size + 0.1)
        ax.set_ylim(size + 0.1, -0.1)
        ax.set_aspect("equal")
        ax.set_axis_off()
        if out <= 5:
            ax.set_title(f"[{i}, {j}]", fontsize=8, pad=2)
    left.suptitle(f"윈도우 위치 {out * out}개", fontsize=11)
    ax_out = right.subplots()
    for i in range(out):
        for j in range(out):
            ax_out.add_patch(Rectangle((j, i), 1, 1, fc=colors[i * out + j], ec="white", lw=1.5))
            if out <= 6:
                ax_out.text(j + 0.5, i + 0.5, f"[{i}, {j}]", ha="center", va="center", fontsize=8, color="white")
    ax_out.set_xlim(0, out)
    ax_out.set_ylim(out, 0)
    ax_out.set_aspect("equal")
    ax_out.set_axis_off()
    right.suptitle(f"출력 {out}×{out}", fontsize=11)
    pad_note = (
        "패딩 없음" if before + after == 0 else f"회색 칸은 0으로 채운 패딩 (위·왼쪽 {before}, 아래·오른쪽 {after})"
    )
    fig.suptitle(
        f'입력 {input_size}×{input_size}, 윈도우 {window}×{window}, padding="{padding}", strides={strides}\n{pad_note}',
        fontsize=11,
    )
    return fig


def plot_shift_accuracy(shifts, accuracies: dict[str, list[float]]) -> Figure:
    """Test accuracy against the number of pixels the test digits were shifted (5.1.1).

    ``accuracies`` maps a model's (Korean) name to one accuracy in [0, 1] per shift, as
    ``utils.transforms.shift_accuracies`` measures them.
    """
    shifts = np.asarray(list(shifts))
    if shifts.ndim != 1 or len(shifts) == 0:
        raise ValueError(f"shifts must be a non-empty 1-D sequence of pixel counts, got {shifts!r}")
    if not isinstance(accuracies, dict) or not accuracies:
        raise ValueError("accuracies must be a non-empty dict of model name -> accuracies")
    fig = Figure(figsize=(6.8, 4.0), layout="constrained")
    ax = fig.subplots()
    for (name, values), marker in zip(accuracies.items(), "osD^v", strict=False):
        values = np.asarray(values, dtype=float)
        if values.shape != shifts.shape or np.any((values < 0) | (values > 1)):
            raise ValueError(
                f"accuracies[{name!r}] must hold {len(shifts)} values in [0, 1] (one per shift), got {values!r}"
            )
        ax.plot(shifts, values, marker=marker, label=name)
    ax.set_xlabel("오른쪽으로 옮긴 픽셀 수")
    ax.set_ylabel("테스트 정확도")
    ax.set_ylim(0, 1.02)
    ax.set_xticks(shifts)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("테스트 숫자를 옆으로 옮길 때의 정확도")
    return fig


def plot_shifted_feature_maps(
    image: np.ndarray, shifted_image: np.ndarray, maps: np.ndarray, shifted_maps: np.ndarray, channels, shift: int
) -> Figure:
    """First-layer feature maps of a digit and of the same digit shifted by ``shift`` pixels (5.1.1).

    ``maps`` and ``shifted_maps``: ``(H, W, filters)`` (a batch axis of 1 is dropped); ``channels``:
    the filters to show. A ring marks each map's strongest response; in the shifted row a dashed
    ring marks where it was before the shift.
    """
    image, shifted_image = as_image(image), as_image(shifted_image, "shifted_image")
    maps, shifted_maps = (np.asarray(m, dtype=float) for m in (maps, shifted_maps))
    maps = maps[0] if maps.ndim == 4 and maps.shape[0] == 1 else maps
    shifted_maps = shifted_maps[0] if shifted_maps.ndim == 4 and shifted_maps.shape[0] == 1 else shifted_maps
    if maps.ndim != 3 or maps.shape != shifted_maps.shape:
        raise ValueError(
            f"maps and shifted_maps must both have shape (H, W, filters), got {maps.shape} and {shifted_maps.shape}"
        )
    channels = list(channels)
    if not channels or not all(is_int(c) and 0 <= c < maps.shape[-1] for c in channels):
        raise ValueError(
            f"channels must be a non-empty list of filter numbers in [0, {maps.shape[-1]}), got {channels}"
        )
    fig = Figure(figsize=(1.9 * (len(channels) + 1), 4.3), layout="constrained")
    axes = fig.subplots(2, len(channels) + 1, squeeze=False)
    rows = ((image, maps, "원본"), (shifted_image, shifted_maps, f"{shift}픽셀 이동"))
    for r, (digit, fmaps, label) in enumerate(rows):
        axes[r, 0].imshow(digit, cmap=DIGIT_CMAP)
        axes[r, 0].set_title(label, fontsize=10)
        for col, n in enumerate(channels, start=1):
            ax = axes[r, col]
            ax.imshow(fmaps[:, :, n], cmap=PRESENCE_CMAP)
            peak = np.unravel_index(np.argmax(fmaps[:, :, n]), fmaps.shape[:2])
            ax.add_patch(Circle((peak[1], peak[0]), 2.2, fill=False, ec="cyan", lw=1.6))
            if r == 1:
                old = np.unravel_index(np.argmax(maps[:, :, n]), maps.shape[:2])
                ax.add_patch(Circle((old[1], old[0]), 2.2, fill=False, ec="white", lw=1.2, ls="--"))
            if r == 0:
                ax.set_title(f"필터 {n}의 응답 맵", fontsize=9)
    for ax in axes.flat:
        ax.set_axis_off()
    fig.suptitle(
        "숫자가 옮겨 가면 특성 맵도 같은 거리만큼 옮겨 갑니다 (하늘색 고리: 가장 강한 응답, 점선: 옮기기 전 자리)",
        fontsize=11,
    )
    return fig
