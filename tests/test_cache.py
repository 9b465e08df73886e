"""utils.cache: trained models reused by recipe; missing or stale entries train, corrupt ones are replaced."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest

from utils import cache


def _tiny() -> keras.Model:
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")], name="tiny")


@pytest.fixture
def data() -> tuple:
    rng = np.random.default_rng(0)
    x = rng.random((32, 4), dtype=np.float32)
    y = keras.utils.to_categorical((x[:, 0] > 0.5).astype(int), 2).astype("float32")
    return (x, y), (x, y)


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    return tmp_path


def test_second_call_loads_the_same_weights(data: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    first, result = cache.trained_model(_tiny, *data, seed=1, epochs=1, batch_size=8)
    capsys.readouterr()
    second, again = cache.trained_model(_tiny, *data, seed=1, epochs=1, batch_size=8)
    assert "불러왔습니다" in capsys.readouterr().out
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert again.test_acc == result.test_acc and again.history == result.history


@pytest.mark.parametrize("change", [{"seed": 2}, {"epochs": 2}, {"batch_size": 4}])
def test_a_different_recipe_is_a_different_key(change: dict) -> None:
    recipe = {"seed": 1, "n_train": 32, "epochs": 1, "batch_size": 8, "optimizer": "rmsprop"}
    assert cache.recipe_key(_tiny(), **recipe) != cache.recipe_key(_tiny(), **{**recipe, **change})


def test_the_key_ignores_layer_names_but_not_the_architecture() -> None:
    recipe = {"seed": 1, "n_train": 32, "epochs": 1, "batch_size": 8, "optimizer": "rmsprop"}
    wider = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    assert cache.recipe_key(_tiny(), **recipe) == cache.recipe_key(_tiny(), **recipe)  # new layer names
    assert cache.recipe_key(_tiny(), **recipe) != cache.recipe_key(wider, **recipe)


def test_a_corrupt_entry_is_removed_and_retrained(
    data: tuple, cache_in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.trained_model(_tiny, *data, seed=1, epochs=1, batch_size=8)
    (weights,) = cache_in_tmp.glob("*.keras")
    weights.write_bytes(weights.read_bytes()[:100])  # truncated, as after a crash or a full disk
    capsys.readouterr()
    model, _ = cache.trained_model(_tiny, *data, seed=1, epochs=1, batch_size=8)
    said = capsys.readouterr().out
    assert "손상되어 지우고 다시 훈련합니다" in said and "checksum" in said
    assert isinstance(model, keras.Model) and cache.load(weights.stem) is not None
    assert sorted(p.suffix for p in cache_in_tmp.iterdir()) == [".json", ".keras"], "nothing half-written is left"


def test_5_1_listing_and_build_convnet_are_one_recipe() -> None:
    """5.1 builds the convnet as the book's listing; 5.1.1 reuses it through build_convnet()."""
    from keras import layers

    from utils.models import build_convnet

    def listing() -> keras.Model:  # 5.1's cells: listing 5-1, then listing 5-2's model.add calls
        model = keras.Sequential(
            [
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(32, (3, 3), activation="relu"),
                layers.MaxPooling2D((2, 2)),
                layers.Conv2D(64, (3, 3), activation="relu"),
                layers.MaxPooling2D((2, 2)),
                layers.Conv2D(64, (3, 3), activation="relu"),
            ],
            name="convnet",
        )
        for layer in (layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")):
            model.add(layer)
        return model

    recipe = {"seed": 42, "n_train": 60_000, "epochs": 5, "batch_size": 64, "optimizer": "rmsprop"}
    keras.utils.set_random_seed(42)
    ours = listing()
    keras.utils.set_random_seed(42)
    built = build_convnet()
    assert cache.recipe_key(ours, **recipe) == cache.recipe_key(built, **recipe)
    for a, b in zip(ours.get_weights(), built.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # same seed, same initial weights


def test_remember_stores_what_5_1_trained_for_trained_model(data: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    """5.1 fits in front of the reader and calls remember(); 5.1.1's trained_model() then loads that model."""
    (x, y), test = data
    keras.utils.set_random_seed(1)
    model = _tiny()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    loss, acc = model.evaluate(*test, verbose=0)
    cache.remember(model, history, loss, acc, seed=1, n_train=len(x), epochs=1, batch_size=8)
    capsys.readouterr()
    loaded, result = cache.trained_model(_tiny, (x, y), test, seed=1, epochs=1, batch_size=8)
    assert "불러왔습니다" in capsys.readouterr().out
    assert (result.name, result.params, result.test_acc) == ("tiny", 10, pytest.approx(acc))
    assert result.history == history.history and result.epoch_seconds == []
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
