"""utils.notebook and utils.glue: the set-up call (seed, logs, Korean font) and glue's bad input."""

from __future__ import annotations

import os

import numpy as np
import pytest

from utils.glue import glue
from utils.notebook import setup_notebook


@pytest.mark.parametrize(("name", "value", "fmt"), [("not valid", 1, ""), ("acc", "x", ".2f")])
def test_glue_rejects(name: str, value: object, fmt: str) -> None:
    with pytest.raises(ValueError):
        glue(name, value, fmt)


def test_setup_sets_logging_seed_and_korean_font() -> None:
    import matplotlib as mpl

    setup_notebook(seed=7)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    first = np.random.rand(3)
    setup_notebook(seed=7)
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert "NanumGothic" in mpl.rcParams["font.family"] and mpl.rcParams["axes.unicode_minus"] is False
