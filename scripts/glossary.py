"""The course glossary: glossary.yml -> glossary.md, and the prose checks tests/test_glossary.py runs.

    .venv/bin/python -m scripts.glossary            write glossary.md from glossary.yml
    .venv/bin/python -m scripts.glossary --check    exit 1 when glossary.md is out of date
    .venv/bin/python -m scripts.glossary --lint     list banned variants and missing terms in the prose

The prose is what a reader reads as text: the markdown cells of the chapters (and their image alt
texts, ``metadata.mystnb.image.alt``), intro.md and the Korean strings of ``utils/figures`` (figure
labels), with code blocks, code spans (left as
``‹code›``), math, link URLs and HTML tags removed. MyST directives written as fences
(```` ```{admonition} ````) are prose: their title and body are kept, their ``:option:`` lines not.
Removed blocks keep their line breaks, so line numbers match the source.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.paths import REPO, chapter_notebooks

GLOSSARY_YML = REPO / "glossary.yml"
GLOSSARY_MD = REPO / "glossary.md"
CODE = "‹code›"
MATH = "‹math›"


# --------------------------------------------------------------------------- the term list


def load(path: Path = GLOSSARY_YML) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("conventions", [])
    for entry in data["terms"] + data["conventions"]:
        entry.setdefault("banned", [])
    return data


def banned_rules(data: dict) -> list[tuple[str, re.Pattern, str]]:
    """(the right form, compiled pattern, what to write instead) for every banned variant."""
    rules = []
    for entry in data["terms"] + data["conventions"]:
        form = entry.get("ko") or entry["form"]
        for ban in entry["banned"]:
            rules.append((form, re.compile(ban["pattern"]), ban["use"]))
    return rules


# --------------------------------------------------------------------------- chapter sources


@dataclass(frozen=True)
class Block:
    """A piece of reader-visible text: a markdown cell, an image alt text, a markdown file or a figure's labels."""

    source: str  # path relative to the repository
    cell: int | None  # notebook cell index; None for a markdown file
    kind: str  # "markdown", "image alt" or "figure label"
    text: str

    @property
    def where(self) -> str:
        if self.cell is None:
            return self.source
        return f"{self.source} cell {self.cell}" + (" (image alt)" if self.kind != "markdown" else "")


def notebook_blocks(path: Path, root: Path = REPO) -> list[Block]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root).as_posix()
    blocks = []
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            blocks.append(Block(rel, i, "markdown", source))
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            blocks.append(Block(rel, i, "image alt", alt))
    return blocks


def _python_strings(text: str) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')


def _js_strings(text: str) -> list[str]:
    """String and template literals of a JavaScript module, comment lines left out."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("//", "*", "/*")))
    return [m[0][1:-1] for m in _JS_STRING.finditer(code)]


def _korean_string_blocks(paths: list[Path], kind: str, strings, root: Path) -> list[Block]:
    """One block per file: the ``strings(text)`` of it that have Hangul."""
    blocks = []
    for path in paths:
        korean = [text for text in strings(path.read_text(encoding="utf-8")) if re.search("[가-힣]", text)]
        if korean:
            blocks.append(Block(path.relative_to(root).as_posix(), None, kind, "\n".join(korean)))
    return blocks


def figure_label_blocks(root: Path = REPO) -> list[Block]:
    """The Korean strings of ``utils/figures`` (titles, axis labels, legends, alt texts), one block per module."""
    paths = sorted((root / "utils" / "figures").glob("*.py"))
    return _korean_string_blocks(paths, "figure label", _python_strings, root)


def explorer_label_blocks(root: Path = REPO) -> list[Block]:
    """The Korean strings of the site's in-page explorers (``_static/explorer/*.mjs``), one block per module."""
    paths = sorted((root / "_static" / "explorer").glob("*.mjs"))
    return _korean_string_blocks(paths, "explorer label", _js_strings, root)


def prose_blocks(root: Path = REPO) -> list[Block]:
    """Everything the prose checks read: the chapters' markdown cells and alt texts, intro.md, figure and
    explorer labels."""
    blocks = [b for nb in chapter_notebooks(root) for b in notebook_blocks(nb, root)]
    intro = root / "intro.md"
    if intro.exists():
        blocks.append(Block("intro.md", None, "markdown", intro.read_text(encoding="utf-8")))
    return blocks + figure_label_blocks(root) + explorer_label_blocks(root)


# --------------------------------------------------------------------------- prose extraction

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:")
_TARGET = re.compile(r"^\s*\([^()\n]+\)=\s*$")  # (label)=
_COMMENT = re.compile(r"^\s*%")  # MyST comment line


def _strip_blocks(text: str) -> str:
    """Line for line: code blocks, math blocks, directive options, targets and comments blanked."""
    out: list[str] = []
    fence: tuple[str, bool] | None = None  # (opening fence, inside a prose directive)
    in_math = False
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:
            opening, directive = fence
            if stripped and set(stripped) == {opening[0]} and len(stripped) >= len(opening):
                fence = None
                out.append("")
            else:
                out.append(line if directive and not _DIRECTIVE_OPTION.match(line) else "")
            continue
        if in_math:
            in_math = "$$" not in stripped
            out.append("")
            continue
        m = _FENCE.match(line)
        if m:
            info = m.group("info").strip()
            directive = info.startswith("{") and not info.startswith(("{code", "{math}", "{eval-rst}", "{raw}"))
            fence = (m.group("fence"), directive)
            out.append(re.sub(r"^\{[^}]*\}\s*", "", info) if directive else "")  # a directive's title is prose
            continue
        if stripped.startswith("$$"):
            in_math = not (len(stripped) > 4 and stripped.endswith("$$"))
            out.append("")
            continue
        out.append("" if _TARGET.match(line) or _COMMENT.match(line) else line)
    return "\n".join(out)


def prose(text: str) -> str:
    """Reader-visible text of MyST markdown, line for line (see the module docstring)."""
    text = _strip_blocks(text)
    text = re.sub(r"(\{[\w:.-]+\})?(`+)(?!`).+?(?<!`)\2(?!`)", CODE, text)  # roles and code spans
    text = re.sub(r"(?<![\\$])\$(?!\$)[^$\n]+?(?<![\\$])\$", MATH, text)  # inline math
    text = re.sub(r"\]\([^)\s]*\)", "]", text)  # link URLs
    text = re.sub(r"<https?://[^>]+>|https?://\S+", " ", text)  # autolinks and bare URLs
    text = re.sub(r"<[^>\n]+>", " ", text)  # HTML tags
    return text


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Violation:
    block: Block
    line: int  # 1-based line in the block
    found: str
    form: str  # the right form
    use: str
    snippet: str

    def __str__(self) -> str:
        return (
            f"{self.block.where} line {self.line}: {self.found!r} -> {self.use}"
            f" [term {self.form}]\n      ...{self.snippet}..."
        )


def find_violations(blocks: list[Block], data: dict) -> list[Violation]:
    rules = banned_rules(data)
    found = []
    for block in blocks:
        text = prose(block.text)
        for form, pattern, use in rules:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                snippet = text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ").strip()
                found.append(Violation(block, line, m.group(0), form, use, snippet))
    found.sort(key=lambda v: (v.block.source, v.block.cell or 0, v.line))
    return found


def missing_terms(blocks: list[Block], data: dict) -> list[str]:
    """Korean terms that occur in no chapter markdown cell (prose only)."""
    chapter_text = "\n".join(prose(b.text) for b in blocks if b.cell is not None and b.kind == "markdown")
    return [t["ko"] for t in data["terms"] if t["ko"] not in chapter_text]


# --------------------------------------------------------------------------- glossary.md


def _slugify(title: str) -> str:
    """myst-parser's default heading slug (``myst_heading_anchors``)."""
    from myst_parser.mdit_to_docutils.base import default_slugify

    return default_slugify(title)


def headings(path: Path) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading of a notebook, in order."""
    found = []
    for block in notebook_blocks(path):
        if block.kind != "markdown":
            continue
        for line in _strip_blocks(block.text).split("\n"):
            m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if m:
                found.append((len(m.group(1)), m.group(2)))
    return found


#: An anchor in plain markdown: invisible in every renderer, a target on the site (_ext/plain_markdown.py).
ANCHOR = re.compile(r'<a id="([\w-]+)"></a>')


def targets(path: Path) -> set[str]:
    """The ``<a id="..."></a>`` anchors written in a notebook's markdown cells."""
    return {m.group(1) for b in notebook_blocks(path) if b.kind == "markdown" for m in ANCHOR.finditer(b.text)}


def term_link(term: dict, root: Path = REPO) -> str:
    """A MyST link to where the term is first explained: its target when the notebook has it, else its heading."""
    nb = root / f"{term['page']}.ipynb"
    found = headings(nb)
    if not found:
        raise ValueError(f"{term['ko']}: {nb} has no headings")
    title = found[0][1]
    number = title.split()[0]
    section = term["section"]
    if section not in [text for _, text in found]:
        raise ValueError(f"{term['ko']}: no heading {section!r} in {term['page']}.ipynb")
    label = f"{number}절 ‘{section}’" if section != title else title
    if term.get("target") and term["target"] in targets(nb):
        return f"{{ref}}`{label} <{term['target']}>`"
    link = f"{term['page']}.ipynb" + ("" if section == title else f"#{_slugify(section)}")
    return f"[{label}]({link})"


def render(data: dict, root: Path = REPO) -> str:
    terms = sorted(data["terms"], key=lambda t: t["ko"])
    lines = [
        "% 이 파일은 glossary.yml에서 만듭니다. 고칠 때는 glossary.yml을 고치고",
        "% `.venv/bin/python -m scripts.glossary`를 실행하세요 (tests/test_glossary.py가 확인합니다).",
        "",
        "# 용어집",
        "",
        "이 강좌에 나오는 용어를 가나다순으로 모았습니다. 용어는 《케라스 창시자에게 배우는 딥러닝》",
        "한국어판(박해선 옮김)을 따르고, 괄호 안에 영어 용어를 적었습니다. 각 항목 끝의 링크는 그 용어를",
        "처음 설명하는 곳입니다.",
        "†표는 책의 이 절에는 없고 이 강좌가 더한 용어입니다.",
        "",
        "```{glossary}",
    ]
    for term in terms:
        mark = "†" if term.get("added") else ""
        text = " ".join(term["text"].split())
        lines += [f"{term['ko']}{mark} ({term['en']})", f"  {text} → {term_link(term, root)}", ""]
    lines[-1:] = ["```", ""]
    lines += ["## 이 강좌의 표기", ""]
    lines += [
        "- **케라스**: 본문에서는 한글로 씁니다. 코드(`keras.Input`)와 영어 책 제목은 그대로 둡니다.",
        "- **파라미터와 매개변수**: 모델이 훈련으로 배우는 가중치와 편향은 *파라미터*(`count_params()`가 세는 것,"
        ' "파라미터 수"), 함수나 층에 넘기는 인자와 설정값은 *매개변수*(`padding` 매개변수)입니다.',
        "- **에지와 경계**: 이미지에서 밝기가 바뀌는 곳은 *에지*(edge)입니다. *경계*는 *경계 문제*(border effects)에만"
        " 쓰고, 이미지나 특성 맵의 테두리는 *가장자리*라고 씁니다.",
    ]
    for conv in data["conventions"]:
        lines.append(f"- **{conv['form']}**: {conv['text']}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 when glossary.md is out of date")
    group.add_argument("--lint", action="store_true", help="list banned variants and missing terms in the prose")
    args = parser.parse_args(argv)
    data = load()
    if args.lint:
        blocks = prose_blocks()
        problems = [str(v) for v in find_violations(blocks, data)]
        problems += [f"term not used in any chapter: {t}" for t in missing_terms(blocks, data)]
        print("\n".join(problems) or "no problems")
        return 1 if problems else 0
    text = render(data)
    if args.check:
        current = GLOSSARY_MD.read_text(encoding="utf-8") if GLOSSARY_MD.exists() else ""
        if current != text:
            print("glossary.md is out of date: run .venv/bin/python -m scripts.glossary", file=sys.stderr)
            return 1
        return 0
    GLOSSARY_MD.write_text(text, encoding="utf-8")
    print(f"wrote {GLOSSARY_MD.relative_to(REPO)} ({len(data['terms'])} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
