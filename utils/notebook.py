"""The one visible set-up call at the top of every notebook (5.1, 5.1.1, 5.1.2): ``setup_notebook``."""

import contextlib
import importlib.util
import logging
import os
import sys
import warnings
from collections.abc import Iterator

from utils import backend as backends
from utils.settings import Settings, resolve_settings


def setup_notebook(
    seed: object = 42,
    *,
    epochs: object = 5,
    train_size: object = None,
    budget: object = None,
    seeds: object = None,
    backend: object = None,
    deterministic: bool = True,
    show: bool = True,
) -> Settings:
    """Check the parameters cell, start Keras quietly and repeatably, print where it runs (5.1, 5.1.1, 5.1.2).

    ``backend``: ``"tensorflow"``, ``"jax"`` or ``"torch"``; None keeps ``KERAS_BACKEND`` (TensorFlow
    when unset). ``budget`` (5.1.2): ``"auto"``, ``"cpu"`` or ``"book"``. A bad value raises
    :class:`utils.checks.ParameterError` before any backend module is imported.
    """
    parameters = {"seed": seed, "epochs": epochs, "train_size": train_size, "budget": budget, "seeds": seeds}
    name = backends.chosen_backend(backend)
    resolve_settings(**parameters, backend=name, accelerator=None)  # imports nothing: a bad value stops here
    backends.prepare(name, deterministic=deterministic)
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")
    for logger in ("tensorflow", "absl"):
        logging.getLogger(logger).setLevel(logging.ERROR)
    with _quiet_os_stderr():  # TensorFlow logs oneDNN notices through absl before any flag applies
        import keras

        if importlib.util.find_spec("tensorflow") is not None:  # JAX and torch import it lazily: now, silenced
            import tensorflow as tf

            tf.get_logger().setLevel(logging.ERROR)
        accelerator = backends.accelerator()
    backends.chosen_backend(name, running=keras.backend.backend())  # keras imported earlier, on another backend?
    settings = resolve_settings(**parameters, backend=name, accelerator=accelerator)
    backends.make_repeatable(settings.seed, deterministic=deterministic)
    set_figure_style()
    if show:
        print(settings.describe())
    return settings


def set_figure_style() -> None:
    """Korean font (NanumGothic from koreanize-matplotlib) and figure defaults (every figure)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and hasattr(shell, "kernel"):  # the inline backend first: it resets rcParams
        shell.run_line_magic("matplotlib", "inline")
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and sets rcParams)
    import matplotlib as mpl

    mpl.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (6.4, 4.0), "font.size": 11})
    mpl.rcParams.update({"axes.unicode_minus": False, "axes.grid": False, "image.cmap": "gray"})  # no U+2212 glyph


@contextlib.contextmanager
def _quiet_os_stderr() -> Iterator[None]:
    """File descriptor 2 to /dev/null for the duration (C++ log lines bypass Python)."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
