"""How much slower the slower kind of 2-core machine here runs 5.1.2's comparison: ``benchmarks/slow-machine.json``.

    python -m benchmarks.slow_machine            time one epoch per model here and rewrite the ratios

Two kinds of 2-core machine run this project (Intel Xeon, AMD EPYC); 5.1.2's live comparison must finish
in 3 minutes on the slower one, and the budget grid runs on whichever machine is at hand. The file keeps
every same-work timing on both kinds, each with where it came from, and ``ratios``: slow over fast, per
comparison. ``benchmarks/summary.py`` scales the grid's times by the largest ratio.

- ``comparisons``: the whole comparison (five models, three seeds) timed by the earlier budget grid on both
  kinds (commit cff90ab, ``benchmarks/budget-grid.json`` and ``budget-grid-slow.json`` there);
- ``epoch_costs``: one epoch of 10,000 training images per model, batch 64, TensorFlow: the AMD EPYC
  seconds reported in issue 30 (a plain Keras script there), and this script's own measurement here
  (the median of three epochs after one warm-up epoch). Run it only on a quiet machine. Their ratios are
  kept as ``epoch_ratios_not_used``: the two sides may not time the same thing (the first epoch's tracing),
  so only ``comparisons``, the same code timed on both kinds, set the factor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from benchmarks.machine import machine, write_json
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "slow-machine.json"
IMAGES = 10_000
MODELS = ("max", "strided", "no_pool")  # the models issue 30 timed on AMD EPYC


def epoch_seconds(name: str, images: int = IMAGES, repeats: int = 3) -> float:
    """The median seconds of one epoch of ``images`` training images for 5.1.2's model ``name`` (after a warm-up)."""
    import keras

    from benchmarks.seed_spread import pooling_builders
    from utils.training import load_prepared_mnist, to_model_inputs

    (x, y), _ = load_prepared_mnist(images)
    keras.utils.set_random_seed(0)
    model = pooling_builders()[name]()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    x = to_model_inputs(model, x)
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)  # warm-up: graph tracing
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(x, y, epochs=1, batch_size=64, verbose=0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ratios(data: dict) -> list[dict]:
    """Slow over fast for the work timed the same way on both kinds: the whole comparison, the same code."""
    return [
        {"work": f"comparison {c['budget']}, 3 seeds", "ratio": round(c["slow_seconds"] / c["fast_seconds"], 2)}
        for c in data["comparisons"]
    ]


def epoch_ratios(data: dict) -> list[dict]:
    """Slow over fast per model from the epoch costs: kept for the record, not used for the factor (the slow side's
    protocol, from issue 30, is not known to exclude the first epoch's graph tracing, which this script does)."""
    costs = data["epoch_costs"]
    return (
        [
            {
                "work": f"one epoch of {IMAGES:,} images, {name}",
                "ratio": round(costs["slow"]["seconds"][name] / costs["fast"]["seconds"][name], 2),
            }
            for name in MODELS
        ]
        if "fast" in costs
        else []
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    from utils.notebook import setup_notebook

    setup_notebook(0, show=False)
    data = json.loads(OUT.read_text(encoding="utf-8"))
    seconds = {name: round(epoch_seconds(name), 2) for name in MODELS}
    data["epoch_costs"]["fast"] = {
        "machine": machine(),
        "seconds": seconds,
        "source": "python -m benchmarks.slow_machine",
    }
    data["ratios"], data["epoch_ratios_not_used"] = ratios(data), epoch_ratios(data)
    write_json(OUT, data)
    print(json.dumps(data["ratios"] + data["epoch_ratios_not_used"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
