"""What every executed chapter must show, checked from its outputs: nbval's run, papermill's, the GPU's.

The notebooks carry no checks of their own. These functions read what a run printed and glued
(``tests/notebooks.py``) and hold it to exact values where nothing is random, and to the bands
measured over seeds (``tests/bands.py``) where training decides. The set-up call's printed lines
say which backend, device and settings the run used, so one check serves every kind of run.

    python tests/chapter_checks.py EXECUTED.ipynb ...   (e.g. the GPU run's: jax-5_1_1_convolution.ipynb)
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bands import UnmeasuredError
from bands import expect as band_expect
from notebooks import Notebook, cell_with, code_cells, html_tables, load, printed, shown, source, tags

from scripts.execute_notebooks import SMOKE_PARAMETERS
from utils.settings import BACKEND_NAMES, BUDGETS, N_TRAIN

SETUP = re.compile(r"백엔드: (\w+) · 장치: (.+)\n설정: 훈련 이미지 ([\d,]+)개, (\d+) 에포크(?:, 시드 (\d+)개)?")

#: The settings the notebooks run at: the stored ones (5.1, 5.1.1: all images, 5 epochs; 5.1.2: the CPU
#: budget), the book's budget (5.1.2 with BUDGET="book" on a GPU) and the small ones of the papermill runs.
FULL = (N_TRAIN, 5)
CPU = (BUDGETS["cpu"].train_size, BUDGETS["cpu"].epochs)
BOOK = (N_TRAIN, BUDGETS["book"].epochs)
SMALL = {stem: (p["TRAIN_SIZE"], p["EPOCHS"]) for stem, p in SMOKE_PARAMETERS.items()}
SMALL_CONVNET, SMALL_POOLING = SMALL["5_1_intro_convnets"], SMALL["5_1_2_max_pooling"]
assert SMALL["5_1_1_convolution"] == SMALL_CONVNET  # 5.1.1 reuses (or retrains) 5.1's models

#: Which trained numbers each check holds to a band, and at which settings: those whose band keeps clear of
#: both measured breakages there (tests/test_bands.py; benchmarks/seed_spread.py trains them). Left out:
#: - test accuracies where the band admits half the training labels shuffled: such a model still scores close to
#:   a normal one on the (correctly labelled) test images. The training accuracy, measured on the labels it was
#:   given, catches it: the convnet's at every setting, each pooling model's at 5.1.2's budgets (at the CPU
#:   budget the no-pooling and dense models' test accuracies keep clear on both measured backends; the
#:   strided model's admits one of JAX's half-shuffled runs);
#: - the error drop, the accuracies on shifted digits and the convnet's lead there, for the same reason (the lead
#:   at every shift stays a sign check: check_convolution);
#: - the gaps where labels moved one image along leave a model at chance on both sides (a gap of about 0);
#: - the differences between models within one seed (``convnet_min_minus_dense``, ``no_pool_minus_max_gap``):
#:   at one seed they straddle zero, and both breakages land inside.
CHECKED: dict[str, dict[str, set[tuple[int, int]]]] = {
    "convnet_dense": {
        "convnet_train_acc": {FULL, SMALL_CONVNET},
        "dense_test_acc": {FULL},
    },
    "pooling": {
        **{f"{m}_train_acc": {CPU, BOOK, SMALL_POOLING} for m in ("max", "avg", "strided", "dense")},
        "no_pool_train_acc": {CPU, BOOK},
        **{f"{m}_test_acc": {CPU} for m in ("no_pool", "dense")},
        **{f"{m}_gap": {CPU} for m in ("avg", "strided", "no_pool", "dense")},
    },
}


@dataclass(frozen=True)
class Setting:
    """Where a notebook's trained numbers come from: experiment, backend, training images, epochs."""

    experiment: str
    backend: str
    n_train: int
    epochs: int


#: Every setting some run uses: nbval (TensorFlow, stored settings), the papermill runs (TensorFlow and JAX
#: at the small settings; PyTorch there where it is installed), the oldest-versions run (TensorFlow, small)
#: and the GPU workflow (benchmarks/gpu_run.sh: JAX and PyTorch at the stored settings, JAX at the book's
#: budget). tests/test_bands.py checks that each has its bands and that they exclude the breakages.
RUNS = [
    *(Setting("convnet_dense", b, *FULL) for b in ("tensorflow", "jax", "torch")),
    *(Setting("convnet_dense", b, *SMALL_CONVNET) for b in ("tensorflow", "jax", "torch")),
    *(Setting("pooling", b, *CPU) for b in ("tensorflow", "jax", "torch")),
    *(Setting("pooling", b, *SMALL_POOLING) for b in ("tensorflow", "jax", "torch")),
    Setting("pooling", "jax", *BOOK),
]


@dataclass(frozen=True)
class Run:
    """Where and how a notebook ran, read from its set-up call's output."""

    backend: str
    gpu: bool
    n_train: int
    epochs: int
    n_seeds: int = 1  # 5.1.2's comparison: how many seeds per model

    def expect(self, experiment: str, quantity: str, value: float) -> None:
        """``value`` in its band at these settings (tests/bands.py), where :data:`CHECKED` checks it there.

        A run at settings no check covers fails: its trained numbers would go unchecked.
        """
        here = (self.n_train, self.epochs)
        if not any(here in where for where in CHECKED[experiment].values()):
            raise UnmeasuredError(f"no check covers {experiment} at {here[0]:,} images x {here[1]} epochs")
        if here in CHECKED[experiment].get(quantity, set()):
            band_expect(experiment, quantity, value, backend=self.backend, n_train=self.n_train, epochs=self.epochs)


def run_of(nb: Notebook) -> Run:
    found = SETUP.search(printed(cell_with(nb, "setup_notebook(")))
    assert found, "the set-up call must print the backend, the device and the settings"
    backend, device, n_train, epochs, n_seeds = found.groups()
    backend = {name: key for key, name in BACKEND_NAMES.items()}.get(backend, backend)  # older runs print the key
    return Run(backend, device.startswith("GPU"), int(n_train.replace(",", "")), int(epochs), int(n_seeds or 1))


def number(text: str) -> float:
    """``'0.9912'``, ``'99.12%'``, ``'18,496'`` -> a float."""
    text = text.replace(",", "").strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def found(pattern: str, text: str) -> str:
    """The first group of ``pattern`` in ``text``; fails, naming the pattern, if it is not there."""
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in the output:\n{text[:400]}"
    return match.group(1)


def printed_number(nb: Notebook, marker: str, pattern: str) -> float:
    """A number the code cell containing ``marker`` printed, read with ``pattern``'s first group."""
    return number(found(pattern, printed(cell_with(nb, marker))))


def total_params(nb: Notebook, marker: str) -> int:
    """The "Total params" of the ``model.summary()`` the cell containing ``marker`` showed."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", shown(cell_with(nb, marker)))
    return int(number(found(r"Total params: ([\d,]+)", text)))


def check_solutions(nb: Notebook) -> None:
    """Every hidden solution's checker said it is right, in a run (the committed notebooks store no solution output:
    Colab would show it under the exercise)."""
    solutions = [c for c in code_cells(nb) if "hide-cell" in tags(c) and "check_" in source(c)]
    ran = [c for c in solutions if c.get("outputs")]
    assert ran in ([], solutions), f"{len(ran)} of {len(solutions)} solutions ran"
    for cell in ran:
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
    """5.1: listing 5-1/5-2's parameters, the training log, the two test accuracies."""
    run = run_of(nb)
    assert total_params(nb, "model = keras.Sequential(") == 55_744  # listing 5-1
    assert total_params(nb, "model.add(layers.Flatten())") == 93_322  # with listing 5-2's classifier
    log = printed(cell_with(nb, "history = model.fit("))
    accuracy = [float(a) for a in re.findall(r"\baccuracy: ([\d.]+)", log)]
    loss = [float(a) for a in re.findall(r"\bloss: ([\d.]+)", log)]
    assert len(accuracy) == len(loss) == run.epochs, log
    run.expect("convnet_dense", "convnet_train_acc", accuracy[-1])
    assert all(later <= earlier * 1.05 for earlier, later in itertools.pairwise(loss)), loss  # it (nearly) only falls
    conv = printed_number(nb, "test_loss, test_acc = model.evaluate(", r"테스트 정확도: ([\d.]+)")
    dense = printed_number(nb, "dense_loss, dense_acc = dense_model.evaluate(", r"테스트 정확도: ([\d.]+)")
    run.expect("convnet_dense", "dense_test_acc", dense)
    drop = printed_number(nb, "error_drop = (dense_error - conv_error)", r"에러율 감소: ([\d.-]+%)")
    assert abs(drop - ((1 - dense) - (1 - conv)) / (1 - dense)) < 0.015, drop  # printed to a whole percent
    check_time_announced(nb)


def check_convolution(nb: Notebook) -> None:
    """5.1.1: the reused models, shifted digits, equivariance, receptive fields, NumPy against Keras."""
    run = run_of(nb)
    accuracies = printed(cell_with(nb, 'note_if_low("convnet_dense", "convnet_test_acc"'))
    conv = number(found(r"컨브넷의 테스트 정확도: ([\d.]+)", accuracies))
    dense = number(found(r"완전 연결 네트워크의 테스트 정확도: ([\d.]+)", accuracies))
    run.expect("convnet_dense", "dense_test_acc", dense)
    train = number(found(r"컨브넷의 훈련 정확도\(마지막 에포크\): ([\d.]+)", accuracies))
    run.expect("convnet_dense", "convnet_train_acc", train)
    shifts = _shifts(nb)
    lines = printed(cell_with(nb, "shift_accuracies(")).strip().splitlines()
    cnn, fc = ([float(v) for v in line.split(":")[1].split()] for line in lines)
    assert len(cnn) == len(fc) == len(shifts), lines
    by_shift = {dx: (c, f) for dx, c, f in zip(shifts, cnn, fc, strict=True)}
    if 0 in by_shift:  # no shift is the plain test set (printed to 3 decimals)
        assert abs(by_shift[0][0] - conv) < 1.6e-3 and abs(by_shift[0][1] - dense) < 1.6e-3, (by_shift[0], conv, dense)
    if shifts == list(range(7)) and (run.n_train, run.epochs) == FULL:
        # the page's claim, a sign that every measured seed shows (11 on TensorFlow, 6 on JAX): the convnet leads at
        # every shift. Not a band: half the labels shuffled leads too (convnet_train_acc catches that run).
        lead = min(c - f for dx, (c, f) in by_shift.items() if dx)
        assert lead > 0, f"the dense network matched or beat the convnet on a shifted test set (lead {lead:.4f})"
    assert printed_number(nb, "equivariance_diff = ", r"최대 차이: ([\d.e+-]+)") < 1e-5
    fields = printed(cell_with(nb, "windows = nested_windows(convnet)"))
    assert re.findall(r"(\d+)×\1", fields) == ["3", "4", "8", "10", "18"], fields
    assert printed(cell_with(nb, "positions = {")).strip() == "{'valid': 9, 'same': 25, 'stride2': 4}"
    tolerance = 2e-3 if run.gpu else 1e-4  # a GPU may compute float32 convolutions in TF32
    assert printed_number(nb, "conv_diff = ", r"최대 차이: ([\d.e+-]+)") < tolerance
    assert printed_number(nb, "step_diff = ", r"최대 차이 ([\d.e+-]+)") < tolerance
    assert printed(cell_with(nb, "ours = conv2d(")).strip() == "NumPy: (256, 26, 26, 32)  케라스: (256, 26, 26, 32)"
    table = printed(cell_with(nb, 'print("윈도우  스트라이드')).strip().splitlines()[1:]
    assert table and all(row.split()[-1] == row.split()[-2] for row in table), table  # formula == Keras
    if {0, 3} <= set(shifts):  # exercise 1's measurement reads the same run's accuracies
        drops = [by_shift[0][k] - by_shift[3][k] for k in (0, 1)]
        text = shown(cell_with(nb, "compare_shift_guess("))
        said = [float(v) / 100 for v in re.findall(r"([-\d.]+)%p", text.splitlines()[0])]
        assert len(said) == 2 and all(abs(f - d) < 1.6e-3 for f, d in zip(said, drops, strict=True)), (text, drops)
    check_time_announced(nb)
    check_solutions(nb)


def _shifts(nb: Notebook) -> list[int]:
    """The shifts the notebook's ``SHIFTS = ...`` cell sets (the page's default, or a papermill run's)."""
    namespace: dict = {}
    exec(source(cell_with(nb, "SHIFTS = ")), namespace)
    return list(namespace["SHIFTS"])


#: 5.1.2's models in the order the comparison trains them, with their parameter counts.
POOLING_PARAMS = {"max": 93_322, "avg": 93_322, "strided": 121_994, "no_pool": 15_921_098, "dense": 407_050}


def comparison_rows(nb: Notebook) -> list[dict]:
    """5.1.2's comparison as printed, one row per run: name (by order), seed, params, accuracies, gap, seconds."""
    lines = printed(cell_with(nb, "records = run_comparison(")).splitlines()
    rows = []
    for line in lines:
        values = re.findall(r"(?<!\S)([\d,]+(?:\.\d+)?)(?!\S)", line)
        if len(values) >= 5 and not line.startswith("예상 시간"):
            params, train, test, gap, seconds = values[-5:]
            k = len(rows)
            name = list(POOLING_PARAMS)[k % len(POOLING_PARAMS)]
            rows.append(
                {
                    "name": name,
                    "seed": k // len(POOLING_PARAMS),
                    "params": int(number(params)),
                    "evaluated_train_acc": float(train),
                    "test_acc": float(test),
                    "gap": float(gap) / 100,
                    "seconds_per_epoch": float(seconds),
                }
            )
    return rows


def check_max_pooling(nb: Notebook) -> None:
    """5.1.2: pooling by hand and by Keras, the no-pooling model's size, the comparison's runs."""
    run = run_of(nb)
    shapes = printed(cell_with(nb, "for layer in model.layers[:5]:"))
    assert re.findall(r"출력 (\([\d, ]+\))", shapes) == [
        "(26, 26, 32)",
        "(13, 13, 32)",
        "(11, 11, 64)",
        "(5, 5, 64)",
        "(3, 3, 64)",
    ], shapes
    assert re.findall(r"파라미터\s+([\d,]+)개", shapes) == ["320", "0", "18,496", "0", "36,928"], shapes
    assert printed(cell_with(nb, "def max_pool_loops")).count("같은가요? True") == 2
    assert printed_number(nb, "pool_diff = ", r"최대 차이: ([\d.e+-]+)") == 0
    sizes = printed(cell_with(nb, "no_pool_model = build_no_pooling_model("))
    assert "펼친 원소: 30,976개, Dense(512)의 가중치: 15,860,224개" in sizes and "모델 전체: 15,921,098개" in sizes
    fields = printed(cell_with(nb, "rf_no_pool = receptive_field("))
    assert "풀링 없는 모델: 7 / 5.1 모델: 18" in fields and "[3, 4, 8, 10, 18]" in fields, fields
    agreement = {
        int(dx): (float(conv), float(pool))
        for dx, conv, pool in re.findall(
            r"(\d)픽셀: 합성곱 ([\d.]+), 풀링 뒤 ([\d.]+)", printed(cell_with(nb, "same_pool ="))
        )
    }
    assert agreement[0] == (1.0, 1.0), agreement  # unshifted: the same maps
    assert agreement[1][1] > agreement[1][0], agreement  # a 1-pixel shift: pooling keeps more of the map
    records = comparison_rows(nb)
    assert len(records) == 5 * run.n_seeds and all(r["seconds_per_epoch"] > 0 for r in records), records
    check_time_announced(nb)
    for r in records:  # each model's numbers that CHECKED holds to a band at these settings
        assert r["params"] == POOLING_PARAMS[r["name"]], r
        run.expect("pooling", f"{r['name']}_test_acc", r["test_acc"])
        run.expect("pooling", f"{r['name']}_train_acc", r["evaluated_train_acc"])
        run.expect("pooling", f"{r['name']}_gap", r["gap"])
    check_solutions(nb)


def check_appendix(nb: Notebook) -> None:
    """The appendix: its tables are the shipped measurement summary's (nbval compares them cell by cell); the
    budget it marks is the one 5.1.2 runs, and it shows every book claim once."""
    from utils.measurements import summary

    (grid,) = html_tables(cell_with(nb, "budget_grid_table()"))
    cpu = BUDGETS["cpu"]
    assert [row[0] for row in grid.body if row[-1] == "✓"] == [f"{cpu.train_size:,}×{cpu.epochs}"], grid.body
    (claims,) = html_tables(cell_with(nb, "book_claims_table()"))
    assert len(claims.body) == len(summary()["book_budget"]["claims"]), claims.body


#: notebook stem (chapters/<stem>.ipynb) -> its check
CHECKS: dict[str, Callable[[Notebook], None]] = {
    "5_1_intro_convnets": check_intro_convnets,
    "5_1_1_convolution": check_convolution,
    "5_1_2_max_pooling": check_max_pooling,
    "appendix_method": check_appendix,
}


def check(stem: str, nb: Notebook) -> None:
    """The check of the notebook ``stem`` (a GPU run's copy may carry a suffix: ``..._max_pooling-book-seed0``)."""
    CHECKS[next(name for name in CHECKS if stem.startswith(name))](nb)


if __name__ == "__main__":
    for path in map(Path, sys.argv[1:]):
        check(path.stem.split("-")[1] if "-" in path.stem else path.stem, load(path))
        print(f"{path}: ok")
