"""What a learner sees in the three chapters, read from the notebooks' JSON (fast, nothing is executed).

* every exercise solution is hidden, code and output, until the reader asks for it: on the site
  (myst-nb's ``hide-cell`` tag, a "풀이 보기" toggle), in Jupyter (``jupyter.source_hidden`` and
  ``jupyter.outputs_hidden``) and in Colab (``cellView: "form"`` and a ``#@title`` line fold the code;
  Colab shows a stored output whatever the metadata says, so a solution stores none: its run shows it);
* the plumbing stays out of sight, in JupyterLab and Colab too: the only cell the site removes is
  the Colab install cell, folded (``jupyter.source_hidden``, Colab's ``cellView: "form"`` with a
  ``#@title``); no cell checks anything (``assert``, bands) and no removed cell reads a learner's
  answer; neither the prose nor a visible cell mentions papermill, CI or smoke tests;
* visible code fits the page's code column: at most 88 display columns a line (a Korean syllable is
  two columns wide in the monospace font);
* the parameters cell comes right after the title and reads as settings the reader may change;
* no cell glues: the prose states its numbers itself (tests/test_prose_numbers.py checks them);
* the glossary's links land: every ``<a id="def-...">`` anchor that glossary.yml and glossary.md use
  exists, and every anchor is one of them;
* the book's code is in view (5.1.2's no-pooling listing, the pooling check against Keras), and
  no markdown table has an empty header cell.

Run alone: ``.venv/bin/python -m pytest tests/test_notebook_text.py -o addopts="" -q``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from notebooks import load, removed, source, tags

from scripts import glossary as g
from scripts.execute_notebooks import SMOKE_PARAMETERS

ROOT = g.REPO
NOTEBOOKS = g.chapter_notebooks()
NOTEBOOK_IDS = [p.stem for p in NOTEBOOKS]
WITH_EXERCISES = {"5_1_intro_convnets": 2, "5_1_1_convolution": 7, "5_1_2_max_pooling": 4}  # notebook -> solutions

MAX_COLUMNS = 88
SOLUTION_PROMPTS = {"code_prompt_show": "풀이 보기", "code_prompt_hide": "풀이 숨기기"}
PLUMBING = re.compile(r"papermill|(?<![A-Za-z])CI(?![A-Za-z])|스모크", re.IGNORECASE)


def markdown_lines(nb: dict) -> list[tuple[int, list[str]]]:
    """(cell index, lines) of every markdown cell."""
    return [(i, source(c).split("\n")) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]


def visible_code(nb: dict) -> list[tuple[int, dict]]:
    """Code cells whose source the site shows (solutions included: they open on request)."""
    return [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and not removed(c)]


def visible_lines(nb: dict) -> list[tuple[int, str]]:
    """``(cell index, line)`` for every line of :func:`visible_code`."""
    return [(i, line) for i, c in visible_code(nb) for line in source(c).splitlines()]


def is_solution(cell: dict) -> bool:
    """A solution: it defines ``solution...`` and hands it to a ``check_...`` function."""
    text = source(cell)
    return bool(re.search(r"^(?:def )?solution\w*", text, re.M) and re.search(r"\bcheck_\w+\(solution", text))


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=NOTEBOOK_IDS)
def notebook(request) -> tuple[str, dict]:
    return request.param.stem, load(request.param)


def test_the_chapters_are_found() -> None:
    assert sorted(NOTEBOOK_IDS) == [
        "5_1_1_convolution",
        "5_1_2_max_pooling",
        "5_1_intro_convnets",
        "appendix_method",
    ]


# --------------------------------------------------------------------------- exercises


@pytest.mark.parametrize("stem", sorted(WITH_EXERCISES))
def test_solutions_hide_code_and_output_until_asked(stem: str) -> None:
    nb = load(ROOT / "chapters" / f"{stem}.ipynb")
    solutions = [(i, c) for i, c in visible_code(nb) if is_solution(c)]
    assert len(solutions) == WITH_EXERCISES[stem], f"expected {WITH_EXERCISES[stem]} solution cells"
    problems = []
    for i, cell in solutions:
        meta = cell.get("metadata", {})
        if "hide-cell" not in tags(cell) or {"hide-input", "hide-output"} & set(tags(cell)):
            problems.append(f"cell {i}: tags {tags(cell)} (want hide-cell: code and output folded together)")
        if meta.get("jupyter") != {"source_hidden": True, "outputs_hidden": True}:
            problems.append(f"cell {i}: jupyter metadata {meta.get('jupyter')} (Jupyter shows it unfolded)")
        if meta.get("cellView") != "form" or not re.fullmatch(
            r'#@title 연습 문제 \d+의 풀이 \{display-mode: "form"\}', source(cell).split("\n")[0]
        ):
            problems.append(f"cell {i}: no cellView form with a #@title line (Colab shows the code)")
        if cell.get("outputs"):
            problems.append(f"cell {i}: a stored output (Colab shows it under the exercise, folded or not)")
        if "nbval-ignore-output" not in tags(cell):
            problems.append(f"cell {i}: nbval would compare its run's output with the empty stored one")
        prompts = {k: meta.get("mystnb", {}).get(k) for k in SOLUTION_PROMPTS}
        if prompts != SOLUTION_PROMPTS:
            problems.append(f"cell {i}: toggle prompts {prompts}, want {SOLUTION_PROMPTS}")
    assert not problems, f"{stem}: solutions in plain view:\n" + "\n".join(problems)


@pytest.mark.parametrize("stem", sorted(WITH_EXERCISES))
def test_every_exercise_is_followed_by_its_hidden_solution(stem: str) -> None:
    """Exercises are numbered 연습 문제 1, 2, ..., answered in ``answer_1``, ``answer_2``, ..., each followed
    by its solution (tests/test_smoke.py solves them as a learner would; the checkers' tests are
    tests/test_exercises_*.py)."""
    nb = load(ROOT / "chapters" / f"{stem}.ipynb")
    cells = nb["cells"]
    answers = [
        (i, m.group(1))
        for i, c in visible_code(nb)
        for m in [re.search(r"^answer_(\d+) = None", source(c), re.M)]
        if m and re.search(rf"\bcheck_\w+\(answer_{m.group(1)}\)", source(c))
    ]
    assert [n for _, n in answers] == [str(k) for k in range(1, WITH_EXERCISES[stem] + 1)]
    headings = [n for c in cells if c["cell_type"] == "markdown" for n in re.findall(r"연습 문제 (\d+)", source(c))]
    assert sorted(set(headings), key=int) == [n for _, n in answers], headings
    for i, _ in answers:
        following = [c for k, c in enumerate(cells) if k > i and c["cell_type"] == "code"]
        assert following and is_solution(following[0]), f"cell {i}: the next code cell is not its solution"


# --------------------------------------------------------------------------- plumbing


def test_no_cell_glues(notebook) -> None:
    """The prose states its numbers itself; a glued value would be a number no reader of the notebook sees."""
    stem, nb = notebook
    found = [f"cell {i}" for i, c in enumerate(nb["cells"]) if re.search(r"\bglue\(|utils\.glue|myst_nb", source(c))]
    assert not found, f"{stem}: cells that glue: {found}"


def test_what_the_site_removes_is_folded_everywhere_and_checks_nothing(notebook) -> None:
    """The site removes one cell per notebook, the Colab install; JupyterLab (``source_hidden``) and Colab
    (``cellView: "form"``, a ``#@title`` first line) fold it."""
    stem, nb = notebook
    hidden = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and removed(c)]
    assert len(hidden) == 1, f"{stem}: removed code cells {[i for i, _ in hidden]}, want the install cell only"
    ((i, cell),) = hidden
    assert "%pip install" in source(cell) and "google.colab" in source(cell)
    meta = cell["metadata"]
    assert meta.get("jupyter", {}).get("source_hidden") is True, f"{stem} cell {i}: open in JupyterLab"
    assert meta.get("cellView") == "form", f"{stem} cell {i}: open in Colab"
    assert re.fullmatch(r'#@title \S.* \{display-mode: "form"\}', source(cell).split("\n")[0]), source(cell)[:80]


def test_code_the_site_folds_is_folded_in_jupyterlab_and_colab_too(notebook) -> None:
    """``hide-input`` cells (set-up the page reads past) open folded everywhere, their output shown."""
    stem, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if "hide-input" in tags(cell):
            meta = cell["metadata"]
            assert meta.get("jupyter", {}).get("source_hidden") is True, f"{stem} cell {i}: open in JupyterLab"
            assert not meta.get("jupyter", {}).get("outputs_hidden"), f"{stem} cell {i}: its output is the point"
            assert meta.get("cellView") == "form", f"{stem} cell {i}: open in Colab"
            assert re.fullmatch(r'#@title \S.* \{display-mode: "form"\}', source(cell).split("\n")[0]), i
            assert meta.get("mystnb", {}).get("code_prompt_show") == "코드 보기", f"{stem} cell {i}: Korean button"


def test_no_cell_checks_or_reads_the_learners_answers(notebook) -> None:
    """Checks live in tests/; nothing a learner does not see reads what the learner types."""
    stem, nb = notebook
    code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    asserts = [f"cell {i}" for i, c in code if re.search(r"^\s*assert\b|np\.testing|\bexpect\(", source(c), re.M)]
    assert not asserts, f"{stem}: checks in the notebook (they belong in tests/chapter_checks.py): {asserts}"
    readers = [f"cell {i}" for i, c in code if removed(c) and re.search(r"\banswer\w*|\bextract_patch\b", source(c))]
    assert not readers, f"{stem}: hidden cells read a learner's answer: {readers}"


def test_no_plumbing_words_in_view(notebook) -> None:
    stem, nb = notebook
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and removed(cell):
            continue
        texts = [source(cell)]
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        texts += [alt] if alt else []
        found += [f"cell {i}: {m.group(0)!r}" for text in texts for m in PLUMBING.finditer(text)]
    assert not found, f"{stem}: papermill / CI / 스모크 in what the reader sees:\n" + "\n".join(found)


def test_visible_code_fits_the_code_column(notebook) -> None:
    stem, nb = notebook
    wide = [
        f"cell {i}: {display_width(line)} columns: {line}"
        for i, line in visible_lines(nb)
        if display_width(line) > MAX_COLUMNS
    ]
    assert not wide, f"{stem}: lines wider than {MAX_COLUMNS} display columns:\n" + "\n".join(wide)


def test_parameters_cell_follows_the_title(notebook) -> None:
    stem, nb = notebook
    cells = nb["cells"]
    params = [i for i, c in enumerate(cells) if "parameters" in tags(c)]
    if stem not in SMOKE_PARAMETERS:  # the appendix reads measurement files: nothing to set
        assert not params, f"{stem} trains nothing, so it has no parameters cell"
        return
    assert len(params) == 1
    p = params[0]
    titles = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and re.search(r"^# ", source(c), re.M)]
    assert titles and titles[0] < p, f"{stem}: the parameters cell (cell {p}) comes before the title"
    shown_before = [i for i, c in visible_code(nb) if i < p]
    assert not shown_before, f"{stem}: visible code cells {shown_before} come before the parameters cell"
    assert "바꿔도 되는 설정" in source(cells[p - 1]), (
        f"{stem}: the markdown right above the parameters cell should say these are settings you may change"
    )
    assert not PLUMBING.search(source(cells[p]))


def test_the_parameters_cell_states_the_budgets_as_defined() -> None:
    """5.1.2's comments say what ``None`` means under each budget: the numbers of utils.settings.BUDGETS."""
    from utils.settings import BUDGETS

    nb = load(next(p for p in NOTEBOOKS if p.stem == "5_1_2_max_pooling"))
    cell = source(next(c for c in nb["cells"] if "parameters" in tags(c)))
    sizes = {name: f"{budget.train_size or 60_000:,}개" for name, budget in BUDGETS.items()}
    assert f"(cpu: {sizes['cpu']}, book: {sizes['book']})" in cell, cell
    assert f"(cpu: {BUDGETS['cpu'].epochs}, book: {BUDGETS['book'].epochs})" in cell, cell
    seeds = {name: f"[{', '.join(map(str, budget.seeds))}]" for name, budget in BUDGETS.items()}
    assert f"BUDGET대로 (cpu: {seeds['cpu']}, book: {seeds['book']})" in cell, cell


# --------------------------------------------------------------------------- glossary targets


def test_glossary_targets_exist() -> None:
    data = g.load()
    where = {p.relative_to(ROOT).with_suffix("").as_posix(): g.targets(p) for p in NOTEBOOKS}
    everywhere = set().union(*where.values())
    missing = [
        f'{t["ko"]}: <a id="{t["target"]}"> not in {t["page"]}.ipynb'
        for t in data["terms"]
        if t["target"] not in where.get(t["page"], set())
    ]
    referenced = set(re.findall(r"<(def-[a-z0-9-]+)>", g.GLOSSARY_MD.read_text(encoding="utf-8")))
    missing += [f"glossary.md links to {t}, which no chapter has" for t in sorted(referenced - everywhere)]
    assert referenced, "glossary.md links to no def-... anchor"
    assert not missing, "\n".join(missing)
    stray = sorted(everywhere - {t["target"] for t in data["terms"]})
    assert not stray, f"anchors no glossary term names (give the term a target, or drop the anchor): {stray}"


def test_anchors_are_written_one_way(notebook) -> None:
    """``<a id="def-x"></a>`` exactly (what _ext/plain_markdown.py reads), once per anchor in the book."""
    stem, nb = notebook
    text = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    loose = [m for m in re.findall(r"<a\b[^>]*>", text) if not re.fullmatch(r'<a id="def-[a-z0-9-]+">', m)]
    assert not loose, f"{stem}: anchors written another way: {loose}"
    ids = re.findall(r'<a id="(def-[a-z0-9-]+)"></a>', text)
    assert len(ids) == len(set(ids)), f"{stem}: an anchor twice: {ids}"


# --------------------------------------------------------------------------- the book's code, tables


def test_the_no_pooling_listing_is_written_out() -> None:
    nb = load(ROOT / "chapters" / "5_1_2_max_pooling.ipynb")
    shown = [source(c) for _, c in visible_code(nb)]
    listing = [s for s in shown if "keras.Sequential(" in s and s.count("Conv2D(") == 3 and "Pooling" not in s]
    assert listing, "5.1.2 should show the book's no-pooling model as code (keras.Sequential, three Conv2D)"
    assert not any("build_no_pooling_base(" in s for s in shown), "the builder belongs in a hidden check"
    assert any("MaxPooling2D" in s and "max_pool2d(" in s for s in shown), "the check against Keras is hidden"
    assert any(re.search(r"for i in range.*\n\s+for j in range", s) and "max_pool2d" in s for s in shown), (
        "5.1.2 should show max pooling as loops over windows and compare it with max_pool2d"
    )


def test_markdown_tables_have_no_empty_header_cell(notebook) -> None:
    stem, nb = notebook
    problems = []
    for i, lines in markdown_lines(nb):
        for header, rule in itertools.pairwise(lines):
            if header.startswith("|") and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rule.strip()):
                cells = [part.strip() for part in header.strip().strip("|").split("|")]
                if any(not part for part in cells):
                    problems.append(f"cell {i}: {header}")
    assert not problems, f"{stem}: table headers with an empty cell (screen readers announce nothing):\n" + "\n".join(
        problems
    )


def test_the_explorers_alt_text_describes_its_first_figure() -> None:
    """The alt text is written by hand (myst-nb takes it from cell metadata); it must match ``EXPLORER``."""
    import ast

    from utils.ops import conv_output_size

    nb = load(next(p for p in NOTEBOOKS if p.stem == "5_1_1_convolution"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "EXPLORER = {" in source(c))
    explorer = ast.literal_eval(re.search(r"EXPLORER = (\{.*?\})", source(cell)).group(1))
    size, window = explorer["input_size"], explorer["window"]
    out = conv_output_size(size, window, explorer["strides"], explorer["padding"])
    alt = cell["metadata"]["mystnb"]["image"]["alt"]
    assert f"{size}×{size} 격자" in alt and f"{window}×{window} 윈도우" in alt and f"{out}×{out}" in alt, alt
    assert ("패딩" in alt) == (explorer["padding"] == "same"), alt


def test_5_1_2_leaves_its_method_to_the_appendix() -> None:
    """5.1.2's prose stays within two thirds of the 16,254 characters it had with the method inline (cff90ab)."""
    nb = load(g.REPO / "chapters" / "5_1_2_max_pooling.ipynb")
    length = sum(len(source(c)) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert length <= 16_254 * 2 // 3, f"5.1.2's markdown has {length:,} characters"


@pytest.mark.parametrize("word", ["예산", "가려지", "가려진", "가려집", "가릴 수", "가려내"])
def test_plain_words(word: str) -> None:
    """'예산' (budget) and '가려지다' (read as 'hidden') gave way to plainer phrases in every chapter."""
    found = [p.stem for p in NOTEBOOKS if any(word in source(c) for c in load(p)["cells"] if c["cell_type"] != "code")]
    assert not found, f"{word!r} in {found}"
