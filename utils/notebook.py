"""The one visible set-up call at the top of every notebook (5.1, 5.1.1, 5.1.2).

``setup_notebook`` checks the parameters cell, starts the Keras backend that ``KERAS_BACKEND``
names (TensorFlow by default; JAX and PyTorch run the same notebooks unchanged) with its logs
silenced, makes training repeatable, renders Korean in figures, and prints which backend,
device and settings the notebook runs with.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import sys
import warnings
from collections.abc import Iterator

from utils import backend as backends
from utils.settings import Settings, resolve_settings

DEFAULT_SEED = 42


def setup_notebook(
    seed: object = DEFAULT_SEED,
    *,
    epochs: object = 5,
    train_size: object = None,
    budget: object = None,
    seeds: object = None,
    backend: object = None,
    deterministic: bool = True,
    show: bool = True,
) -> Settings:
    """Check the notebook's parameters, start Keras quietly and repeatably; return the settings.

    ``budget`` (5.1.2 only): ``"auto"``, ``"cpu"`` or ``"book"``; then ``epochs``, ``train_size``
    and ``seeds`` may be None ("what the budget says"). ``backend``: ``"tensorflow"``, ``"jax"``
    or ``"torch"``; None keeps ``KERAS_BACKEND`` (TensorFlow when unset). A bad value raises
    :class:`utils.settings.ParameterError` before anything trains.
    """
    name = backends.chosen_backend(backend)
    parameters = {"seed": seed, "epochs": epochs, "train_size": train_size, "budget": budget, "seeds": seeds}
    resolve_settings(**parameters, backend=name, accelerator=None)  # a bad value stops here, before Keras loads
    backends.prepare(name, deterministic=deterministic)
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    with _quiet_os_stderr():  # TensorFlow logs oneDNN notices through absl before any flag applies
        import keras

        if importlib.util.find_spec("tensorflow") is not None:
            # JAX and torch import TensorFlow lazily (tf.data adapters): do it now, silenced.
            import tensorflow as tf

            tf.get_logger().setLevel(logging.ERROR)
        accelerator = backends.accelerator()
    settings = resolve_settings(**parameters, backend=keras.backend.backend(), accelerator=accelerator)
    backends.make_repeatable(settings.seed, deterministic=deterministic)
    set_figure_style()
    if show:
        print(settings.describe())
    return settings


def set_figure_style() -> None:
    """Korean font (bundled NanumGothic via koreanize-matplotlib) and figure defaults."""
    try:  # In Jupyter, activate the inline backend first: it installs the PNG formatter that
        # displays the Figure objects utils.figures returns, and resets some rcParams we set below.
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is installed with the course
        shell = None
    if shell is not None and hasattr(shell, "kernel"):
        shell.run_line_magic("matplotlib", "inline")
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and sets rcParams)
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (6.4, 4.0),
            "axes.unicode_minus": False,  # NanumGothic has no U+2212 minus glyph
            "axes.grid": False,
            "image.cmap": "gray",
            "font.size": 11,
        }
    )


@contextlib.contextmanager
def _quiet_os_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration (C++ log lines bypass Python)."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
