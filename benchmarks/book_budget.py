"""5.1.2's five models at the book's budget, on TensorFlow, several seeds: the results the page's verdicts cite.

    python -m benchmarks.book_budget [--seeds 0 1 2 3 4] [--out FILE] [--breakages]

The book trains on all 60,000 training images for 5 epochs with batch 64 (RMSprop). This job trains
the page's five models (``benchmarks.seed_spread.pooling_builders``, the page's ``MODELS``) exactly as
the page's comparison does (``utils.experiments.run_comparison``: the seed set before each model is
built), once per seed, and records per model and seed: parameters, test accuracy, training accuracy
evaluated on all training images after training (so the train-test gap), the running training
accuracy five times per epoch, the test accuracy after every epoch (evaluated outside the epoch's
timing; training is untouched), and the seconds of every epoch.

Each seed is written to the file as soon as it finishes (atomically), so a stopped job resumes with
the next seed: about 15 minutes a seed on 2 cores. Nothing else should be timed while it runs, and
its own epoch seconds are only as quiet as the machine was (each seed records the load average).
``--breakages`` then trains the two breakages of ``benchmarks.seed_spread`` (labels half shuffled, labels moved
one image along) at the same budget, seed 0 each, as the seed-spread job measures them (tests/test_bands.py
shows the book budget's bands exclude them). On a lent GPU the same job runs on JAX:
``KERAS_BACKEND=jax ... --out benchmarks/book-budget-jax.json``.
``benchmarks/summary.py`` turns the file into the rows the page shows (``utils/measured/summary.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "book-budget.json"
SEEDS = [0, 1, 2, 3, 4]
CURVE_POINTS = 5  # running training accuracy, five times per epoch
KEEP = ("name", "seed", "params", "test_acc", "test_loss", "evaluated_train_acc", "evaluated_train_loss")


def record(result: object) -> dict:
    """One run as stored: the numbers, its curves and its epoch seconds."""
    run = {k: getattr(result, k) for k in KEEP}
    run["train_acc_by_epoch"] = result.history["accuracy"]
    run["test_acc_by_epoch"] = result.test_curve
    run["curve"] = [[round(x, 4), y] for x, y in result.curve]
    run["epoch_seconds"] = [round(s, 2) for s in result.epoch_seconds]
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", nargs="+", type=int, default=SEEDS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--breakages", action="store_true", help="then the breakages, seed 0 each")
    args = parser.parse_args(argv)

    from utils.notebook import setup_notebook

    settings = setup_notebook(0, show=False)
    import keras

    from benchmarks.seed_spread import pooling_builders
    from utils.experiments import run_comparison
    from utils.settings import BUDGETS
    from utils.training import load_prepared_mnist

    book = BUDGETS["book"]
    result = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"seeds": {}}
    recipe = {"train_size": book.train_size, "epochs": book.epochs, "batch_size": 64, "optimizer": "rmsprop"}
    if result.get("recipe", recipe) != recipe:
        raise SystemExit(f"{args.out} holds another recipe ({result['recipe']}); use another --out")
    result |= {"recipe": recipe, "backend": settings.backend, "keras": keras.__version__, "machine": machine()}
    train, test = load_prepared_mnist(book.train_size)

    def progress(r: object) -> None:
        epochs = ", ".join(f"{s:.0f}" for s in r.epoch_seconds)
        print(f"  {r.name}: test {r.test_acc:.4f}, train {r.evaluated_train_acc:.4f}, epochs {epochs} s", flush=True)

    for seed in args.seeds:
        if str(seed) in result["seeds"]:
            continue
        print(f"seed {seed}", flush=True)
        start, load_before = time.perf_counter(), os.getloadavg()[0]
        records = run_comparison(
            pooling_builders(),
            train,
            test,
            epochs=book.epochs,
            batch_size=64,
            seeds=[seed],
            progress=progress,
            curve_points=CURVE_POINTS,
            test_each_epoch=True,
        )
        seconds = time.perf_counter() - start
        load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        entry = {"seconds": round(seconds, 1), "load_average": load, "runs": [record(r) for r in records]}
        result["seeds"][str(seed)] = entry
        write_json(args.out, result)
        print(f"seed {seed}: {seconds / 60:.1f} min", flush=True)
    if args.breakages:
        measure_breakages(result, args.out, book.epochs)
    return 0


def measure_breakages(result: dict, out: Path, epochs: int, seeds: tuple[int, ...] = (0,)) -> None:
    """Each breakage of ``benchmarks.seed_spread`` at the book's budget, written after every run (resumable)."""
    from benchmarks.seed_spread import BREAKAGES, measure_pooling

    found = result.setdefault("breakages", {})
    for name in BREAKAGES:
        for seed in seeds:
            if str(seed) in found.get(name, {}).get("per_seed", {}):
                continue
            values = measure_pooling(None, epochs, seed, name)
            found.setdefault(name, {"per_seed": {}})["per_seed"][str(seed)] = values
            write_json(out, result)
            print(f"{name} seed {seed}: {json.dumps(values)[:160]}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
