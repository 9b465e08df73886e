"""5.1.2's live comparison on a CPU: which budget (training images x epochs) to run, chosen on a validation split.

    python -m benchmarks.budget_grid [--budgets 20000x2 ...] [--seeds 0 1] [--out FILE] [--table]

For each budget it runs the page's comparison cell exactly as the page does (``utils.experiments.run_comparison``
with the page's arguments: the time estimate first, the five models, batch 64, RMSprop, the gap on the first
``GAP_IMAGES`` training images, the running accuracy logged within epochs), once per seed, and records
the wall time of the whole comparison and each model's numbers. The models train on the first N of the
first 50,000 training images and are evaluated on the last 10,000 (a validation split held out from the
training images): no test image decides the budget. The page then reports the test set.

The choice (:func:`choose`): among the budgets whose comparison fits ``LIMIT_SECONDS`` on the slower of
the two kinds of 2-core machine seen here (this machine's seconds times the slow/fast ratio measured
by the same comparison on both kinds, ``benchmarks/summary.py``), the one where the 5.1 model ("max")
has the highest mean validation accuracy; ties go to the shorter wait. Results are written after every
seed (atomically), so a stopped job resumes. Nothing else should run while it does: it times.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "budget-grid.json"
CANDIDATES = ["10000x2", "15000x2", "20000x2", "30000x1", "10000x3", "15000x3", "25000x2"]
VALIDATION_IMAGES = 10_000  # the last 10,000 training images
LIMIT_SECONDS = 180.0  # the whole comparison cell on the slower 2-core machine
KEEP = ("name", "seed", "params", "test_acc", "evaluated_train_acc")


def choose(rows: list[dict], factor: float, limit: float = LIMIT_SECONDS) -> dict | None:
    """The row to run: fits ``limit`` once scaled by ``factor``, then the 5.1 model's best validation accuracy."""
    fitting = [r for r in rows if r["seconds"] * factor <= limit]
    if not fitting:
        return None
    return max(fitting, key=lambda r: (round(r["max_val_acc"], 4), -r["seconds"]))


def rows(result: dict) -> list[dict]:
    """One row per budget: images, epochs, seeds, median seconds of the comparison, the 5.1 model's mean validation."""
    import statistics

    out = []
    for budget, entry in result["budgets"].items():
        seeds = entry["seeds"].values()
        val = [next(r["val_acc"] for r in s["runs"] if r["name"] == "max") for s in seeds]
        out.append(
            {
                "budget": budget,
                "train_size": entry["train_size"],
                "epochs": entry["epochs"],
                "n_seeds": len(val),
                "seconds": round(statistics.median(s["seconds"] for s in seeds), 1),
                "max_val_acc": statistics.fmean(val),
                "max_val_acc_min": min(val),
                "max_val_acc_max": max(val),
            }
        )
    return sorted(out, key=lambda r: r["seconds"])


def table(result: dict) -> str:
    lines = ["| budget | seeds | seconds | 5.1 model's validation accuracy (mean, min-max) |", "|---|---:|---:|---|"]
    for r in rows(result):
        span = f"{r['max_val_acc']:.4f} ({r['max_val_acc_min']:.4f}-{r['max_val_acc_max']:.4f})"
        lines.append(f"| {r['budget']} | {r['n_seeds']} | {r['seconds']:.0f} | {span} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", nargs="+", default=CANDIDATES)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--table", action="store_true", help="print the committed results as a Markdown table")
    args = parser.parse_args(argv)
    if args.table:
        print(table(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    from utils.notebook import setup_notebook

    settings = setup_notebook(0, show=False)
    import keras

    from benchmarks.seed_spread import pooling_builders
    from utils.experiments import run_comparison
    from utils.settings import BUDGETS, CURVE_POINTS
    from utils.training import load_prepared_mnist

    result = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"budgets": {}}
    result |= {"machine": machine(), "backend": settings.backend, "keras": keras.__version__}
    result["validation"] = f"the last {VALIDATION_IMAGES:,} of the 60,000 training images"
    (x, y), _ = load_prepared_mnist(None)
    held_out = (x[-VALIDATION_IMAGES:], y[-VALIDATION_IMAGES:])
    for budget in args.budgets:
        images, epochs = map(int, budget.split("x"))
        train = (x[:images], y[:images])
        assert images <= len(x) - VALIDATION_IMAGES, f"{budget}: the training images would reach the validation split"
        entry = result["budgets"].setdefault(budget, {"train_size": images, "epochs": epochs, "seeds": {}})
        for seed in args.seeds:
            if str(seed) in entry["seeds"]:
                continue
            start = time.perf_counter()
            records = run_comparison(  # the page's cell, its validation split in place of the test set
                pooling_builders(),
                train,
                held_out,
                epochs=epochs,
                batch_size=64,
                seeds=[seed],
                estimate=True,
                train_eval_size=BUDGETS["cpu"].gap_images,
                curve_points=CURVE_POINTS,
            )
            seconds = time.perf_counter() - start
            runs = []
            for record in records:
                run = {k: getattr(record, k) for k in KEEP}
                run["val_acc"] = run.pop("test_acc")  # the held-out split, not the test set
                run["fit_seconds"] = round(sum(record.epoch_seconds), 2)
                runs.append(run)
            entry["seeds"][str(seed)] = {"seconds": round(seconds, 2), "runs": runs}
            write_json(args.out, result)
            print(f"{budget} seed {seed}: {seconds:.1f} s", flush=True)
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
