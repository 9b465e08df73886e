"""Measure how much every trained number moves with the seed; write the seed-spread file.

    python -m benchmarks.seed_spread [--seeds 0 1 ...] [--jobs NAME ...] [--out FILE]

Each job trains the course's models at one setting (the notebooks' full settings and the test
suite's small ones) once per seed, in a fresh process with its own ``KERAS_BACKEND`` (and, for
the ``onednn-off`` jobs, ``TF_ENABLE_ONEDNN_OPTS=0``, a numerically different TensorFlow on the
same processor, standing in for another machine). The result, ``benchmarks/seed_spread.json``,
records every per-seed value with mean, standard deviation, min and max, the backend, library
versions and the CPU; ``tests/bands.py`` derives every threshold the suite checks from it, and
``benchmarks/summary.py`` the ranges the pages quote. Each job also trains, with a few seeds, two
realistic breakages of the same recipe (``BREAKAGES``: the inputs left unscaled, half the training
labels shuffled) and stores their results next to the spread, under the job's ``breakages``; the
suite keeps every band clear of them (tests/test_bands.py). Each seed is written to a part in
``artifacts/seed-spread/`` as soon as it finishes, so an interrupted run resumes with the next seed.
The file is replaced atomically.

    python -m benchmarks.seed_spread --jobs tf-pooling --breakages      one job, its spread and its breakages
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import summary
from benchmarks.machine import cpu_model, versions, write_json
from scripts.execute_notebooks import SMOKE_PARAMETERS
from scripts.paths import REPO
from utils.settings import BUDGETS

OUT = REPO / "benchmarks" / "seed_spread.json"
PARTS = REPO / "artifacts" / "seed-spread"
SHIFTS = list(range(7))
SEEDS = [*range(10), 42]

#: job name -> (backend, experiment, train_size, epochs, extra environment). Every setting a run of a notebook
#: uses (tests/chapter_checks.RUNS): the stored settings (5.1 and 5.1.1: all images, 5 epochs; 5.1.2: the CPU
#: budget) on TensorFlow (nbval) and JAX (the GPU workflow), and the small settings of the papermill runs
#: (scripts/execute_notebooks.SMOKE_PARAMETERS) on both.
_SMALL, _SMALL_POOLING = (
    (p["TRAIN_SIZE"], p["EPOCHS"])
    for p in (SMOKE_PARAMETERS["5_1_intro_convnets"], SMOKE_PARAMETERS["5_1_2_max_pooling"])
)
_CPU = (BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs)
JOBS: dict[str, tuple[str, str, int | None, int, dict[str, str]]] = {
    "tf-full": ("tensorflow", "convnet_dense", None, 5, {}),
    "tf-pooling": ("tensorflow", "pooling", *_CPU, {}),
    "tf-small": ("tensorflow", "convnet_dense", *_SMALL, {}),
    "tf-pooling-small": ("tensorflow", "pooling", *_SMALL_POOLING, {}),
    "jax-small": ("jax", "convnet_dense", *_SMALL, {}),
    "jax-pooling-small": ("jax", "pooling", *_SMALL_POOLING, {}),
    "jax-full": ("jax", "convnet_dense", None, 5, {}),
    "jax-pooling": ("jax", "pooling", *_CPU, {}),
    # 5.1.1's claim that a convnet generalizes from fewer images: 1/60 of the data, trained until both settle
    "tf-small-data": ("tensorflow", "convnet_dense", 1000, 20, {}),
    "tf-full-onednn-off": ("tensorflow", "convnet_dense", None, 5, {"TF_ENABLE_ONEDNN_OPTS": "0"}),
    "tf-full-one-thread": ("tensorflow", "convnet_dense", None, 5, {"TF_NUM_INTRAOP_THREADS": "1"}),
}
#: jobs that only need a few seeds (a same-seed comparison, not a spread)
FEW_SEEDS = {"tf-full-onednn-off": [0, 1, 42], "tf-full-one-thread": [0, 1, 42]}
#: JAX at the stored settings serves the GPU workflow only (JAX on a GPU): fewer seeds, for the CPU time.
FEW_SEEDS |= {"jax-full": [0, 1, 2, 3, 4, 42], "jax-pooling": [0, 1, 2, 3, 4, 42]}
#: Realistic bugs in pairing images with labels, trained at a job's settings to show its bands exclude them:
#: half the training labels shuffled among themselves, and every training label moved to its neighbour's image
#: (an off-by-one between the two arrays); test labels untouched. Two more are measured on TensorFlow and kept
#: apart, since they move no trained number beyond the seeds' spread: the pixels left in 0-255 in both paths
#: (``unscaled``, RMSprop learns from them about as well) or in the test images only (``test_unscaled``, a ReLU
#: network's answer barely changes when its input is scaled). tests/test_training.py catches a missing /255.
BREAKAGES = ("half_labels_shuffled", "labels_misaligned")
HARMLESS = ("unscaled", "test_unscaled")
BREAKAGE_SEEDS = [0, 1, 2]
#: On all 60,000 images each breakage seed costs a whole run (5 to 8 minutes on 2 cores): one seed there, and the
#: harmless two only where a run is cheap (the small settings and 5.1.2's CPU budget).
FULL_DATA_JOBS = ("tf-full", "jax-full")


def breakages_of(job: str) -> tuple[list[int], tuple[str, ...]]:
    """The seeds and breakages ``--breakages`` measures next to ``job``."""
    if job in FULL_DATA_JOBS:
        return [0], BREAKAGES
    return BREAKAGE_SEEDS, BREAKAGES + (HARMLESS if JOBS[job][0] == "tensorflow" else ())


def break_data(train: tuple, test: tuple, breakage: str | None, seed: int) -> tuple[tuple, tuple]:
    """The prepared splits with ``breakage`` applied (None: as they are)."""
    import numpy as np

    if breakage is None:
        return train, test
    if breakage == "unscaled":
        return (train[0] * 255, train[1]), (test[0] * 255, test[1])
    if breakage == "test_unscaled":
        return train, (test[0] * 255, test[1])
    if breakage == "labels_misaligned":
        return (train[0], np.roll(train[1], 1, axis=0)), test
    if breakage == "half_labels_shuffled":
        rng = np.random.default_rng(seed)
        labels = train[1].copy()
        chosen = rng.choice(len(labels), len(labels) // 2, replace=False)
        labels[chosen] = labels[rng.permutation(chosen)]
        return (train[0], labels), test
    raise ValueError(f"unknown breakage {breakage!r}; one of {BREAKAGES + HARMLESS}")


def measure_convnet_dense(train_size: int | None, epochs: int, seed: int, breakage: str | None = None) -> dict:
    """The 5.1 convnet, then the chapter 2 dense network, in 5.1's order and seeding: one seed reproduces the page."""
    import keras

    from utils.models import build_convnet, build_dense_network
    from utils.training import load_prepared_mnist, train_and_evaluate
    from utils.transforms import shift_accuracies

    train, test = break_data(*load_prepared_mnist(train_size), breakage, seed)
    labels = test[1].argmax(axis=1)
    keras.utils.set_random_seed(seed)
    convnet = build_convnet()
    conv = train_and_evaluate(convnet, train, test, epochs=epochs, batch_size=64, verbose=0)
    keras.utils.set_random_seed(seed)  # 5.1 seeds again before the dense network, as 5.1.1's trained_model does
    dense = build_dense_network()
    dens = train_and_evaluate(dense, train, test, epochs=epochs, batch_size=128, verbose=0)
    values = {
        "convnet_test_acc": conv.test_acc,
        "convnet_train_acc": conv.last_epoch_train_acc,
        "dense_test_acc": dens.test_acc,
        "convnet_minus_dense": conv.test_acc - dens.test_acc,  # paired by seed (5.1.1's small training set)
        "error_drop": ((1 - dens.test_acc) - (1 - conv.test_acc)) / (1 - dens.test_acc),
        "convnet_fit_seconds": sum(conv.epoch_seconds),  # what 5.1 and 5.1.1 say a training takes on a CPU
        "dense_fit_seconds": sum(dens.epoch_seconds),
    }
    if train_size is not None:  # the shift checks apply at full settings only
        return values
    cnn_shift = shift_accuracies(convnet, test[0], labels, SHIFTS)
    dense_shift = shift_accuracies(dense, test[0], labels, SHIFTS)
    values["shift_margin_min"] = min(c - d for c, d in zip(cnn_shift[1:], dense_shift[1:], strict=True))
    for dx in SHIFTS:
        values[f"cnn_shift_{dx}"] = cnn_shift[dx]
        values[f"dense_shift_{dx}"] = dense_shift[dx]
    values["shift_margin_2"] = cnn_shift[2] - dense_shift[2]
    return values


def pooling_builders() -> dict:
    """5.1.2's ``MODELS``, in the page's order (the budget grid trains them too)."""
    from utils.models import build_convnet, build_dense_network, build_no_pooling_model

    return {
        "max": lambda: build_convnet("max"),
        "avg": lambda: build_convnet("avg"),
        "strided": lambda: build_convnet("strided"),
        "no_pool": lambda: build_no_pooling_model(dense_units=512),
        "dense": build_dense_network,
    }


def measure_pooling(train_size: int | None, epochs: int, seed: int, breakage: str | None = None) -> dict:
    """5.1.2's five models under one budget, as the notebook's comparison trains them (the CPU budget's gap
    on its first ``gap_images`` training images)."""
    from utils.experiments import run_comparison
    from utils.settings import BUDGETS
    from utils.training import load_prepared_mnist

    builders = pooling_builders()
    train, test = break_data(*load_prepared_mnist(train_size), breakage, seed)
    cpu = BUDGETS["cpu"]
    gap_images = cpu.gap_images if (train_size, epochs) == (cpu.train_size, cpu.epochs) else None
    records = run_comparison(
        builders, train, test, epochs=epochs, batch_size=64, seeds=[seed], train_eval_size=gap_images
    )
    values: dict[str, float] = {}
    for record in records:
        values[f"{record.name}_test_acc"] = record.test_acc
        values[f"{record.name}_train_acc"] = record.evaluated_train_acc
        values[f"{record.name}_gap"] = record.gap
    convnets = [values[f"{name}_test_acc"] for name in ("max", "avg", "strided", "no_pool")]
    values["convnet_min_minus_dense"] = min(convnets) - values["dense_test_acc"]
    values["no_pool_minus_max_gap"] = values["no_pool_gap"] - values["max_gap"]
    return values


def worker(job: str, seeds: list[int], out: Path, breakage: str | None = None) -> None:
    """Run one job in this process (its environment was set by the parent); the part is written after every seed."""
    from utils.notebook import setup_notebook

    _, experiment, train_size, epochs, _ = JOBS[job]
    measure = measure_convnet_dense if experiment == "convnet_dense" else measure_pooling
    part = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"job": job, "per_seed": {}}
    for seed in seeds:
        if str(seed) in part["per_seed"]:
            continue
        setup_notebook(seed, show=False)
        part["per_seed"][str(seed)] = measure(train_size, epochs, seed, breakage)
        import keras

        part |= {"versions": versions(keras.backend.backend()), "breakage": breakage}
        part |= {"cpu": cpu_model(), "cores": os.cpu_count()}  # the machine that ran it: parts are reused later
        write_json(out, part, sort_keys=True)
        print(f"{job} {breakage or ''} seed {seed}: {json.dumps(part['per_seed'][str(seed)])[:160]}", flush=True)


def quantities(part: dict) -> dict:
    """Per-quantity per-seed values and their mean, sd, min and max."""
    import statistics

    out = {}
    for name in next(iter(part["per_seed"].values())):
        values = {seed: v[name] for seed, v in part["per_seed"].items()}
        series = list(values.values())
        out[name] = {
            "per_seed": values,
            "mean": statistics.fmean(series),
            "sd": statistics.stdev(series) if len(series) > 1 else 0.0,
            "min": min(series),
            "max": max(series),
        }
    return out


def summarize(job: str, part: dict, broken: dict[str, dict] | None = None) -> dict:
    """The job's settings, versions and machine, its quantities over seeds, and its breakages' (if measured)."""
    backend, experiment, train_size, epochs, env = JOBS[job]
    found = {
        "backend": backend,
        "experiment": experiment,
        "train_size": train_size,
        "epochs": epochs,
        "environment": env,
        "versions": part["versions"],
        "cpu": part["cpu"],
        "cores": part["cores"],
        "quantities": quantities(part),
    }
    if broken:
        found["breakages"] = {name: quantities(b) for name, b in broken.items()}
    return found


def part_path(job: str, seeds: list[int], breakage: str | None) -> Path:
    return PARTS / f"{job}{'+' + breakage if breakage else ''}-{'-'.join(map(str, seeds))}.json"


def reuse_measured(job: str, seeds: list[int], before: dict | None) -> None:
    """Seed a missing part with the committed spread of the same job, where its settings and seeds are the same:
    adding breakages to a measured job then trains only the breakages."""
    path = part_path(job, seeds, None)
    if path.exists() or before is None:
        return
    backend, experiment, train_size, epochs, env = JOBS[job]
    settings = (before["backend"], before["experiment"], before["train_size"], before["epochs"], before["environment"])
    per_seed: dict[str, dict] = {}
    for quantity, q in before["quantities"].items():
        for seed, value in q["per_seed"].items():
            per_seed.setdefault(seed, {})[quantity] = value
    if settings != (backend, experiment, train_size, epochs, env) or set(per_seed) != {str(s) for s in seeds}:
        return
    part = {"job": job, "per_seed": per_seed, "versions": before["versions"], "breakage": None}
    write_json(path, part | {"cpu": before["cpu"], "cores": before["cores"]}, sort_keys=True)


def run_part(job: str, seeds: list[int], breakage: str | None) -> dict:
    """The job's part for these seeds (and breakage), measured in a fresh process where seeds are missing."""
    part_file = part_path(job, seeds, breakage)
    have = json.loads(part_file.read_text(encoding="utf-8"))["per_seed"] if part_file.exists() else {}
    if any(str(seed) not in have for seed in seeds):
        backend, *_, env = JOBS[job]
        child_env = {**os.environ, "KERAS_BACKEND": backend, **env}
        cmd = [sys.executable, "-m", "benchmarks.seed_spread", "--worker", job, "--part", str(part_file)]
        cmd += ["--breakage", breakage] if breakage else []
        subprocess.run([*cmd, "--seeds", *map(str, seeds)], env=child_env, cwd=REPO, check=True)
    return json.loads(part_file.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    parser.add_argument("--jobs", nargs="+", choices=sorted(JOBS), default=list(JOBS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--breakages", action="store_true", help="also measure each job's breakages (BREAKAGES)")
    parser.add_argument("--worker", choices=sorted(JOBS), help=argparse.SUPPRESS)
    parser.add_argument("--part", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--breakage", choices=BREAKAGES + HARMLESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.seeds, args.part, args.breakage)
        return
    PARTS.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"jobs": {}}
    jobs = {}
    for job in args.jobs:
        seeds = FEW_SEEDS.get(job, args.seeds)
        reuse_measured(job, seeds, previous["jobs"].get(job))
        part = run_part(job, seeds, None)
        kept = previous["jobs"].get(job, {}).get("breakages")
        broken_seeds, names = breakages_of(job)
        broken = {b: run_part(job, broken_seeds, b) for b in names} if args.breakages else None
        jobs[job] = summarize(job, part, broken)
        before = previous["jobs"].get(job, {})
        same = all(before.get(k) == jobs[job][k] for k in ("backend", "experiment", "train_size", "epochs"))
        if kept and not broken and same:  # measured before: kept while the job's settings stay the same
            jobs[job]["breakages"] = kept
    result = {
        "about": "Per-seed results of every trained number the notebooks check; see benchmarks/seed_spread.py.",
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "jobs": {
            name: jobs.get(name) or previous["jobs"][name] for name in JOBS if name in jobs or name in previous["jobs"]
        },
    }
    write_json(args.out, result, sort_keys=True)
    print(f"wrote {args.out.relative_to(REPO)} ({len(result['jobs'])} jobs)")
    summary.main([])  # the ranges the pages quote (utils/measured/summary.json)


if __name__ == "__main__":
    main()
