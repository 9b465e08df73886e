"""The predict-then-run exercises (5.1.1's shift, 5.1.2's overfitting): a guess is recorded whatever it is, a
malformed one gets a hint, and the measurement says whether the guess held, from the numbers it is given."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from utils.exercises.convolution import SHIFT_MODELS, check_shift_guess, compare_shift_guess
from utils.exercises.feedback import Prediction, check_choice
from utils.exercises.max_pooling import OVERFIT_MODELS, check_overfit_guess, compare_overfit_guess

SHIFTS = [0, 1, 2, 3]
SHIFT_ACC = {"컨브넷": [0.99, 0.98, 0.95, 0.83], "완전 연결 네트워크": [0.97, 0.95, 0.82, 0.57]}


@pytest.mark.parametrize("check", [check_shift_guess, check_overfit_guess])
def test_a_missing_or_malformed_guess_gets_a_hint(check) -> None:
    for wrong in (None, "dense", 3, ["풀링 없음"]):
        feedback = check(wrong)
        assert isinstance(feedback, Prediction) and not feedback, wrong
        assert "문자열" in feedback.message, feedback.message
    assert "None" in check(None).message


def test_every_choice_is_recorded_as_a_guess_not_as_right() -> None:
    for choice in (*SHIFT_MODELS, *OVERFIT_MODELS, " 풀링 없음 "):
        feedback = (check_overfit_guess if choice.strip() in OVERFIT_MODELS else check_shift_guess)(choice)
        assert feedback and str(feedback).startswith("예측을 적었습니다: "), str(feedback)
        assert "정답" not in str(feedback)


def test_the_shift_measurement_decides_the_guess() -> None:
    assert compare_shift_guess("완전 연결 네트워크", SHIFT_ACC, SHIFTS).matched is True
    outcome = compare_shift_guess("컨브넷", SHIFT_ACC, SHIFTS)
    assert outcome.matched is False and "40.0%p" in outcome.message and "16.0%p" in outcome.message
    assert compare_shift_guess(None, SHIFT_ACC, SHIFTS).matched is None, "no guess, only the numbers"


@pytest.mark.parametrize("shifts", [[0, 2], [1, 2, 3], [3]])
def test_the_shift_measurement_explains_settings_it_cannot_use(shifts: list[int]) -> None:
    acc = {name: values[: len(shifts)] for name, values in SHIFT_ACC.items()}
    outcome = compare_shift_guess("컨브넷", acc, shifts)
    assert outcome.matched is None and "SHIFTS" in outcome.message


def test_the_overfit_measurement_averages_each_models_gap_over_seeds() -> None:
    records = [
        SimpleNamespace(name=name, seed=seed, gap=gap)
        for seed, gaps in enumerate([(0.06, 0.03), (0.02, 0.04), (0.07, 0.02)])
        for name, gap in zip(("no_pool", "max"), gaps, strict=True)
    ] + [SimpleNamespace(name="dense", seed=0, gap=0.5)]
    outcome = compare_overfit_guess("풀링 없음", records)
    assert outcome.matched is True and "시드 3개" in outcome.message and "5.00%p" in outcome.message
    assert compare_overfit_guess("최대 풀링", records).matched is False


def test_markdown_says_which_way_it_went() -> None:
    shown = {o.matched: o._repr_markdown_() for o in (compare_shift_guess(g, SHIFT_ACC, SHIFTS) for g in SHIFT_MODELS)}
    assert shown[True].startswith("✅ 예측이 맞았습니다.") and shown[False].startswith("🔎 예측과 다르게")
    assert check_choice("a", ("a", "b"), then="").correct
