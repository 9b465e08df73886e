"""Sliders that redraw a figure of 5.1.1 in a live notebook; on a static page and under nbclient, papermill
or nbval, where a widget would leave only its saved state behind, the figure itself."""

from __future__ import annotations

from matplotlib.figure import Figure

from utils.figures.convolution import MAX_INPUT_SIZE, MAX_STRIDES, MAX_WINDOW, PADDINGS, plot_window_positions


def _has_live_frontend() -> bool:
    """An interactive front end drives the kernel: batch executors send every cell with ``allow_stdin=False``."""
    from IPython import get_ipython  # IPython comes with ipywidgets, a dependency of the course

    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return False
    if hasattr(kernel, "get_parent"):  # ipykernel 6+: the request being executed, its allow_stdin as sent
        return bool(kernel.get_parent("shell").get("content", {}).get("allow_stdin", False))
    # ipykernel 5 (still in some hosted runtimes) has no public accessor; it keeps the same flag here
    return bool(getattr(kernel, "_allow_stdin", False))


def window_positions_explorer(
    input_size: int = 5, window: int = 3, padding: str = "valid", strides: int = 1, *, live: bool | None = None
) -> Figure | object:
    """Sliders that redraw :func:`plot_window_positions` with a live front end (``live=None`` detects it), else
    its figure for these arguments; leave it as the cell's last line (5.1.1)."""
    figure = plot_window_positions(input_size, window, padding, strides)  # checks the arguments
    if not (_has_live_frontend() if live is None else live):
        return figure
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
        padding=widgets.Dropdown(value=padding, options=PADDINGS, description="padding", style=style),
        strides=widgets.IntSlider(value=strides, min=1, max=MAX_STRIDES, description="strides", style=style),
    )
