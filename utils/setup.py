"""One visible set-up call at the top of every notebook (5.1, 5.1.1, 5.1.2)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Iterator

DEFAULT_SEED = 42


def setup_notebook(seed: int = DEFAULT_SEED, *, deterministic: bool = True) -> None:
    """Seed every RNG, silence TensorFlow's logs, render Korean in figures, set figure defaults.

    Call it before anything imports TensorFlow or Keras, so the log level takes effect.
    """
    from utils.checks import is_int

    if not is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    # TensorFlow's C++ logging reads these when it is first imported.
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    if deterministic:
        os.environ["TF_DETERMINISTIC_OPS"] = "1"
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)

    with _quiet_os_stderr():  # TF 2.21 logs oneDNN notices through absl before any flag applies
        import keras

    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
        if deterministic:
            tf.config.experimental.enable_op_determinism()
    keras.utils.set_random_seed(seed)
    set_figure_style()


def set_figure_style() -> None:
    """Korean font (bundled NanumGothic via koreanize-matplotlib) and figure defaults."""
    try:  # In Jupyter, activate the inline backend first: it installs the PNG formatter that
        # displays the Figure objects utils.viz returns, and resets some rcParams we set below.
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
