"""utils.experiments: the shared-budget comparison of 5.1.2, on tiny models and data (fast)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from utils.checks import ParameterError
from utils.experiments import run_comparison


def _tiny_convnet() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(2, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((4, 4)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="tiny_conv",
    )


def _tiny_dense() -> keras.Model:
    return keras.Sequential(
        [keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")],
        name="tiny_dense",
    )


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.random((96, 28, 28, 1), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, 96), 10).astype("float32")
    return (x[:64], y[:64]), (x[64:], y[64:])


@pytest.fixture(scope="module")
def runs(data):
    train, test = data
    seen = []
    out = run_comparison(
        {"conv": _tiny_convnet, "dense": _tiny_dense},
        train,
        test,
        epochs=2,
        batch_size=16,
        seeds=(0, 1),
        progress=seen.append,
    )
    return out, seen


def test_one_run_per_model_and_seed(runs) -> None:
    out, seen = runs
    assert [(r.name, r.seed) for r in out] == [("conv", 0), ("dense", 0), ("conv", 1), ("dense", 1)]
    assert seen == out  # progress is called once per run, in order
    for r in out:
        assert r.params == {"conv": _tiny_convnet, "dense": _tiny_dense}[r.name]().count_params()
        assert len(r.history["accuracy"]) == len(r.epoch_seconds) == 2
        assert 0.0 <= r.evaluated_train_acc <= 1.0 and 0.0 <= r.test_acc <= 1.0
        assert r.evaluated_train_loss is not None
        assert r.gap == pytest.approx(r.evaluated_train_acc - r.test_acc)
        assert r.last_epoch_train_acc == r.history["accuracy"][-1]
        assert r.seconds_per_epoch > 0


def test_same_seed_gives_the_same_run(data) -> None:
    train, test = data
    first, second = (
        run_comparison({"dense": _tiny_dense}, train, test, epochs=1, batch_size=16, seeds=(3,)) for _ in range(2)
    )
    assert first[0].history == second[0].history
    assert first[0].test_acc == second[0].test_acc


@pytest.mark.parametrize("seeds", [(), (-1,), "zero"])
def test_run_comparison_names_bad_seeds(data, seeds) -> None:
    train, test = data
    with pytest.raises(ParameterError, match="seeds에는"):
        run_comparison({"dense": _tiny_dense}, train, test, epochs=1, seeds=seeds)


def test_estimate_is_printed_first_and_changes_no_result(data, runs, capsys) -> None:
    train, test = data
    again = run_comparison(
        {"conv": _tiny_convnet, "dense": _tiny_dense}, train, test, epochs=2, batch_size=16, seeds=(0, 1), estimate=True
    )
    assert capsys.readouterr().out.startswith("예상 시간: 약 ")
    assert [r.test_acc for r in again] == [r.test_acc for r in runs[0]]


def test_each_trained_model_is_released(data, monkeypatch) -> None:
    """run_comparison empties every model it trained (TensorFlow keeps trained graphs' variables alive)."""
    import utils.experiments

    released = []
    monkeypatch.setattr(utils.experiments, "release_trained", released.append)
    train, test = data
    run_comparison({"conv": _tiny_convnet, "dense": _tiny_dense}, train, test, epochs=1, batch_size=16, seeds=(0, 1))
    assert [m.name for m in released] == ["tiny_conv", "tiny_dense"] * 2


def test_release_trained_frees_weights_and_optimizer_state(data) -> None:
    from utils.backend import release_trained

    model = _tiny_convnet()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.fit(*data[0], epochs=1, batch_size=16, verbose=0)
    release_trained(model)
    sizes = [
        int(keras.ops.size(keras.ops.convert_to_tensor(v.value)))
        for v in [*model.variables, *model.optimizer.variables]
    ]
    if keras.backend.backend() == "tensorflow":
        assert sizes == [0] * len(sizes)
    else:  # other backends free a dropped model themselves; nothing is touched
        assert all(sizes)
