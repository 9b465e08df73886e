"""Execute the chapter notebooks.

    python -m scripts.execute_notebooks [NOTEBOOK ...]            re-execute in place (committed outputs)
    python -m scripts.execute_notebooks --output-dir DIR [-p K=V]   papermill runs into DIR + DIR/timings.json

In-place runs use nbclient so the stored notebook stays free of papermill metadata;
``--output-dir`` runs use papermill (parameters, GPU workflow, benchmark).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from pathlib import Path

from scripts.paths import REPO, chapter_notebooks

CHAPTERS = REPO / "chapters"
#: Each notebook's small settings (the test suite's papermill runs, the oldest-versions run and the benchmark's
#: "smoke" profile): small enough for the suite, long enough that the models learn and a band keeps clear of a
#: broken pipeline. Their seed spread is measured (benchmarks/seed_spread.py), so checks apply.
SMOKE_PARAMETERS = {
    "5_1_intro_convnets": {"EPOCHS": 2, "TRAIN_SIZE": 10000},
    "5_1_1_convolution": {"EPOCHS": 2, "TRAIN_SIZE": 10000},
    "5_1_2_max_pooling": {"EPOCHS": 1, "TRAIN_SIZE": 5000, "SEEDS": [0], "BUDGET": "cpu"},
}


def lesson_notebooks() -> list[Path]:
    """The chapters that train (every one but the appendix, which reads the measurement files): book order."""
    return [path for path in chapter_notebooks() if path.stem in SMOKE_PARAMETERS]


def _require_data() -> None:
    if not os.environ.get("MNIST_NPZ"):
        print("note: MNIST_NPZ is not set; notebooks will use keras.datasets.mnist (network)", file=sys.stderr)


def execute_in_place(path: Path, timeout: int = 1800) -> float:
    """Run ``path`` top to bottom with nbclient and save it; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "hide-cell" in cell.metadata.get("tags", []):
            # a folded solution keeps no output: Colab folds a cell's code, never its stored output
            cell.outputs = []
    nbformat.write(nb, path)
    return seconds


def execute_with_papermill(path: Path, out_dir: Path, parameters: dict | None = None) -> float:
    """Run ``path`` with papermill into ``out_dir``; return the seconds it took."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pm.execute_notebook(
        str(path),
        str(out_dir / path.name),
        parameters=parameters or {},
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
        log_output=False,
    )
    return time.perf_counter() - start


def _parse_param(text: str) -> tuple[str, object]:
    key, sep, value = text.partition("=")
    if not sep or not key.isidentifier():
        raise argparse.ArgumentTypeError(f"parameters look like NAME=VALUE, got {text!r}")
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return key, value
    # papermill passes parameters through JSON-like YAML: tuples would arrive as strings.
    return key, list(parsed) if isinstance(parsed, tuple) else parsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in _toc.yml")
    parser.add_argument("--output-dir", type=Path, help="run with papermill into this folder instead of in place")
    parser.add_argument("-p", "--parameter", action="append", type=_parse_param, default=[], help="NAME=VALUE")
    args = parser.parse_args(argv)
    _require_data()
    notebooks = [p.resolve() for p in args.notebooks] or chapter_notebooks()
    timings = {}
    for path in notebooks:
        if args.output_dir:
            seconds = execute_with_papermill(path, args.output_dir, dict(args.parameter))
        else:
            seconds = execute_in_place(path)
        timings[path.name] = round(seconds, 2)
        print(f"{path.name}: {seconds:.1f} s", flush=True)
    if args.output_dir:
        (args.output_dir / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
