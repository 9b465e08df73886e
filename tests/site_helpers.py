"""Shared by test_book.py and test_browser.py: where the book is, building it once, its pages.

The book root defaults to the repository; set ``BOOK_ROOT`` to check another copy. Reports go
to ``<root>/artifacts`` (``ARTIFACTS_DIR`` overrides).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.paths import REPO
from scripts.paths import toc_files as read_toc_files

# Pages Sphinx generates besides the book's own; not opened in the browser.
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


def book_root() -> Path:
    return Path(os.environ.get("BOOK_ROOT", REPO)).resolve()


def html_dir() -> Path:
    return book_root() / "_build" / "html"


def artifacts_dir() -> Path:
    path = Path(os.environ.get("ARTIFACTS_DIR", book_root() / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def jupyter_book_exe() -> str:
    """The ``jupyter-book`` script of the running interpreter (``python -m jupyter_book`` does not work)."""
    exe = Path(sys.executable).parent / "jupyter-book"
    if not exe.exists():
        raise FileNotFoundError(f"jupyter-book is not installed next to {sys.executable}")
    return str(exe)


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    command: list[str]


@functools.cache
def build_book() -> BuildResult:
    """Build the book once per pytest process, from scratch (``--all``), warnings as errors."""
    root = book_root()
    command = [
        jupyter_book_exe(),
        "build",
        str(root),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
        "--all",  # re-read every page, so warnings of unchanged pages are reported again
    ]
    shutil.rmtree(html_dir(), ignore_errors=True)  # no stale pages from earlier builds
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", "NO_COLOR": "1"}
    proc = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)
    output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # Sphinx's colours
    (artifacts_dir() / "book-build.log").write_text(output, encoding="utf-8")
    return BuildResult(proc.returncode, output, command)


def toc_files() -> list[str]:
    """Every document named in the book's _toc.yml (root first), as written there, without suffix."""
    return read_toc_files(book_root())


def notebook_pages() -> set[str]:
    """Built page paths (``chapters/x.html``) of the toc entries that are notebooks."""
    root = book_root()
    return {f"{f}.html" for f in toc_files() if (root / f"{f}.ipynb").exists()}


def built_pages() -> list[str]:
    """The book's own HTML pages, relative to _build/html, sorted; Sphinx's generated ones left out."""
    out = html_dir()
    pages = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")) or rel in GENERATED_PAGES:
            continue
        if _is_redirect(path):  # jupyter-book's index.html, a redirect to the root page
            continue
        pages.append(rel)
    return pages


def _is_redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head
