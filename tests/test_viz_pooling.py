"""utils.viz_pooling: 5.1.2's figures are built from the data they are given (fast)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import viz_pooling as vp
from utils.experiments import RunRecord
from utils.ops import max_pool2d, spatial_steps

GRID = np.array([[1, 0, 2, 3], [4, 6, 6, 8], [3, 1, 1, 0], [1, 2, 2, 4]], dtype=float)
MODEL_5_1 = [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_pooling_example_shows_max_and_average() -> None:
    fig = vp.plot_pooling_example(GRID)
    assert isinstance(fig, Figure) and not plt.get_fignums()  # not registered with pyplot
    inputs, maxed, averaged = fig.axes
    assert _texts(inputs) == [f"{v:g}" for v in GRID.ravel()]
    assert _texts(maxed) == ["6", "8", "3", "4"]
    assert _texts(averaged) == ["2.75", "4.75", "1.75", "1.75"]
    assert [t.get_fontweight() for t in inputs.texts].count("bold") == 4  # one maximum per window
    assert "최대 풀링" in maxed.get_title()
    with pytest.raises(ValueError):
        vp.plot_pooling_example(np.zeros((1, 1)))
    with pytest.raises(ValueError):
        vp.plot_pooling_example(np.zeros((2, 2, 2)))


def test_feature_map_pooling_panels() -> None:
    rng = np.random.default_rng(0)
    fmap = rng.random((26, 26, 4))
    pooled = max_pool2d(fmap[None])[0]
    fig = vp.plot_feature_map_pooling(rng.random((28, 28)), fmap, pooled, channel=2, note=" (테스트)")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["입력 이미지 28×28", "Conv2D 출력 26×26", "MaxPooling2D 출력 13×13"]
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), pooled[..., 2])
    assert fig.axes[1].images[0].get_clim() == fig.axes[2].images[0].get_clim()
    with pytest.raises(ValueError, match="channel"):
        vp.plot_feature_map_pooling(np.zeros((28, 28)), fmap, pooled, channel=4)


def test_unit_window_follows_strides() -> None:
    assert vp.unit_window([(3, 1)] * 3, 11, 11) == (11, 11, 7)
    assert vp.unit_window(MODEL_5_1, 1, 1) == (4, 4, 18)
    assert vp.unit_window(MODEL_5_1, 2, 0) == (8, 0, 18)  # last row of the 3x3 map: rows 8..25
    with pytest.raises(ValueError):
        vp.unit_window(MODEL_5_1, -1, 0)


def test_receptive_field_figure_crops_the_window() -> None:
    image = np.arange(28 * 28, dtype=float).reshape(28, 28)
    fig = vp.plot_receptive_fields(image, {"7×7": (11, 11, 7), "18×18": (4, 4, 18)})
    assert len(fig.axes) == 4
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), image[11:18, 11:18])
    np.testing.assert_array_equal(fig.axes[3].images[0].get_array(), image[4:22, 4:22])
    with pytest.raises(ValueError, match="does not fit"):
        vp.plot_receptive_fields(image, {"too big": (20, 20, 18)})
    with pytest.raises(ValueError):
        vp.plot_receptive_fields(image, {})


def test_learning_curves_from_records() -> None:
    records = [
        RunRecord(name, seed, 10, 0.9 + 0.01 * seed, 0.85, 0.1, 0.2, {"accuracy": [0.5, 0.7, 0.8]}, [1.0] * 3)
        for seed in (0, 1)
        for name in ("max", "dense")
    ]
    fig = vp.plot_learning_curves(records, {"max": "최대 풀링"})
    curves, finals = fig.axes
    assert [line.get_label() for line in curves.lines] == ["최대 풀링", "dense"]
    assert [t.get_text() for t in finals.get_yticklabels()] == ["dense", "최대 풀링"]
    np.testing.assert_allclose(curves.lines[0].get_ydata(), [50, 70, 80])
    with pytest.raises(ValueError):
        vp.plot_learning_curves([])


def test_spatial_steps_read_from_models() -> None:
    from utils.models import build_convnet, build_convnet_base, build_no_pooling_base

    assert spatial_steps(build_convnet_base()) == MODEL_5_1
    assert spatial_steps(build_convnet()) == MODEL_5_1  # Flatten and Dense are skipped
    assert spatial_steps(build_no_pooling_base()) == [(3, 1)] * 3
    assert spatial_steps(build_convnet_base("strided")) == [(3, 1), (3, 2), (3, 2)]
