"""make test-oldest: every notebook at small settings on TensorFlow, with the lowest versions the ranges allow.

    .venv/oldest/bin/python -m scripts.run_oldest [--output-dir artifacts/oldest]

Runs in the environment ``scripts/setup_env.sh --oldest`` makes from requirements-oldest.lock. Each
notebook runs with papermill in book order at its small settings (``SMOKE_PARAMETERS``, so 5.1.1 reuses
the models 5.1 trained in this run's cache) and is checked by ``tests/chapter_checks.py``'s ``check``,
as the suite checks its own runs. A cell appended to each copy reports the kernel's Python and versions,
which must be the oldest lock's: a run that picked up another environment's kernel fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from scripts.paths import REPO

sys.path.insert(0, str(REPO / "tests"))

from chapter_checks import check
from notebooks import code_cells, load, printed

from scripts.execute_notebooks import SMOKE_PARAMETERS, execute_with_papermill, lesson_notebooks
from scripts.lock import LOCKS, read_lock

#: Distributions whose versions the kernel reports (the runtime ranges that decide what a notebook computes).
REPORTED = ("tensorflow-cpu", "keras", "numpy", "matplotlib", "ipywidgets", "ipykernel", "papermill")
MARK = "oldest-run-versions:"
REPORT_CELL = f"""import importlib.metadata as _m, json as _j, sys as _s
print({MARK!r}, _j.dumps({{"python": _s.executable, **{{d: _m.version(d) for d in {REPORTED!r}}}}}))"""


def with_report_cell(path: Path, folder: Path) -> Path:
    """A copy of the notebook with the version-reporting cell at the end."""
    nb = load(path)
    nb["cells"].append(
        {
            "id": "oldest-run-versions",
            "cell_type": "code",
            "metadata": {},
            "source": REPORT_CELL,
            "outputs": [],
            "execution_count": None,
        }
    )
    copy = folder / "input" / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return copy


def kernel_versions(nb: dict) -> dict[str, str]:
    line = next(line for c in code_cells(nb) for line in printed(c).splitlines() if line.startswith(MARK))
    return json.loads(line[len(MARK) :])


def verify(name: str, nb: dict, locked: dict[str, str]) -> str:
    """What the suite checks of a run, and that the kernel ran the oldest lock's versions; returns them."""
    stderr = [printed(c, "stderr") for c in code_cells(nb) if printed(c, "stderr").strip()]
    assert not stderr, f"stderr in outputs: {stderr[:3]}"
    versions = kernel_versions(nb)
    assert Path(versions.pop("python")).resolve() == Path(sys.executable).resolve(), "another kernel ran"
    wrong = {d: v for d, v in versions.items() if locked.get(d) != v}
    assert not wrong, f"the kernel's versions are not the oldest lock's: {wrong}"
    check(name, nb)
    return ", ".join(f"{d} {v}" for d, v in versions.items())


def run(out: Path) -> tuple[dict[str, float], dict[str, str]]:
    """Execute and check every notebook, on past a failure; return the seconds each took and the failures."""
    locked = {name: version for name, (version, _) in read_lock(REPO / LOCKS["oldest"].path).items()}
    os.environ["KERAS_BACKEND"] = "tensorflow"
    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DLP_COURSE_CACHE"] = str(Path(tmp) / "model-cache")
        for path in lesson_notebooks():
            name = path.stem
            copy = with_report_cell(path, Path(tmp))
            start = time.perf_counter()
            try:
                execute_with_papermill(copy, out, {**SMOKE_PARAMETERS[name], "BACKEND": "tensorflow"})
                timings[name] = round(time.perf_counter() - start, 1)
                versions = verify(name, load(out / path.name), locked)
                print(f"{name}: {timings[name]:.0f} s, checked ({versions})", flush=True)
            except Exception:  # every notebook runs; all failures are reported together
                failures[name] = traceback.format_exc()
                print(f"{name}: FAILED\n{failures[name]}", flush=True)
    (out / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    return timings, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output-dir", type=Path, default=REPO / "artifacts" / "oldest")
    args = parser.parse_args(argv)
    if not os.environ.get("MNIST_NPZ"):
        print("note: MNIST_NPZ is not set; notebooks will use keras.datasets.mnist (network)", file=sys.stderr)
    timings, failures = run(args.output_dir)
    if failures:
        print(f"oldest versions: {len(failures)} notebook(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    print(f"oldest versions: every notebook ran and passed its checks in {sum(timings.values()):.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
