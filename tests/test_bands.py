"""tests/bands.py: bands from the measured seed spread, enforced only where measured, and strict enough."""

from __future__ import annotations

import dataclasses

import bands
import pytest
from bands import Band, CalibrationError, expect

FULL = {"backend": "tensorflow", "n_train": 60_000, "epochs": 5}


def test_band_is_four_sd_but_never_inside_the_observed_range() -> None:
    wide = Band("q", mean=0.99, sd=0.002, lowest=0.986, highest=0.993, n_seeds=11)
    assert wide.low == pytest.approx(0.982) and wide.high == pytest.approx(0.998)
    narrow = Band("q", mean=0.5, sd=0.0, lowest=0.4, highest=0.6, n_seeds=2)
    assert (narrow.low, narrow.high) == (0.4, 0.6)


def test_every_checked_setting_was_measured_over_ten_seeds_or_more() -> None:
    for job in bands.load_spread()["jobs"].values():
        if not job["environment"]:
            assert all(len(q["per_seed"]) >= 10 for q in job["quantities"].values()), job["experiment"]
    for backend in ("tensorflow", "jax"):
        assert bands.band("convnet_dense", "convnet_test_acc", backend=backend, n_train=2000, epochs=1)
        assert bands.band("pooling", "max_test_acc", backend=backend, n_train=1000, epochs=1)


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


def test_measured_settings_fail_outside_the_band_and_others_are_not_checked() -> None:
    band = bands.full_band("convnet_dense", "convnet_test_acc")
    assert 0.97 < band.low <= band.lowest and band.mean > 0.985
    assert expect("convnet_dense", "convnet_test_acc", band.mean, **FULL) is True
    with pytest.raises(CalibrationError, match=r"convnet_test_acc = 0\.1000 is outside"):
        expect("convnet_dense", "convnet_test_acc", 0.1, **FULL)
    with pytest.raises(CalibrationError, match="NaN"):
        expect("convnet_dense", "convnet_test_acc", float("nan"), **FULL)
    assert expect("convnet_dense", "convnet_test_acc", 0.1, backend="tensorflow", n_train=500, epochs=1) is False


def test_a_broken_pipeline_fails_the_same_check() -> None:
    """Shuffled labels through the real training at the suite's small settings must be caught."""
    import keras
    import numpy as np

    from utils.models import build_convnet
    from utils.notebook import setup_notebook
    from utils.training import load_prepared_mnist, train_and_evaluate

    setup_notebook(0, epochs=1, train_size=2000, show=False)
    (x, y), test = load_prepared_mnist(2000)
    shuffled = y[np.random.default_rng(0).permutation(len(y))]
    keras.utils.set_random_seed(0)
    result = train_and_evaluate(build_convnet(), (x, shuffled), test, epochs=1, batch_size=64, verbose=0)
    with pytest.raises(CalibrationError):
        expect("convnet_dense", "convnet_test_acc", result.test_acc, backend="tensorflow", n_train=2000, epochs=1)
