"""Write ``utils/measured/summary.json``: the few measured numbers the pages quote, shipped with the package.

    python -m benchmarks.summary [--check]

From ``benchmarks/seed_spread.json`` (``make spread``) it keeps, at the notebooks' default settings
on TensorFlow, each quantity's mean, sd, min, max and seed count, and one seed's largest move
between numerically different set-ups; from ``benchmarks/results-gpu.json`` (the GPU run) 5.1.2's
book-budget runs, the determinism verdicts and the GPU's training times; from
``benchmarks/budget-grid.json`` 5.1.2's table of CPU budgets. ``--check`` exits 1 if the file is out of date.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from benchmarks.machine import write_json

ROOT = Path(__file__).resolve().parents[1]
SPREAD, GPU = ROOT / "benchmarks" / "seed_spread.json", ROOT / "benchmarks" / "results-gpu.json"
GRID, SLOW_GRID = ROOT / "benchmarks" / "budget-grid.json", ROOT / "benchmarks" / "budget-grid-slow.json"
OUT = ROOT / "utils" / "measured" / "summary.json"
#: the ranges the pages quote: the notebooks' default settings, and 5.1.1's small training set
RANGE_JOBS = {"convnet_dense": "tf-full", "pooling": "tf-pooling", "small_data": "tf-small-data"}
SETUP_VARIANTS = ("tf-full-one-thread", "tf-full-onednn-off")


def _grid_rows(grid: dict) -> dict[tuple[int, int], dict]:
    """(images, epochs) -> the grid's row at 3 seeds (what the page runs)."""
    rows = {}
    for key, row in grid["analysis"].items():
        budget, seeds = key.split("/")
        if seeds == "3":
            images, epochs = map(int, budget.split("x"))
            rows[images, epochs] = {"train_size": images, "epochs": epochs} | row
    return rows


def budget_grid() -> dict:
    """5.1.2's budget grid at 3 seeds: seconds of the comparison, each claim's verdict, and the slower machine's time.

    The grid ran on one machine; the same script timed some of its budgets on a slower kind of 2-core
    CPU (``benchmarks/budget-grid-slow.json``). Each row's ``slow_seconds`` is that machine's time where
    it was measured, else the grid's time times the largest slow/fast ratio measured.
    """
    grid, slow_grid = (json.loads(path.read_text(encoding="utf-8")) for path in (GRID, SLOW_GRID))
    rows, slow = _grid_rows(grid), _grid_rows(slow_grid)
    factor = max(slow[key]["seconds"] / rows[key]["seconds"] for key in slow)
    for key, row in rows.items():
        row["slow_seconds"] = slow[key]["seconds"] if key in slow else round(row["seconds"] * factor, 1)
        row["slow_measured"] = key in slow
    slow_machine = slow_grid["machine"]
    return {
        "cpu": f"{grid['machine']['cpu']}, {grid['machine']['cpus']} cores",
        "slow_cpu": f"{slow_machine['cpu']}, {slow_machine['cpus']} cores",
        "slow_factor": round(factor, 2),
        "rows": list(rows.values()),
    }


def timings(spread: dict, gpu: dict) -> dict:
    """Training times the pages quote before their training cells: the seed-spread job's (CPU), the GPU run's."""
    full = spread["jobs"]["tf-full"]["quantities"]
    runs = gpu["notebooks"]
    book_seed = [float(r["glued"]["experiment_minutes"]) for n, r in runs.items() if "max_pooling-book-seed" in n]
    return {
        "cpu": {  # medians over the seeds of 5.1's default settings on TensorFlow (the summary's "cpu")
            "convnet_fit_seconds": statistics.median(full["convnet_fit_seconds"]["per_seed"].values()),
            "dense_fit_seconds": statistics.median(full["dense_fit_seconds"]["per_seed"].values()),
        },
        "gpu": {
            "convnet_fit_seconds": float(runs["jax/5_1_intro_convnets"]["glued"]["fit_seconds"]),
            "book_budget_minutes_per_seed": max(book_seed),
        },
    }


def summary() -> dict:
    spread, gpu = (json.loads(p.read_text(encoding="utf-8")) for p in (SPREAD, GPU))
    jobs = spread["jobs"]
    ranges = {}
    for experiment, name in RANGE_JOBS.items():
        job = jobs[name]
        quantities = {
            q: {k: v[k] for k in ("mean", "sd", "min", "max")}
            | {"n_seeds": len(v["per_seed"])}
            | {"n_positive": sum(x > 0 for x in v["per_seed"].values())}  # of a paired difference: seeds won
            for q, v in sorted(job["quantities"].items())
        }
        where = f"{job['cpu']}, {job['cores']} cores"
        ranges[experiment] = {"train_size": job["train_size"], "epochs": job["epochs"], "cpu": where} | {
            "quantities": quantities
        }
    base = jobs["tf-full"]["quantities"]["convnet_test_acc"]["per_seed"]
    moves = [
        abs(v - base[s])
        for n in SETUP_VARIANTS
        for s, v in jobs[n]["quantities"]["convnet_test_acc"]["per_seed"].items()
    ]
    return {
        "about": "python -m benchmarks.summary, from benchmarks/seed_spread.json, benchmarks/results-gpu.json "
        "and benchmarks/budget-grid.json",
        "timings": timings(spread, gpu),
        "budget_grid": budget_grid(),
        "ranges": ranges,
        "convnet_setup_shift": max(moves),
        "gpu": {
            "name": gpu["gpu"].split(",")[0].strip(),
            "backend": gpu["book_budget"]["backend"],
            "runs": gpu["book_budget"]["runs"],
            "determinism": {
                b: {k: r[k] for k in ("identical", "max_weight_difference")} for b, r in gpu["determinism"].items()
            },
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    args = parser.parse_args(argv)
    made = summary()
    if args.check:
        same = OUT.exists() and json.loads(OUT.read_text(encoding="utf-8")) == made
        print("up to date" if same else f"{OUT.relative_to(ROOT)} is out of date: run python -m benchmarks.summary")
        return 0 if same else 1
    write_json(OUT, made)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
