"""The committed GPU run (utils/measured/results-gpu.json) is complete and reads back as 5.1.2 uses it."""

from __future__ import annotations

from utils.measurements import GPU_RESULTS, book_budget_runs, read_measurement


def test_every_gpu_notebook_finished() -> None:
    gpu = read_measurement(GPU_RESULTS)
    assert "H200" in gpu["gpu"]
    assert all(entry["finished"] for entry in gpu["notebooks"].values()), gpu["notebooks"].keys()
    assert set(gpu["exit_codes"].values()) == {"0"}
    backends = {key.split("/")[0] for key in gpu["notebooks"]}
    assert backends == {"jax", "torch"}
    assert {"jax", "torch"} <= set(gpu["determinism"])


def test_book_budget_runs_cover_five_models_and_three_seeds() -> None:
    runs = book_budget_runs()
    assert sorted({r.name for r in runs}) == ["avg", "dense", "max", "no_pool", "strided"]
    assert all(sorted(r.seed for r in runs if r.name == name) == [0, 1, 2] for name in ("max", "no_pool"))
    assert all(0.9 < r.test_acc <= 1 and r.gap == r.evaluated_train_acc - r.test_acc for r in runs)
    assert {r.params for r in runs if r.name == "max"} == {93_322}
