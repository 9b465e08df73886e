"""The one set of argument checks (every section): each returns the value it accepted or raises
:class:`ParameterError`, whose Korean message names the argument, what is allowed and what arrived."""

import ast
from collections.abc import Iterable, Sequence
from typing import NoReturn

import numpy as np


class ParameterError(ValueError):
    """A value a learner passed is out of range; the message says which, what is allowed and what arrived."""


def is_int(value: object) -> bool:
    """A Python or NumPy integer, but not a bool."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def fail(name: str, allowed: str, value: object) -> NoReturn:
    """Raise the one message format: ``EPOCHS에는 1 이상 100 이하의 정수만 쓸 수 있습니다. 받은 값: 0 (int)``."""
    raise ParameterError(f"{name}에는 {allowed}만 쓸 수 있습니다. 받은 값: {value!r} ({type(value).__name__})")


def integer(value: object, name: str, low: int = 1, high: int | None = None, *, none_means: str = "") -> int | None:
    """``value`` as an int from ``low`` to ``high`` (None: no bound); None passes if ``none_means`` names it."""
    if value is None and none_means:
        return None
    if is_int(value) and low <= value and (high is None or value <= high):
        return int(value)
    allowed = f"{low:,} 이상의 정수" if high is None else f"{low:,} 이상 {high:,} 이하의 정수"
    fail(name, allowed + (f" 또는 None({none_means})" if none_means else ""), value)


def int_pair(value: object, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(3, 2)`` stays: window sizes and strides, as Keras takes them (5.1.1, 5.1.2)."""
    values = value if isinstance(value, tuple | list) else (value, value)
    if len(values) == 2 and all(is_int(v) and v >= 1 for v in values):
        return int(values[0]), int(values[1])
    fail(name, "양의 정수나 양의 정수 두 개의 쌍", value)


def choice(value: object, name: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``."""
    if isinstance(value, str) and value in choices:
        return value
    fail(name, " 또는 ".join(map(repr, choices)), value)


def seeds(value: object, name: str = "SEEDS", high: int = 2**32 - 1) -> tuple[int, ...]:
    """A non-empty list of seeds from 0 to ``high``; an int, or papermill's text form ``"[0, 1]"`` (5.1.2)."""
    parsed = value
    if isinstance(parsed, str):
        try:
            parsed = ast.literal_eval(parsed.strip())
        except (ValueError, SyntaxError):
            parsed = None
    if is_int(parsed):
        parsed = (parsed,)
    found = tuple(parsed) if isinstance(parsed, Iterable) and not isinstance(parsed, str) else ()
    if found and all(is_int(s) and 0 <= s <= high for s in found):
        return tuple(int(s) for s in found)
    fail(name, f"0 이상 {high:,} 이하의 정수를 하나 이상 담은 리스트(예: [0, 1, 2])", value)
