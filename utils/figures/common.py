"""What every section's figures share: colour scales, image checks, grids of numbers, and the
receptive-field figure (5.1, 5.1.1, 5.1.2).

Colour conventions: digits are drawn dark on white (``gray_r``); signed numbers (kernels,
responses before the activation) use the diverging ``RdBu_r`` centred on 0 (red positive,
blue negative); activations after ReLU (presence of a pattern) use ``magma``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from utils.checks import int_in_range

DIGIT_CMAP = "gray_r"
SIGNED_CMAP = "RdBu_r"
PRESENCE_CMAP = "magma"
#: One colour per model in comparison figures, in the order the models are given (5.1.2).
MODEL_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#7f7f7f", "#8c564b", "#e377c2", "#17becf")


def as_image(image: np.ndarray, name: str = "image") -> np.ndarray:
    """One 2D image: ``(H, W)`` or ``(H, W, 1)`` -> ``(H, W)`` float array (5.1.1, 5.1.2)."""
    image = np.asarray(image, dtype=float)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(f"{name} must have shape (H, W) or (H, W, 1), got {np.shape(image)}")
    return image


def as_images(images: np.ndarray, name: str = "images") -> np.ndarray:
    """A batch of 2D images: ``(N, H, W)`` or ``(N, H, W, 1)`` -> ``(N, H, W)`` (5.1)."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"{name} must have shape (N, H, W) or (N, H, W, 1), got {images.shape}")
    return images


def symmetric_limits(values: np.ndarray) -> dict[str, float]:
    """``imshow`` limits centred on 0, so white means 0 on :data:`SIGNED_CMAP` (5.1.1)."""
    limit = float(np.max(np.abs(values))) or 1.0
    return {"vmin": -limit, "vmax": limit}


def hide_ticks(*axes) -> None:
    """No tick marks or labels: the pixels themselves are the content (5.1.1, 5.1.2)."""
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])


def format_number(value: float) -> str:
    """A cell's number as written in a grid: ``3`` for whole numbers, ``0.25`` otherwise (5.1.1, 5.1.2)."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def write_numbers(
    ax,
    values: np.ndarray,
    *,
    white: np.ndarray | None = None,
    bold: np.ndarray | None = None,
    offset: float = 0.0,
    fontsize: float = 9,
) -> None:
    """Write every number of the 2D ``values`` at its cell (centre at ``(col + offset, row + offset)``).

    ``white`` and ``bold`` are boolean masks of the same shape: white text on dark cells,
    bold text for the cells to stress (5.1.1, 5.1.2).
    """
    for (r, c), value in np.ndenumerate(values):
        ax.text(
            c + offset,
            r + offset,
            format_number(value),
            ha="center",
            va="center",
            fontsize=fontsize,
            color="white" if white is not None and white[r, c] else "black",
            fontweight="bold" if bold is not None and bold[r, c] else None,
        )


def show_weights(ax, kernel: np.ndarray, *, annotate: bool = True, fontsize: float = 9) -> None:
    """A small 2D kernel as coloured cells, with its numbers written in when ``annotate`` (5.1.1)."""
    ax.imshow(kernel, cmap=SIGNED_CMAP, **symmetric_limits(kernel))
    hide_ticks(ax)
    if annotate:
        limit = float(np.max(np.abs(kernel))) or 1.0
        write_numbers(ax, kernel, white=np.abs(kernel) > 0.6 * limit, fontsize=fontsize)


def number_grid(
    ax,
    values: np.ndarray,
    title: str,
    *,
    faces: np.ndarray | None = None,
    bold: np.ndarray | None = None,
    frame: tuple[int, int] | None = None,
) -> None:
    """``values`` as a table of numbers in square cells (5.1.2).

    ``faces`` (H, W) gives each cell's background colour (white where None); ``bold`` marks
    the cells to outline and write in bold. ``frame`` (height, width) centres the table in a
    larger frame, so that tables of different sizes drawn side by side have cells of one size.
    """
    height, width = values.shape
    frame_h, frame_w = frame or (height, width)
    for (r, c), _ in np.ndenumerate(values):
        face = "white" if faces is None else faces[r, c]
        ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor="#555555", linewidth=0.8))
        if bold is not None and bold[r, c]:
            ax.add_patch(Rectangle((c + 0.06, r + 0.06), 0.88, 0.88, fill=False, edgecolor="black", linewidth=2))
    write_numbers(ax, values, bold=bold, offset=0.5, fontsize=12)
    ax.set_xlim(-(frame_w - width) / 2, width + (frame_w - width) / 2)
    ax.set_ylim(height + (frame_h - height) / 2, -(frame_h - height) / 2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)


def plot_receptive_fields(image: np.ndarray, windows: Mapping[str, tuple[int, int, int]]) -> Figure:
    """Input windows seen by single units, drawn on a digit (5.1.1 cf. Fig 5-2, 5.1.2).

    ``windows`` maps a caption to ``(top, left, size)``, as
    ``utils.receptive_fields.nested_windows`` (one unit per layer, 5.1.1) or
    ``utils.receptive_fields.unit_window`` (one unit per model, 5.1.2) compute them. Left: every
    window outlined on the whole digit, the largest drawn first and thickest; right: what each
    window holds, cropped.
    """
    from matplotlib import colormaps

    image = as_image(image)
    if not isinstance(windows, Mapping) or not windows:
        raise ValueError(f"windows must be a non-empty dict of caption -> (top, left, size), got {windows!r}")
    height, width = image.shape
    for caption, window in windows.items():
        if not (isinstance(window, tuple | list) and len(window) == 3):
            raise ValueError(f"window {caption!r} must be (top, left, size), got {window!r}")
        top = int_in_range(window[0], f"top of window {caption!r}", 0, height - 1)
        left = int_in_range(window[1], f"left of window {caption!r}", 0, width - 1)
        int_in_range(window[2], f"size of window {caption!r} (to fit in the image)", 1, min(height - top, width - left))
    n = len(windows)
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    colors = colormaps["plasma"](np.linspace(0.0, 0.75, n))  # no pale yellow: titles stay readable
    fig = Figure(figsize=(4.6 + 2.1 * ncols, max(4.9, 2.5 * nrows)), layout="constrained")
    whole_fig, crops_fig = fig.subfigures(1, 2, width_ratios=[4.6, 2.1 * ncols])
    whole = whole_fig.subplots()
    whole.imshow(image, cmap=DIGIT_CMAP, alpha=0.6, interpolation="nearest")
    items = list(windows.items())
    outlines = {}
    for k in sorted(range(n), key=lambda k: -items[k][1][2]):  # the largest first, so smaller ones stay visible
        caption, (top, left, size) = items[k]
        lw = 2.0 + 2.5 * size / max(w[2] for _, w in items)  # larger windows get thicker lines
        outlines[k] = whole.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, lw=lw, ec=colors[k]))
    whole.legend(
        [outlines[k] for k in range(n)],
        [f"{caption}: {size}×{size}" for caption, (_, _, size) in items],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        fontsize=9,
    )
    hide_ticks(whole)
    crops = crops_fig.subplots(nrows, ncols, squeeze=False)
    for ax in crops.flat:
        ax.set_axis_off()
    for ax, (caption, (top, left, size)), color in zip(crops.flat, items, colors, strict=False):
        ax.imshow(image[top : top + size, left : left + size], cmap=DIGIT_CMAP, vmin=image.min(), vmax=image.max())
        ax.set_title(f"{caption}\n윈도우 안 {size}×{size}", fontsize=9, color=color)
    sizes = sorted({size for _, _, size in windows.values()})
    span = f"{sizes[0]}×{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]}×{sizes[0]}에서 {sizes[-1]}×{sizes[-1]}까지"
    fig.suptitle(f"유닛 하나가 보는 입력 영역(수용 영역): {span}", fontsize=12)
    return fig
