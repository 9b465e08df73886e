"""utils.figures.intro_convnets: 5.1's predictions figure is built from the data it is given."""

from __future__ import annotations

import numpy as np
import pytest

from utils.figures.intro_convnets import plot_predictions

pytestmark = pytest.mark.usefixtures("figure_style")

LABELS, PREDICTED = np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 0, 4, 0, 6])


def test_predictions_right_first_then_wrong_in_red(draw) -> None:
    images = np.random.default_rng(0).random((6, 28, 28))
    fig = draw(plot_predictions(images, LABELS, PREDICTED, n_correct=2, n_wrong=np.int64(2), ncols=2))
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in titled] == [
        "예측 1 / 정답 1",
        "예측 2 / 정답 2",
        "예측 0 / 정답 3",
        "예측 0 / 정답 5",
    ]
    assert [ax.title.get_color() for ax in titled] == ["black", "black", "crimson", "crimson"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"labels": LABELS[:3]}, "equal lengths"),
        ({"n_wrong": -1}, "n_wrong must be an int >= 0, got -1"),
        ({"ncols": 0}, "ncols must be a positive int"),
        ({"n_correct": 0, "n_wrong": 0}, "nothing to draw"),
    ],
)
def test_predictions_bad_arguments(kwargs: dict, match: str) -> None:
    arguments = {"images": np.zeros((6, 28, 28)), "labels": LABELS, "predicted": PREDICTED} | kwargs
    with pytest.raises(ValueError, match=match):
        plot_predictions(**arguments)
