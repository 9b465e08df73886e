"""A small on-disk cache of trained models, so a chapter reuses a model another one trained (5.1, 5.1.1).

5.1 trains the convnet and the dense network in front of the reader and stores them here;
5.1.1 needs the same two trained models and loads them instead of training for another
minute. An entry is keyed by everything that determines the weights: the architecture
(layer types and settings), the seed set right before the model is built, the number of
training images, epochs, batch size, optimizer, the Keras backend and the library versions.
A missing or stale entry just means training; a corrupt file is detected by its checksum,
removed with a message, and the model is trained again. Nothing half-written is left:
files are written under a temporary name and renamed.

The cache lives in ``$DLP_COURSE_CACHE`` (default ``~/.cache/dlp-convnet-course``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import keras

from utils.training import TrainResult, train_and_evaluate

ENV_VAR = "DLP_COURSE_CACHE"
_BACKEND_DIST = {"tensorflow": "tensorflow", "jax": "jaxlib", "torch": "torch"}


def cache_dir() -> Path:
    """Where trained models are kept."""
    return Path(os.environ.get(ENV_VAR) or Path.home() / ".cache" / "dlp-convnet-course")


def _version(dist: str) -> str:
    for name in (dist, f"{dist}-cpu"):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def architecture(model: keras.Model) -> list[dict[str, Any]]:
    """Layer types and their settings, without the names Keras makes up (``conv2d_3``)."""
    layers = []
    for layer in model.layers:
        config = {k: v for k, v in layer.get_config().items() if k != "name"}
        layers.append({"class": type(layer).__name__, "config": config})
    return layers


def recipe_key(model: keras.Model, *, seed: int, n_train: int, epochs: int, batch_size: int, optimizer: str) -> str:
    """A hex digest of everything that determines a trained model's weights on one machine."""
    backend = keras.backend.backend()
    recipe = {
        "architecture": architecture(model),
        "seed": int(seed),
        "n_train": int(n_train),
        "epochs": int(epochs),
        "batch_size": int(batch_size),
        "optimizer": optimizer,
        "backend": backend,
        "versions": {"keras": keras.__version__, backend: _version(_BACKEND_DIST[backend])},
    }
    text = json.dumps(recipe, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def store(model: keras.Model, key: str, record: Mapping[str, Any]) -> None:
    """Keep a trained ``model`` and its JSON-able ``record`` (metrics, history) under ``key``."""
    folder = cache_dir()
    weights = folder / f"{key}.keras"
    _atomic_write(weights, lambda tmp: model.save(tmp))
    meta = {"record": dict(record), "sha256": _sha256(weights)}
    _atomic_write(folder / f"{key}.json", lambda tmp: tmp.write_text(json.dumps(meta), encoding="utf-8"))


def load(key: str) -> tuple[keras.Model, dict[str, Any]] | None:
    """The model and record stored under ``key``; None if absent. A corrupt entry is removed."""
    folder = cache_dir()
    weights, meta_file = folder / f"{key}.keras", folder / f"{key}.json"
    if not (weights.exists() and meta_file.exists()):
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("sha256") != _sha256(weights):
            raise ValueError("checksum mismatch")
        return keras.models.load_model(weights), meta["record"]
    except Exception as exc:  # a truncated zip, bad JSON, an incompatible file: all mean "train again"
        print(f"저장된 모델 파일이 손상되어 지우고 다시 훈련합니다 ({weights.name}: {type(exc).__name__}: {exc}).")
        for path in (weights, meta_file):
            path.unlink(missing_ok=True)
        return None


def trained_model(
    build: Callable[[], keras.Model],
    train: tuple[Any, Any],
    test: tuple[Any, Any],
    *,
    seed: int,
    epochs: int,
    batch_size: int,
    optimizer: str = "rmsprop",
) -> tuple[keras.Model, TrainResult]:
    """The model ``build`` makes, trained as 5.1 trains it: loaded if cached, else trained and stored (5.1.1).

    The seed is set right before ``build()``, as 5.1 does, so the cached and the freshly
    trained model are the same model.
    """
    keras.utils.set_random_seed(seed)
    model = build()
    key = recipe_key(model, seed=seed, n_train=len(train[0]), epochs=epochs, batch_size=batch_size, optimizer=optimizer)
    cached = load(key)
    if cached is not None:
        loaded, record = cached
        print(f"{model.name}: 같은 설정으로 훈련해 저장해 둔 모델을 불러왔습니다 (다시 훈련하지 않음).")
        return loaded, TrainResult(**record)
    result = train_and_evaluate(model, train, test, epochs=epochs, batch_size=batch_size, optimizer=optimizer)
    store(model, key, dataclasses.asdict(result))
    return model, result


def remember(model: keras.Model, result: TrainResult, *, seed: int, n_train: int, epochs: int, batch_size: int) -> None:
    """Store a model a chapter trained in front of the reader (5.1), for the chapters that reuse it (5.1.1)."""
    key = recipe_key(model, seed=seed, n_train=n_train, epochs=epochs, batch_size=batch_size, optimizer="rmsprop")
    store(model, key, dataclasses.asdict(result))
