"""The chapters' markdown is plain CommonMark: Colab, Binder and a plain JupyterLab show it as the site does.

Colab and JupyterLab render markdown cells as CommonMark with GitHub tables and ``$…$`` math; neither knows
MyST. Each markdown cell is parsed here with markdown-it-py the same way, and every MyST-only construct is
reported by kind: roles (``{glue}`x```), directive fences and their options, ``:::`` fences, label lines
(``(name)=``), label-only links (``[…](def-x)``), substitutions and comments. A single ``~`` is escaped,
since JupyterLab's renderer reads a pair of them as strikethrough. What the site needs is written in forms
every renderer shows (``_ext/plain_markdown.py``): ``<a id>`` anchors, quoted notes, ``<details>`` asides.
Run alone: ``.venv/bin/python -m pytest tests/test_plain_markdown.py -o addopts="" -q``.
"""

from __future__ import annotations

import itertools
import re

import pytest
from markdown_it import MarkdownIt
from notebooks import load, source

from scripts.glossary import chapter_notebooks

PARSER = MarkdownIt("commonmark").enable("table")
ROLE_BEFORE_CODE = re.compile(r"\{[\w:.-]+\}$")
PLAIN_LINK = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|/|\.{0,2}/|[^\s?#]+\.\w+(?:[?#].*)?$)", re.I)
LINE_RULES = {
    "label line": re.compile(r"^\s*\([^()\s]+\)=\s*$"),
    "colon fence": re.compile(r"^\s*:{3,}"),
    "directive option": re.compile(r"^\s*:[\w-]+:(?:\s|$)"),
    "MyST comment": re.compile(r"^%"),
}


def constructs(markdown: str) -> list[str]:
    """The MyST-only constructs of one markdown cell, each as ``kind: text``."""
    found = []
    tokens = PARSER.parse(markdown)
    for token in tokens:
        if token.type == "fence" and token.info.strip().startswith("{"):
            found.append(f"directive fence: ```{token.info.strip()}")
        if token.type != "inline":
            continue
        for line in token.content.split("\n"):
            found += [f"{kind}: {line.strip()}" for kind, rule in LINE_RULES.items() if rule.search(line)]
        children = token.children or []
        for before, after in itertools.pairwise(children):
            if before.type == "text" and after.type == "code_inline" and ROLE_BEFORE_CODE.search(before.content):
                found.append(f"role: {ROLE_BEFORE_CODE.search(before.content).group(0)}`{after.content}`")
        for child in children:
            if child.type == "link_open" and not PLAIN_LINK.match(child.attrs.get("href", "")):
                found.append(f"label-only link: ]({child.attrs['href']})")
            if child.type == "text" and "{{" in child.content:
                found.append(f"substitution: {child.content.strip()}")
    return found


def unescaped_tildes(markdown: str) -> list[str]:
    """Lines with a ``~`` outside code and math that is not written ``\\~``."""
    text = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)|\$\$.*?\$\$|\$[^$\n]+\$", " ", markdown, flags=re.S)
    return [line.strip() for line in text.split("\n") if re.search(r"(?<!\\)~", line)]


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.stem)
def test_markdown_cells_hold_no_myst_only_construct(path) -> None:
    nb = load(path)
    problems = [
        f"cell {i}: {what}"
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown"
        for what in constructs(source(cell)) + [f"unescaped ~: {t}" for t in unescaped_tildes(source(cell))]
    ]
    assert not problems, f"{path.name}: Colab and JupyterLab would show these raw:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "markdown, kind",
    [
        ("정확도는 {glue:}`test_acc`입니다.", "role"),
        ("{ref}`5.1.1절 <def-x>`", "role"),
        ("```{admonition} 제목\n:class: note\n본문\n```", "directive fence"),
        (":::{note}\n본문\n:::", "colon fence"),
        ("(def-max-pooling)=\n## 최대 풀링", "label line"),
        ("[평행 이동 실험](def-translation-invariance)", "label-only link"),
        ("[5.1.1절](5_1_1_convolution)", "label-only link"),
        ("값은 {{ accuracy }}입니다", "substitution"),
        ("% 저자에게만 보이는 주석", "MyST comment"),
    ],
)
def test_each_kind_of_construct_is_caught(markdown: str, kind: str) -> None:
    assert any(found.startswith(kind) for found in constructs(markdown)), constructs(markdown)


def test_what_every_renderer_shows_passes() -> None:
    plain = (
        '<a id="def-x"></a>**최대 풀링**(max pooling)은 $\\lfloor n/2 \\rfloor$ 크기를 냅니다.\n\n'
        "> **책의 코드와 다른 점**\n>\n> 본문\n\n"
        "[아래](#def-x), [5.1.1절](https://dlp-ko.github.io/convnet-course/chapters/5_1_1_convolution.html), "
        "[파일](data.csv), 0\\~6픽셀, `x ~ y`\n\n| 모델 | 정확도 |\n| --- | ---: |\n| 컨브넷 | 99.0% |"
    )
    assert constructs(plain) == [] and unescaped_tildes(plain) == []
    assert unescaped_tildes("0~6픽셀과 1~2픽셀") == ["0~6픽셀과 1~2픽셀"]
