"""Time each notebook per Keras backend (smoke and full settings) and the book build; write medians.

    python -m benchmarks.run [--backends tensorflow jax] [--repeats N] [--full-repeats N]
                             [--full-notebooks NAME ...] [--build-repeats N] [--out FILE]

Each repeat runs the notebooks in book order with papermill, in fresh kernels, into a temporary
folder (the committed notebooks are not touched), with a fresh model cache shared by that
repeat, so 5.1.1 reuses what 5.1 trained, as a reader going through the book would. "smoke" is
each notebook's small settings (scripts/execute_notebooks.SMOKE_PARAMETERS); "full" is the
committed parameters. The book is built from the committed outputs into a temporary copy of
the sources. Results (samples, medians, machine): benchmarks/results.json, replaced atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import cpu_model
from scripts.execute_notebooks import SMOKE_PARAMETERS, execute_with_papermill, lesson_notebooks
from scripts.paths import REPO
from utils.settings import BUDGETS

BOOK_SOURCES = ["_config.yml", "_toc.yml", "intro.md", "chapters", "_static", "_ext"]


def time_build() -> float:
    """Seconds for a clean ``jupyter-book build`` of a copy of the book's sources."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in BOOK_SOURCES:
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, Path(tmp) / name)
        start = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "jupyter-book"), "build", tmp, "--quiet"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def summarise(samples: list[float]) -> dict[str, object]:
    return {
        "median_s": round(statistics.median(samples), 2),
        "min_s": round(min(samples), 2),
        "max_s": round(max(samples), 2),
        "samples_s": [round(s, 2) for s in samples],
    }


def time_notebooks(backend: str, profile: str, names: list[str], repeats: int) -> dict[str, list[float]]:
    """Seconds per notebook over ``repeats`` runs in book order, each repeat with a fresh model cache."""
    samples: dict[str, list[float]] = {name: [] for name in names}
    notebooks = [p for p in lesson_notebooks() if p.stem in names]
    for i in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update(KERAS_BACKEND=backend, DLP_COURSE_CACHE=str(Path(tmp) / "cache"))
            for path in notebooks:
                parameters = SMOKE_PARAMETERS[path.stem] if profile == "smoke" else {}
                samples[path.stem].append(execute_with_papermill(path, Path(tmp), parameters))
                seconds = samples[path.stem][-1]
                print(f"{backend} {profile} {path.stem} run {i + 1}/{repeats}: {seconds:.1f} s", flush=True)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax"])
    parser.add_argument("--repeats", type=int, default=3, help="smoke runs per notebook and backend (default 3)")
    parser.add_argument("--full-repeats", type=int, default=1, help="full-settings runs (default 1)")
    parser.add_argument("--full-notebooks", nargs="*", help="notebook names for full runs (default: all)")
    parser.add_argument("--build-repeats", type=int, default=5, help="book builds (default 5)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    if min(args.repeats, args.full_repeats, args.build_repeats) < 0:
        parser.error("repeats must be >= 0")
    if not os.environ.get("MNIST_NPZ"):
        print("note: MNIST_NPZ is not set; notebooks will download MNIST through Keras", file=sys.stderr)

    names = [p.stem for p in lesson_notebooks()]
    results: dict[str, object] = {}
    for backend in args.backends:
        per_backend: dict[str, object] = {}
        for profile, repeats, chosen in (
            ("smoke", args.repeats, names),
            ("full", args.full_repeats, args.full_notebooks or names),
        ):
            timed = time_notebooks(backend, profile, [n for n in names if n in chosen], repeats)
            per_backend[profile] = {name: summarise(s) for name, s in timed.items() if s}
        results[backend] = per_backend
    builds = []
    for i in range(args.build_repeats):
        builds.append(time_build())
        print(f"book build {i + 1}/{args.build_repeats}: {builds[-1]:.1f} s", flush=True)
    if builds:
        results["book_build"] = summarise(builds)

    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu": cpu_model(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {"smoke": SMOKE_PARAMETERS, "full": "the committed parameters (CPU budget in 5.1.2)"},
        "cpu_budget": [BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs],
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
