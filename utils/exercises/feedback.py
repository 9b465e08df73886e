"""The verdict on a learner's answer and the comparison every checker builds on (5.1.1, 5.1.2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a Korean message (praise or a hint) (5.1.1, 5.1.2).

    The message is Markdown (the notebook renders ``_repr_markdown_``): code such as
    ``padding="valid"`` goes in backticks, so that it shows as code and keeps its straight quotes.
    """

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("정답입니다! " if self.correct else "아직 아니에요. 힌트: ") + self.message

    def _repr_markdown_(self) -> str:
        return ("✅ " if self.correct else "💡 ") + str(self)


def compare(answer: Any, expected: Any, *, ok: str, hint: str, atol: float = 1e-6) -> Feedback:
    """Compare an answer with the expected value (numbers, tuples or arrays) and give feedback (5.1.1, 5.1.2).

    A missing answer (``None``), something that is not numbers, or a wrong shape each get
    their own message before the ``hint``.
    """
    if answer is None:
        return Feedback(False, "아직 답을 넣지 않았습니다(None). " + hint)
    try:
        a, e = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"숫자나 배열로 답해 주세요 (받은 값의 타입: `{type(answer).__name__}`). " + hint)
    if a.shape != e.shape:
        return Feedback(False, f"모양이 다릅니다: 기대한 모양 {e.shape}, 받은 모양 {a.shape}. " + hint)
    if not np.allclose(a, e, atol=atol, rtol=1e-6):
        return Feedback(False, hint)
    return Feedback(True, ok)


def matches(answer: Any, expected: Any, *, atol: float = 1e-6) -> bool:
    """Whether ``answer`` equals ``expected`` as numbers of the same shape, as :func:`compare` judges it.

    The checkers use it to recognise a known slip (5.1.2).
    """
    return compare(answer, expected, ok="", hint="", atol=atol).correct
