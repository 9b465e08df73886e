"""Time each notebook (papermill, full settings) and the book build; write medians to JSON.

    python -m benchmarks.run [--repeats N] [--build-repeats N] [--notebooks a.ipynb ...] [--out FILE]

Every notebook runs in a fresh kernel into a temporary folder (the committed notebooks are
not touched); the book is built from the committed outputs into a temporary copy of the
sources, so nothing is retrained. Results: benchmarks/results.json (samples, medians, machine).
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

from scripts.execute_notebooks import chapter_notebooks, execute_with_papermill

ROOT = Path(__file__).resolve().parents[1]

BOOK_SOURCES = ["_config.yml", "_toc.yml", "intro.md", "chapters", "_static", "_ext"]


def time_build() -> float:
    """Seconds for a clean ``jupyter-book build`` of a copy of the book's sources."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in BOOK_SOURCES:
            src = ROOT / name
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--build-repeats", type=int, default=5, help="book builds (default 5)")
    parser.add_argument("--notebooks", nargs="*", type=Path, help="default: every notebook in _toc.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    if args.repeats < 0 or args.build_repeats < 0:
        parser.error("repeats must be >= 0")
    if not os.environ.get("MNIST_NPZ"):
        print("note: MNIST_NPZ is not set; notebooks will download MNIST through Keras", file=sys.stderr)

    results: dict[str, object] = {}
    notebooks = [p.resolve() for p in args.notebooks] if args.notebooks else chapter_notebooks()
    for path in notebooks:
        samples = []
        for i in range(args.repeats):
            with tempfile.TemporaryDirectory() as tmp:
                samples.append(execute_with_papermill(path, Path(tmp)))
            print(f"{path.name} run {i + 1}/{args.repeats}: {samples[-1]:.1f} s", flush=True)
        if samples:
            results[path.name] = summarise(samples)
    builds = []
    for i in range(args.build_repeats):
        builds.append(time_build())
        print(f"book build {i + 1}/{args.build_repeats}: {builds[-1]:.1f} s", flush=True)
    if builds:
        results["book_build"] = summarise(builds)

    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": "papermill, committed parameters (full settings); build from stored outputs",
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
