"""utils.figures.max_pooling: 5.1.2's figures are built from the data they are given (fast)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from utils.checks import ParameterError
from utils.figures.max_pooling import plot_feature_map_pooling, plot_learning_curves, plot_pooling_example
from utils.ops import max_pool2d

pytestmark = pytest.mark.usefixtures("figure_style")

GRID = np.array([[1, 0, 2, 3], [4, 6, 6, 8], [3, 1, 1, 0], [1, 2, 2, 4]], dtype=float)


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_pooling_example_shows_max_and_average(draw) -> None:
    fig = draw(plot_pooling_example(GRID))
    inputs, maxed, averaged = fig.axes
    assert _texts(inputs) == [f"{v:g}" for v in GRID.ravel()]
    assert _texts(maxed) == ["6", "8", "3", "4"]
    assert _texts(averaged) == ["2.75", "4.75", "1.75", "1.75"]
    assert [t.get_fontweight() for t in inputs.texts].count("bold") == 4  # one maximum per window
    # Each input window has the colour of the output cell it becomes.
    faces = [p.get_facecolor() for p in inputs.patches if p.get_fill()]
    assert faces[0] == faces[1] == faces[4] == faces[5] == maxed.patches[0].get_facecolor()
    assert [ax.get_title() for ax in fig.axes] == ["입력 4×4", "최대 풀링 2×2", "평균 풀링 2×2"]
    assert fig.get_suptitle().startswith("2×2 윈도우, 스트라이드 2")
    # The 2×2 outputs sit in a 4×3 frame: their cells are as large as the input's.
    assert maxed.get_xlim() == (-1.0, 2.0) and maxed.get_ylim() == (2.5, -1.5)


def test_pooling_example_takes_a_larger_grid_and_names_a_wrong_shape() -> None:
    fig = plot_pooling_example(np.arange(36.0).reshape(6, 6, 1), pool_size=3)
    assert _texts(fig.axes[1]) == ["14", "17", "32", "35"]
    with pytest.raises(ParameterError, match=r"x에는 \(높이, 너비\)나 \(높이, 너비, 1\) 모양의 이미지"):
        plot_pooling_example(np.zeros((2, 2, 2)))


def test_feature_map_pooling_panels(draw) -> None:
    rng = np.random.default_rng(0)
    fmap = rng.random((26, 26, 4))
    pooled = max_pool2d(fmap[None])[0]
    fig = draw(plot_feature_map_pooling(rng.random((28, 28)), fmap, pooled, channel=np.int64(2), note=" (테스트)"))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["입력 이미지 28×28", "Conv2D 출력 26×26", "MaxPooling2D 출력 13×13"]
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), pooled[..., 2])
    assert fig.axes[1].images[0].get_clim() == fig.axes[2].images[0].get_clim() == (0, fmap[..., 2].max())
    assert fig.get_suptitle().startswith("필터 2의 응답 맵 (테스트):")


def test_learning_curves_from_runs(draw, make_run) -> None:
    runs = [
        dataclasses.replace(make_run(name, seed, 0.9 + 0.01 * seed, 0.85), curve=[(0.5, 0.5), (1.0, 0.6 + 0.1 * seed)])
        for seed in (0, 1)
        for name in ("max", "dense")
    ]
    curves, finals = draw(plot_learning_curves(runs, {"max": "최대 풀링"})).axes
    assert [line.get_label() for line in curves.lines] == ["최대 풀링", "dense"]
    assert [t.get_text() for t in finals.get_yticklabels()] == ["dense", "최대 풀링"]
    np.testing.assert_allclose(curves.lines[0].get_xdata(), [0.5, 1.0])
    np.testing.assert_allclose(curves.lines[0].get_ydata(), [50, 65])  # the running accuracy, mean over seeds
    np.testing.assert_allclose(finals.lines[0].get_xdata(), [85, 90.5])  # test mean to evaluated train mean
    assert list(curves.get_xticks()) == [0, 1, 2]


def test_figure_and_stats_modules_do_not_import_tensorflow() -> None:
    code = (
        "import sys, utils.figures.max_pooling, utils.stats; print(sorted({'keras', 'tensorflow'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
