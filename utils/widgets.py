"""Interactive widgets in the notebooks: sliders that redraw a figure (5.1.1).

On a static page, and under nbclient, papermill or nbval, a widget would leave only its saved
state behind; each function here then returns the figure for its default arguments instead.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from utils.figures.convolution import MAX_INPUT_SIZE, MAX_STRIDES, MAX_WINDOW, plot_window_positions
from utils.ops import PADDINGS


def _has_live_frontend() -> bool:
    """True inside a kernel driven by an interactive front end (JupyterLab, Notebook, Colab, VS Code).

    Batch executors (nbclient, papermill, nbval) send every cell with ``allow_stdin=False``;
    interactive front ends allow ``input()``. Without a live front end no widget is created, so
    no widget state ends up in the executed notebook.
    """
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    return bool(getattr(kernel, "_allow_stdin", False))


def window_positions_explorer(
    input_size: int = 5, window: int = 3, padding: str = "valid", strides: int = 1, *, live: bool | None = None
) -> Figure | object:
    """Sliders for :func:`plot_window_positions` that redraw it, or its default figure (5.1.1).

    With a live front end (``live=None`` detects it) this returns an ``ipywidgets.interactive``
    whose output area shows the figure for the chosen input size, window, padding and stride.
    Otherwise (a static page, nbclient, papermill, nbval) it returns the figure for the default
    arguments, so the cell's output is that figure. Either way, leave it as the cell's last line.
    """
    default = plot_window_positions(input_size, window, padding, strides)  # validates the defaults
    if not (_has_live_frontend() if live is None else live):
        return default
    import ipywidgets as widgets
    from IPython.display import display

    def draw(input_size: int, window: int, padding: str, strides: int) -> None:
        try:
            display(plot_window_positions(input_size, window, padding, strides))
        except ValueError as exc:  # e.g. a "valid" window larger than the input
            print(f"이 조합은 그릴 수 없습니다: {exc}")

    style = {"description_width": "90px"}
    return widgets.interactive(
        draw,
        input_size=widgets.IntSlider(value=input_size, min=2, max=MAX_INPUT_SIZE, description="입력 크기", style=style),
        window=widgets.IntSlider(value=window, min=1, max=MAX_WINDOW, description="윈도우 크기", style=style),
        padding=widgets.Dropdown(value=padding, options=list(PADDINGS), description="padding", style=style),
        strides=widgets.IntSlider(value=strides, min=1, max=MAX_STRIDES, description="strides", style=style),
    )
