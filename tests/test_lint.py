"""ruff on the package, tests and scripts; ruff through nbqa on every notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_helpers import REPO

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_check() -> None:
    result = _run(str(BIN / "ruff"), "check", "utils", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "utils", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_nbqa_ruff_on_notebooks() -> None:
    notebooks = sorted(str(p.relative_to(REPO)) for p in (REPO / "chapters").glob("*.ipynb"))
    assert notebooks, "no notebooks found in chapters/"
    result = _run(str(BIN / "nbqa"), "ruff", *notebooks)
    assert result.returncode == 0, result.stdout + result.stderr
