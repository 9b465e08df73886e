"""Training the downsampling alternatives side by side under one shared budget (5.1.2).

``run_comparison`` trains every model of a ``name -> builder`` dict on the same data with
the same optimizer, batch size and number of epochs, once per seed, and returns one
:class:`utils.training.TrainResult` per run. ``utils.stats`` summarizes the runs over seeds
and ``utils.report`` writes the table and the Korean sentences the notebook shows.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import keras

from utils.checks import is_int, positive_int
from utils.training import Split, TrainResult, train_and_evaluate

Builder = Callable[[], keras.Model]


def comparison_builders() -> dict[str, Builder]:
    """5.1.2's five models by short name: three downsampling choices, no pooling, chapter 2's dense net (5.1.2)."""
    from utils.models import build_convnet, build_dense_network, build_no_pooling_model

    return {
        "max": lambda: build_convnet("max"),
        "avg": lambda: build_convnet("avg"),
        "strided": lambda: build_convnet("strided"),
        "no_pool": lambda: build_no_pooling_model(dense_units=512),
        "dense": build_dense_network,
    }


def as_seeds(value: Any) -> tuple[int, ...]:
    """Seeds as a tuple of ints, from an int, a sequence, or the text of one such as ``"(0, 1)"`` (5.1.2).

    papermill passes a tuple parameter (``-p "SEEDS=(0,)"``) to the notebook as a string.
    """
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"seeds must look like 0 or (0, 1, 2), got {value!r}") from exc
    if is_int(value):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ValueError(f"seeds must be an int or a sequence of ints, got {value!r}")
    seeds = tuple(value)
    if not seeds or any(not is_int(s) or s < 0 for s in seeds):
        raise ValueError(f"seeds must be a non-empty sequence of non-negative ints, got {seeds!r}")
    return tuple(int(s) for s in seeds)


def run_comparison(
    builders: Mapping[str, Builder],
    train: Split,
    test: Split,
    *,
    epochs: int,
    batch_size: int = 64,
    seeds: Iterable[int] = (0,),
    optimizer: str = "rmsprop",
    progress: Callable[[TrainResult], None] | None = None,
) -> list[TrainResult]:
    """Train every model once per seed under the same budget; return one result per run (5.1.2).

    Each result is named by its key in ``builders``, carries its ``seed`` and the model's
    accuracy on the training data after training (``evaluated_train_acc``).
    ``keras.utils.set_random_seed(seed)`` is called before each model is built, so a model's
    initial weights and the shuffling of its batches depend only on the seed. ``progress``
    (e.g. ``print``-ing ``utils.report.format_progress``) is called after each run.
    """
    if not builders:
        raise ValueError("builders is empty: give at least one name -> builder")
    positive_int(epochs, "epochs")
    positive_int(batch_size, "batch_size")
    seeds = as_seeds(seeds)
    results = []
    for seed in seeds:
        for name, build in builders.items():
            keras.utils.set_random_seed(seed)
            result = train_and_evaluate(
                build(),
                train,
                test,
                epochs=epochs,
                batch_size=batch_size,
                optimizer=optimizer,
                evaluate_train=True,
                verbose=0,
            )
            result = dataclasses.replace(result, name=name, seed=seed)
            results.append(result)
            if progress is not None:
                progress(result)
            keras.backend.clear_session()
    return results
