"""utils.exercises.feedback: the verdict every checker of 5.1.1 and 5.1.2 returns, and ``compare``."""

from __future__ import annotations

import numpy as np

from utils.exercises.feedback import Feedback, compare

NOT_ANSWERED = "아직 답을 넣지 않았습니다(None)"


def test_feedback_shows_its_verdict_and_is_truthy_when_correct() -> None:
    assert Feedback(True, "좋아요") and not Feedback(False, "다시")
    assert str(Feedback(True, "좋아요")) == "정답입니다! 좋아요"
    assert Feedback(False, "다시")._repr_markdown_() == "💡 아직 아니에요. 힌트: 다시"


def test_compare() -> None:
    right = compare((2, 3), [2, 3], ok="좋아요", hint="다시")
    assert right and str(right) == "정답입니다! 좋아요" and right._repr_markdown_().startswith("✅")
    assert compare([[6, 8], [3, 4]], np.array([[6.0, 8.0], [3.0, 4.0]]), ok="", hint="") and compare(
        1216, 1216.0, ok="", hint=""
    )
    wrong = compare(5, 6, ok="좋아요", hint="다시")
    assert not wrong and str(wrong) == "아직 아니에요. 힌트: 다시" and wrong._repr_markdown_().startswith("💡")
    assert "모양이 다릅니다" in compare((1, 2), (1, 2, 3), ok="", hint="h").message
    assert "타입" in compare("abc", 1, ok="", hint="h").message
    assert NOT_ANSWERED in compare(None, 1, ok="", hint="h").message


def test_compare_recognises_slips_and_asks_for_an_integer() -> None:
    slips = [(4, "네 개"), (np.zeros((3, 3)), "3×3")]
    assert compare(4, 4, ok="맞아요", hint="h", slips=slips).message == "맞아요", "the right answer wins over a slip"
    assert compare(4, 9, ok="", hint="h", slips=slips).message == "네 개"
    assert compare([[0] * 3] * 3, 9, ok="", hint="h", slips=slips).message == "3×3", "before the shape message"
    assert compare(5, 9, ok="", hint="h", slips=slips).message == "h"
    assert "정수" in compare(9.0, 9, ok="", hint="h", integer="개수").message
    assert "정수" in compare(True, 1, ok="", hint="h", integer="개수").message
    assert compare(np.int64(9), 9, ok="맞아요", hint="h", integer="개수")
