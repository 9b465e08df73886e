"""utils.figures.common: shared image checks, number grids and the receptive-field figure (5.1.1, 5.1.2)."""

from __future__ import annotations

import numpy as np
import pytest

from utils.figures.common import as_image, as_images, format_number, plot_receptive_fields
from utils.receptive_fields import nested_windows

pytestmark = pytest.mark.usefixtures("figure_style")

DIGIT = np.zeros((28, 28))
DIGIT[6:22, 12:15] = 1.0  # a vertical bar: a "1"


def test_image_checks_drop_one_channel_and_name_the_argument() -> None:
    assert as_image(np.zeros((28, 28, 1))).shape == (28, 28)
    assert as_images(np.zeros((2, 28, 28, 1))).shape == (2, 28, 28)
    with pytest.raises(ValueError, match=r"digit must have shape \(H, W\)"):
        as_image(np.zeros((2, 28, 28)), "digit")
    with pytest.raises(ValueError, match=r"images must have shape \(N, H, W\)"):
        as_images(np.zeros((28, 28)))


def test_numbers_are_written_as_in_the_book() -> None:
    assert [format_number(v) for v in (6.0, -1, 2.75, 0.5)] == ["6", "-1", "2.75", "0.50"]


def test_receptive_fields_of_the_5_1_model_nest(stack_5_1, draw) -> None:
    """5.1.1: one unit per layer, each window inside the next, drawn on the digit and cropped."""
    fig = draw(plot_receptive_fields(DIGIT, nested_windows(stack_5_1)))
    whole = fig.axes[0]
    assert sorted(round(r.get_width()) for r in whole.patches) == [3, 4, 8, 10, 18]
    assert "3×3에서 18×18까지" in fig._suptitle.get_text()
    assert whole.get_legend().get_texts()[0].get_text() == "1. window 3, stride 1: 3×3"
    assert [ax.images[0].get_array().shape for ax in fig.axes[1:] if ax.images] == [(s, s) for s in (3, 4, 8, 10, 18)]


def test_receptive_fields_crop_each_window(draw) -> None:
    """5.1.2: one window per model; the crops show exactly what is inside."""
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    windows = {"풀링 없는 모델": (11, 11, 7), "5.1 모델": (np.int64(4), np.int64(4), np.int64(18))}
    fig = draw(plot_receptive_fields(image, windows))
    crops = [ax for ax in fig.axes[1:] if ax.images]
    np.testing.assert_array_equal(crops[0].images[0].get_array(), image[11:18, 11:18])
    np.testing.assert_array_equal(crops[1].images[0].get_array(), image[4:22, 4:22])
    assert crops[0].get_title() == "풀링 없는 모델\n윈도우 안 7×7"
    with pytest.raises(
        ValueError, match=r"size of window 'too big' \(to fit in the image\) must be an int from 1 to 8"
    ):
        plot_receptive_fields(image, {"too big": (20, 20, 18)})
    with pytest.raises(ValueError, match="top of window 'x' must be an int from 0 to 27, got -1"):
        plot_receptive_fields(image, {"x": (-1, 0, 3)})
    with pytest.raises(ValueError, match=r"must be \(top, left, size\)"):
        plot_receptive_fields(image, {"x": (0, 3)})
    with pytest.raises(ValueError, match="non-empty dict"):
        plot_receptive_fields(image, {})
