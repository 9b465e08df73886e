"""Peak kernel memory of every notebook at its stored settings, run in book order as a reader runs them.

    python -m benchmarks.memory [--in-place] [--backend tensorflow] [--out FILE]

Each notebook runs in a fresh kernel started by a child process of its own, so the child's
``RUSAGE_CHILDREN`` peak resident set is that kernel's alone. The notebooks share one fresh model
cache, so 5.1.1 loads what 5.1 trained, as on a reader's machine. ``--in-place`` saves the executed
notebooks over the committed ones (``make execute``: the stored outputs and the memory record come
from the same run); otherwise they go to a temporary folder. Binder gives a user 1-2 GB; the
suite's ``tests/test_measurements.py`` holds every peak under :data:`LIMIT_MB`. Results:
``benchmarks/memory.json``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import tempfile
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.execute_notebooks import chapter_notebooks, execute_in_place, execute_with_papermill

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "memory.json"
LIMIT_MB = 1500


def _run(path: Path, out_dir: Path | None, results: multiprocessing.Queue) -> None:
    seconds = execute_in_place(path) if out_dir is None else execute_with_papermill(path, out_dir)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes, this child's kernel only
    results.put((seconds, peak_kb / 1024))


def measure(path: Path, out_dir: Path | None) -> tuple[float, float]:
    """Seconds and peak kernel MB of one notebook, executed in a child process of its own."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_run, args=(path, out_dir, results))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"{path.name} failed to execute (exit code {child.exitcode})")
    return results.get()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--in-place", action="store_true", help="save the executed notebooks over the committed ones")
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    notebooks = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(KERAS_BACKEND=args.backend, DLP_COURSE_CACHE=str(Path(tmp) / "cache"))
        for path in chapter_notebooks():
            seconds, peak = measure(path, None if args.in_place else Path(tmp) / "executed")
            notebooks[path.stem] = {"seconds": round(seconds, 1), "peak_kernel_mb": round(peak)}
            print(f"{path.name}: {seconds:.1f} s, peak kernel memory {peak:,.0f} MB", flush=True)
    result = {
        "about": "Peak resident memory of each notebook's kernel at its stored settings, in book order "
        "(python -m benchmarks.memory)",
        "backend": args.backend,
        "limit_mb": LIMIT_MB,
        "machine": machine(),
        "notebooks": notebooks,
    }
    write_json(args.out, result)
    print(f"wrote {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
