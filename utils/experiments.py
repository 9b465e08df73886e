"""5.1.2's comparison: several models trained under one shared budget, once per seed (5.1.2)."""

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping

import keras

from utils import checks
from utils.backend import release_trained
from utils.timing import announce, estimate_seconds
from utils.training import Split, TrainResult, train_and_evaluate


def run_comparison(
    builders: Mapping[str, Callable[[], keras.Model]],
    train: Split,
    test: Split,
    *,
    epochs: int,
    batch_size: int = 64,
    seeds: Iterable[int] = (0,),
    optimizer: str = "rmsprop",
    progress: Callable[[TrainResult], None] | None = None,
    estimate: bool = False,
    train_eval_size: int | None = None,
    curve_points: int = 0,
    test_each_epoch: bool = False,
    keep: Collection[str] = (),
) -> list[TrainResult]:
    """Train every model once per seed with the same data, optimizer, batch size and epochs (5.1.2).

    The seed is set right before each model is built, so its initial weights and batch order depend
    only on the seed. ``progress`` (e.g. printing ``utils.report.format_progress``) sees each result.
    ``estimate`` first prints how long it will all take here (``utils.timing``; no random draw moves).
    ``train_eval_size``, ``curve_points`` and ``test_each_epoch`` go to ``train_and_evaluate``: they
    change what is measured, not what is learnt. The models named in ``keep`` come back with their result
    (``result.model``, the last seed's); the others are released as soon as they are measured.
    """
    seeds = checks.seeds(seeds, "seeds")
    if estimate:  # each run evaluates the test images and (some of) the training images
        evaluated = len(train[0][:train_eval_size]) + len(test[0]) * (epochs if test_each_epoch else 1)
        one_seed = sum(
            estimate_seconds(build(), train[0], epochs=epochs, batch_size=batch_size, evaluated=evaluated)
            for build in builders.values()
        )
        announce(one_seed * len(seeds))
    results = []
    for seed in seeds:
        for name, build in builders.items():
            keras.utils.set_random_seed(seed)
            model = build()
            result = train_and_evaluate(
                model,
                train,
                test,
                epochs=epochs,
                batch_size=batch_size,
                optimizer=optimizer,
                evaluate_train=True,
                train_eval_size=train_eval_size,
                curve_points=curve_points,
                test_each_epoch=test_each_epoch,
                verbose=0,
            )
            if name in keep:
                result = dataclasses.replace(result, model=model)
            else:
                release_trained(model)  # TensorFlow would otherwise keep every trained model's weights
            results.append(dataclasses.replace(result, name=name, seed=seed))
            if progress is not None:
                progress(results[-1])
            keras.backend.clear_session()
    return results
