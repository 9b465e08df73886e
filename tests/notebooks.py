"""The one reader of notebooks for the suite: cells, sources, tags and what cells printed or showed.

It reads committed notebooks, papermill's executed copies and nbval's run: ``EXECUTED`` collects,
per notebook, the cells nbval executed in this process with the outputs they produced
(``tests/conftest.py`` fills it), so checks read the execution the suite already does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Notebook = dict[str, Any]

#: notebook stem -> {"cells": [...]} as nbval executed them in this process (see conftest.py).
EXECUTED: dict[str, Notebook] = {}


def load(path: Path) -> Notebook:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def removed(cell: dict) -> bool:
    """Cells the site leaves out (their source, or the whole cell)."""
    return bool({"remove-cell", "remove-input"} & set(tags(cell)))


def code_cells(nb: Notebook) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def printed(cell: dict, stream: str = "stdout") -> str:
    """Everything one cell wrote to ``stream``."""
    return "".join(
        "".join(o.get("text", ""))
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == stream
    )


def shown(cell: dict) -> str:
    """The text/plain and text/markdown of a cell's displayed results (e.g. an exercise's verdict)."""
    parts = []
    for o in cell.get("outputs", []):
        data = o.get("data", {})
        for mime in ("text/markdown", "text/plain"):
            if mime in data:
                parts.append("".join(data[mime]))
    return "\n".join(parts)


def cell_with(nb: Notebook, text: str) -> dict:
    """The one code cell whose source contains ``text``."""
    found = [c for c in code_cells(nb) if text in source(c)]
    assert len(found) == 1, f"{len(found)} code cells contain {text!r}"
    return found[0]


def html_tables(cell: dict) -> list:
    """The tables of a cell's displayed HTML, parsed as the printable edition parses them (_ext/html_tables.py):
    each with ``.head`` and ``.body``, lists of rows of cell texts."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
    from html_tables import parse_html

    found = []
    for o in cell.get("outputs", []):
        if "text/html" in o.get("data", {}):
            found += parse_html("".join(o["data"]["text/html"])).tables
    return found
