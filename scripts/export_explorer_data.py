"""Write ``_static/explorer/explorer-data.json``, the data of the site's in-page explorers (5.1.1, 5.1.2).

The explorers (``_static/explorer/cnn-explorer.mjs``) run in the reader's browser with no kernel, so what
they need from the course is exported once and committed: a few MNIST test digits (the one exception to never
committing MNIST, with the dataset's CC BY-SA 3.0 attribution), the course's edge kernels
(``utils.figures.convolution.EDGE_KERNELS``) and the 5.1 model's convolution and pooling stack
(``utils.receptive_fields.spatial_layers``). ``tests/test_explorer_data.py`` checks that the committed file is
what this script writes.

Run: ``.venv/bin/python -m scripts.export_explorer_data`` (reads MNIST through ``utils.data``, ``MNIST_NPZ``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from benchmarks.machine import write_text
from scripts.paths import REPO

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # utils.models imports Keras: no TensorFlow banner
OUTPUT = REPO / "_static" / "explorer" / "explorer-data.json"
#: Test-set images exported: the first of each digit, 2, 7, 1, 0, 4, 3, 5, 6, 8, 9 (index 1, the "2", is the one
#: 5.1.1 draws; the model explorer of 5.1 and 5.1.1 offers all ten).
DIGIT_INDICES = (1, 0, 2, 3, 4, 18, 8, 11, 61, 7)
ATTRIBUTION = {
    "dataset": "MNIST (test set)",
    "creators": "Yann LeCun, Corinna Cortes, Christopher J.C. Burges",
    "license": "CC BY-SA 3.0",
    "license_url": "https://creativecommons.org/licenses/by-sa/3.0/",
}


def explorer_data() -> dict:
    """Everything the explorers read: digits (uint8 rows), kernels and the 5.1 model's spatial layers."""
    from utils.data import load_mnist
    from utils.figures.convolution import EDGE_KERNELS
    from utils.models import build_convnet
    from utils.receptive_fields import spatial_layers

    _, (x_test, y_test) = load_mnist()
    return {
        "generated_by": "scripts/export_explorer_data.py",
        "attribution": ATTRIBUTION,
        "digits": [
            {"index": i, "label": int(y_test[i]), "pixels": x_test[i].astype(int).tolist()} for i in DIGIT_INDICES
        ],
        "kernels": [{"name": name, "values": values.astype(int).tolist()} for name, values in EDGE_KERNELS.items()],
        "model": [
            {"layer": kind, "window": size, "stride": stride} for kind, size, stride in spatial_layers(build_convnet())
        ],
    }


def render(data: dict) -> str:
    """The file's text: one digit row per line, so a diff stays readable."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # Lists of numbers (a pixel row, a kernel row) on one line each.
    text = re.sub(r"\[\s+(-?\d+(?:,\s+-?\d+)*)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m[1]) + "]", text)
    return text + "\n"


def write(path: Path = OUTPUT) -> Path:
    """Write the explorers' data atomically."""
    return write_text(path, render(explorer_data()), mode=0o644)


if __name__ == "__main__":
    print(f"wrote {write().relative_to(REPO)}")
