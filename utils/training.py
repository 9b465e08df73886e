"""Preparing MNIST tensors and training the chapter's models (5.1, 5.1.1, 5.1.2)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import keras
import numpy as np

from utils.checks import is_int, positive_int


def prepare_images(images: np.ndarray, *, flatten: bool = False) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 in [0, 1], shaped (N, 28, 28, 1), or (N, 784) when ``flatten``."""
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"images must have shape (N, 28, 28), got {images.shape}")
    if images.dtype != np.uint8:
        raise ValueError(f"images must be uint8 pixels 0-255 as loaded, got dtype {images.dtype}")
    shape = (len(images), 28 * 28) if flatten else (len(images), 28, 28, 1)
    return images.reshape(shape).astype("float32") / 255


def prepare_labels(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Integer labels (N,) -> one-hot float32 (N, num_classes), like ``to_categorical``."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D integer array, got shape {labels.shape} dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got range [{labels.min()}, {labels.max()}]")
    return keras.utils.to_categorical(labels, num_classes).astype("float32")


Split = tuple[np.ndarray, np.ndarray]


def load_prepared_mnist(train_size: int | None = None, *, flatten: bool = False) -> tuple[Split, Split]:
    """MNIST ready for training: scaled images and one-hot labels (5.1.1, 5.1.2).

    ``train_size`` keeps the first N training images (papermill smoke runs, shared budgets);
    ``None`` keeps all 60,000. The 10,000 test images are always complete.
    """
    from utils.data import load_mnist

    (x_train, y_train), (x_test, y_test) = load_mnist()
    if train_size is not None:
        if not is_int(train_size) or not 0 < train_size <= len(x_train):
            raise ValueError(f"train_size must be None or an int in [1, {len(x_train)}], got {train_size!r}")
        x_train, y_train = x_train[:train_size], y_train[:train_size]
    return (
        (prepare_images(x_train, flatten=flatten), prepare_labels(y_train)),
        (prepare_images(x_test, flatten=flatten), prepare_labels(y_test)),
    )


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``self.seconds``."""

    def on_train_begin(self, logs=None) -> None:
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


@dataclass
class TrainResult:
    """What one training run produced: curves, test metrics and timing."""

    name: str
    params: int
    history: dict[str, list[float]]
    test_loss: float
    test_acc: float
    epoch_seconds: list[float] = field(default_factory=list)

    @property
    def train_acc(self) -> float:
        """Accuracy on the training data in the last epoch."""
        return float(self.history["accuracy"][-1])


def train_and_evaluate(
    model: keras.Model,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    epochs: int = 5,
    batch_size: int = 64,
    optimizer: str = "rmsprop",
    verbose: int = 2,
) -> TrainResult:
    """Compile with categorical cross-entropy, fit, evaluate on the test set (listing 5-3)."""
    positive_int(epochs, "epochs")
    positive_int(batch_size, "batch_size")
    (x_train, y_train), (x_test, y_test) = train, test
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError(
            f"images and labels differ in length: train {len(x_train)} vs {len(y_train)}, "
            f"test {len(x_test)} vs {len(y_test)}"
        )
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, callbacks=[timer], verbose=verbose)
    test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=512, verbose=0)
    return TrainResult(
        name=model.name,
        params=model.count_params(),
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
        test_loss=float(test_loss),
        test_acc=float(test_acc),
        epoch_seconds=timer.seconds,
    )
