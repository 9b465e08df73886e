"""Glue computed numbers into the prose of every section (5.1, 5.1.1, 5.1.2)."""

from __future__ import annotations

from typing import Any


class _TextWithoutQuotes(str):
    """A string whose repr is itself, so ``{glue}`` shows ``0.9921`` and not ``'0.9921'``."""

    def __repr__(self) -> str:
        return str(self)


def glue(name: str, value: Any, fmt: str = "") -> None:
    """Record ``format(value, fmt)`` under ``name`` for myst-nb's ``{glue}`` role.

    ``fmt`` is a format spec such as ``".4f"``, ``",d"`` or ``".1%"``. Used by every section
    (5.1, 5.1.1, 5.1.2). Where myst-nb is not installed (e.g. a bare Colab runtime) nothing is
    recorded.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"glue name must be an identifier such as 'test_acc', got {name!r}")
    try:
        shown = _TextWithoutQuotes(format(value, fmt))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot format {value!r} with format spec {fmt!r}: {exc}") from exc
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # pragma: no cover - runtimes without myst-nb
        return
    myst_glue(name, shown, display=False)
