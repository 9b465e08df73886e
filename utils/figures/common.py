"""What the figures of 5.1, 5.1.1 and 5.1.2 share: colours, the image check, numbers in cells, receptive fields.
Digits are dark on white; signed numbers are red (+) and blue (−) around a white 0; activations after ReLU are magma."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike

from utils.checks import fail

DIGIT_CMAP, SIGNED_CMAP, PRESENCE_CMAP = "gray_r", "RdBu_r", "magma"
#: Okabe and Ito's palette, told apart with every common colour-vision deficiency: one colour per window (5.1.1, 5.1.2).
WINDOW_LINE_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
#: One colour and one marker per model in comparison figures, in the order the models are given: Okabe and
#: Ito's colours, with markers so that a grey print tells them apart too (5.1.2).
MODEL_COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
MODEL_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def as_image(image: ArrayLike, name: str = "image") -> np.ndarray:
    """One image ``(H, W)`` or ``(H, W, 1)``, e.g. a 28×28 digit, as a float ``(H, W)`` array (5.1.1, 5.1.2)."""
    array = np.asarray(image, dtype=float)
    array = array[..., 0] if array.ndim == 3 and array.shape[-1] == 1 else array
    if array.ndim != 2 or 0 in array.shape:
        fail(name, "(높이, 너비)나 (높이, 너비, 1) 모양의 이미지(예: 28×28 숫자)", np.shape(image))
    return array


def show(
    ax: Axes, values: ArrayLike, cmap: str = DIGIT_CMAP, frame: bool = False, numbers: float = 0, **kw: Any
) -> Axes:
    """``values`` as an image (signed: around white 0), framed if ``frame``, numbered if ``numbers`` (5.1-5.1.2)."""
    values = np.asarray(values, dtype=float)
    limit = float(np.nanmax(np.abs(values))) or 1.0
    ax.imshow(values, cmap=cmap, **({"vmin": -limit, "vmax": limit} if cmap == SIGNED_CMAP else {}) | kw)
    ax.set(xticks=[], yticks=[], frame_on=frame)
    if numbers:
        write_numbers(ax, values, white=np.abs(values) > 0.6 * limit, fontsize=numbers)
    return ax


def write_numbers(ax: Axes, values: np.ndarray, white: ArrayLike = False, bold: ArrayLike = False, **kw: float) -> None:
    """Each number of ``values`` (``3``, ``0.25``) at its cell, white or bold where the masks say (5.1.1, 5.1.2)."""
    white, bold = np.broadcast_to(white, values.shape), np.broadcast_to(bold, values.shape)
    for (r, c), value in np.ndenumerate(values):
        text = f"{value:g}" if float(value).is_integer() else f"{value:.2f}"
        color, weight = "white" if white[r, c] else "black", "bold" if bold[r, c] else None
        ax.text(c, r, text, ha="center", va="center", color=color, fontweight=weight, **{"fontsize": 9} | kw)


def plot_receptive_fields(image: ArrayLike, windows: Mapping[str, tuple[int, int, int]]) -> Figure:
    """Input windows ``caption -> (top, left, size)`` of single units, on the digit and cropped (5.1.1, 5.1.2).

    ``utils.receptive_fields.nested_windows`` (5.1.1) or ``unit_window`` (5.1.2) give the windows. Every crop
    is drawn at the scale of the largest, with pixel ticks, so the windows' sizes compare at a glance.
    """
    image, items = as_image(image), list(windows.items())
    n, ncols = len(items), min(len(items), 3)
    nrows, largest = -(-n // ncols), max(size for _, (_, _, size) in items)
    colors = [WINDOW_LINE_COLORS[k % len(WINDOW_LINE_COLORS)] for k in range(n)]
    fig = Figure(figsize=(4.6 + 2.1 * ncols, max(4.9, 2.5 * nrows)), layout="constrained")
    whole_fig, crops_fig = fig.subfigures(1, 2, width_ratios=[4.6, 2.1 * ncols])
    whole = show(whole_fig.subplots(), image, frame=True, alpha=0.6, interpolation="nearest")
    outlines = [  # larger windows: thicker lines, drawn first (lower zorder), so smaller ones stay visible
        whole.add_patch(
            Rectangle((x - 0.5, y - 0.5), s, s, fill=False, lw=2 + 2.5 * s / largest, ec=c, zorder=2 - s / largest)
        )
        for (_, (y, x, s)), c in zip(items, colors, strict=True)
    ]
    labels = [f"{caption}: {size}×{size}" for caption, (_, _, size) in items]
    whole.legend(outlines, labels, loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=9)
    crops = crops_fig.subplots(nrows, ncols, squeeze=False)
    for ax in crops.flat:
        ax.set_axis_off()
    for ax, (caption, (top, left, size)), color in zip(crops.flat, items, colors, strict=False):
        show(ax, image[top : top + size, left : left + size], frame=True, vmin=image.min(), vmax=image.max())
        ax.set_axis_on()
        ticks = [0, size - 1] if size > 1 else [0]
        ax.set(xlim=(-0.5, largest - 0.5), ylim=(largest - 0.5, -0.5), xticks=ticks, yticks=ticks)
        ax.tick_params(labelsize=7, length=2)
        ax.spines["bottom"].set_position(("data", size - 0.5))  # the x ticks sit under the crop, not the axes
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.add_patch(Rectangle((-0.5, -0.5), size, size, fill=False, ec=color, lw=2))
        ax.set_title(f"{caption}\n윈도우 안 {size}×{size}", fontsize=9, color=color)
    sizes = sorted({size for _, (_, _, size) in items})
    span = f"{sizes[0]}×{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]}×{sizes[0]}에서 {sizes[-1]}×{sizes[-1]}까지"
    fig.suptitle(f"유닛 하나가 보는 입력 영역(수용 영역): {span}", fontsize=12)
    return fig
