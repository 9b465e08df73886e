"""Glue computed numbers into the prose of every section (5.1, 5.1.1, 5.1.2)."""

from __future__ import annotations

from typing import Any

RECORD_PREFIX = "application/papermill.record/"
RECORD_MIME = RECORD_PREFIX + "text/plain"


class _TextWithoutQuotes(str):
    """A string whose repr is itself, so ``{glue}`` shows ``0.9921`` and not ``'0.9921'``."""

    def __repr__(self) -> str:
        return str(self)


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Record ``format(value, fmt)`` under ``name`` for myst-nb's ``{glue}`` role.

    ``fmt`` is a format spec such as ``".4f"``, ``",d"`` or ``".1%"``. Used by every section
    (5.1, 5.1.1, 5.1.2). The record is the display output myst-nb's own ``glue`` writes
    (papermill's record MIME type, hidden on the page), made here so that runtimes without
    myst-nb (Colab, the GPU machine) record the same values.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"glue name must be an identifier such as 'test_acc', got {name!r}")
    try:
        shown = _TextWithoutQuotes(format(value, fmt))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot format {value!r} with format spec {fmt!r}: {exc}") from exc
    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is None:  # a plain script: no notebook to record into
        return
    display({RECORD_MIME: repr(shown)}, raw=True, metadata={"scrapbook": {"name": name, "mime_prefix": RECORD_PREFIX}})


def glued_values(notebook: dict[str, Any]) -> dict[str, str]:
    """What an executed notebook (its JSON as a dict) glued: name -> the text the page shows.

    The reverse of :func:`glue`, for the test suite and ``benchmarks/gpu_results.py``.
    """
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and RECORD_MIME in output.get("data", {}):
                values[name] = output["data"][RECORD_MIME]
    return values
