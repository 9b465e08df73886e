"""The glossary (glossary.yml -> glossary.md) and the terms of the prose.

* glossary.yml is well formed, every term points at a heading that exists, and glossary.md is
  what ``.venv/bin/python -m scripts.glossary`` writes from it;
* every term (its Korean form) occurs in the prose of at least one chapter;
* no banned variant (``banned`` in glossary.yml) occurs in the prose of the chapters (markdown
  cells and image alt texts) or of intro.md. Code spans, code blocks, math and URLs are not prose.

A failure lists each notebook, cell index, line and snippet. The same list, without pytest:
``.venv/bin/python -m scripts.glossary --lint``.
Run alone: ``.venv/bin/python -m pytest tests/test_glossary.py -o addopts="" -q``.
"""

from __future__ import annotations

import re

import pytest
import yaml

from scripts import glossary as g

ROOT = g.REPO


@pytest.fixture(scope="module")
def data() -> dict:
    return g.load()


@pytest.fixture(scope="module")
def blocks() -> list[g.Block]:
    found = g.prose_blocks()
    assert any(b.cell is not None for b in found), "no chapter notebooks found through _toc.yml"
    return found


def test_glossary_yml_is_well_formed(data) -> None:
    toc_pages = {str(p.relative_to(ROOT).with_suffix("")) for p in g.chapter_notebooks()}
    problems = []
    seen: set[str] = set()
    for term in data["terms"]:
        name = term.get("ko", "?")
        missing = [k for k in ("ko", "en", "page", "section", "target", "text") if not term.get(k)]
        if missing:
            problems.append(f"{name}: missing {missing}")
            continue
        if name in seen:
            problems.append(f"{name}: listed twice")
        seen.add(name)
        if term["page"] not in toc_pages:
            problems.append(f"{name}: page {term['page']!r} is not a chapter notebook of _toc.yml")
        elif term["section"] not in [text for _, text in g.headings(ROOT / f"{term['page']}.ipynb")]:
            problems.append(f"{name}: no heading {term['section']!r} in {term['page']}.ipynb")
        if not re.fullmatch(r"def-[a-z0-9-]+", term["target"]):
            problems.append(f"{name}: target {term['target']!r} should look like def-some-term")
    targets = [t.get("target") for t in data["terms"]]
    problems += [f"target {t} used twice" for t in set(targets) if targets.count(t) > 1]
    for entry in data["terms"] + data["conventions"]:
        for ban in entry["banned"]:
            try:
                re.compile(ban["pattern"])
            except (re.error, KeyError) as exc:
                problems.append(f"{entry.get('ko') or entry.get('form')}: bad banned pattern {ban}: {exc}")
            if not ban.get("use"):
                problems.append(f"{entry.get('ko') or entry.get('form')}: banned {ban.get('pattern')!r} has no `use`")
    assert not problems, "glossary.yml:\n" + "\n".join(problems)


def test_banned_variants_do_not_ban_a_term(data) -> None:
    """A rule must never match a term's own Korean form (e.g. 경계 must spare 경계 문제)."""
    forms = [t["ko"] for t in data["terms"]] + [c["form"] for c in data["conventions"]]
    clashes = [
        f"{form!r} (right form of {right}) matches the banned pattern {pattern.pattern!r}"
        for right, pattern, _ in g.banned_rules(data)
        for form in forms
        if pattern.search(form)
    ]
    assert not clashes, "\n".join(clashes)


def test_glossary_page_is_generated_and_in_the_toc(data) -> None:
    assert g.GLOSSARY_MD.exists(), "glossary.md is missing: run .venv/bin/python -m scripts.glossary"
    assert g.GLOSSARY_MD.read_text(encoding="utf-8") == g.render(data), (
        "glossary.md is not what glossary.yml gives: run .venv/bin/python -m scripts.glossary"
    )
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [entry["file"] for entry in toc["chapters"]]
    assert "glossary" in files, "glossary is not in _toc.yml"
    chapters = [f for f in files if f.startswith("chapters/")]
    assert files.index("glossary") > files.index(chapters[-1]), "the glossary belongs after the chapters"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("케라스의 `keras.Input`과 Keras", "케라스의 ‹code›과 Keras"),
        ("값은 {glue:}`test_acc`입니다", "값은 ‹code›입니다"),
        ("앞\n```python\nKeras = 1\n```\n뒤", "앞\n\n\n\n뒤"),
        (
            "```{admonition} 책(Keras 2)과 다른 점\n:class: note\n본문 Keras\n```",
            "책(Keras 2)과 다른 점\n\n본문 Keras\n",
        ),
        ("식 $k \\times k$ 과\n$$\nKeras\n$$\n끝", "식 ‹math› 과\n\n\n\n끝"),
        ("[케라스 문서](https://keras.io/api/)", "[케라스 문서]"),
        ("(def-edge)=\n**에지**(edge)", "\n**에지**(edge)"),
    ],
)
def test_prose_keeps_only_reader_text(source: str, expected: str) -> None:
    assert g.prose(source) == expected


def test_figure_labels_are_checked_too(blocks) -> None:
    labels = [b for b in blocks if b.kind == "figure label"]
    assert any(b.source == "utils/figures/convolution.py" and "세로 에지" in b.text for b in labels), labels
    assert all("def " not in b.text for b in labels), "only the strings of the figure modules, not their code"


def test_every_term_occurs_in_the_chapters(data, blocks) -> None:
    missing = g.missing_terms(blocks, data)
    where = {t["ko"]: f"{t['page']}.ipynb, section {t['section']!r}" for t in data["terms"]}
    if missing:
        pytest.fail(
            f"{len(missing)} glossary term(s) occur in no chapter's prose (introduce each where glossary.yml says):\n"
            + "\n".join(f"{term}: {where[term]}" for term in missing),
            pytrace=False,
        )


def test_no_banned_variants_in_the_prose(data, blocks) -> None:
    violations = g.find_violations(blocks, data)
    if violations:
        pytest.fail(
            f"{len(violations)} banned term variant(s) in the prose (glossary.yml `banned`; code is not checked):\n"
            + "\n".join(map(str, violations)),
            pytrace=False,
        )
