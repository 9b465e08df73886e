"""Sphinx extension (``_config.yml`` → ``sphinx.local_extensions``): the printable edition (``make pdf``).

Both transforms run for the LaTeX builder only, on the whole book as one doctree; the HTML site is unchanged.

* :class:`HtmlOutputsToNodes` — ``_config.yml`` lets myst-nb keep ``text/html`` outputs for LaTeX
  (``nb_mime_priority_overrides``) as raw HTML nodes, which the LaTeX writer would drop; they become docutils
  tables and literal blocks (``_ext/html_tables.py``): 5.1.2's result tables and Keras' ``summary()``.
* :class:`SolutionsAppendix` — cells tagged ``hide-cell`` are the exercise solutions (folded on the site;
  sphinx-jupyterbook-latex would leave them out). They move, in book order, to a last appendix "풀이",
  each under a heading naming its chapter and exercise ("5.1 … — 연습 문제 2").
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from html_tables import html_to_nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

APPENDIX_TITLE = "풀이"
APPENDIX_INTRO = "각 장의 연습 문제 풀이를 모았습니다. 사이트에서는 문제 바로 아래에 접혀 있는 셀입니다."
EXERCISE = re.compile(r"연습 문제\s*\d+")


class HtmlOutputsToNodes(SphinxPostTransform):
    """Raw HTML cell outputs → docutils nodes (before the solutions move, so theirs are converted too)."""

    default_priority = 300
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if raw.get("format") == "html" and "output" in raw["classes"]:
                raw.replace_self(html_to_nodes(raw.astext()))


def _chapter_title(start: addnodes.start_of_file) -> str:
    section = next(start.findall(nodes.section), None)
    return section[0].astext() if section is not None and section.children else start["docname"]


def collect_solutions(document: nodes.document) -> list[tuple[str, str, nodes.container]]:
    """``(chapter title, exercise label, cell)`` for each ``hide-cell`` cell, in book order.

    The exercise is the last "연습 문제 N" before the cell, as a bold lead-in or a heading.
    """
    found = []
    chapter, exercise = "", ""
    for node in document.findall():
        if isinstance(node, addnodes.start_of_file):
            chapter, exercise = _chapter_title(node), ""
        elif isinstance(node, (nodes.strong, nodes.title)) and EXERCISE.match(node.astext()):
            exercise = EXERCISE.match(node.astext()).group(0)
        elif isinstance(node, nodes.container) and "tag_hide-cell" in node["classes"]:
            found.append((chapter, exercise, node))
    return found


class SolutionsAppendix(SphinxPostTransform):
    """Runs before sphinx-jupyterbook-latex hides ``hide-cell`` cells (priority 400)."""

    default_priority = 350
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        solutions = collect_solutions(self.document)
        starts = list(self.document.findall(addnodes.start_of_file))
        if not solutions or not starts:
            return
        appendix = nodes.section(ids=["solutions-appendix"], names=["solutions-appendix"])
        appendix += nodes.title(APPENDIX_TITLE, APPENDIX_TITLE)
        appendix += nodes.paragraph(APPENDIX_INTRO, APPENDIX_INTRO)
        for number, (chapter, exercise, cell) in enumerate(solutions, start=1):
            cell.parent.remove(cell)
            cell["classes"] = [c for c in cell["classes"] if c != "tag_hide-cell"]
            heading = f"{chapter} — {exercise}" if exercise else chapter
            part = nodes.section(ids=[f"solution-{number}"], names=[f"solution-{number}"])
            part += nodes.title(heading, heading)
            part += cell
            appendix += part
        last = starts[-1]
        parent = last.parent
        at = parent.index(last) + 1
        parent.insert(at, nodes.raw("", "\\appendix\n", format="latex"))
        parent.insert(at + 1, appendix)


def setup(app: Sphinx) -> dict[str, Any]:
    """Registered by Jupyter Book from ``_config.yml`` (``sphinx.local_extensions.latex_edition``)."""
    app.add_post_transform(HtmlOutputsToNodes)
    app.add_post_transform(SolutionsAppendix)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
