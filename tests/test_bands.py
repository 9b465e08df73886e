"""tests/bands.py: a band for every setting a run uses, each band clear of the measured breakages, and strict.

Every run of a notebook (nbval at the stored settings, the papermill runs, the oldest-versions run, the GPU
workflow) checks its trained numbers against a band: ``RUNS`` lists their settings, and each must have a
band for each quantity its check reads (``tests/chapter_checks.CHECKED``), measured or derived for a backend
measured nowhere here. Where the breakages were measured (``make spread``), every such band keeps clear
of them: a model trained on half its labels shuffled, or on labels moved one image along, fails the same check.
"""

from __future__ import annotations

import dataclasses

import bands
import pytest
from bands import Band, CalibrationError, UnmeasuredError, expect
from chapter_checks import CHECKED, RUNS

FULL = {"backend": "tensorflow", "n_train": 60_000, "epochs": 5}


def test_band_is_four_sd_but_never_inside_the_observed_range() -> None:
    wide = Band("q", mean=0.99, sd=0.002, lowest=0.986, highest=0.993, n_seeds=11)
    assert wide.low == pytest.approx(0.982) and wide.high == pytest.approx(0.998)
    narrow = Band("q", mean=0.5, sd=0.0, lowest=0.4, highest=0.6, n_seeds=2)
    assert (narrow.low, narrow.high) == (0.4, 0.6)


def test_accuracy_bands_stay_between_0_and_1() -> None:
    loose = Band("max_test_acc", mean=0.9, sd=0.05, lowest=0.85, highest=0.97, n_seeds=11, margin=0.01)
    assert loose.high == 1.0 and loose.low == pytest.approx(0.69)
    assert Band("cnn_shift_6", mean=0.05, sd=0.02, lowest=0.02, highest=0.09, n_seeds=11).low == 0.0
    gap = Band("max_gap", mean=0.01, sd=0.01, lowest=-0.01, highest=0.03, n_seeds=11)
    assert gap.low == pytest.approx(-0.03)  # a difference may be negative


def _checked(experiment: str, settings: tuple[int, int]) -> list[str]:
    return [q for q in CHECKED[experiment] if settings in CHECKED[experiment][q]]


@pytest.mark.parametrize("run", RUNS, ids=lambda r: f"{r.experiment}-{r.backend}-{r.n_train}x{r.epochs}")
def test_every_run_finds_a_band_for_every_number_it_checks(run) -> None:
    quantities = _checked(run.experiment, (run.n_train, run.epochs))
    assert quantities, f"{run}: checks no trained number"
    for quantity in quantities:
        bands.band(run.experiment, quantity, backend=run.backend, n_train=run.n_train, epochs=run.epochs)


@pytest.mark.parametrize("run", RUNS, ids=lambda r: f"{r.experiment}-{r.backend}-{r.n_train}x{r.epochs}")
def test_every_band_a_run_uses_excludes_the_measured_breakages(run) -> None:
    """The spread job's breakages at the same settings (on the measured backends) fall outside every band."""
    broken = bands.measured_breakages(run.experiment, run.n_train, run.epochs)
    assert broken, f"{run}: no breakage was measured at these settings (make spread; book_budget --breakages)"
    admitted = []
    for quantity in _checked(run.experiment, (run.n_train, run.epochs)):
        band = bands.band(run.experiment, quantity, backend=run.backend, n_train=run.n_train, epochs=run.epochs)
        for name, quantities in broken:
            inside = {s: v for s, v in quantities[quantity]["per_seed"].items() if band.contains(v)}
            admitted += [f"{quantity} [{band.low:.4f}, {band.high:.4f}] admits {name}: {inside}"] if inside else []
    assert not admitted, "\n".join(admitted)


def test_another_numerical_setup_stays_inside_the_bands() -> None:
    """One intra-op thread or oneDNN off changes the floating-point path, as another processor would:
    same seed, other numbers, still inside the band the seeds alone give."""
    jobs = bands.load_spread()["jobs"]
    for job in (jobs[name] for name in bands.SETUP_VARIANTS):
        for name, q in job["quantities"].items():
            if name.endswith("_seconds"):  # times: one thread is slower, as it should be
                continue
            seeds_only = dataclasses.replace(bands.full_band("convnet_dense", name), margin=0.0)
            for seed, value in q["per_seed"].items():
                assert seeds_only.contains(value), (name, seed, value, seeds_only.low, seeds_only.high)


def test_outside_the_band_fails_and_no_band_fails_too() -> None:
    band = bands.full_band("convnet_dense", "convnet_test_acc")
    assert 0.97 < band.low <= band.lowest and band.mean > 0.985
    assert expect("convnet_dense", "convnet_test_acc", band.mean, **FULL) == band
    with pytest.raises(CalibrationError, match=r"convnet_test_acc = 0\.1000 is outside"):
        expect("convnet_dense", "convnet_test_acc", 0.1, **FULL)
    with pytest.raises(CalibrationError, match="NaN"):
        expect("convnet_dense", "convnet_test_acc", float("nan"), **FULL)
    with pytest.raises(UnmeasuredError, match="no spread was measured"):
        expect("convnet_dense", "convnet_test_acc", 0.9, backend="tensorflow", n_train=777, epochs=3)


def test_a_backend_measured_nowhere_here_gets_the_measured_ones_band_widened() -> None:
    """PyTorch: the TensorFlow and JAX bands at the same settings, widened by their difference of means there;
    where only one backend was measured (JAX at the book's budget), by the largest difference anywhere."""
    tf, jax = (bands.band("convnet_dense", "convnet_test_acc", backend=b, **_small()) for b in bands.BACKENDS)
    torch = bands.band("convnet_dense", "convnet_test_acc", backend="torch", **_small())
    margin = bands.cross_backend_margin("convnet_dense", "convnet_test_acc", *_small().values())
    means = [
        bands.find_job("convnet_dense", b, *_small().values())["quantities"]["convnet_test_acc"]["mean"]
        for b in bands.BACKENDS
    ]
    assert margin == pytest.approx(abs(means[0] - means[1])) and margin > 0 and "no spread of its own" in torch.source
    anywhere = bands.cross_backend_margin("pooling", "max_train_acc", 60_000, 5)  # measured on TensorFlow only
    assert anywhere == max(bands.cross_backend_margin("pooling", "max_train_acc", *s) for s in _pooling_settings())
    assert torch.low == pytest.approx(max(0.0, min(tf.low, jax.low) - margin))
    assert torch.high == pytest.approx(min(1.0, max(tf.high, jax.high) + margin))


def _pooling_settings() -> list[tuple[int, int]]:
    """The settings 5.1.2's models were measured at on both TensorFlow and JAX."""
    jobs = [bands.settings_of(j) for j in bands.load_spread()["jobs"].values() if j["experiment"] == "pooling"]
    return [(n, e) for _, b, n, e in jobs if b == "jax" and ("pooling", "tensorflow", n, e) in jobs]


def _small() -> dict[str, int]:
    from scripts.execute_notebooks import SMOKE_PARAMETERS

    small = SMOKE_PARAMETERS["5_1_intro_convnets"]
    return {"n_train": small["TRAIN_SIZE"], "epochs": small["EPOCHS"]}


def test_a_broken_pipeline_fails_the_same_check() -> None:
    """Shuffled labels through the real training at the suite's small settings must be caught."""
    import keras
    import numpy as np

    from utils.models import build_convnet
    from utils.notebook import setup_notebook
    from utils.training import load_prepared_mnist, train_and_evaluate

    small = _small()
    setup_notebook(0, epochs=small["epochs"], train_size=small["n_train"], show=False)
    (x, y), test = load_prepared_mnist(small["n_train"])
    shuffled = y[np.random.default_rng(0).permutation(len(y))]
    keras.utils.set_random_seed(0)
    result = train_and_evaluate(build_convnet(), (x, shuffled), test, epochs=small["epochs"], batch_size=64, verbose=0)
    with pytest.raises(CalibrationError):
        expect("convnet_dense", "convnet_test_acc", result.test_acc, backend="tensorflow", **small)
