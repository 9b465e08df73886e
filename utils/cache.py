"""Trained models in ``$DLP_COURSE_CACHE`` by recipe, checksummed, written atomically, reused by 5.1.1 (5.1, 5.1.1)."""

import dataclasses
import hashlib
import importlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keras

from utils.timing import announce, estimate_seconds
from utils.training import Split, TrainResult, train_and_evaluate

ENV_VAR = "DLP_COURSE_CACHE"
Builder = Callable[[], keras.Model]


def recipe_key(model: keras.Model, *, seed: int, n_train: int, epochs: int, batch_size: int, optimizer: str) -> str:
    """A digest of all that fixes the trained weights on one machine; layers without the names Keras gives (5.1.1)."""
    backend = keras.backend.backend()
    version = importlib.import_module({"jax": "jaxlib"}.get(backend, backend)).__version__
    architecture = [(type(layer).__name__, layer.get_config() | {"name": None}) for layer in model.layers]
    numbers = [int(v) for v in (seed, n_train, epochs, batch_size)]  # a NumPy int would dump as text
    recipe = [architecture, numbers, optimizer, backend, keras.__version__, version]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True, default=str).encode()).hexdigest()[:24]


def _files(key: str) -> tuple[Path, Path]:
    folder = Path(os.environ.get(ENV_VAR) or Path.home() / ".cache" / "dlp-convnet-course")
    return folder / f"{key}.keras", folder / f"{key}.json"


def store(model: keras.Model, key: str, record: dict[str, Any]) -> None:
    """Keep a trained ``model`` and its JSON-able ``record`` (metrics, history) under ``key`` (5.1, 5.1.1)."""
    weights, meta = _files(key)
    weights.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=weights.parent) as tmp:  # renamed into place when complete, else removed
        new_weights, new_meta = Path(tmp) / weights.name, Path(tmp) / meta.name
        model.save(new_weights)
        sha256 = hashlib.sha256(new_weights.read_bytes()).hexdigest()
        new_meta.write_text(json.dumps({"record": record, "sha256": sha256}), encoding="utf-8")
        os.replace(new_weights, weights)
        os.replace(new_meta, meta)


def load(key: str) -> tuple[keras.Model, dict[str, Any]] | None:
    """The model and record stored under ``key``; None if absent. A corrupt entry is removed (5.1.1)."""
    weights, meta_file = _files(key)
    if not (weights.exists() and meta_file.exists()):
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("sha256") != hashlib.sha256(weights.read_bytes()).hexdigest():
            raise ValueError("checksum mismatch")
        return keras.models.load_model(weights), meta["record"]
    except Exception as exc:  # a truncated zip, bad JSON, an incompatible file: all mean "train again"
        print(f"저장된 모델 파일이 손상되어 지우고 다시 훈련합니다 ({weights.name}: {type(exc).__name__}: {exc}).")
        weights.unlink(missing_ok=True)
        meta_file.unlink(missing_ok=True)
        return None


def trained_model(
    build: Builder, train: Split, test: Split, *, seed: int, epochs: int, batch_size: int, optimizer: str = "rmsprop"
) -> tuple[keras.Model, TrainResult]:
    """The model ``build`` makes (seeded just before, as in 5.1): loaded if cached, else trained and stored (5.1.1).

    Training says beforehand how long it will take here and prints one line per epoch.
    """
    keras.utils.set_random_seed(seed)
    model = build()
    key = recipe_key(model, seed=seed, n_train=len(train[0]), epochs=epochs, batch_size=batch_size, optimizer=optimizer)
    if (cached := load(key)) is not None:
        print(f"{model.name}: 같은 설정으로 훈련해 저장해 둔 모델을 불러왔습니다 (다시 훈련하지 않음).")
        return cached[0], TrainResult(**cached[1])
    print(f"{model.name}: 저장된 모델이 없어 지금 훈련합니다.")
    announce(estimate_seconds(model, train[0], epochs=epochs, batch_size=batch_size, evaluated=len(test[0])))
    result = train_and_evaluate(model, train, test, epochs=epochs, batch_size=batch_size, optimizer=optimizer)
    store(model, key, dataclasses.asdict(result))
    return model, result


def remember(
    model: keras.Model,
    history: keras.callbacks.History,
    test_loss: float,
    test_acc: float,
    *,
    seed: int,
    n_train: int,
    epochs: int,
    batch_size: int,
) -> None:
    """Store a model 5.1 trained in front of the reader, with ``fit``'s History and ``evaluate``'s numbers (5.1)."""
    curves = {k: [float(v) for v in values] for k, values in history.history.items()}
    result = TrainResult(model.name, model.count_params(), curves, float(test_loss), float(test_acc))
    recipe = {"seed": seed, "n_train": n_train, "epochs": epochs, "batch_size": batch_size, "optimizer": "rmsprop"}
    store(model, recipe_key(model, **recipe), dataclasses.asdict(result))
