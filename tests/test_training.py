"""utils.training: prepared MNIST, train_and_evaluate and TrainResult, and their bad input."""

from __future__ import annotations

import numpy as np
import pytest

from utils import training
from utils.notebook import setup_notebook


def test_prepare_images_shapes_and_scale() -> None:
    x = np.full((3, 28, 28), 255, np.uint8)
    images = training.prepare_images(x)
    assert images.shape == (3, 28, 28, 1) and images.dtype == np.float32 and images.max() == 1.0


@pytest.mark.parametrize(
    ("images", "match"),
    [(np.zeros((3, 28, 27), np.uint8), r"\(N, 28, 28\)"), (np.zeros((3, 28, 28), np.float32), "uint8")],
)
def test_prepare_images_rejects(images: np.ndarray, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        training.prepare_images(images)


def test_prepare_labels_one_hot() -> None:
    y = training.prepare_labels(np.array([0, 9, 3], np.uint8))
    assert y.shape == (3, 10) and y.argmax(axis=1).tolist() == [0, 9, 3]


@pytest.mark.parametrize("labels", [np.array([0, 10]), np.array([[1]]), np.array([0.5])])
def test_prepare_labels_rejects(labels: np.ndarray) -> None:
    with pytest.raises(ValueError, match="labels must"):
        training.prepare_labels(labels)


def test_load_prepared_mnist_subset(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from utils import data

    path = tmp_path / "m.npz"
    np.savez(path, **{k: np.zeros(shape, dtype) for k, (shape, dtype) in data.EXPECTED.items()})
    monkeypatch.setenv(data.ENV_VAR, str(path))
    (x, y), (xt, _) = training.load_prepared_mnist(np.int64(100))
    assert x.shape == (100, 28, 28, 1) and y.shape == (100, 10) and xt.shape == (10000, 28, 28, 1)
    with pytest.raises(ValueError, match=r"train_size \(or None for all\) must be an int from 1 to 60000, got 0"):
        training.load_prepared_mnist(0)


def test_train_and_evaluate_records_everything() -> None:
    import keras

    setup_notebook(seed=1)
    rng = np.random.default_rng(0)
    x = rng.random((64, 4), dtype=np.float32)
    y = training.prepare_labels((x[:, 0] > 0.5).astype(int), num_classes=2)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")], name="tiny")
    result = training.train_and_evaluate(model, (x, y), (x, y), epochs=2, batch_size=16, verbose=0)
    assert result.name == "tiny" and result.params == 10
    assert len(result.epoch_seconds) == 2 and all(s > 0 for s in result.epoch_seconds)
    assert 0 <= result.test_acc <= 1 and result.last_epoch_train_acc == result.history["accuracy"][-1]
    assert result.evaluated_train_acc is None  # measured only when asked
    with pytest.raises(ValueError, match="evaluate_train=True"):
        _ = result.gap


def test_train_and_evaluate_flattens_for_a_dense_network() -> None:
    import keras

    images = np.random.default_rng(0).random((32, 28, 28, 1), dtype=np.float32)
    labels = training.prepare_labels(np.arange(32) % 10)
    dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    result = training.train_and_evaluate(
        dense, (images, labels), (images, labels), epochs=1, evaluate_train=True, verbose=0
    )
    assert 0 <= result.evaluated_train_acc <= 1 and result.evaluated_train_loss > 0
    assert result.gap == result.evaluated_train_acc - result.test_acc


def test_to_model_inputs_reshapes_for_dense_models() -> None:
    import keras

    dense = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])
    conv = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(2, 3)])
    x = np.zeros((5, 28, 28, 1), "float32")
    assert training.to_model_inputs(dense, x).shape == (5, 784)
    assert training.to_model_inputs(conv, x) is x
    with pytest.raises(ValueError, match="cannot reshape"):
        training.to_model_inputs(dense, np.zeros((5, 10, 10, 1)))


@pytest.mark.parametrize(("kwargs", "match"), [({"epochs": 0}, "epochs"), ({"batch_size": 2.0}, "batch_size")])
def test_train_and_evaluate_validates(kwargs: dict, match: str) -> None:
    x, y = np.zeros((4, 2), np.float32), np.zeros((4, 2), np.float32)
    with pytest.raises(ValueError, match=match):
        training.train_and_evaluate(None, (x, y), (x, y), **kwargs)  # type: ignore[arg-type]


def test_train_and_evaluate_length_mismatch() -> None:
    x, y = np.zeros((4, 2), np.float32), np.zeros((3, 2), np.float32)
    with pytest.raises(ValueError, match="differ in length"):
        training.train_and_evaluate(None, (x, y), (x, x))  # type: ignore[arg-type]
