"""The verdict on a learner's answer and the comparison the checkers of 5.1.1 and 5.1.2 build on."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from utils.checks import is_int


@dataclass(frozen=True)
class Feedback:
    """``correct`` and a Korean Markdown message (praise or a hint; code goes in backticks); truthy when correct."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("정답입니다! " if self.correct else "아직 아니에요. 힌트: ") + self.message

    def _repr_markdown_(self) -> str:
        return ("✅ " if self.correct else "💡 ") + str(self)


def as_ints(answer: Any) -> tuple[int, ...] | None:
    """``answer`` as a tuple of ints, or None if it is not a sequence of integers (5.1, 5.1.1)."""
    values = tuple(answer) if isinstance(answer, Iterable) else (None,)
    return tuple(map(int, values)) if all(map(is_int, values)) else None


Slips = Iterable[tuple[Any, str]]  # known wrong answers, each with the hint it gets


def compare(answer: Any, expected: Any, *, ok: str, hint: str, slips: Slips = (), integer: str = "") -> Feedback:
    """``ok`` if the answer equals the expected numbers (a number, tuple or array), else a hint: a missing answer,
    not numbers (no integer, where ``integer`` names the quantity) or a wrong shape say so; a known slip has its own."""
    if answer is None:
        return Feedback(False, "아직 답을 넣지 않았습니다(None). " + hint)
    if integer and not is_int(answer):
        return Feedback(False, f"{integer}를 정수 하나로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    try:
        a, e = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"숫자나 배열로 답해 주세요 (받은 값의 타입: `{type(answer).__name__}`). " + hint)
    if a.shape == e.shape and np.allclose(a, e, rtol=1e-6):
        return Feedback(True, ok)
    for wrong, why in slips:
        if compare(answer, wrong, ok="", hint=""):
            return Feedback(False, why)
    if a.shape != e.shape:
        return Feedback(False, f"모양이 다릅니다: 기대한 모양 {e.shape}, 받은 모양 {a.shape}. " + hint)
    return Feedback(False, hint)


class Prediction(Feedback):
    """A guess written before a measuring cell runs (5.1.1, 5.1.2): ``correct`` means one of the choices was written,
    not that it will turn out right; the measurement below the cell decides that (:class:`Measured`)."""

    def __str__(self) -> str:
        return ("예측을 적었습니다: " if self.correct else "아직 아니에요. 힌트: ") + self.message


def _guess(answer: Any, choices: Collection[str]) -> str | None:
    """The choice ``answer`` names (spaces around it ignored), or None if it names none."""
    return answer.strip() if isinstance(answer, str) and answer.strip() in choices else None


def check_choice(answer: Any, choices: Collection[str], *, then: str) -> Prediction:
    """One of ``choices``, as a string (spaces around it are ignored); ``then`` says which cell will measure it."""
    options = " 또는 ".join(f'`"{c}"`' for c in choices)
    if answer is None:
        return Prediction(False, f"아직 예측을 적지 않았습니다(None). {options} 가운데 하나를 문자열로 적어 보세요.")
    guess = _guess(answer, choices)
    if guess is None:
        return Prediction(False, f"{options} 가운데 하나를 그대로 문자열로 적어 주세요 (받은 값: `{answer!r}`).")
    return Prediction(True, f"**{guess}**. {then}")


@dataclass(frozen=True)
class Measured:
    """What a measurement says of a guess (5.1.1, 5.1.2): ``matched`` is None when there was no guess to compare."""

    matched: bool | None
    message: str

    def __str__(self) -> str:
        verdict = {True: "예측이 맞았습니다. ", False: "예측과 다르게 나왔습니다. ", None: ""}[self.matched]
        return verdict + self.message

    def _repr_markdown_(self) -> str:
        return {True: "✅ ", False: "🔎 ", None: "📏 "}[self.matched] + str(self)


def measured_choice(answer: Any, choices: Collection[str], measured: str, detail: str) -> Measured:
    """Compare a guess (:func:`check_choice`) with the choice the run measured; ``detail`` gives the numbers."""
    guess = _guess(answer, choices)
    return Measured(None if guess is None else guess == measured, detail)
