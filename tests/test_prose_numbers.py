"""The numbers in the chapters' prose are the committed results they cite (tests/cited_numbers.py).

The prose is plain markdown that authors write, numbers included (issue 29). Each chapter's registry
entry renders a piece of text from its source (a measurement file, the book, the models, a stored
output) and this test finds it in the prose; a judging sentence's judgement is checked on the same
numbers. A result-like number in the prose that no entry covers fails the test: a new number needs
its source. Run alone: ``.venv/bin/python -m pytest tests/test_prose_numbers.py -o addopts="" -q``.
"""

from __future__ import annotations

import re

import pytest
from cited_numbers import CITED, normalized
from notebooks import load, source
from site_helpers import REPO

from scripts.glossary import chapter_notebooks

#: What reads as a result: a decimal, a percentage or percentage point, a number with thousands
#: separators or of three digits and more, or a count of seconds, minutes or times.
RESULT = re.compile(r"(?<![\w.])(?:\d+\.\d+|\d{1,3}(?:,\d{3})+|\d{3,}|\d+(?=\s*(?:%|초|분|배)))(?![\w.]*\d)")
#: Section numbers are names, not results.
SECTIONS = re.compile(r"(?<![\d.])5\.1(?:\.[12])?(?![\d.])")


def prose(stem: str) -> str:
    nb = load(REPO / "chapters" / f"{stem}.ipynb")
    return normalized("\n\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown"))


def uncovered_numbers(text: str, covered: list[str]) -> list[str]:
    """Result-like numbers of ``text`` outside every covered piece, code spans, links and HTML."""
    for piece in sorted(covered, key=len, reverse=True):
        text = text.replace(piece, " ‹cited› ")
    text = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", " ", text)  # code spans
    text = re.sub(r"\]\([^)]*\)|<[^>]+>", " ", text)  # link targets and HTML tags
    text = re.sub(r"\b[A-Z]\w*\([^)]*\)", " ", text)  # a layer written as code outside backticks: Dense(512)
    text = SECTIONS.sub(" ", text)
    found = []
    for m in RESULT.finditer(text):
        context = text[max(0, m.start() - 25) : m.end() + 25]
        found.append(f"{m.group(0)!r} in …{context}…")
    return found


@pytest.mark.parametrize("stem", list(CITED))
def test_every_cited_text_is_in_the_prose_and_says_what_its_numbers_say(stem: str) -> None:
    text = prose(stem)
    missing = [c.text for c in CITED[stem]() if normalized(c.text) not in text]
    wrong = [f"{c.claim}: {c.text}" for c in CITED[stem]() if not c.holds]
    assert not missing, f"{stem}: the prose no longer says (rewrite the sentence, or the entry):\n" + "\n".join(missing)
    assert not wrong, f"{stem}: sentences whose judgement the committed numbers no longer support:\n" + "\n".join(wrong)


@pytest.mark.parametrize("stem", [p.stem for p in chapter_notebooks()])
def test_no_number_in_the_prose_lacks_a_source(stem: str) -> None:
    entries = CITED[stem]() if stem in CITED else []
    found = uncovered_numbers(prose(stem), [normalized(c.text) for c in entries])
    assert not found, f"{stem}: numbers with no entry in tests/cited_numbers.py:\n" + "\n".join(found)


def test_a_result_like_number_is_noticed() -> None:
    """The scan sees what an author could leave stale, and not what names a section or a shape in code."""
    said = "정확도는 0.9912, 에러율은 2.3%, 파라미터 93,322개, 약 87초, 15배. 5.1.2절의 `(26, 26, 32)`와 3×3 윈도우"
    assert [f.split("'")[1] for f in uncovered_numbers(said, [])] == ["0.9912", "2.3", "93,322", "87", "15"]
    assert uncovered_numbers(said, ["0.9912", "2.3%", "93,322개", "약 87초", "15배"]) == []
