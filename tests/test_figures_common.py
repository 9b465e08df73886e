"""utils.figures.common: the image check, images and numbers in cells, the receptive-field figure (5.1.1, 5.1.2)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.checks import ParameterError
from utils.figures.common import SIGNED_CMAP, as_image, plot_receptive_fields, show, write_numbers
from utils.receptive_fields import nested_windows

pytestmark = pytest.mark.usefixtures("figure_style")

DIGIT = np.zeros((28, 28))
DIGIT[6:22, 12:15] = 1.0  # a vertical bar: a "1"


def test_image_check_drops_one_channel_and_names_the_argument() -> None:
    assert as_image(np.zeros((28, 28, 1))).shape == (28, 28)
    expected = r"digit에는 \(높이, 너비\)나 \(높이, 너비, 1\) 모양의 이미지.*받은 값: \(2, 28, 28\)"
    with pytest.raises(ParameterError, match=expected):
        as_image(np.zeros((2, 28, 28)), "digit")


def test_numbers_are_written_as_in_the_book_and_signed_images_centre_on_zero() -> None:
    ax = Figure().subplots()
    write_numbers(ax, np.array([[6.0, -1], [2.75, 0.5]]), bold=np.array([[True, False], [False, False]]))
    assert [t.get_text() for t in ax.texts] == ["6", "-1", "2.75", "0.50"]
    assert [t.get_fontweight() == "bold" for t in ax.texts] == [True, False, False, False]
    show(ax, np.array([[-1.0, 3.0]]), SIGNED_CMAP, numbers=8)
    assert ax.images[0].get_clim() == (-3.0, 3.0)
    assert [t.get_color() for t in ax.texts[4:]] == ["black", "white"]  # white on the dark cells


def test_receptive_fields_of_the_5_1_model_nest(stack_5_1, draw) -> None:
    """5.1.1: one unit per layer, each window inside the next, drawn on the digit and cropped."""
    fig = draw(plot_receptive_fields(DIGIT, nested_windows(stack_5_1)))
    whole = fig.axes[0]
    assert sorted(round(r.get_width()) for r in whole.patches) == [3, 4, 8, 10, 18]
    assert "3×3에서 18×18까지" in fig.get_suptitle()
    assert whole.get_legend().get_texts()[0].get_text() == "1. window 3, stride 1: 3×3"
    assert [ax.images[0].get_array().shape for ax in fig.axes[1:] if ax.images] == [(s, s) for s in (3, 4, 8, 10, 18)]
    colours = [r.get_edgecolor() for r in whole.patches]
    assert len(set(colours)) == 5, "each layer's window in its own colour (Okabe-Ito: safe for colour-blind readers)"
    crops = [ax for ax in fig.axes[1:] if ax.images]
    assert {ax.get_xlim() for ax in crops} == {(-0.5, 17.5)}, "every crop at the scale of the largest window"
    assert list(crops[0].get_xticks()) == [0, 2]  # pixel ticks


def test_receptive_fields_crop_each_window(draw) -> None:
    """5.1.2: one window per model; the crops show exactly what is inside."""
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    windows = {"풀링 없는 모델": (11, 11, 7), "5.1 모델": (np.int64(4), np.int64(4), np.int64(18))}
    fig = draw(plot_receptive_fields(image, windows))
    crops = [ax for ax in fig.axes[1:] if ax.images]
    np.testing.assert_array_equal(crops[0].images[0].get_array(), image[11:18, 11:18])
    np.testing.assert_array_equal(crops[1].images[0].get_array(), image[4:22, 4:22])
    assert crops[0].get_title() == "풀링 없는 모델\n윈도우 안 7×7"
    assert fig.get_suptitle() == "유닛 하나가 보는 입력 영역(수용 영역): 7×7에서 18×18까지"
    small = crops[0].get_window_extent()
    below = [t.get_window_extent() for t in crops[0].get_xticklabels() if t.get_text()]
    bottom_of_crop = small.y1 - small.height * 7 / 18  # the 7-pixel crop fills the top 7 of 18 rows
    assert below and all(0 <= bottom_of_crop - box.y1 < 12 for box in below), "tick labels right under the crop"
