"""utils.exercises.feedback: the verdict every checker of 5.1.1 and 5.1.2 returns."""

from __future__ import annotations

from utils.exercises.feedback import compare, matches

NOT_ANSWERED = "아직 답을 넣지 않았습니다(None)"


def test_feedback_and_compare() -> None:
    right = compare((2, 3), [2, 3], ok="좋아요", hint="다시")
    assert right and str(right) == "정답입니다! 좋아요" and right._repr_markdown_().startswith("✅")
    wrong = compare(5, 6, ok="좋아요", hint="다시")
    assert not wrong and str(wrong) == "아직 아니에요. 힌트: 다시" and wrong._repr_markdown_().startswith("💡")
    assert "모양이 다릅니다" in compare((1, 2), (1, 2, 3), ok="", hint="h").message
    assert "타입" in compare("abc", 1, ok="", hint="h").message
    assert NOT_ANSWERED in compare(None, 1, ok="", hint="h").message


def test_matches_is_compare_without_the_message() -> None:
    assert matches([[6, 8], [3, 4]], [[6.0, 8.0], [3.0, 4.0]]) and matches(1216, 1216.0000001)
    assert not matches(None, 1) and not matches("abc", 1) and not matches((1, 2), (1, 2, 3)) and not matches(5, 6)
