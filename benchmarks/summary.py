"""Write ``utils/measured/summary.json``: the few measured numbers the pages quote, shipped with the package.

    python -m benchmarks.summary [--check]

From ``benchmarks/seed_spread.json`` (``make spread``) it keeps, at the notebooks' default settings
on TensorFlow, each quantity's mean, sd, min, max and seed count, and one seed's largest move
between numerically different set-ups; from ``benchmarks/book-budget.json`` (``benchmarks/book_budget.py``)
5.1.2's five models at the book's budget, summarized over seeds, with each of the book's claims judged
by the course's one separation rule (``utils.stats.paired_verdict``); from ``benchmarks/budget-grid.json``
and ``benchmarks/slow-machine.json`` the live comparison's CPU budget and how it was chosen; from
``benchmarks/results-gpu.json`` the GPU's name and 5.1's training time there. ``--check`` exits 1 if the
file is out of date.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from benchmarks.machine import write_json
from scripts.paths import REPO

SPREAD, GPU = REPO / "benchmarks" / "seed_spread.json", REPO / "benchmarks" / "results-gpu.json"
BOOK, GRID = REPO / "benchmarks" / "book-budget.json", REPO / "benchmarks" / "budget-grid.json"
SLOW = REPO / "benchmarks" / "slow-machine.json"
OUT = REPO / "utils" / "measured" / "summary.json"
#: the ranges the pages quote: the notebooks' default settings, and 5.1.1's small training set
RANGE_JOBS = {"convnet_dense": "tf-full", "pooling": "tf-pooling", "small_data": "tf-small-data"}
SETUP_VARIANTS = ("tf-full-one-thread", "tf-full-onednn-off")


def _read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _stats(q: dict) -> dict:
    """Mean, min, max and seed count of one quantity's per-seed values."""
    return {k: q[k] for k in ("mean", "min", "max")} | {"n_seeds": len(q["per_seed"])}


def slow_factor() -> float:
    """How much longer the slower kind of 2-core machine takes for the same comparison: the largest ratio measured."""
    return max(r["ratio"] for r in _read(SLOW)["ratios"])


def budget_grid() -> dict:
    """The live comparison's candidate budgets, their times here and scaled to the slower machine, and the choice."""
    from benchmarks.budget_grid import LIMIT_SECONDS, choose, rows

    grid, factor = _read(GRID), slow_factor()
    table = rows(grid)
    for row in table:
        row["slow_seconds"] = round(row["seconds"] * factor, 1)
    chosen = choose(table, factor)
    return {
        "cpu": f"{grid['machine']['cpu']}, {grid['machine']['cpus']} cores",
        "validation": grid["validation"],
        "slow_factor": round(factor, 2),
        "limit_seconds": LIMIT_SECONDS,
        "rows": table,
        "chosen": chosen["budget"] if chosen else None,
    }


def book_budget() -> dict:
    """5.1.2's five models at the book's budget over seeds: rows per model, test accuracy by epoch, the claims."""
    from utils.book import CLAIMS
    from utils.stats import paired_verdict, summarize
    from utils.training import TrainResult

    job = _read(BOOK)
    seeds = sorted(job["seeds"], key=int)
    runs = [run for seed in seeds for run in job["seeds"][seed]["runs"]]
    keep = ("name", "seed", "params", "test_acc", "test_loss", "evaluated_train_acc", "evaluated_train_loss")
    results = [
        TrainResult(
            history={"accuracy": r["train_acc_by_epoch"]}, epoch_seconds=r["epoch_seconds"], **{k: r[k] for k in keep}
        )
        for r in runs
    ]
    by_name = {r.name: {} for r in results}
    for r in results:
        by_name[r.name][r.seed] = r
    claims = {}
    for claim, (model, other, metric) in CLAIMS.items():
        differences = [getattr(by_name[model][s], metric) - getattr(by_name[other][s], metric) for s in by_name[model]]
        claims[claim] = {
            "model": model,
            "other": other,
            "metric": metric,
            "mean": statistics.fmean(differences),
            "min": min(differences),
            "max": max(differences),
            "n_seeds": len(differences),
            "n_positive": sum(d > 0 for d in differences),
            "verdict": paired_verdict(differences),
        }
    curves = {
        name: [
            statistics.fmean(e) for e in zip(*(r["test_acc_by_epoch"] for r in runs if r["name"] == name), strict=True)
        ]
        for name in by_name
    }
    return {
        "backend": job["backend"],
        "keras": job["keras"],
        "cpu": f"{job['machine']['cpu']}, {job['machine']['cpus']} cores",
        "recipe": job["recipe"],
        "seeds": [int(s) for s in seeds],
        "minutes_per_seed": round(statistics.median(job["seeds"][s]["seconds"] for s in seeds) / 60, 1),
        "rows": summarize(results),
        "test_acc_by_epoch": curves,
        "per_seed": {
            name: {m: {str(s): getattr(r, m) for s, r in by_seed.items()} for m in ("test_acc", "gap")}
            for name, by_seed in by_name.items()
        },
        "claims": claims,
    }


def timings(spread: dict, gpu: dict) -> dict:
    """Training times the pages quote before their training cells: the seed-spread job's (CPU), the GPU run's."""
    full = spread["jobs"]["tf-full"]["quantities"]
    return {
        "cpu": {  # medians over the seeds of 5.1's default settings on TensorFlow (the summary's "cpu")
            "convnet_fit_seconds": statistics.median(full["convnet_fit_seconds"]["per_seed"].values()),
            "dense_fit_seconds": statistics.median(full["dense_fit_seconds"]["per_seed"].values()),
        },
        "gpu": {"convnet_fit_seconds": gpu["notebooks"]["jax/5_1_intro_convnets"]["fit_seconds"]},
    }


def summary() -> dict:
    spread, gpu = _read(SPREAD), _read(GPU)
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
        if "breakages" in job:  # what two broken pipelines scored at the same settings (the appendix shows them)
            ranges[experiment]["breakages"] = {
                name: {q: _stats(v) for q, v in b.items()} for name, b in job["breakages"].items()
            }
    base = jobs["tf-full"]["quantities"]["convnet_test_acc"]["per_seed"]
    moves = [
        abs(v - base[s])
        for n in SETUP_VARIANTS
        for s, v in jobs[n]["quantities"]["convnet_test_acc"]["per_seed"].items()
    ]
    return {
        "about": "python -m benchmarks.summary, from benchmarks/seed_spread.json, book-budget.json, "
        "budget-grid.json, slow-machine.json and results-gpu.json",
        "timings": timings(spread, gpu),
        "ranges": ranges,
        "convnet_setup_shift": max(moves),
        "book_budget": book_budget(),
        "budget_grid": budget_grid(),
        "gpu": {"name": gpu["gpu"].split(",")[0].strip()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    args = parser.parse_args(argv)
    made = summary()
    if args.check:
        same = OUT.exists() and json.loads(OUT.read_text(encoding="utf-8")) == made
        print("up to date" if same else f"{OUT.relative_to(REPO)} is out of date: run python -m benchmarks.summary")
        return 0 if same else 1
    write_json(OUT, made)
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
