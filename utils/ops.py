"""NumPy reference versions of convolution and pooling (5.1.1, 5.1.2).

Each function does by hand what a Keras layer does, so that the notebooks can show the
mechanics step by step and check them against Keras:

- ``conv2d``           — ``keras.layers.Conv2D`` without activation (5.1.1)
- ``max_pool2d``       — ``keras.layers.MaxPooling2D`` (5.1.2)
- ``avg_pool2d``       — ``keras.layers.AveragePooling2D`` (5.1.2)
- ``conv_output_size`` — the output height (or width) of a convolution or pooling layer (5.1.1)
- ``window_layout``    — output size and padding of one axis: where a window can stand (5.1.1)

Which input window a unit sees (receptive fields, unit windows) is :mod:`utils.receptive_fields`.

Arrays use Keras' channels-last layout: inputs are ``(batch, height, width, channels)`` and
kernels ``(kernel_height, kernel_width, in_channels, filters)``. Results are float64.

``"same"`` padding follows TensorFlow: when the total padding of an axis is odd, the extra
row (or column) goes at the bottom (or right).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from utils.checks import positive_int, positive_int_pair

Padding = Literal["valid", "same"]
IntOrPair = int | tuple[int, int]
PADDINGS = ("valid", "same")


# ----------------------------------------------------------------------------- sizes (5.1.1)


def conv_output_size(size: int, kernel_size: int, strides: int = 1, padding: Padding = "valid") -> int:
    """Output height (or width) of a convolution or pooling window sliding over ``size`` pixels (5.1.1).

    ``"valid"``: only windows that fit entirely inside the input, e.g. 28 -> 26 for 3x3.
    ``"same"``: pad so that every ``strides``-th pixel is a window position: ``ceil(size / strides)``.
    """
    size = positive_int(size, "size")
    kernel_size = positive_int(kernel_size, "kernel_size")
    strides = positive_int(strides, "strides")
    padding = _check_padding(padding)
    if padding == "same":
        return -(-size // strides)  # ceil(size / strides) with integers only
    if kernel_size > size:
        raise ValueError(
            f"with padding='valid' the window must fit in the input: expected kernel_size <= size, "
            f"got kernel_size={kernel_size} > size={size}"
        )
    return (size - kernel_size) // strides + 1


def _padding_amounts(size: int, kernel_size: int, strides: int, padding: str) -> tuple[int, int]:
    """Rows (or columns) of padding added before and after one spatial axis, as TensorFlow does (5.1.1)."""
    if padding == "valid":
        return 0, 0
    output_size = conv_output_size(size, kernel_size, strides, "same")
    total = max((output_size - 1) * strides + kernel_size - size, 0)
    before = total // 2  # an odd total puts the extra row at the bottom / column at the right
    return before, total - before


def window_layout(input_size: int, window: int, strides: int = 1, padding: Padding = "valid") -> tuple[int, int, int]:
    """``(output size, padding before, padding after)`` of one axis: where a window can stand (5.1.1).

    Output position ``i`` puts the window at ``i * strides`` in the padded axis (see
    :func:`utils.receptive_fields.unit_window`). Figures 5-5 to 5-7: ``window_layout(5, 3)`` is
    ``(3, 0, 0)``, ``window_layout(5, 3, padding="same")`` is ``(5, 1, 1)``, ``window_layout(5, 3, 2)``
    is ``(2, 0, 0)``.
    """
    output_size = conv_output_size(input_size, window, strides, padding)  # validates every argument
    before, after = _padding_amounts(int(input_size), int(window), int(strides), _check_padding(padding))
    return output_size, before, after


# ------------------------------------------------------------------------ windows (5.1.1/5.1.2)


def _extract_windows(
    x: np.ndarray, window: tuple[int, int], strides: tuple[int, int], padding: str, fill: float
) -> np.ndarray:
    """Every window a layer looks at: shape ``(batch, out_height, out_width, channels, win_h, win_w)``.

    The input is padded with ``fill`` first (``"same"`` only). The result is a view, not a copy.
    """
    (win_h, win_w), (stride_h, stride_w) = window, strides
    _, height, width, _ = x.shape
    if padding == "valid" and (win_h > height or win_w > width):
        raise ValueError(
            f"with padding='valid' the window must fit in the input: expected a window no larger than "
            f"the {height}x{width} input, got a {win_h}x{win_w} window (use padding='same' or a smaller window)"
        )
    out_h = conv_output_size(height, win_h, stride_h, padding)
    out_w = conv_output_size(width, win_w, stride_w, padding)
    top, bottom = _padding_amounts(height, win_h, stride_h, padding)
    left, right = _padding_amounts(width, win_w, stride_w, padding)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    windows = sliding_window_view(padded, (win_h, win_w), axis=(1, 2))  # all stride-1 windows
    return windows[:, ::stride_h, ::stride_w][:, :out_h, :out_w]  # keep every stride-th one


# ---------------------------------------------------------------------------- convolution (5.1.1)


def conv2d(
    inputs: ArrayLike,
    kernel: ArrayLike,
    bias: ArrayLike | None = None,
    strides: IntOrPair = 1,
    padding: Padding = "valid",
) -> np.ndarray:
    """2D convolution, equal to ``keras.layers.Conv2D(..., activation=None)`` with the same weights (5.1.1).

    Slide a ``(kh, kw)`` window over the input; at each position take the 3D patch
    ``(kh, kw, in_channels)`` and turn it into a vector of ``filters`` numbers with a tensor
    product against the kernel. ``output[:, :, :, n]`` is the response map of filter ``n``.

    inputs: ``(batch, height, width, in_channels)``; kernel: ``(kh, kw, in_channels, filters)``;
    bias: ``(filters,)`` or None. Returns ``(batch, out_height, out_width, filters)``.
    """
    x = _as_batch(inputs)
    w = np.asarray(kernel, dtype=np.float64)
    if w.ndim != 4:
        raise ValueError(
            f"kernel must be a 4-D array (kernel_height, kernel_width, in_channels, filters), got shape {w.shape}"
        )
    kh, kw, in_channels, filters = w.shape
    if in_channels != x.shape[-1]:
        raise ValueError(
            f"the kernel's in_channels must match the inputs' channels: expected {x.shape[-1]} "
            f"(inputs shape {x.shape}), got {in_channels} (kernel shape {w.shape})"
        )
    if kh < 1 or kw < 1 or filters < 1:
        raise ValueError(f"kernel height, width and filters must be at least 1, got kernel shape {w.shape}")
    stride_pair = positive_int_pair(strides, "strides")
    padding = _check_padding(padding)

    patches = _extract_windows(x, (kh, kw), stride_pair, padding, fill=0.0)  # (n, oh, ow, c, kh, kw)
    # For every patch: sum over (window row i, window column j, input channel c) of patch * kernel.
    output = np.einsum("nhwcij,ijcf->nhwf", patches, w, optimize=True)
    if bias is not None:
        b = np.asarray(bias, dtype=np.float64)
        if b.shape != (filters,):
            raise ValueError(f"bias must have shape (filters,) = ({filters},), got shape {b.shape}")
        output = output + b
    return output


# -------------------------------------------------------------------------------- pooling (5.1.2)


def max_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """Max pooling, equal to ``keras.layers.MaxPooling2D`` (5.1.2).

    Like a convolution, but each window is reduced to its maximum, channel by channel, instead of
    being multiplied by a learned kernel. ``strides=None`` means ``strides=pool_size`` (2x2 windows,
    stride 2: 26x26 -> 13x13). ``"same"`` pads with -inf, so padding never wins the max.
    """
    x = _as_batch(inputs)
    window, stride_pair, padding = _pool_arguments(pool_size, strides, padding)
    windows = _extract_windows(x, window, stride_pair, padding, fill=-np.inf)
    return windows.max(axis=(-2, -1))


def avg_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """Average pooling, equal to ``keras.layers.AveragePooling2D`` (5.1.2).

    Each window is reduced to its mean, channel by channel. With ``"same"``, windows that hang over
    the border average only the real (unpadded) pixels, as Keras does.
    """
    x = _as_batch(inputs)
    window, stride_pair, padding = _pool_arguments(pool_size, strides, padding)
    sums = _extract_windows(x, window, stride_pair, padding, fill=0.0).sum(axis=(-2, -1))
    # How many real pixels each window covers: the same windows over an image of ones, padded with 0.
    ones = np.ones((1, *x.shape[1:3], 1))
    counts = _extract_windows(ones, window, stride_pair, padding, fill=0.0).sum(axis=(-2, -1))
    return sums / counts


def _pool_arguments(
    pool_size: IntOrPair, strides: IntOrPair | None, padding: str
) -> tuple[tuple[int, int], tuple[int, int], str]:
    window = positive_int_pair(pool_size, "pool_size")
    stride_pair = window if strides is None else positive_int_pair(strides, "strides")
    return window, stride_pair, _check_padding(padding)


# ---------------------------------------------------------------------------- argument checks


def _as_batch(inputs: ArrayLike) -> np.ndarray:
    x = np.asarray(inputs, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"inputs must be a 4-D array (batch, height, width, channels), got shape {x.shape}")
    if x.shape[1] < 1 or x.shape[2] < 1:
        raise ValueError(f"inputs must have a height and width of at least 1, got shape {x.shape}")
    return x


def _check_padding(padding: object) -> str:
    if isinstance(padding, str) and padding.lower() in PADDINGS:
        return padding.lower()
    raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
