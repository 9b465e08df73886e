"""utils.training, utils.nb, utils.setup and utils.viz.plot_predictions: behaviour and bad input."""

from __future__ import annotations

import os

import numpy as np
import pytest

from utils import nb, training, viz
from utils.setup import setup_notebook


def test_prepare_images_shapes_and_scale() -> None:
    x = np.full((3, 28, 28), 255, np.uint8)
    assert training.prepare_images(x).shape == (3, 28, 28, 1)
    flat = training.prepare_images(x, flatten=True)
    assert flat.shape == (3, 784) and flat.dtype == np.float32 and flat.max() == 1.0


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
    (x, y), (xt, _) = training.load_prepared_mnist(100, flatten=True)
    assert x.shape == (100, 784) and y.shape == (100, 10) and xt.shape == (10000, 784)
    with pytest.raises(ValueError, match="train_size"):
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
    assert 0 <= result.test_acc <= 1 and result.train_acc == result.history["accuracy"][-1]


@pytest.mark.parametrize(("kwargs", "match"), [({"epochs": 0}, "epochs"), ({"batch_size": 2.0}, "batch_size")])
def test_train_and_evaluate_validates(kwargs: dict, match: str) -> None:
    x, y = np.zeros((4, 2), np.float32), np.zeros((4, 2), np.float32)
    with pytest.raises(ValueError, match=match):
        training.train_and_evaluate(None, (x, y), (x, y), **kwargs)  # type: ignore[arg-type]


def test_train_and_evaluate_length_mismatch() -> None:
    x, y = np.zeros((4, 2), np.float32), np.zeros((3, 2), np.float32)
    with pytest.raises(ValueError, match="differ in length"):
        training.train_and_evaluate(None, (x, y), (x, x))  # type: ignore[arg-type]


def test_glue_shows_formatted_text_without_quotes() -> None:
    shown = nb._Shown(format(0.99213, ".4f"))
    assert repr(shown) == "0.9921"


@pytest.mark.parametrize(("name", "value", "fmt"), [("not valid", 1, ""), ("acc", "x", ".2f")])
def test_glue_rejects(name: str, value: object, fmt: str) -> None:
    with pytest.raises(ValueError):
        nb.glue(name, value, fmt)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "42"])
def test_setup_rejects_bad_seed(seed: object) -> None:
    with pytest.raises(ValueError, match="seed"):
        setup_notebook(seed)  # type: ignore[arg-type]


def test_setup_sets_logging_seed_and_korean_font() -> None:
    import matplotlib as mpl

    setup_notebook(seed=7)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    first = np.random.rand(3)
    setup_notebook(seed=7)
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert "NanumGothic" in mpl.rcParams["font.family"] and mpl.rcParams["axes.unicode_minus"] is False


def test_plot_predictions_marks_wrong_ones() -> None:
    images = np.zeros((6, 28, 28), np.uint8)
    labels, predicted = np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 0, 4, 0, 6])
    fig = viz.plot_predictions(images, labels, predicted, n_correct=2, n_wrong=2, ncols=4)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["예측 1 / 정답 1", "예측 2 / 정답 2", "예측 0 / 정답 3", "예측 0 / 정답 5"]


def test_plot_predictions_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="equal lengths"):
        viz.plot_predictions(np.zeros((2, 28, 28)), np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("value", [1, 7, np.int64(3)])
def test_positive_int_accepts(value: object) -> None:
    from utils.checks import positive_int

    assert positive_int(value, "n") == int(value)


@pytest.mark.parametrize("value", [0, -1, True, 2.0, "3", None])
def test_positive_int_rejects_with_the_name(value: object) -> None:
    from utils.checks import positive_int

    with pytest.raises(ValueError, match="n must be a positive int"):
        positive_int(value, "n")
