"""Computed numbers into the prose of every section: ``glue(name, value, fmt)`` (5.1, 5.1.1, 5.1.2)."""

from typing import Any

RECORD_PREFIX = "application/papermill.record/"
RECORD_MIME = RECORD_PREFIX + "text/plain"


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Record ``format(value, fmt)`` under ``name`` for myst-nb's ``{glue}`` role (every section).

    The record is the hidden display output myst-nb's own ``glue`` writes, made here so that
    runtimes without myst-nb (Colab, the GPU machine) record the same values.
    """
    if not name.isidentifier():
        raise ValueError(f"glue의 이름은 'test_acc'처럼 식별자여야 합니다. 받은 값: {name!r}")
    shown = format(value, fmt)  # recorded as it reads: ``0.9921``, not ``'0.9921'``
    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is not None:  # a plain script has no notebook to record into
        metadata = {"scrapbook": {"name": name, "mime_prefix": RECORD_PREFIX}}
        display({RECORD_MIME: shown}, raw=True, metadata=metadata)
