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


def write_json(path: Path, data: object, *, sort_keys: bool = False) -> None:
    """Write ``data`` as JSON under a temporary name, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=sort_keys) + "\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
