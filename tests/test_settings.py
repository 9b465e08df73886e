"""utils.settings and the set-up call: every bad parameter stops at the top with a Korean message."""

from __future__ import annotations

import numpy as np
import pytest

from utils.checks import ParameterError
from utils.settings import BUDGETS, resolve_settings


def _resolve(**kwargs: object):
    base = {"seed": 42, "epochs": 5, "train_size": None, "backend": "tensorflow", "accelerator": None}
    return resolve_settings(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0}, "EPOCHS에는 1 이상 100 이하의 정수만 쓸 수 있습니다. 받은 값: 0 (int)"),
        ({"epochs": 2.5}, "EPOCHS에는 1 이상 100 이하의 정수만 쓸 수 있습니다. 받은 값: 2.5 (float)"),
        (
            {"train_size": 0},
            "TRAIN_SIZE에는 1 이상 60,000 이하의 정수 또는 None(60,000개 전부)만 쓸 수 있습니다. 받은 값: 0",
        ),
        ({"train_size": -5}, "받은 값: -5 (int)"),
        ({"train_size": "abc"}, "받은 값: 'abc' (str)"),
        ({"train_size": 60_001}, "받은 값: 60001"),
        ({"seed": -1}, "SEED에는 0 이상"),
        ({"seed": True}, "SEED에는"),
        ({"budget": "gpu"}, "BUDGET에는 'auto' 또는 'cpu' 또는 'book'만 쓸 수 있습니다. 받은 값: 'gpu' (str)"),
        ({"budget": "cpu", "seeds": []}, "SEEDS에는"),
        ({"budget": "cpu", "seeds": "(0,"}, "받은 값: '(0,' (str)"),
        ({"budget": "cpu", "seeds": [0, -1]}, "SEEDS에는"),
    ],
)
def test_bad_parameters_are_named_with_value_and_range(kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError) as info:
        _resolve(**kwargs)
    assert message in str(info.value)


def test_numpy_ints_and_papermill_text_are_accepted() -> None:
    settings = _resolve(epochs=np.int64(3), train_size=np.int32(500))
    assert (settings.epochs, settings.train_size, settings.n_train) == (3, 500, 500)
    assert _resolve(budget="cpu", epochs=None, train_size=None, seeds="[0, 1]").seeds == (0, 1)


@pytest.mark.parametrize(("accelerator", "budget"), [(None, "cpu"), ("NVIDIA H200", "book")])
def test_auto_budget_follows_the_hardware(accelerator: str | None, budget: str) -> None:
    settings = _resolve(budget="auto", epochs=None, train_size=None, accelerator=accelerator)
    assert settings.budget == budget
    assert (settings.train_size, settings.epochs, settings.seeds) == (
        BUDGETS[budget].train_size,
        BUDGETS[budget].epochs,
        BUDGETS[budget].seeds,
    )
    assert ("GPU (NVIDIA H200)" if accelerator else "장치: CPU") in settings.describe()


def test_overriding_the_budget_is_said() -> None:
    settings = _resolve(budget="auto", epochs=1, train_size=None)
    assert settings.budget == "custom" and settings.epochs == 1 and settings.train_size == BUDGETS["cpu"].train_size
    assert "직접 정한 값" in settings.describe()


def test_the_set_up_call_refuses_a_bad_value_before_keras_loads() -> None:
    """A typo in the parameters cell costs the learner no backend start-up (seconds on a CPU)."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom utils.notebook import setup_notebook\n"
        "try:\n    setup_notebook(epochs=0, show=False)\nexcept ValueError as e:\n    print(type(e).__name__)\n"
        "print(sorted(m for m in ('keras', 'tensorflow', 'jax', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["ParameterError", "[]"], out


def test_seeds_and_a_backend_are_checked_without_starting_keras() -> None:
    """5.1.2's SEEDS once went through a module that imports Keras, before BACKEND was set."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom utils.settings import resolve_settings\n"
        "resolve_settings(seed=1, epochs=None, train_size=None, backend='jax', accelerator=None, "
        "budget='cpu', seeds='[3, 4]')\n"
        "print(sorted(m for m in ('keras', 'tensorflow', 'jax', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
