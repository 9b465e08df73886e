"""The committed measurement files shipped with the package, read at run time (5.1, 5.1.2).

``measured/seed_spread.json`` (``benchmarks/seed_spread.py``): every trained number over many
seeds, from which ``utils.calibration`` derives its checks. ``measured/results-gpu.json``
(``benchmarks/gpu_run.sh`` and ``benchmarks/gpu_results.py``): the notebooks run on a GPU,
including 5.1.2's comparison at the book's budget, which a CPU cannot afford. They are
package data, so a plain ``pip install`` (Colab) reads the same files as a checkout.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from utils.training import TrainResult

SEED_SPREAD = "seed_spread.json"
GPU_RESULTS = "results-gpu.json"


@functools.cache
def read_measurement(name: str) -> dict[str, Any]:
    """One file of ``utils/measured/``, parsed (read once per process)."""
    text = importlib.resources.files("utils").joinpath("measured", name).read_text(encoding="utf-8")
    return json.loads(text)


def book_budget_runs() -> list[TrainResult]:
    """5.1.2's five models trained on the GPU at the book's budget, one result per model and seed (5.1.2)."""
    from utils.training import TrainResult

    runs = read_measurement(GPU_RESULTS)["book_budget"]["runs"]
    return [
        TrainResult(
            name=r["name"],
            params=r["params"],
            history={},
            test_loss=float("nan"),
            test_acc=r["test_acc"],
            epoch_seconds=[r["seconds_per_epoch"]],
            seed=r["seed"],
            evaluated_train_acc=r["evaluated_train_acc"],
        )
        for r in runs
    ]
