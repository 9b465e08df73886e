"""The site explorers' committed data and the notebook cells that ask for them (issue 18), without a browser.

``_static/explorer/explorer-data.json`` must be what ``scripts/export_explorer_data.py`` writes from
MNIST and ``utils`` today (a changed kernel or model would otherwise leave the site showing stale numbers),
and every ``explorer`` cell metadata must name a kind the module knows, with a starting point that matches
the notebook's own widget. tests/test_explorer.py drives the explorers themselves.
"""

from __future__ import annotations

import ast
import json

import pytest

from _ext import explorers
from scripts import export_explorer_data
from scripts.glossary import chapter_notebooks

#: Where each explorer kind is asked for: the model explorer on 5.1 (after training) and 5.1.1 (the hierarchy).
PAGES_OF_KIND = {
    "convolution": ["5_1_1_convolution"],
    "model": ["5_1_intro_convnets", "5_1_1_convolution"],
    "pooling": ["5_1_2_max_pooling"],
    "receptive-field": ["5_1_2_max_pooling"],
}
#: The 5.1.1 widget's arguments -> the explorer's ``initial`` keys (the window is 3 in both).
WIDGET_TO_EXPLORER = {"input_size": "input", "padding": "padding", "strides": "stride"}


def explorer_cells() -> list[tuple[str, dict]]:
    cells = []
    for path in chapter_notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "explorer" in cell["metadata"]:
                cells.append((path.stem, cell))
    return cells


def test_committed_data_is_what_the_export_writes() -> None:
    committed = export_explorer_data.OUTPUT.read_text(encoding="utf-8")
    fresh = export_explorer_data.render(export_explorer_data.explorer_data())
    assert committed == fresh, "explorer-data.json is stale: run .venv/bin/python -m scripts.export_explorer_data"


def test_data_carries_mnist_attribution_and_only_a_few_digits() -> None:
    data = json.loads(export_explorer_data.OUTPUT.read_text(encoding="utf-8"))
    assert data["attribution"]["license"] == "CC BY-SA 3.0"
    assert "LeCun" in data["attribution"]["creators"]
    assert len(data["digits"]) <= 10, "only a few digits may be committed; the .npz stays out of the repository"
    assert all(len(d["pixels"]) == 28 and all(len(row) == 28 for row in d["pixels"]) for d in data["digits"])


def test_each_explorer_kind_is_asked_for_where_the_course_teaches_it() -> None:
    found: dict[str, list[str]] = {}
    for stem, cell in explorer_cells():
        found.setdefault(cell["metadata"]["explorer"]["kind"], []).append(stem)
    assert found == PAGES_OF_KIND
    assert all(cell["cell_type"] == "code" for _, cell in explorer_cells())


def test_the_model_explorer_starts_on_a_layer_and_a_digit_it_has() -> None:
    """``initial`` of a model explorer: the layer to look at (0-4, the 5.1 model's maps) and a shipped test digit."""
    shipped = {d["index"] for d in json.loads(export_explorer_data.OUTPUT.read_text(encoding="utf-8"))["digits"]}
    for stem, cell in explorer_cells():
        spec = cell["metadata"]["explorer"]
        if spec["kind"] != "model":
            continue
        initial = spec.get("initial", {})
        assert set(initial) <= {"layer", "digit"}, f"{stem}: unknown settings {initial}"
        assert initial.get("layer", 0) in range(5) and initial.get("digit", 1) in shipped, f"{stem}: {initial}"
        assert not spec.get("replaces_output"), f"{stem}: the model explorer adds to the page, it replaces no figure"


def test_the_convolution_explorer_starts_where_the_widget_does() -> None:
    """5.1.1's page replaces the widget's picture: the explorer must open on the same settings."""
    ((stem, cell),) = [(s, c) for s, c in explorer_cells() if c["metadata"]["explorer"].get("replaces_output")]
    assert stem == "5_1_1_convolution"
    tree = ast.parse("".join(cell["source"]))
    (assign,) = [node for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "EXPLORER"]
    widget = ast.literal_eval(assign.value)
    assert widget.get("window", 3) == 3, "the explorer's convolution window is 3x3"
    initial = cell["metadata"]["explorer"]["initial"]
    assert initial == {WIDGET_TO_EXPLORER[k]: v for k, v in widget.items() if k in WIDGET_TO_EXPLORER}


def test_mount_html_escapes_and_rejects_unknown_kinds() -> None:
    html = explorers.mount_html({"kind": "pooling", "initial": {"padding": '"same"'}})
    assert 'data-explorer="pooling"' in html and "&quot;" in html and 'data-replaces-output="false"' in html
    with pytest.raises(ValueError, match="explorer kind"):
        explorers.mount_html({"kind": "dense"})
