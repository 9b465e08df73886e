"""Shifted digits, a model's accuracy on them, and how alike two maps stay: 5.1.1's and 5.1.2's shift experiments."""

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from utils.checks import ParameterError

if TYPE_CHECKING:  # keras is imported only when a model is given
    import keras


def shift_images(images: ArrayLike, dx: int = 0, dy: int = 0) -> np.ndarray:
    """A batch shifted ``dx`` pixels right and ``dy`` down (negative: left, up), zero-filled, never wrapped (5.1.1)."""
    images = np.asarray(images)
    shifted = np.zeros_like(images)
    height, width = images.shape[1:3]
    if abs(dy) < height and abs(dx) < width:  # a shift by the whole image or more leaves it black
        src = (slice(None), slice(max(-dy, 0), height - max(dy, 0)), slice(max(-dx, 0), width - max(dx, 0)))
        shifted[:, max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = images[src]
    return shifted


def shift_accuracies(model: "keras.Model", images: np.ndarray, labels: np.ndarray, shifts: list[int]) -> list[float]:
    """Accuracy of ``model`` (convnet or dense net) on ``images`` shifted right by each of ``shifts`` pixels (5.1.1)."""
    from utils.training import to_model_inputs  # imports keras

    accuracies = []
    for dx in shifts:
        predicted = model.predict(to_model_inputs(model, shift_images(images, dx=dx)), batch_size=1000, verbose=0)
        accuracies.append(float((np.asarray(predicted).argmax(axis=1) == np.asarray(labels)).mean()))
    return accuracies


def similarity(a: ArrayLike, b: ArrayLike) -> float:
    """Pearson correlation of two same-shaped arrays, position by position: 1 when equal up to scale (5.1.2)."""
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    if a.shape != b.shape:
        raise ParameterError(f"같은 모양의 두 배열이 필요합니다. 받은 모양: {a.shape}, {b.shape}")
    a, b = a - a.mean(), b - b.mean()
    return float(
        np.sum(a * b, dtype=np.float64) / np.sqrt(np.sum(a * a, dtype=np.float64) * np.sum(b * b, dtype=np.float64))
    )
