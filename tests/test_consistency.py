"""Cheap checks that the notebooks, the table of contents and the install pins agree.

Fast (no execution): also run by the pre-commit hook in .pre-commit-config.yaml.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from notebooks import tags
from site_helpers import REPO, toc_files

from scripts.execute_notebooks import SMOKE_PARAMETERS

CHAPTERS = REPO / "chapters"


def config() -> dict:
    return yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))


def version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def notebooks_in_folder() -> list[Path]:
    """What chapters/ holds, read independently of _toc.yml, so that the two can be compared."""
    return sorted(CHAPTERS.glob("*.ipynb"))


def notebooks_to_check() -> list[Path]:
    """Notebooks in chapters/ plus those _toc.yml names, present or not (a missing one fails)."""
    named = {REPO / f"{Path(e).with_suffix('')}.ipynb" for e in toc_files() if e.startswith("chapters/")}
    return sorted(set(notebooks_in_folder()) | named)


def read(path: Path) -> nbformat.NotebookNode:
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is listed in _toc.yml but does not exist", pytrace=False)
    return nbformat.read(path, as_version=4)


NOTEBOOK_IDS = [p.relative_to(REPO).as_posix() for p in notebooks_to_check()]


def test_toc_entries_exist() -> None:
    entries = toc_files()
    missing = [
        e for e in entries if not any((REPO / f"{Path(e).with_suffix('')}{s}").exists() for s in (".ipynb", ".md"))
    ]
    assert not missing, f"_toc.yml names files that do not exist: {missing}"


def test_every_chapter_notebook_is_in_the_toc() -> None:
    entries = toc_files()
    listed = {Path(e).with_suffix("").as_posix() for e in entries}
    stems = [p.relative_to(REPO).with_suffix("").as_posix() for p in notebooks_in_folder()]
    unlisted = [stem for stem in stems if stem not in listed]
    assert not unlisted, f"notebooks in chapters/ that _toc.yml does not list: {unlisted}"


@pytest.mark.parametrize("path", notebooks_to_check(), ids=NOTEBOOK_IDS)
def test_first_cell_installs_the_pinned_release_on_colab(path: Path) -> None:
    nb = read(path)
    url = config()["repository"]["url"].rstrip("/")
    pin = f"git+{url}@v{version()}"
    first = nb.cells[0]
    assert first.cell_type == "code", "the first cell must be the Colab install (code) cell"
    assert "remove-cell" in tags(first), f"the Colab install cell must be tagged remove-cell, has {tags(first)}"
    assert pin in first.source, f"the first cell must install {pin!r}:\n{first.source}"
    assert "google.colab" in first.source, "the install must only run on Colab (check for google.colab)"
    pins = re.compile(rf"git\+{re.escape(url)}(?:\.git)?@[^\s\"']+")
    stale = {m for cell in nb.cells for m in pins.findall(cell.source)}
    assert stale <= {pin}, f"other pins of the course package than {pin}: {sorted(stale - {pin})}"


@pytest.mark.parametrize("path", notebooks_to_check(), ids=NOTEBOOK_IDS)
def test_has_a_parameters_cell(path: Path) -> None:
    """A lesson (a notebook the smoke runs execute) has one parameters cell; the appendix trains nothing: none."""
    nb = read(path)
    cells = [c for c in nb.cells if "parameters" in tags(c)]
    expected = 1 if path.stem in SMOKE_PARAMETERS else 0
    assert len(cells) == expected, f"expected {expected} cell(s) tagged 'parameters', found {len(cells)}"
    assert all(c.cell_type == "code" for c in cells)


@pytest.mark.parametrize("path", notebooks_to_check(), ids=NOTEBOOK_IDS)
def test_kernelspec_is_python3(path: Path) -> None:
    nb = read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", nb.metadata.get("kernelspec")


def test_requirements_install_the_course_and_jupyter_book_1() -> None:
    lines = [
        line.split("#", 1)[0].strip()
        for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert "-e ." in lines, "requirements.txt must install the course package (-e .) for Binder and make book"
    jb = [line for line in lines if re.match(r"jupyter-book\b", line, re.IGNORECASE)]
    assert jb and re.search(r"<\s*2(?:\.0)*\b", jb[0]), f"requirements.txt must pin jupyter-book<2, has {jb}"


def test_binder_runtime_is_python_311() -> None:
    assert (REPO / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_readme_measurements_come_from_the_measurement_files() -> None:
    """The README's measured block is benchmarks/readme.py's rendering of the committed files."""
    from benchmarks.readme import END, README, START, render

    text = README.read_text(encoding="utf-8")
    block = text[text.index(START) : text.index(END) + len(END)]
    assert block == render(), "stale: run `python -m benchmarks.readme --write`"
