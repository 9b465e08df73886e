"""Time the whole test suite as ``make test`` runs it; write the total and where the time goes.

    python -m benchmarks.suite [--workers N] [--repeats N] [--label TEXT] [--out FILE]
    python -m benchmarks.suite --from-junit FILE --wall S --command CMD --commit SHA --label TEXT
                                   (record a run made by hand, e.g. before a change)

Each repeat runs pytest over the whole suite (``-n N`` as the Makefile does;
``--workers 0`` runs it in one process) with a JUnit report, and records the wall-clock time,
the outcome counts and the seconds spent per unit of work: one notebook's nbval cells, one
kind of papermill run, or one test file. Under xdist, units run side by side, so their sum
exceeds the wall time. Runs are appended to ``benchmarks/suite-times.json`` (replaced
atomically), so a before/after pair stays on record; the README quotes the latest and the
median of its repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import machine
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "suite-times.json"


def pytest_command(workers: int, junit: Path) -> list[str]:
    """The Makefile's test command (``PYTEST``), with a JUnit report."""
    command = [sys.executable, "-m", "pytest", f"--junitxml={junit}", "-q"]
    if workers:
        command += ["-n", str(workers)]
    else:
        command += ["-p", "no:xdist"]
    return command


def unit_of(classname: str, name: str) -> str:
    """Which unit of work a JUnit test case belongs to (see the module docstring)."""
    if classname.startswith("chapters."):
        return f"nbval {classname.removeprefix('chapters.')}"
    module = classname.removeprefix("tests.").split(".")[0]
    if module == "test_smoke":
        return f"test_smoke::{name.split('[')[0]}"
    return module


def summarise_junit(path: Path) -> dict[str, object]:
    """Outcome counts, pytest's own time and seconds per unit from a JUnit XML report."""
    root = ET.parse(path).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        raise ValueError(f"{path}: no <testsuite> element; expected a pytest --junitxml report")
    units: Counter[str] = Counter()
    for case in suite.iter("testcase"):
        units[unit_of(case.get("classname", ""), case.get("name", ""))] += float(case.get("time", 0))
    counts = {key: int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped")}
    return {
        **counts,
        "pytest_s": round(float(suite.get("time", 0)), 1),
        "units_s": {unit: round(seconds, 1) for unit, seconds in units.most_common()},
    }


def commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return found.stdout.strip() + ("+changes" if dirty else "")


def run_suite(workers: int) -> dict[str, object]:
    """One timed run of the whole suite; the JUnit summary plus wall time and exit status."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        start = time.perf_counter()
        proc = subprocess.run(pytest_command(workers, junit), cwd=REPO, check=False)
        wall = time.perf_counter() - start
        if not junit.exists():
            raise RuntimeError(f"pytest wrote no report (exit {proc.returncode})")
        return {"wall_s": round(wall, 1), "exit": proc.returncode, **summarise_junit(junit)}


def record(
    runs: list[dict[str, object]], label: str, workers: int | None, how: str, at_commit: str | None = None
) -> dict[str, object]:
    walls = [float(r["wall_s"]) for r in runs]
    return {
        "label": label,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": at_commit or commit(),
        "how": how,
        "workers": workers,
        "machine": machine(),
        "median_wall_s": round(statistics.median(walls), 1),
        "runs": runs,
    }


def append(entry: dict[str, object], out: Path) -> None:
    """Add ``entry`` to the list in ``out``, replacing the file atomically."""
    entries = json.loads(out.read_text(encoding="utf-8"))["runs"] if out.exists() else []
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps({"runs": [*entries, entry]}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers; 0 = one process (default 2)")
    parser.add_argument("--repeats", type=int, default=1, help="whole-suite runs (default 1; each takes minutes)")
    parser.add_argument("--label", default="make test", help="what the README calls this run")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--from-junit", type=Path, help="record a run made by hand from its JUnit report")
    parser.add_argument("--wall", type=float, help="with --from-junit: that run's wall-clock seconds")
    parser.add_argument("--command", help="with --from-junit: the command that ran")
    parser.add_argument("--commit", help="with --from-junit: the commit it ran on")
    args = parser.parse_args(argv)
    if args.workers < 0 or args.repeats < 1:
        parser.error("--workers must be >= 0 and --repeats >= 1")
    if args.from_junit:
        if args.wall is None or not args.command or not args.commit:
            parser.error("--from-junit needs --wall, --command and --commit")
        run = {"wall_s": round(args.wall, 1), "exit": None, **summarise_junit(args.from_junit)}
        entry = record([run], args.label, None, args.command, args.commit)
    else:
        runs = [run_suite(args.workers) for _ in range(args.repeats)]
        entry = record(runs, args.label, args.workers, " ".join(pytest_command(args.workers, Path("JUNIT"))[1:]))
    append(entry, args.out)
    print(json.dumps({k: entry[k] for k in ("label", "commit", "median_wall_s")}, ensure_ascii=False))
    return 0 if all(r["exit"] in (0, None) for r in entry["runs"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
