"""utils.widgets: the window-positions explorer is a figure on a static page and sliders in a live notebook (5.1.1)."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from matplotlib.figure import Figure

from utils.checks import ParameterError
from utils.widgets import window_positions_explorer

pytestmark = pytest.mark.usefixtures("figure_style")


def test_window_explorer_without_a_front_end_returns_the_figure_for_its_arguments() -> None:
    fig = window_positions_explorer()  # pytest is no interactive front end: the figure, no widget
    assert isinstance(fig, Figure) and len(fig.axes) == 10
    fig = window_positions_explorer(input_size=7, window=3, padding="same", strides=2)  # 5.1.1's first figure
    assert fig.get_suptitle().startswith('입력 7×7, 윈도우 3×3, padding="same", strides=2')
    with pytest.raises(ParameterError, match="window에는 1 이상 7 이하의 정수만"):
        window_positions_explorer(5, 9, "valid", 1)


def test_window_explorer_with_a_front_end_redraws(capsys) -> None:
    explorer = window_positions_explorer(live=True)
    assert isinstance(explorer, widgets.interactive)
    assert explorer.kwargs == {"input_size": 5, "window": 3, "padding": "valid", "strides": 1}
    controls = {c.description: c for c in explorer.children if hasattr(c, "description")}
    assert (controls["입력 크기"].max, controls["윈도우 크기"].max, controls["strides"].max) == (10, 7, 4)
    controls["padding"].value = "same"
    controls["윈도우 크기"].value = 7
    assert explorer.kwargs["padding"] == "same" and explorer.kwargs["window"] == 7
    controls["padding"].value = "valid"  # a 7x7 window no longer fits in 5x5: a message, no error
    assert "이 조합은 그릴 수 없습니다" in capsys.readouterr().out
    explorer.close_all()
