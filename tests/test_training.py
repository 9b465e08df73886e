"""utils.training: prepared MNIST, train_and_evaluate and TrainResult, and their bad input."""

from __future__ import annotations

import numpy as np
import pytest

from utils import training
from utils.checks import ParameterError
from utils.notebook import setup_notebook


def test_prepare_images_shapes_and_scale() -> None:
    x = np.full((3, 28, 28), 255, np.uint8)
    images = training.prepare_images(x)
    assert images.shape == (3, 28, 28, 1) and images.dtype == np.float32 and images.max() == 1.0


@pytest.mark.parametrize(
    ("images", "found"),
    [
        (np.zeros((3, 28, 27), np.uint8), r"\(3, 28, 27\), dtype uint8"),
        (np.zeros((3, 28, 28), np.float32), r"\(3, 28, 28\), dtype float32"),
    ],
)
def test_prepare_images_rejects(images: np.ndarray, found: str) -> None:
    with pytest.raises(ParameterError, match=rf"images에는 .*\(N, 28, 28\) 모양 uint8 .* 받은 값: 모양 {found}"):
        training.prepare_images(images)


def test_load_prepared_mnist_subset(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from utils import data

    path = tmp_path / "m.npz"
    np.savez(path, **{k: np.zeros(shape, dtype) for k, (shape, dtype) in data.EXPECTED.items()})
    monkeypatch.setenv(data.ENV_VAR, str(path))
    (x, y), (xt, _) = training.load_prepared_mnist(np.int64(100))
    assert x.shape == (100, 28, 28, 1) and y.shape == (100, 10) and xt.shape == (10000, 28, 28, 1)
    assert y.dtype == np.float32 and y.sum(axis=1).tolist() == [1.0] * 100  # one-hot
    (x, _), _ = training.load_prepared_mnist()
    assert x.shape == (60000, 28, 28, 1)


def test_train_and_evaluate_records_everything() -> None:
    import keras

    setup_notebook(seed=1)
    rng = np.random.default_rng(0)
    x = rng.random((64, 4), dtype=np.float32)
    y = keras.utils.to_categorical((x[:, 0] > 0.5).astype(int), 2)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")], name="tiny")
    result = training.train_and_evaluate(model, (x, y), (x, y), epochs=2, batch_size=16, verbose=0)
    assert result.name == "tiny" and result.params == 10
    assert len(result.epoch_seconds) == 2 and all(s > 0 for s in result.epoch_seconds)
    assert 0 <= result.test_acc <= 1 and result.last_epoch_train_acc == result.history["accuracy"][-1]
    assert result.evaluated_train_acc is None  # measured only when asked
    with pytest.raises(ValueError, match="evaluate_train=True 없이 훈련해서"):
        _ = result.gap


def test_train_and_evaluate_flattens_for_a_dense_network() -> None:
    import keras

    images = np.random.default_rng(0).random((32, 28, 28, 1), dtype=np.float32)
    labels = keras.utils.to_categorical(np.arange(32) % 10, 10)
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
    assert training.to_model_inputs(conv, x).shape == (5, 28, 28, 1)
