"""Image transforms used to probe the trained models (5.1.1).

``shift_images`` moves whole images by a few pixels and fills the uncovered border with
zeros (black), so a shifted MNIST digit is the same digit in another place, never wrapped
around the edge as ``np.roll`` would do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from utils.checks import int_in_range

if TYPE_CHECKING:  # keras is imported only when a model is given
    import keras


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
    # A shift by the whole image size or more would leave nothing of the image in the frame.
    dx = int_in_range(dx, "dx (pixels, smaller than the image width)", 1 - width, width - 1)
    dy = int_in_range(dy, "dy (pixels, smaller than the image height)", 1 - height, height - 1)
    shifted = np.zeros_like(images)
    # Rows/columns of the source that stay in the frame, and where they land.
    src_rows, dst_rows = _source_and_destination(dy, height)
    src_cols, dst_cols = _source_and_destination(dx, width)
    shifted[:, dst_rows, dst_cols] = images[:, src_rows, src_cols]
    return shifted


def _source_and_destination(shift: int, size: int) -> tuple[slice, slice]:
    """Source and destination slices of one axis for a shift of ``shift`` pixels."""
    if shift >= 0:
        return slice(0, size - shift), slice(shift, size)
    return slice(-shift, size), slice(0, size + shift)


def shift_accuracies(model: keras.Model, images: np.ndarray, labels: np.ndarray, shifts: list[int]) -> list[float]:
    """Test accuracy of ``model`` on ``images`` shifted right by each of ``shifts`` pixels (5.1.1).

    ``images`` are (N, 28, 28, 1) floats; they are reshaped to whatever the model's input is, so
    the same call serves the convnet and the dense network.
    """
    from utils.training import to_model_inputs  # imports keras

    labels = np.asarray(labels)
    accuracies = []
    for dx in shifts:
        inputs = to_model_inputs(model, shift_images(images, dx=dx))
        predicted = np.asarray(model.predict(inputs, batch_size=1000, verbose=0)).argmax(axis=1)
        accuracies.append(float((predicted == labels).mean()))
    return accuracies
