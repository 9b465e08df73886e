"""NumPy reference versions of Keras' convolution (5.1.1) and pooling (5.1.2), property-tested against Keras: channels
last (inputs ``(batch, height, width, channels)``, kernels ``(kh, kw, in_channels, filters)``), float64 results."""

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from utils.checks import ParameterError, choice, int_pair, integer

Padding = Literal["valid", "same"]
IntOrPair = int | tuple[int, int]
PADDINGS = ("valid", "same")
FIT = "padding='valid'에서는 윈도우가 입력 안에 들어가야 합니다(아니면 padding='same'을 쓰세요)"


def conv_output_size(size: int, kernel_size: int, strides: int = 1, padding: Padding = "valid") -> int:
    """Output height (or width) of a window sliding over ``size`` pixels: 28 -> 26 for 3x3 ``"valid"`` (5.1.1)."""
    size, kernel_size, strides = integer(size, "size"), integer(kernel_size, "kernel_size"), integer(strides, "strides")
    if choice(padding, "padding", PADDINGS) == "same":
        return -(-size // strides)  # ceil(size / strides)
    if kernel_size > size:
        raise ParameterError(f"{FIT}: 크기 {size} 이하의 윈도우만 쓸 수 있습니다. 받은 값: 크기 {kernel_size}")
    return (size - kernel_size) // strides + 1


def window_layout(input_size: int, window: int, strides: int = 1, padding: Padding = "valid") -> tuple[int, int, int]:
    """``(output size, padding before, after)`` of one axis, padded like TF: (5, 3, 1, "same") -> (5, 1, 1) (5.1.1)."""
    out = conv_output_size(input_size, window, strides, padding)  # checks every argument
    total = 0 if padding == "valid" else max((out - 1) * int(strides) + int(window) - int(input_size), 0)
    return out, total // 2, total - total // 2


def _windows(inputs: ArrayLike, window: IntOrPair, strides: IntOrPair | None, padding: str, fill: float) -> np.ndarray:
    """Every window a layer sees, ``(batch, out_h, out_w, channels, win_h, win_w)``: a view of the padded input."""
    window = int_pair(window, "pool_size")
    strides = window if strides is None else int_pair(strides, "strides")  # None: pooling's default
    x = np.asarray(inputs, dtype=np.float64)
    if x.ndim != 4 or 0 in x.shape[1:3]:
        raise ParameterError(f"inputs에는 (batch, h, w, channels) 4차원 배열만 쓸 수 있습니다. 받은 값: 모양 {x.shape}")
    out_h, top, bottom = window_layout(x.shape[1], window[0], strides[0], padding)
    out_w, left, right = window_layout(x.shape[2], window[1], strides[1], padding)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    every = sliding_window_view(padded, window, axis=(1, 2))  # every stride-1 window, then every stride-th one
    return every[:, :: strides[0], :: strides[1]][:, :out_h, :out_w]


def conv2d(
    inputs: ArrayLike,
    kernel: ArrayLike,
    bias: ArrayLike | None = None,
    strides: IntOrPair = 1,
    padding: Padding = "valid",
) -> np.ndarray:
    """``keras.layers.Conv2D(..., activation=None)``, same weights: ``output[..., n]`` is filter n's map (5.1.1)."""
    w, channels = np.asarray(kernel, dtype=np.float64), np.shape(inputs)[-1:]
    if w.ndim != 4 or 0 in w.shape or w.shape[2:3] != channels:
        raise ParameterError(
            "kernel에는 in_channels가 inputs의 채널 수와 같은 (kernel_height, kernel_width, in_channels, filters) "
            f"4차원 배열만 쓸 수 있습니다. 받은 값: 모양 {w.shape}인 kernel (inputs 모양 {np.shape(inputs)})"
        )
    patches = _windows(inputs, w.shape[:2], int_pair(strides, "strides"), padding, 0.0)
    # Every patch: the sum over window row i, column j and input channel c of patch * kernel.
    output = np.einsum("nhwcij,ijcf->nhwf", patches, w, optimize=True)
    b = np.zeros(w.shape[3:]) if bias is None else np.asarray(bias, dtype=np.float64)
    if b.shape != w.shape[3:]:
        raise ParameterError(f"bias에는 모양 {w.shape[3:]}인 배열만 쓸 수 있습니다. 받은 값: 모양 {b.shape}")
    return output + b


def max_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """``keras.layers.MaxPooling2D``: each window's maximum; ``strides=None`` means ``pool_size`` (5.1.2)."""
    return _windows(inputs, pool_size, strides, padding, -np.inf).max(axis=(-2, -1))


def avg_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """``keras.layers.AveragePooling2D``: with ``"same"``, the sum over the count of real pixels (5.1.2)."""
    x = np.asarray(inputs, dtype=np.float64)
    sums = _windows(x, pool_size, strides, padding, 0.0).sum(axis=(-2, -1))
    return sums / _windows(np.ones_like(x[:1, :, :, :1]), pool_size, strides, padding, 0.0).sum(axis=(-2, -1))
