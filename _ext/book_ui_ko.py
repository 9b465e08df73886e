"""Sphinx extension (``_config.yml`` → ``sphinx.local_extensions``): Korean, accessible hide/show toggles.

myst-nb (1.x) wraps a ``hide-input`` / ``hide-output`` / ``hide-cell`` cell in ``<details>`` whose
``<summary>`` shows ``nb_code_prompt_show`` / ``nb_code_prompt_hide`` with ``{type}`` replaced by
an English word (``source``, ``output``, ``outputs``, ``content``), so no global setting alone
gives a Korean label for each kind. ``_config.yml`` sets the prompts to ``"{type} 보기"`` and
``"{type} 숨기기"``; this extension translates the word after myst-nb filled it in:

* ``source`` → 코드, ``output`` / ``outputs`` → 출력, ``content`` → 셀
  ("코드 보기", "출력 숨기기", ...). A prompt set per cell in the notebook metadata
  (``mystnb: {code_prompt_show: "풀이 보기"}``) has no English word and is kept as written.

It also writes the ``<summary>`` without myst-nb's fixed ``aria-label="Toggle hidden content"``:
that name is English and does not contain the visible text (axe ``label-content-name-mismatch``,
WCAG 2.5.3). Without it the summary's name is its visible prompt.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.transforms.post_transforms import SphinxPostTransform

TYPE_WORDS = {"source": "코드", "outputs": "출력", "output": "출력", "content": "셀"}
_TYPE_AT_START = re.compile(r"^(" + "|".join(sorted(TYPE_WORDS, key=len, reverse=True)) + r")\b")


def translate_prompt(prompt: str) -> str:
    """``"source 보기"`` → ``"코드 보기"``; prompts that do not start with a type word are unchanged."""
    return _TYPE_AT_START.sub(lambda m: TYPE_WORDS[m.group(1)], prompt, count=1)


class TranslateHidePrompts(SphinxPostTransform):
    """Runs right after myst-nb's ``HideInputCells`` (priority 199), which creates the nodes."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(HideCodeCellNode):
            for key in ("prompt_show", "prompt_hide"):
                if key in node:
                    node[key] = translate_prompt(node[key])


def visit_hide_cell(self, node: HideCodeCellNode) -> None:
    """myst-nb's ``visit_HideCellInput`` without the English ``aria-label`` on ``<summary>``."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hide_cell(self, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def setup(app) -> dict[str, Any]:
    # Local extensions load after myst_nb, so this replaces its HTML visitor for the node.
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))
    app.add_post_transform(TranslateHidePrompts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
