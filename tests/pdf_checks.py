"""Checks of the printable edition, run by ``make pdf`` after it builds ``_build/latex/convnet-course.pdf``.

Not a ``test_*.py`` file: ``make test`` does not collect it, so the suite's time is not spent on TeX. Everything
expected is read from the committed notebooks and pages (``_toc.yml``), never typed here:

* every chapter is in, with each Korean heading of every page (``pdftotext``);
* every number the prose cites (tests/cited_numbers.py) appears in the PDF as on the site;
* all fonts are embedded and the Nanum fonts are used (``pdffonts``);
* the figures: one image per stored ``image/png`` output of a cell the site shows (not ``remove-cell`` /
  ``remove-output``), counted per output, so an image shown twice counts twice; ``pdfimages -list`` lists each
  drawn image once plus its alpha mask (``smask`` rows, not counted). The notebooks have no SVG outputs and
  no images in markdown (checked here too, so a new kind of figure fails until this count covers it);
* the stored HTML tables (5.1.2's results) are typeset as tables, not "<IPython.core.display.HTML object>";
* the ``hide-cell`` cells (the exercise solutions) are in the appendix "풀이", one heading each;
* ``remove-cell`` cells are left out;
* the LaTeX log has no "Missing character" (a glyph no font had).
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from cited_numbers import CITED, rendered
from notebooks import code_cells, load, removed, source, tags
from site_helpers import REPO, toc_files

sys.path.insert(0, str(REPO / "_ext"))
from html_tables import parse_html
from latex_edition import APPENDIX_INTRO

from scripts.glossary import chapter_notebooks

LATEX = REPO / "_build" / "latex"
PDF = LATEX / "convnet-course.pdf"
LOG = LATEX / "convnet-course.log"
MD_IMAGE = re.compile(r"!\[|<img\b|\{image\}|\{figure\}")


def squeeze(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines (and Korean lines break anywhere)."""
    return re.sub(r"\s+", "", text)


def plain_heading(line: str) -> str:
    """A markdown heading's visible text: no ``#``, backticks, emphasis, link targets or roles."""
    text = line.lstrip("#").strip()
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("`", "").replace("**", "").replace("*", "")


def squeeze_index(text: str, phrase: str) -> int:
    """Where ``phrase`` starts in ``text``, whatever line breaks pdftotext put inside it."""
    pattern = r"\s*".join(map(re.escape, squeeze(phrase)))
    return re.search(pattern, text).start()


@cache
def pdf_text() -> str:
    return subprocess.run(["pdftotext", str(PDF), "-"], check=True, capture_output=True, text=True).stdout


def body_text() -> str:
    """The pages' text without the running header (y about 36 pt on A4) and the page number (about 792 pt),
    which pdftotext would otherwise put inside a sentence that crosses a page; the body spans about 72-763 pt."""
    crop = ["-x", "0", "-y", "55", "-W", "596", "-H", "725"]
    return subprocess.run(["pdftotext", *crop, str(PDF), "-"], check=True, capture_output=True, text=True).stdout


def shown_cells(path: Path) -> list[dict]:
    """Code cells whose outputs the site shows."""
    return [c for c in code_cells(load(path)) if not {"remove-cell", "remove-output"} & set(tags(c))]


def headings(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        text = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return [plain_heading(line) for line in text.splitlines() if re.match(r"#{1,6} ", line)]


def test_pdf_was_built():
    assert PDF.exists(), "run `make pdf` (it builds the PDF before these checks)"
    info = subprocess.run(["pdfinfo", str(PDF)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 10


@pytest.mark.parametrize("page", toc_files())
def test_every_heading_of_every_page_is_in_the_pdf(page):
    path = next(p for p in (REPO / f"{page}.ipynb", REPO / f"{page}.md") if p.exists())
    found = headings(path)
    assert found, f"{path.name} has no headings"
    text = squeeze(pdf_text())
    missing = [h for h in found if squeeze(h) not in text]
    assert not missing, f"headings of {path.name} not in the PDF: {missing}"


@pytest.mark.parametrize("stem", list(CITED))
def test_cited_numbers_appear_as_on_the_site(stem: str) -> None:
    """The prose's numbers (outside math, which the PDF typesets) are in the PDF's text."""
    text = squeeze(body_text())
    # pdftotext reads a table column by column, so a table row's cells are looked for one by one
    texts = [cell for c in CITED[stem]() for cell in c.text.split("|") if cell.strip()]
    cited = [piece for piece in map(rendered, texts) if piece is not None]
    missing = [piece for piece in cited if squeeze(piece) not in text]
    assert not missing, f"numbers of {stem} not in the PDF: {missing}"


def test_fonts_are_embedded_and_korean():
    out = subprocess.run(["pdffonts", str(PDF)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    not_embedded = [r[0] for r in rows if r[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    names = " ".join(r[0] for r in rows)
    for family in ("NanumMyeongjo", "NanumGothic", "NanumGothicCoding"):
        assert family in names, f"{family} not used: {names}"


def expected_figures() -> int:
    """Stored ``image/png`` outputs of the cells the site shows, per output (see the module docstring)."""
    count = 0
    for path in chapter_notebooks():
        nb = load(path)
        for cell in nb["cells"]:
            assert cell["cell_type"] != "markdown" or not MD_IMAGE.search(source(cell)), f"image in {path.name}"
        for cell in shown_cells(path):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                assert "image/svg+xml" not in data, f"an SVG output in {path.name}: count it"
                count += "image/png" in data
    return count


def test_every_stored_figure_is_in_the_pdf():
    out = subprocess.run(["pdfimages", "-list", str(PDF)], check=True, capture_output=True, text=True).stdout
    images = [line.split() for line in out.splitlines()[2:] if line.strip()]
    drawn = [row for row in images if row[2] == "image"]
    assert len(drawn) == expected_figures()


def test_stored_html_tables_are_typeset_as_tables():
    text = squeeze(pdf_text())
    assert "IPython.core.display.HTML" not in text
    tables = [
        table
        for path in chapter_notebooks()
        for cell in shown_cells(path)
        for output in cell.get("outputs", [])
        for table in parse_html("".join(output.get("data", {}).get("text/html", ""))).tables
    ]
    assert tables, "no stored HTML tables found"
    for table in tables:
        for row in table.head + table.body[:1]:
            assert all(squeeze(cell) in text for cell in row), f"table row not in the PDF: {row}"


def test_solutions_are_gathered_in_the_appendix():
    solutions = [c for path in chapter_notebooks() for c in code_cells(load(path)) if "hide-cell" in tags(c)]
    assert solutions
    text = pdf_text()
    appendix = text[squeeze_index(text, APPENDIX_INTRO) :]
    # one heading per solution, "<chapter> — 연습 문제 N" (pdftotext may give the dash as U+2015); a set,
    # as the page headers repeat the last heading of a page
    found = set(re.findall(r"^(.+?)\s*[—―]\s*(연습\s*문제\s*\d+)$", appendix, flags=re.M))
    assert len(found) == len(solutions), sorted(found)
    for cell in solutions:
        # a long code line wraps in the PDF: its start, without a trailing comment
        start = squeeze(source(cell).splitlines()[0].split("  #")[0])[:30]
        assert start in squeeze(appendix), f"solution not in the appendix: {start}"


def test_removed_cells_are_left_out():
    text = squeeze(pdf_text())
    for path in chapter_notebooks():
        for cell in code_cells(load(path)):
            if removed(cell):
                first_line = source(cell).splitlines()[0]
                assert squeeze(first_line) not in text, f"a removed cell of {path.name} is in the PDF"


def test_no_missing_glyphs():
    missing = sorted(set(re.findall(r"Missing character: .*", LOG.read_text(encoding="utf-8", errors="replace"))))
    assert not missing, missing
