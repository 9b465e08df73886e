"""utils.figures.intro_convnets: 5.1's predictions figure is built from the data it is given."""

from __future__ import annotations

import numpy as np
import pytest

from utils.figures.intro_convnets import plot_architecture, plot_predictions

pytestmark = pytest.mark.usefixtures("figure_style")

LABELS, PREDICTED = np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 0, 4, 0, 6])


@pytest.mark.parametrize("shape", [(6, 28, 28), (6, 28, 28, 1)])
def test_predictions_right_first_then_wrong_in_red(shape, draw) -> None:
    images = np.random.default_rng(0).random(shape)
    fig = draw(plot_predictions(images, LABELS, PREDICTED, n_correct=2, n_wrong=np.int64(2), ncols=2))
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in titled] == [
        "예측 1 / 정답 1",
        "예측 2 / 정답 2",
        "예측 0 / 정답 3",
        "예측 0 / 정답 5",
    ]
    assert [ax.title.get_color() for ax in titled] == ["black", "black", "crimson", "crimson"]
    np.testing.assert_allclose(titled[2].images[0].get_array(), images[2].reshape(28, 28))
    assert fig.get_suptitle() == "맞힌 숫자 2개(검은 제목)와 틀린 숫자 2개(빨간 제목)"


def test_predictions_with_fewer_wrong_ones_than_asked(draw) -> None:
    fig = draw(plot_predictions(np.zeros((6, 28, 28)), LABELS, PREDICTED))  # 8 and 8 asked: 4 right, 2 wrong
    assert len(fig.axes) == 8 and sum(bool(ax.images) for ax in fig.axes) == 6
    assert fig.get_suptitle() == "맞힌 숫자 4개(검은 제목)와 틀린 숫자 2개(빨간 제목)"


def test_architecture_names_each_layer_with_its_shape_and_parameters(draw) -> None:
    from utils.models import build_convnet

    model = build_convnet("max")
    fig = draw(plot_architecture(model))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:2] == ["입력", "(28, 28, 1)\n파라미터 0"]
    assert "Conv2D 3×3,\n필터 32" in texts and "(26, 26, 32)\n파라미터 320" in texts
    assert "(576,)\n파라미터 0" in texts and "(10,)\n파라미터 650" in texts
    assert len(fig.axes[0].patches) == len(model.layers) + 1
    assert fig.get_suptitle().endswith(f"(모두 {model.count_params():,}개)")
