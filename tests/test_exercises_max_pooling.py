"""utils.exercises.max_pooling: 5.1.2's checkers pass the notebook's solutions and explain the usual mistakes.
The checks of the solutions that the notebook's hidden cells made live here."""

from __future__ import annotations

import re

import numpy as np
import pytest

from utils.exercises.feedback import Feedback
from utils.exercises.max_pooling import (
    POOLING_GRID,
    check_dense_on_convnet_base,
    check_max_pool,
    check_strided_receptive_field,
)
from utils.models import build_convnet_base
from utils.ops import max_pool2d
from utils.receptive_fields import receptive_field

# The notebook's solutions (chapters/5_1_2_max_pooling.ipynb), as its hidden solution cells compute them.
SOLUTION_1 = [[6, 8], [3, 4]]


def solution_2() -> int:
    flat = int(np.prod(build_convnet_base().output_shape[1:]))
    return flat * 512 + 512


def solution_3() -> int:
    r, j = 1, 1
    for k, s in [(3, 2), (3, 2), (3, 1)]:
        r, j = r + (k - 1) * j, j * s
    return r


def test_max_pool_solution_passes_and_equals_max_pool2d() -> None:
    """Hidden cell: the solution passes, equals utils.ops.max_pool2d on the grid, and the unfilled None fails."""
    np.testing.assert_array_equal(SOLUTION_1, max_pool2d(POOLING_GRID[None, :, :, None])[0, :, :, 0])
    right = check_max_pool(SOLUTION_1)
    assert isinstance(right, Feedback) and right and str(right).startswith("정답입니다!")
    assert not check_max_pool(None) and "None" in check_max_pool(None).message


def test_max_pool_slips_get_their_hint() -> None:
    averaged = check_max_pool([[2.75, 4.75], [1.75, 1.75]])
    assert not averaged and "평균" in averaged.message
    sliding = max_pool2d(POOLING_GRID[None, :, :, None], 2, strides=1)[0, :, :, 0]
    assert "스트라이드 1" in check_max_pool(sliding).message
    other_shape = check_max_pool(np.full((3, 3), 6.0))
    assert not other_shape and "모양이 다릅니다" in other_shape.message
    assert not check_max_pool([[6, 8], [3, 5]])


def test_dense_on_convnet_base_solution_passes() -> None:
    """Hidden cell: the solution passes and is 295,424."""
    assert solution_2() == 3 * 3 * 64 * 512 + 512 == 295_424
    assert check_dense_on_convnet_base(solution_2())
    assert not check_dense_on_convnet_base(None)


def test_dense_on_convnet_base_slips_get_their_hint() -> None:
    assert "편향" in check_dense_on_convnet_base(3 * 3 * 64 * 512).message
    assert "풀링 없는" in check_dense_on_convnet_base(30_976 * 512 + 512).message
    assert not check_dense_on_convnet_base(1234)
    assert "숫자" in check_dense_on_convnet_base("많다").message


def test_strided_receptive_field_solution_passes_and_equals_receptive_field() -> None:
    """Hidden cell: the solution passes and equals receptive_field(build_convnet_base("strided"))."""
    assert solution_3() == receptive_field(build_convnet_base("strided")) == 15
    assert check_strided_receptive_field(solution_3())
    assert not check_strided_receptive_field(None)


def test_strided_receptive_field_slips_get_their_hint() -> None:
    assert "간격 j" in check_strided_receptive_field(7).message  # the no-pooling model's 7: strides taken as 1
    assert "풀링" in check_strided_receptive_field(18).message
    assert not check_strided_receptive_field(9)  # the earlier strided variant's field
    assert "3픽셀 좁은" in check_strided_receptive_field(15).message


def test_strided_receptive_field_hint_for_updating_the_jump_first() -> None:
    """The slip j <- j*s before r <- r + (k-1)*j gives 5, 5 + 2*4 = 13, 13 + 2*4 = 21 for strides 2, 2, 1."""
    r, j = 1, 1
    for k, s in [(3, 2), (3, 2), (3, 1)]:
        j *= s
        r += (k - 1) * j
    assert r == 21
    slipped = check_strided_receptive_field(r)
    assert not slipped and "먼저" in slipped.message and "`j ← j × s`" in slipped.message


@pytest.mark.parametrize(
    ("check", "answers"),
    [
        (check_max_pool, [None, [[2.75, 4.75], [1.75, 1.75]], np.full((3, 3), 6.0), [[6, 8], [3, 5]]]),
        (check_dense_on_convnet_base, [None, 3 * 3 * 64 * 512, 30_976 * 512 + 512, 1234, "많다"]),
        (check_strided_receptive_field, [None, 7, 15, 18, 21, 9]),
    ],
)
def test_code_in_feedback_is_in_code_spans(check, answers) -> None:
    """Quotes outside code spans become curly quotes on the page; code goes in backticks."""
    for answer in answers:
        message = check(answer).message
        assert message.count("`") % 2 == 0, message
        prose = re.sub(r"`[^`]*`", "", message)
        assert not re.search(r"[\"']|summary\(\)|←", prose), f"code outside a code span: {message}"


@pytest.mark.parametrize("check", [check_max_pool, check_dense_on_convnet_base, check_strided_receptive_field])
def test_feedback_renders_in_notebooks(check) -> None:
    shown = check(None)._repr_markdown_()
    assert shown.startswith("💡 아직 아니에요. 힌트: ")
