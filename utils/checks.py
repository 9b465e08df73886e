"""Argument checks shared by every public ``utils`` function (all chapters)."""

from __future__ import annotations

import numpy as np


def is_int(value: object) -> bool:
    """A Python or NumPy integer, but not a bool (``True`` is an int to Python, not to us)."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def positive_int(value: object, name: str) -> int:
    """``value`` as an int if it is a positive integer; otherwise a ValueError naming ``name``."""
    if not (is_int(value) and value >= 1):
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)
