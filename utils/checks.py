"""Argument checks shared by every public ``utils`` function (all chapters: 5.1, 5.1.1, 5.1.2).

Each check returns the value it accepted (as a plain ``int``, pair of ints or ``str``) or raises a
ValueError that names the argument, says what was expected and shows what arrived.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def is_int(value: object) -> bool:
    """A Python or NumPy integer, but not a bool (``True`` is an int to Python, not to us) (all sections)."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def int_in_range(value: object, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an int if it lies from ``low`` to ``high``, both included; no upper bound if None (all sections)."""
    if is_int(value) and low <= value and (high is None or value <= high):
        return int(value)
    expected = f"an int >= {low}" if high is None else f"an int from {low} to {high}"
    raise ValueError(f"{name} must be {expected}, got {value!r}")


def positive_int(value: object, name: str) -> int:
    """``value`` as an int if it is a positive integer; otherwise a ValueError naming ``name`` (all sections)."""
    if not (is_int(value) and value >= 1):
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def positive_int_pair(value: object, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(3, 2)`` -> ``(3, 2)``; anything else raises ValueError (5.1.1, 5.1.2).

    For window sizes and strides, which Keras takes as one int or a (height, width) pair.
    """
    values = value if isinstance(value, tuple | list) else (value, value)
    if len(values) == 2 and all(is_int(v) and v >= 1 for v in values):
        return int(values[0]), int(values[1])
    raise ValueError(f"{name} must be a positive int or a pair of positive ints, got {value!r}")


def one_of(value: object, name: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of the strings ``choices``; otherwise a ValueError listing them (5.1.1, 5.1.2)."""
    if isinstance(value, str) and value in choices:
        return value
    raise ValueError(f"{name} must be one of {tuple(choices)}, got {value!r}")
