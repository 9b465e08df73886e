"""Prepared MNIST tensors and the chapter's training, one :class:`TrainResult` per run (5.1.1, 5.1.2)."""

import statistics
import time
from dataclasses import dataclass, field, replace

import keras
import numpy as np

from utils.checks import ParameterError
from utils.data import load_mnist

Split = tuple[np.ndarray, np.ndarray]


def prepare_images(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) as loaded -> float32 in [0, 1], shaped (N, 28, 28, 1) (5.1.1, 5.1.2)."""
    images = np.asarray(images)
    if images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ParameterError(
            "images에는 load_mnist()가 준 그대로의 (N, 28, 28) 모양 uint8 픽셀(0~255)만 쓸 수 있습니다. "
            f"받은 값: 모양 {images.shape}, dtype {images.dtype}인 배열"
        )
    return images.reshape((len(images), 28, 28, 1)).astype("float32") / 255


def to_model_inputs(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """The same pixels in the model's input layout: (N, 28, 28, 1) for a convnet, (N, 784) for a dense net (5.1.1)."""
    return images.reshape((len(images), *model.input_shape[1:]))


def load_prepared_mnist(train_size: int | None = None) -> tuple[Split, Split]:
    """Scaled images and one-hot labels; ``train_size`` keeps the first N training images (None: all) (5.1.1, 5.1.2)."""
    (x_train, y_train), (x_test, y_test) = load_mnist()
    y_train, y_test = (keras.utils.to_categorical(y, 10).astype("float32") for y in (y_train[:train_size], y_test))
    return (prepare_images(x_train[:train_size]), y_train), (prepare_images(x_test), y_test)


@dataclass(frozen=True)
class TrainResult:
    """One run (5.1.1, 5.1.2); ``evaluated_train_*``: the finished model on all training data (or None), for the gap."""

    name: str
    params: int
    history: dict[str, list[float]]
    test_loss: float
    test_acc: float
    epoch_seconds: list[float] = field(default_factory=list)
    seed: int | None = None  # set by utils.experiments.run_comparison
    evaluated_train_loss: float | None = None
    evaluated_train_acc: float | None = None
    #: (epochs done, running training accuracy) logged within epochs, with ``curve_points`` (5.1.2's learning curves)
    curve: list[tuple[float, float]] = field(default_factory=list)
    #: test accuracy after each epoch, with ``test_each_epoch`` (the book-budget job)
    test_curve: list[float] = field(default_factory=list)
    #: the trained model itself, where ``run_comparison(..., keep=...)`` kept it (5.1.2's figure of its filters)
    model: keras.Model | None = field(default=None, compare=False, repr=False)

    @property
    def last_epoch_train_acc(self) -> float:
        """Training accuracy Keras logged in the last epoch (mean over its batches)."""
        return float(self.history["accuracy"][-1])

    @property
    def gap(self) -> float:
        """Evaluated train accuracy minus test accuracy: how much better the model does on data it has seen."""
        if self.evaluated_train_acc is None:
            raise ValueError(f"{self.name!r}: evaluate_train=True 없이 훈련해서 훈련 데이터로 잰 정확도가 없습니다")
        return self.evaluated_train_acc - self.test_acc

    @property
    def seconds_per_epoch(self) -> float:
        """Median epoch time, so the first epoch's graph tracing does not dominate."""
        return float(statistics.median(self.epoch_seconds)) if self.epoch_seconds else float("nan")


class RunningCurve(keras.callbacks.Callback):
    """Logs the running training accuracy ``points`` times per epoch: (epochs done, accuracy) (5.1.2)."""

    def __init__(self, points: int, steps_per_epoch: int) -> None:
        super().__init__()
        marks = np.linspace(0, steps_per_epoch, points + 1)[1:]
        self.marks = {max(1, round(float(m))) for m in marks}
        self.steps = steps_per_epoch
        self.epoch = 0
        self.curve: list[tuple[float, float]] = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if batch + 1 in self.marks and logs and "accuracy" in logs:
            self.curve.append((self.epoch + (batch + 1) / self.steps, float(logs["accuracy"])))


class TestEachEpoch(keras.callbacks.Callback):
    """Evaluates the test split after every epoch; training is untouched (the book-budget job, 5.1.2)."""

    def __init__(self, test: Split) -> None:
        super().__init__()
        self.test = test
        self.accuracies: list[float] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        _, acc = self.model.evaluate(*self.test, batch_size=512, verbose=0)
        self.accuracies.append(float(acc))


def train_and_evaluate(
    model: keras.Model,
    train: Split,
    test: Split,
    *,
    epochs: int = 5,
    batch_size: int = 64,
    optimizer: str = "rmsprop",
    evaluate_train: bool = False,
    train_eval_size: int | None = None,
    curve_points: int = 0,
    test_each_epoch: bool = False,
    verbose: int = 2,
) -> TrainResult:
    """Listing 5-3: compile, fit and evaluate on the test set (and the training set with ``evaluate_train``) (5.1.2).

    ``train_eval_size`` evaluates the training accuracy on the first N training images only (None: all);
    ``curve_points`` logs the running training accuracy that many times per epoch; ``test_each_epoch``
    evaluates the test split after every epoch. None of the three changes what the model learns.
    """
    (x_train, y_train), (x_test, y_test) = ((to_model_inputs(model, x), y) for x, y in (train, test))
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    starts, seconds = [], []
    timer = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: starts.append(time.perf_counter()),
        on_epoch_end=lambda epoch, logs: seconds.append(time.perf_counter() - starts[-1]),
    )
    running = RunningCurve(curve_points, -(-len(x_train) // batch_size)) if curve_points else None
    tested = TestEachEpoch((x_test, y_test)) if test_each_epoch else None
    # the test evaluation runs after the timer so that it is not counted in the epoch's seconds
    callbacks = [c for c in (timer, running, tested) if c is not None]
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, callbacks=callbacks, verbose=verbose)
    test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=512, verbose=0)
    subset = (x_train[:train_eval_size], y_train[:train_eval_size])
    evaluated = model.evaluate(*subset, batch_size=512, verbose=0) if evaluate_train else (None, None)
    train_loss, train_acc = (None if v is None else float(v) for v in evaluated)
    curves = {k: [float(v) for v in values] for k, values in history.history.items()}
    result = TrainResult(model.name, model.count_params(), curves, float(test_loss), float(test_acc), seconds)
    return replace(
        result,
        evaluated_train_loss=train_loss,
        evaluated_train_acc=train_acc,
        curve=running.curve if running else [],
        test_curve=tested.accuracies if tested else [],
    )
