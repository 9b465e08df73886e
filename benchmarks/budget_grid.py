"""Which of the book's claims a CPU budget decides for 5.1.2's comparison, and how long it takes (issue 16).

    python -m benchmarks.budget_grid [--budgets 2000x5 ...] [--seeds 0 1 2] [--out FILE] [--table]

For each budget (training images x epochs) it trains 5.1.2's five models exactly as the page does
(``utils.experiments.run_comparison``, batch 64, RMSprop, the first N training images, all 10,000
test images), once per seed, and records every run and the wall time of each seed's five runs.
Then, per budget and number of seeds, it asks the page's own separation test (``utils.stats``:
the seed ranges do not overlap) of the book's three claims:

- no pooling overfits more than max pooling (a larger train-test gap);
- max pooling beats average pooling (test accuracy);
- max pooling beats strided convolution (test accuracy), the strided model downsampling where
  listing 5-1 pools (stride 2 in the first and second convolutions, ``utils.models``); the earlier
  variant, stride 2 in the second and third, is trained too, outside the timing, as ``strided_late``.

Results go to ``benchmarks/budget-grid.json`` after every seed, so an interrupted run resumes.
The page's limit is 3 minutes on the slower of the two kinds of 2-core machine seen here, so the
same script also times some budgets there: ``--out benchmarks/budget-grid-slow.json`` (on AMD EPYC,
the chosen budget). ``benchmarks/summary.py`` scales the grid by the largest slow/fast ratio measured.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.machine import machine, write_json
from benchmarks.seed_spread import pooling_builders

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "budget-grid.json"
BUDGETS = ["1000x2", "1000x3", "1000x5", "2000x2", "2000x3", "3000x2", "5000x2"]
CLAIMS = {
    "no_pool_overfits_more": ("no_pool", "max", "gap"),
    "max_beats_avg": ("max", "avg", "test_acc"),
    "max_beats_strided": ("max", "strided", "test_acc"),
    "max_beats_strided_late": ("max", "strided_late", "test_acc"),
}


def late_strided() -> object:
    """The earlier strided baseline: stride 2 in the second and third convolutions (a 5x5 last map, 9 pixels)."""
    import keras
    from keras import layers

    from utils.models import INPUT_SHAPE, add_classifier

    convs = [layers.Conv2D(f, (3, 3), strides=s, activation="relu") for f, s in ((32, 1), (64, 2), (64, 2))]
    return add_classifier(keras.Sequential([keras.Input(shape=INPUT_SHAPE), *convs], name="convnet_base_strided"))


def verdicts(runs: list[dict]) -> dict[str, str]:
    """Per claim: "decided" (the ranges do not overlap, the book's way round), "reversed", or "open"."""
    from utils.stats import summarize, summary_row, verdict
    from utils.training import TrainResult

    keys = ("name", "seed", "params", "test_acc", "evaluated_train_acc")
    summary = summarize([TrainResult(history={}, test_loss=0.0, **{k: r[k] for k in keys}) for r in runs])
    return {claim: verdict(summary_row(summary, a), summary_row(summary, b), m) for claim, (a, b, m) in CLAIMS.items()}


def analyse(result: dict) -> dict:
    """Per budget and seed count: seconds of the whole comparison, and each claim's verdict."""
    table = {}
    for budget, entry in result["budgets"].items():
        seeds = sorted(entry["seeds"], key=int)
        for n in range(3, len(seeds) + 1):
            chosen = seeds[:n]
            runs = [r for s in chosen for r in entry["seeds"][s]["runs"]]
            seconds = sum(entry["seeds"][s]["seconds"] for s in chosen)
            table[f"{budget}/{n}"] = {"seconds": round(seconds, 1), "verdicts": verdicts(runs)}
    return table


def table(result: dict) -> str:
    """The analysis as a Markdown table: budget, seeds, seconds of the comparison, one column per claim."""
    lines = ["| budget | seeds | seconds | " + " | ".join(CLAIMS) + " |", "|---|---:|---:|" + "---|" * len(CLAIMS)]
    for key, row in sorted(result["analysis"].items(), key=lambda kv: kv[1]["seconds"]):
        budget, n = key.split("/")
        verdicts = " | ".join(row["verdicts"][claim] for claim in CLAIMS)
        lines.append(f"| {budget} | {n} | {row['seconds']:.0f} | {verdicts} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budgets", nargs="+", default=BUDGETS)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--table", action="store_true", help="print the committed results as a Markdown table")
    args = parser.parse_args(argv)
    if args.table:
        print(table(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    from utils.notebook import setup_notebook

    settings = setup_notebook(0, show=False)
    import keras

    from utils.experiments import run_comparison
    from utils.training import load_prepared_mnist

    result = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {"budgets": {}}
    result |= {"machine": machine(), "backend": settings.backend, "keras": keras.__version__}
    for budget in args.budgets:
        images, epochs = map(int, budget.split("x"))
        train, test = load_prepared_mnist(images)
        entry = result["budgets"].setdefault(budget, {"train_size": images, "epochs": epochs, "seeds": {}})
        for seed in args.seeds:
            if str(seed) in entry["seeds"]:
                continue
            start = time.perf_counter()
            records = run_comparison(pooling_builders(), train, test, epochs=epochs, batch_size=64, seeds=[seed])
            seconds = time.perf_counter() - start
            keep = ("name", "seed", "params", "test_acc", "evaluated_train_acc")
            # the earlier strided model (stride 2 in the second and third convolutions), outside the timing
            late = {"strided_late": late_strided}
            records += run_comparison(late, train, test, epochs=epochs, batch_size=64, seeds=[seed])
            runs = [{k: getattr(r, k) for k in keep} for r in records]
            for r, record in zip(runs, records, strict=True):
                r["fit_seconds"] = round(sum(record.epoch_seconds), 2)
            entry["seeds"][str(seed)] = {"seconds": round(seconds, 2), "runs": runs}
            result["analysis"] = analyse(result)
            write_json(args.out, result)
            print(f"{budget} seed {seed}: {seconds:.1f} s", flush=True)
    result["analysis"] = analyse(result)
    write_json(args.out, result)
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
