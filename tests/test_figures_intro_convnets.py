"""utils.figures.intro_convnets: 5.1's predictions figure is built from the data it is given."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

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


#: The page's content column is about 7.5 inches at the notebooks' 100 dpi (utils.notebook.set_figure_style):
#: a wider figure is scaled down, and its text with it.
PAGE_INCHES = 7.6


def _text_boxes(fig) -> list[tuple[str, object]]:
    """Each text of the figure with where Agg draws it, in pixels."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts if t.get_text()]


def test_architecture_names_each_layer_with_its_shape_and_parameters(draw) -> None:
    from utils.models import build_convnet

    model = build_convnet("max")
    fig = draw(plot_architecture(model))
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_text()]  # the arrows are empty annotations
    assert texts[:4] == ["입력", "흑백 숫자", "(28, 28, 1)", "파라미터 0"]
    assert texts[4:8] == ["Conv2D", "3×3 필터 32개", "(26, 26, 32)", "파라미터 320"]
    assert texts[8:12] == ["MaxPooling2D", "2×2 최대 풀링", "(13, 13, 32)", "파라미터 0"]
    assert ["Flatten", "1D로 펼치기", "(576,)", "파라미터 0"] in [texts[k : k + 4] for k in range(0, len(texts), 4)]
    assert texts[-4:] == ["Dense", "유닛 10개", "(10,)", "파라미터 650"]
    assert len(fig.axes[0].patches) == len(model.layers) + 1
    assert fig.get_suptitle().endswith(f"(모두 {model.count_params():,}개)")


def test_architecture_is_readable_at_the_pages_width(draw) -> None:
    """5.1: two rows of boxes in the page's width, 10-point text, no line touching another or leaving its box."""
    from utils.models import build_convnet

    fig = draw(plot_architecture(build_convnet("max")))
    assert fig.get_size_inches()[0] <= PAGE_INCHES
    assert min(t.get_fontsize() for t in fig.axes[0].texts if t.get_text()) >= 10
    boxes = [p.get_window_extent() for p in fig.axes[0].patches]
    assert len({round(b.y0) for b in boxes}) == 2, "two rows of boxes"
    texts = _text_boxes(fig)
    touching = [(a, b) for (a, ea), (b, eb) in itertools.combinations(texts, 2) if ea.overlaps(eb)]
    assert not touching, f"lines that touch: {touching}"
    outside = [
        text
        for text, extent in texts
        if not any(box.contains(*extent.p0) and box.contains(*extent.p1) for box in boxes)
    ]
    assert not outside, f"text outside its box: {outside}"
