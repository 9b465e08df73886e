"""Preparing MNIST tensors and training the chapter's models, one result type per run (5.1.1, 5.1.2)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

import keras
import numpy as np

from utils.checks import int_in_range, positive_int


def prepare_images(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 in [0, 1], shaped (N, 28, 28, 1) (5.1.1, 5.1.2).

    A dense network's (N, 784) is :func:`to_model_inputs`' job (``train_and_evaluate`` calls it).
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"images must have shape (N, 28, 28), got {images.shape}")
    if images.dtype != np.uint8:
        raise ValueError(f"images must be uint8 pixels 0-255 as loaded, got dtype {images.dtype}")
    return images.reshape((len(images), 28, 28, 1)).astype("float32") / 255


def prepare_labels(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Integer labels (N,) -> one-hot float32 (N, num_classes), like ``to_categorical`` (5.1.1, 5.1.2)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D integer array, got shape {labels.shape} dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got range [{labels.min()}, {labels.max()}]")
    return keras.utils.to_categorical(labels, num_classes).astype("float32")


Split = tuple[np.ndarray, np.ndarray]


def to_model_inputs(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Reshape ``images`` to the model's input: (N, 28, 28, 1) for convnets, (N, 784) for dense nets.

    The pixels are the same; only the layout the first layer expects differs (5.1.1, 5.1.2).
    """
    target = tuple(model.input_shape[1:])
    if images.shape[1:] == target:
        return images
    if int(np.prod(images.shape[1:])) != int(np.prod(target)):
        raise ValueError(f"cannot reshape images of shape {images.shape[1:]} to the model's input {target}")
    return images.reshape((len(images), *target))


def load_prepared_mnist(train_size: int | None = None) -> tuple[Split, Split]:
    """MNIST ready for training: scaled (N, 28, 28, 1) images and one-hot labels (5.1.1, 5.1.2).

    ``train_size`` keeps the first N training images (papermill smoke runs, shared budgets);
    ``None`` keeps all 60,000. The 10,000 test images are always complete.
    """
    from utils.data import load_mnist

    (x_train, y_train), (x_test, y_test) = load_mnist()
    if train_size is not None:
        train_size = int_in_range(train_size, "train_size (or None for all)", 1, len(x_train))
        x_train, y_train = x_train[:train_size], y_train[:train_size]
    return (prepare_images(x_train), prepare_labels(y_train)), (prepare_images(x_test), prepare_labels(y_test))


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``self.seconds`` (5.1.1, 5.1.2)."""

    def on_train_begin(self, logs=None) -> None:
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


@dataclass(frozen=True)
class TrainResult:
    """One model trained once: its curves, test metrics and timing (5.1.1, 5.1.2).

    Two training accuracies, measured differently:

    - :attr:`last_epoch_train_acc`: what Keras logged during the last epoch, a mean over its
      batches while the weights were still changing;
    - :attr:`evaluated_train_acc`: the finished model evaluated on the whole training data
      (``train_and_evaluate(..., evaluate_train=True)``; ``None`` when not measured). The
      overfitting gap of 5.1.2 uses this one, so both sides of it come from the same weights.
    """

    name: str
    params: int
    history: dict[str, list[float]]
    test_loss: float
    test_acc: float
    epoch_seconds: list[float] = field(default_factory=list)
    seed: int | None = None  # set by utils.experiments.run_comparison
    evaluated_train_loss: float | None = None
    evaluated_train_acc: float | None = None

    @property
    def last_epoch_train_acc(self) -> float:
        """Training accuracy Keras logged in the last epoch (mean over its batches)."""
        return float(self.history["accuracy"][-1])

    @property
    def gap(self) -> float:
        """Evaluated train accuracy minus test accuracy: how much better the model does on data it has seen."""
        if self.evaluated_train_acc is None:
            raise ValueError(f"{self.name!r} was trained without evaluate_train=True: no evaluated train accuracy")
        return self.evaluated_train_acc - self.test_acc

    @property
    def seconds_per_epoch(self) -> float:
        """Median epoch time; the median keeps the first epoch's graph tracing from dominating."""
        return float(statistics.median(self.epoch_seconds)) if self.epoch_seconds else float("nan")


def train_and_evaluate(
    model: keras.Model,
    train: Split,
    test: Split,
    *,
    epochs: int = 5,
    batch_size: int = 64,
    optimizer: str = "rmsprop",
    evaluate_train: bool = False,
    verbose: int = 2,
) -> TrainResult:
    """Compile with categorical cross-entropy, fit, evaluate on the test set (listing 5-3; 5.1.1, 5.1.2).

    Images are reshaped to the model's input (flattened for a dense network, :func:`to_model_inputs`).
    ``evaluate_train`` also evaluates the finished model on the training data.
    """
    positive_int(epochs, "epochs")
    positive_int(batch_size, "batch_size")
    (x_train, y_train), (x_test, y_test) = train, test
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError(
            f"images and labels differ in length: train {len(x_train)} vs {len(y_train)}, "
            f"test {len(x_test)} vs {len(y_test)}"
        )
    x_train, x_test = to_model_inputs(model, x_train), to_model_inputs(model, x_test)
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, callbacks=[timer], verbose=verbose)
    test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=512, verbose=0)
    train_loss, train_acc = (
        model.evaluate(x_train, y_train, batch_size=512, verbose=0) if evaluate_train else (None, None)
    )
    return TrainResult(
        name=model.name,
        params=model.count_params(),
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
        test_loss=float(test_loss),
        test_acc=float(test_acc),
        epoch_seconds=list(timer.seconds),
        evaluated_train_loss=None if train_loss is None else float(train_loss),
        evaluated_train_acc=None if train_acc is None else float(train_acc),
    )
