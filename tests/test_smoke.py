"""Papermill smoke runs: every notebook with small parameters completes and records sane metrics."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from scripts.execute_notebooks import chapter_notebooks, execute_with_papermill

# Small parameters per notebook, and the glued metrics that must lie in a range at that size.
SMOKE = {
    "5_1_intro_convnets": {
        "parameters": {"EPOCHS": 1, "TRAIN_SIZE": 2000},
        "ranges": {"test_acc": (0.50, 1.0), "dense_acc": (0.50, 1.0), "base_params": (55_744, 55_744)},
    },
    "5_1_1_convolution": {
        "parameters": {"EPOCHS": 1, "TRAIN_SIZE": 2000},
        "ranges": {
            "convnet_acc": (0.50, 1.0),
            "dense_acc": (0.50, 1.0),
            "conv_diff": (0.0, 1e-4),  # utils.ops.conv2d agrees with Keras whatever the training
            "positions_valid": (9, 9),
            "positions_same": (25, 25),
            "positions_stride2": (4, 4),
        },
    },
    "5_1_2_max_pooling": {
        "parameters": {"EPOCHS": 1, "TRAIN_SIZE": 1000, "SEEDS": [0]},
        "ranges": {
            "max_test": (0.25, 1.0),
            "dense_test": (0.25, 1.0),
            "n_coefficients": (30_976, 30_976),
            "dense512_weights": (15_860_224, 15_860_224),
            "model_params": (93_322, 93_322),
        },
    },
}


def glued_values(path: Path) -> dict[str, str]:
    """Every value a notebook glued (myst-nb records), as the text the page would show."""
    nb = nbformat.read(path, as_version=4)
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = output["data"]["application/papermill.record/text/plain"]
    return values


def _number(text: str) -> float:
    text = text.replace(",", "").strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def test_every_notebook_has_smoke_settings() -> None:
    assert sorted(p.stem for p in chapter_notebooks()) == sorted(SMOKE)


@pytest.mark.parametrize("notebook", sorted(SMOKE))
def test_smoke_run(notebook: str, tmp_path: Path) -> None:
    spec = SMOKE[notebook]
    source = next(p for p in chapter_notebooks() if p.stem == notebook)
    execute_with_papermill(source, tmp_path, spec["parameters"])
    executed = tmp_path / source.name
    nb = json.loads(executed.read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["exception"] in (None, False)
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected, "papermill found no cell tagged 'parameters'"
    stderr = [
        "".join(o.get("text", ""))
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("name") == "stderr" and "".join(o.get("text", "")).strip()
    ]
    assert not stderr, f"stderr in outputs: {stderr[:3]}"
    values = glued_values(executed)
    assert set(glued_values(source)) <= set(values), "the smoke run glued fewer values than the committed notebook"
    for name, (low, high) in spec["ranges"].items():
        assert low <= _number(values[name]) <= high, (name, values[name])
