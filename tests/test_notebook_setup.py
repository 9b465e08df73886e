"""utils.notebook: the set-up call (seed, logs, Korean font)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from utils.notebook import setup_notebook


def test_setup_sets_logging_seed_and_korean_font(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib as mpl

    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)  # conftest sets it: the call must set it itself
    setup_notebook(seed=7)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    first = np.random.rand(3)
    setup_notebook(seed=7)
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert "NanumGothic" in mpl.rcParams["font.family"] and mpl.rcParams["axes.unicode_minus"] is False
