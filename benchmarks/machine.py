"""The machine a measurement ran on, and writing measurement files whole (every benchmark)."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path


def cpu_model() -> str:
    """The processor's model name, e.g. 'AMD EPYC 7B13' (from /proc/cpuinfo on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine() -> dict[str, object]:
    """CPU model, core count and platform, as every measurement file records them."""
    return {"cpu": cpu_model(), "cpus": os.cpu_count(), "platform": platform.platform()}


def versions(backend: str) -> dict[str, str]:
    """Keras, NumPy, Python and the backend's package versions (the seed-spread parts, the exported weights)."""
    import importlib.metadata as md

    names = {"tensorflow": "tensorflow-cpu", "jax": "jax", "torch": "torch"}
    out = {"keras": md.version("keras"), "numpy": md.version("numpy"), "python": platform.python_version()}
    for dist in (names[backend], "tensorflow"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            continue
    return out


def write_text(path: Path, text: str, *, mode: int | None = None) -> Path:
    """Write ``text`` under a temporary name, then rename: never a half-written file. ``mode``: the file's
    permissions (a temporary file is private, 0600; the site serves what scripts/export_* write, 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_json(path: Path, data: object, *, sort_keys: bool = False) -> None:
    """Write ``data`` as JSON, whole (:func:`write_text`)."""
    write_text(path, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=sort_keys) + "\n")
