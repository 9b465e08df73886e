"""utils.checks: the one set of argument checks, and its one Korean message format."""

from __future__ import annotations

import re

import numpy as np
import pytest

from utils.checks import ParameterError, choice, int_pair, integer, seeds


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (5, 5), (np.int64(3), 3)])
def test_integer_accepts_python_and_numpy_ints(value: object, expected: int) -> None:
    assert integer(value, "n", 1, 5) == expected


@pytest.mark.parametrize("value", [0, 6, True, 2.0, "3", None])
def test_integer_says_what_is_allowed_and_what_arrived(value: object) -> None:
    message = (
        rf"n에는 1 이상 5 이하의 정수만 쓸 수 있습니다. 받은 값: {re.escape(repr(value))} \({type(value).__name__}\)"
    )
    with pytest.raises(ParameterError, match=message):
        integer(value, "n", 1, 5)


def test_integer_none_and_open_ranges() -> None:
    assert integer(None, "TRAIN_SIZE", 1, 10, none_means="전부") is None
    assert integer(10**9, "n") == 10**9
    with pytest.raises(ParameterError, match=r"TRAIN_SIZE에는 1 이상 10 이하의 정수 또는 None\(전부\)만"):
        integer(-5, "TRAIN_SIZE", 1, 10, none_means="전부")


def test_int_pair_and_choice() -> None:
    assert int_pair(3, "strides") == (3, 3) and int_pair([2, 1], "strides") == (2, 1)
    with pytest.raises(ParameterError, match="strides에는 양의 정수나"):
        int_pair((0, 1), "strides")
    assert choice("same", "padding", ("valid", "same")) == "same"
    with pytest.raises(ParameterError, match=r"padding에는 'valid' 또는 'same'만 쓸 수 있습니다\. 받은 값: 'full'"):
        choice("full", "padding", ("valid", "same"))


@pytest.mark.parametrize(("value", "expected"), [(3, (3,)), ([0, 1], (0, 1)), ("(0, 1)", (0, 1)), ("[2]", (2,))])
def test_seeds_accept_papermill_text(value: object, expected: tuple[int, ...]) -> None:
    assert seeds(value) == expected


@pytest.mark.parametrize("value", [[], [-1], [2**32], "(0,", "abc", [0.5], True])
def test_seeds_reject(value: object) -> None:
    with pytest.raises(ParameterError, match="SEEDS에는 0 이상"):
        seeds(value)
