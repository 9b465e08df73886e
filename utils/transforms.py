"""Image transforms used to probe the trained models (5.1.1).

``shift_images`` moves whole images by a few pixels and fills the uncovered border with
zeros (black), so a shifted MNIST digit is the same digit in another place, never wrapped
around the edge as ``np.roll`` would do.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def shift_images(images: ArrayLike, dx: int = 0, dy: int = 0) -> np.ndarray:
    """Shift a batch of images ``dx`` pixels to the right and ``dy`` pixels down (5.1.1).

    ``images`` has shape ``(N, H, W)`` or ``(N, H, W, C)``; negative ``dx``/``dy`` shift left/up.
    Pixels that leave the frame are dropped and the uncovered ones are set to 0. Returns a new
    array of the same shape and dtype.
    """
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (N, H, W) or (N, H, W, C), got shape {images.shape}")
    height, width = images.shape[1:3]
    for name, value, limit in (("dx", dx, width), ("dy", dy, height)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"{name} must be an int number of pixels, got {value!r}")
        if abs(value) >= limit:
            raise ValueError(f"|{name}| must be smaller than the image size {limit}, got {name}={value}")
    dx, dy = int(dx), int(dy)
    shifted = np.zeros_like(images)
    # Rows/columns of the source that stay in the frame, and where they land.
    src_rows, dst_rows = _ranges(dy, height)
    src_cols, dst_cols = _ranges(dx, width)
    shifted[:, dst_rows, dst_cols] = images[:, src_rows, src_cols]
    return shifted


def _ranges(shift: int, size: int) -> tuple[slice, slice]:
    """Source and destination slices of one axis for a shift of ``shift`` pixels."""
    if shift >= 0:
        return slice(0, size - shift), slice(shift, size)
    return slice(-shift, size), slice(0, size + shift)
