"""What every executed chapter must show, checked from its outputs: nbval's run, papermill's, the GPU's.

The notebooks carry no checks of their own. These functions read what a run printed and glued
(``tests/notebooks.py``) and hold it to exact values where nothing is random, and to the bands
measured over seeds (``tests/bands.py``) where training decides. The set-up call's printed lines
say which backend, device and settings the run used, so one check serves every kind of run.

    python tests/chapter_checks.py EXECUTED.ipynb ...   (e.g. the GPU run's: jax-5_1_1_convolution.ipynb)
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bands import expect as band_expect
from notebooks import Notebook, cell_with, code_cells, glued_values, load, printed, shown, source, tags

from utils.settings import BACKEND_NAMES

SETUP = re.compile(r"백엔드: (\w+) · 장치: (.+)\n설정: 훈련 이미지 ([\d,]+)개, (\d+) 에포크")


@dataclass(frozen=True)
class Run:
    """Where and how a notebook ran, read from its set-up call's output."""

    backend: str
    gpu: bool
    n_train: int
    epochs: int

    def expect(self, experiment: str, quantity: str, value: float) -> bool:
        """The measured band, at these settings (True), or nothing to check here (False)."""
        return band_expect(experiment, quantity, value, backend=self.backend, n_train=self.n_train, epochs=self.epochs)


def run_of(nb: Notebook) -> Run:
    found = SETUP.search(printed(cell_with(nb, "setup_notebook(")))
    assert found, "the set-up call must print the backend, the device and the settings"
    backend, device, n_train, epochs = found.groups()
    backend = {name: key for key, name in BACKEND_NAMES.items()}.get(backend, backend)  # older runs print the key
    return Run(backend, device.startswith("GPU"), int(n_train.replace(",", "")), int(epochs))


def number(text: str) -> float:
    """``'0.9912'``, ``'99.12%'``, ``'18,496'`` -> a float."""
    text = text.replace(",", "").strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def check_exact(values: dict[str, str], expected: dict[str, object]) -> None:
    for key, want in expected.items():
        got = values[key]
        assert (got == want) if isinstance(want, str) else (number(got) == want), (key, got, want)


def check_solutions(nb: Notebook) -> None:
    """Every hidden solution's checker said it is right."""
    solutions = [c for c in code_cells(nb) if "hide-cell" in tags(c) and "check_" in source(c)]
    for cell in solutions:
        assert "correct=True" in shown(cell), (source(cell)[:80], shown(cell)[:200])


TRAINS = ("model.fit(", "trained_model(", "run_comparison(")  # what a cell that trains calls


def check_time_announced(nb: Notebook) -> None:
    """Every cell that trains said first how long it would take."""
    for cell in code_cells(nb):
        said = printed(cell)
        if not any(call in source(cell) for call in TRAINS) or "불러왔습니다" in said:  # 5.1.1 loaded 5.1's model
            continue
        assert "예상 시간:" in said, (source(cell)[:80], said[:200])
        if "Epoch" in said:
            assert said.index("예상 시간:") < said.index("Epoch"), "the estimate comes first"


def check_intro_convnets(nb: Notebook) -> None:
    """5.1: listing 5-1/5-2's shapes and parameters, the training log, the two test accuracies."""
    run, values = run_of(nb), glued_values(nb)
    check_exact(
        values,
        {
            "base_params": 55_744,
            "total_params": 93_322,
            "flatten_size": 576,
            "conv1_params": 320,
            "conv2_params": 18_496,
            "conv3_params": 36_928,
            "dense64_params": 36_928,
            "dense10_params": 650,
            "dense_params": 407_050,
            "first_map_shape": "(26, 26, 32)",
            "last_map_shape": "(3, 3, 64)",
            "epochs": run.epochs,
        },
    )
    log = printed(cell_with(nb, "history = model.fit("))
    accuracy = [float(a) for a in re.findall(r"\baccuracy: ([\d.]+)", log)]
    loss = [float(a) for a in re.findall(r"\bloss: ([\d.]+)", log)]
    assert len(accuracy) == len(loss) == run.epochs, log
    if run.expect("convnet_dense", "convnet_train_acc", accuracy[-1]):  # measured: the loss (nearly) only falls
        assert all(later <= earlier * 1.05 for earlier, later in itertools.pairwise(loss)), loss
    conv, dense = number(values["test_acc"]), number(values["dense_acc"])
    run.expect("convnet_dense", "convnet_test_acc", conv)
    run.expect("convnet_dense", "dense_test_acc", dense)
    run.expect("convnet_dense", "error_drop", ((1 - dense) - (1 - conv)) / (1 - dense))
    check_time_announced(nb)


def check_convolution(nb: Notebook) -> None:
    """5.1.1: the reused models, shifted digits, equivariance, receptive fields, NumPy against Keras."""
    run, values = run_of(nb), glued_values(nb)
    conv, dense = number(values["convnet_acc"]), number(values["dense_acc"])
    run.expect("convnet_dense", "convnet_test_acc", conv)
    run.expect("convnet_dense", "dense_test_acc", dense)
    shifts = sorted(int(k.rsplit("_", 1)[1]) for k in values if k.startswith("cnn_shift_"))
    lines = printed(cell_with(nb, "shift_accuracies(")).strip().splitlines()
    cnn, fc = ([float(v) for v in line.split(":")[1].split()] for line in lines)
    assert len(cnn) == len(fc) == len(shifts), lines
    by_shift = {dx: (c, f) for dx, c, f in zip(shifts, cnn, fc, strict=True)}
    if 0 in by_shift:  # no shift is the plain test set (printed to 3 decimals)
        assert abs(by_shift[0][0] - conv) < 1.6e-3 and abs(by_shift[0][1] - dense) < 1.6e-3, (by_shift[0], conv, dense)
    if shifts == list(range(7)):  # the measured claim: the convnet leads at every shift
        run.expect("convnet_dense", "shift_margin_min", min(c - f for dx, (c, f) in by_shift.items() if dx))
    for dx in {2, 6} & set(shifts):
        run.expect("convnet_dense", f"cnn_shift_{dx}", by_shift[dx][0])
        run.expect("convnet_dense", f"dense_shift_{dx}", by_shift[dx][1])
    if 2 in by_shift:
        run.expect("convnet_dense", "shift_margin_2", by_shift[2][0] - by_shift[2][1])
    assert number(values["equivariance_diff"]) < 1e-5, values["equivariance_diff"]
    check_exact(values, {"fields": "3 → 4 → 8 → 10 → 18", "last_field": 18, "mnist_side": 26})
    check_exact(values, {"positions_valid": 9, "positions_same": 25, "positions_stride2": 4})
    tolerance = 2e-3 if run.gpu else 1e-4  # a GPU may compute float32 convolutions in TF32
    assert number(values["conv_diff"]) < tolerance and number(values["step_diff"]) < tolerance, values
    assert printed(cell_with(nb, "ours = conv2d(")).strip() == "NumPy: (256, 26, 26, 32)  케라스: (256, 26, 26, 32)"
    table = printed(cell_with(nb, 'print("윈도우  스트라이드')).strip().splitlines()[1:]
    assert table and all(row.split()[-1] == row.split()[-2] for row in table), table  # formula == Keras
    if {0, 3} <= set(shifts):  # exercise 1's measurement reads the same run's accuracies
        drops = [by_shift[0][k] - by_shift[3][k] for k in (0, 1)]
        text = shown(cell_with(nb, "compare_shift_guess("))
        found = [float(v) / 100 for v in re.findall(r"([-\d.]+)%p", text.splitlines()[0])]
        assert len(found) == 2 and all(abs(f - d) < 1.6e-3 for f, d in zip(found, drops, strict=True)), (text, drops)
    check_small_data(values)
    check_time_announced(nb)
    check_solutions(nb)


def check_small_data(values: dict[str, str]) -> None:
    """5.1.1's sentences on the small training set say what the committed measurement says."""
    from utils.report import describe_small_data

    expected = describe_small_data()
    assert {k: values[k].strip("'\"") for k in expected} == expected, values


def check_max_pooling(nb: Notebook) -> None:
    """5.1.2: pooling by hand and by Keras, the no-pooling model's size, the comparison's runs."""
    run, values = run_of(nb), glued_values(nb)
    check_exact(
        values,
        {
            "conv1_shape": "(26, 26, 32)",
            "pool1_shape": "(13, 13, 32)",
            "conv2_side": 11,
            "pool2_side": 5,
            "pool_params": 0,
            "model_params": 93_322,
            "pool_diff": 0,
            "n_coefficients": 30_976,
            "dense512_weights": 15_860_224,
            "no_pool_params": 55_744 + 15_860_224 + 5_130,
            "rf_no_pool": "7×7",
            "rf_max": "18×18",
            "rf_growth": "3 → 4 → 8 → 10 → 18",
            "strided_last_map": "4×4",
            "max_last_map": "3×3",
            "rf_strided": "15×15",
            "strided_params": 121_994,
            "epochs": run.epochs,
        },
    )
    assert printed(cell_with(nb, "def max_pool_loops")).count("같은가요? True") == 2
    agreement = {dx: (conv, pool) for dx, conv, pool, _ in json.loads(values["pool_agreement"].strip("'\""))}
    assert all(abs(v - 1) < 1e-6 for v in agreement[0]), agreement  # unshifted: the same maps
    assert agreement[1][1] > agreement[1][0], agreement  # a 1-pixel shift: pooling keeps more of the map
    records = json.loads(values["comparison_records"].strip("'\""))
    n_seeds = int(values["n_seeds"])
    assert len(records) == 5 * n_seeds and all(r["seconds_per_epoch"] > 0 for r in records), len(records)
    check_time_announced(nb)
    params = {"max": 93_322, "avg": 93_322, "strided": 121_994}
    params |= {"no_pool": 15_921_098, "dense": 407_050}
    by_seed: dict[int, dict[str, dict]] = {}
    for r in records:
        assert r["params"] == params[r["name"]], r
        by_seed.setdefault(r["seed"], {})[r["name"]] = r
        run.expect("pooling", f"{r['name']}_test_acc", r["test_acc"])
        run.expect("pooling", f"{r['name']}_train_acc", r["evaluated_train_acc"])
        run.expect("pooling", f"{r['name']}_gap", r["gap"])
    for runs in by_seed.values():  # per seed: the lowest convnet against the dense net, no pooling's gap against max's
        lowest = min(runs[n]["test_acc"] for n in ("max", "avg", "strided", "no_pool"))
        run.expect("pooling", "convnet_min_minus_dense", lowest - runs["dense"]["test_acc"])
        run.expect("pooling", "no_pool_minus_max_gap", runs["no_pool"]["gap"] - runs["max"]["gap"])
    check_solutions(nb)


#: notebook stem (chapters/<stem>.ipynb) -> its check
CHECKS: dict[str, Callable[[Notebook], None]] = {
    "5_1_intro_convnets": check_intro_convnets,
    "5_1_1_convolution": check_convolution,
    "5_1_2_max_pooling": check_max_pooling,
}


def check(stem: str, nb: Notebook) -> None:
    """The check of the notebook ``stem`` (a GPU run's copy may carry a suffix: ``..._max_pooling-book-seed0``)."""
    CHECKS[next(name for name in CHECKS if stem.startswith(name))](nb)


if __name__ == "__main__":
    for path in map(Path, sys.argv[1:]):
        check(path.stem.split("-")[1] if "-" in path.stem else path.stem, load(path))
        print(f"{path}: ok")
