"""Prove the suite can fail: apply each targeted breakage to a copy of the tree and run the tests that should catch it.

    python -m scripts.mutate [NAME ...]          make mutate; writes benchmarks/mutations.json

Each breakage (``BREAKAGES``) is one realistic slip, written as a single textual change to one file that
must match exactly once. For each, the working tree (without .venv, _build, artifacts) is copied to a
temporary folder, the change is applied there, and the tests named for it run against the copy
(``PYTHONPATH`` puts the copy's ``utils`` ahead of the installed one). A breakage is caught when at least
one of its tests fails; the script records which failed, and exits 1 if any breakage got through or if
its tests fail on the unbroken tree too (a test that always fails proves nothing). Its own step
(``make mutate``), never inside the 8-minute suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.paths import REPO

OUT = REPO / "benchmarks" / "mutations.json"
IGNORED = (".venv", "_build", "artifacts", ".git", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis")


@dataclass(frozen=True)
class Breakage:
    """One slip: in ``path``, ``old`` (found exactly once) becomes ``new``; ``tests`` should catch it."""

    name: str
    what: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


BREAKAGES = (
    Breakage(
        "average-pooling-in-5.1",
        "the 5.1 model pools by average where listing 5-1 takes the maximum",
        "utils/models.py",
        'pool = layers.MaxPooling2D if downsampling == "max" else layers.AveragePooling2D',
        'pool = layers.AveragePooling2D if downsampling == "max" else layers.MaxPooling2D',
        ("tests/test_models.py", "tests/test_chapters.py::test_the_listings_on_the_pages_are_the_models_utils_trains"),
    ),
    Breakage(
        "pixels-not-scaled",
        "the images reach the models with pixels 0-255 (the /255 forgotten)",
        "utils/training.py",
        '.astype("float32") / 255',
        '.astype("float32")',
        ("tests/test_training.py",),
    ),
    Breakage(
        "same-padding-read-as-valid",
        'utils.ops sizes a "same" window as a "valid" one',
        "utils/ops.py",
        'if choice(padding, "padding", PADDINGS) == "same":',
        'if choice(padding, "padding", PADDINGS) == "never":',
        ("tests/test_ops.py",),
    ),
    Breakage(
        "jump-not-multiplied",
        "the receptive-field recurrence forgets to multiply the jump by the stride",
        "utils/receptive_fields.py",
        "field.jump * np.asarray(stride)",
        "field.jump * np.ones_like(np.asarray(stride))",
        ("tests/test_receptive_field.py",),
    ),
    Breakage(
        "checker-accepts-missing-plus-one",
        "5.1.1's output-size checker takes the classic slip, (n - k) // s without + 1, for the answer",
        "utils/exercises/convolution.py",
        'side = conv_output_size(n, k, s, "valid")',
        "side = (n - k) // s",
        ("tests/test_exercises_convolution.py",),
    ),
    Breakage(
        "explorer-ignores-stride",
        "the site's convolution explorer slides its window one pixel at a time whatever the stride",
        "_static/explorer/cnn-explorer.mjs",
        "const top = i * stride - layout.before;",
        "const top = i - layout.before;",
        ("tests/test_explorer.py",),
    ),
    Breakage(
        "model-explorer-drops-bias",
        "the model explorer's convolutions start each output from zero, not from the layer's bias",
        "_static/explorer/model-forward.mjs",
        "      out.set(bias, o);\n",
        "",
        ("tests/test_model_explorer.py",),
    ),
)


def copy_tree(target: Path) -> None:
    """The working tree without environments and build output; the node tools (axe-core) linked, not copied."""
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*IGNORED), dirs_exist_ok=True, symlinks=True)
    for modules in REPO.glob("tools/*/node_modules"):
        (target / modules.relative_to(REPO)).symlink_to(modules, target_is_directory=True)


def run_tests(tree: Path, tests: tuple[str, ...], report: Path) -> tuple[int, list[str]]:
    """pytest over ``tests`` in ``tree``, one process; returns the exit code and the failed tests' ids."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(tree), str(tree / "tests")]), "BOOK_ROOT": str(tree)}
    env.pop("COURSE_STRICT", None)
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q"]
    command += ["-o", "addopts=", f"--junitxml={report}", *tests]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    failed = []
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed.append(f"{case.get('classname')}::{case.get('name')}")
    return result.returncode, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="breakages to run (default: all)")
    args = parser.parse_args(argv)
    chosen = [b for b in BREAKAGES if not args.names or b.name in args.names]
    results = json.loads(OUT.read_text(encoding="utf-8")).get("breakages", {}) if OUT.exists() else {}
    escaped = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        clean = Path(tmp) / "clean"
        copy_tree(clean)
        for breakage in chosen:
            code, failed = run_tests(clean, breakage.tests, Path(tmp) / f"{breakage.name}-clean.xml")
            if code != 0:
                print(f"{breakage.name}: its tests fail on the unbroken tree: {failed}", file=sys.stderr)
                return 1
            tree = Path(tmp) / breakage.name
            copy_tree(tree)
            target = tree / breakage.path
            text = target.read_text(encoding="utf-8")
            assert text.count(breakage.old) == 1, (
                f"{breakage.name}: {breakage.old!r} must occur once in {breakage.path}"
            )
            target.write_text(text.replace(breakage.old, breakage.new), encoding="utf-8")
            start = time.perf_counter()
            code, failed = run_tests(tree, breakage.tests, Path(tmp) / f"{breakage.name}.xml")
            caught = code != 0 and bool(failed)
            results[breakage.name] = {
                "what": breakage.what,
                "file": breakage.path,
                "tests": list(breakage.tests),
                "caught": caught,
                "caught_by": failed,
                "seconds": round(time.perf_counter() - start, 1),
            }
            print(f"{breakage.name}: {'caught by ' + ', '.join(failed) if caught else 'NOT CAUGHT'}", flush=True)
            escaped += [] if caught else [breakage.name]
            shutil.rmtree(tree)
    write_json(OUT, {"about": "python -m scripts.mutate (make mutate)", "machine": machine(), "breakages": results})
    if escaped:
        print(f"breakages no test caught: {', '.join(escaped)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
