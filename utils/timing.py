"""How long a training cell will take, said before it starts (5.1, 5.1.1, 5.1.2).

The estimate trains a throwaway copy of the model (same layers, fresh weights) for a few steps on
one batch, here, on this backend and device, and scales that step's time by the images the cell
trains and evaluates. Making the copy restores Python's random state, and its steps do not
shuffle, so the page's own model and every random draw after it stay as they would have been.
"""

import random
import time

import keras
import numpy as np

from utils.backend import release_trained
from utils.training import to_model_inputs

EVALUATE_PER_TRAIN = 1 / 3  # a forward pass costs about a third of a training step (forward, backward, update)


def step_seconds(model: keras.Model, images: np.ndarray, batch_size: int, steps: int = 3) -> tuple[float, float]:
    """A throwaway copy's first training step (building it) and its later steps per image, in seconds (5.1.2)."""
    state = random.getstate()  # Keras draws each new layer's initializer seed from Python's random module
    try:
        copy = keras.models.clone_model(model)
    finally:
        random.setstate(state)
    copy.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    x = to_model_inputs(copy, images[:batch_size])
    classes = copy.output_shape[-1]
    y = np.eye(classes, dtype="float32")[np.arange(len(x)) % classes]
    start = time.perf_counter()
    copy.train_on_batch(x, y)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(steps):
        copy.train_on_batch(x, y)
    per_image = (time.perf_counter() - start) / (steps * len(x))
    release_trained(copy)
    return first, per_image


def estimate_seconds(
    model: keras.Model, images: np.ndarray, *, epochs: int, batch_size: int, evaluated: int = 0
) -> float:
    """Seconds to train ``model`` ``epochs`` times over ``images``, then evaluate ``evaluated`` (5.1, 5.1.1, 5.1.2)."""
    first, per_image = step_seconds(model, images, batch_size)
    return first + per_image * (len(images) * epochs + EVALUATE_PER_TRAIN * evaluated)


def format_duration(seconds: float) -> str:
    """Korean, rounded as an estimate deserves: ``"약 40초"``, ``"약 3분"``, ``"약 1시간 10분"`` (5.1, 5.1.1, 5.1.2)."""
    if seconds < 90:
        return f"약 {max(5, round(seconds / 5) * 5):.0f}초"
    minutes = round(seconds / 60)
    return f"약 {minutes}분" if minutes < 60 else f"약 {minutes // 60}시간 {minutes % 60}분"


def announce(seconds: float) -> None:
    """Print the estimate before a training cell starts (5.1, 5.1.1, 5.1.2)."""
    print(f"예상 시간: {format_duration(seconds)} (이 컴퓨터에서 훈련 단계 몇 번을 재어 계산한 값입니다)")
