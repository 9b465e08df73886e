"""utils.calibration: bands from the measured seed spread, enforced only where measured."""

from __future__ import annotations

import dataclasses

import pytest

from utils import calibration
from utils.calibration import Band, CalibrationError, expect
from utils.settings import Settings

FULL = Settings(seed=42, epochs=5, train_size=None, backend="tensorflow")


def test_band_is_four_sd_but_never_inside_the_observed_range() -> None:
    wide = Band("q", mean=0.99, sd=0.002, lowest=0.986, highest=0.993, n_seeds=11)
    assert wide.low == pytest.approx(0.982) and wide.high == pytest.approx(0.998)
    narrow = Band("q", mean=0.5, sd=0.0, lowest=0.4, highest=0.6, n_seeds=2)
    assert (narrow.low, narrow.high) == (0.4, 0.6)


def test_the_measured_file_covers_every_checked_setting() -> None:
    jobs = calibration.load_spread()["jobs"]
    standard = [job for job in jobs.values() if not job["environment"]]
    for job in standard:
        for name, q in job["quantities"].items():
            assert len(q["per_seed"]) >= 10, (job["experiment"], name)
            assert q["min"] <= q["mean"] <= q["max"]
    for experiment in calibration.FULL:
        assert calibration.full_band(experiment, "dense_test_acc").n_seeds >= 10
    for backend in ("tensorflow", "jax"):
        assert calibration.band("convnet_dense", "convnet_test_acc", backend=backend, n_train=2000, epochs=1)
        assert calibration.band("pooling", "max_test_acc", backend=backend, n_train=1000, epochs=1)


def test_another_numerical_setup_stays_inside_the_bands() -> None:
    """One intra-op thread (sums split differently) or oneDNN off changes the floating-point path,
    as another processor would: same seed, other numbers, still inside the band the seeds alone give."""
    jobs = calibration.load_spread()["jobs"]
    variants = [jobs[name] for name in calibration.SETUP_VARIANTS if name in jobs]
    assert variants, "no set-up variant was measured"
    for job in variants:
        for name, q in job["quantities"].items():
            full = calibration.full_band("convnet_dense", name)
            seeds_only = dataclasses.replace(full, margin=0.0)
            for seed, value in q["per_seed"].items():
                assert seeds_only.contains(value), (name, seed, value, seeds_only.low, seeds_only.high)
    assert calibration.setup_margin("max_test_acc") == max(
        v for k, v in calibration.setup_shifts().items() if k.endswith("_acc")
    )


def test_full_settings_band_holds_the_book_neighbourhood() -> None:
    band = calibration.full_band("convnet_dense", "convnet_test_acc")
    assert 0.97 < band.low <= band.lowest and band.mean > 0.985


def test_calibrated_settings_fail_outside_the_band() -> None:
    band = calibration.full_band("convnet_dense", "convnet_test_acc")
    assert expect("convnet_dense", "convnet_test_acc", band.mean, FULL) is True
    with pytest.raises(CalibrationError, match=r"convnet_test_acc = 0\.1000: 같은 설정에서 시드"):
        expect("convnet_dense", "convnet_test_acc", 0.1, FULL)
    with pytest.raises(CalibrationError, match="NaN"):
        expect("convnet_dense", "convnet_test_acc", float("nan"), FULL)


def test_uncalibrated_settings_never_fail_but_say_why(capsys: pytest.CaptureFixture[str]) -> None:
    small = Settings(seed=42, epochs=1, train_size=500, backend="tensorflow")
    assert expect("convnet_dense", "convnet_test_acc", 0.29, small) is False
    said = capsys.readouterr().out
    assert "훈련 이미지 500개, 1 에포크" in said and "0.2900" in said and "오류가 아닙니다" in said
    other_backend = Settings(seed=42, epochs=5, train_size=None, backend="torch")
    assert expect("convnet_dense", "convnet_test_acc", 0.3, other_backend) is False
    assert "백엔드(torch)" in capsys.readouterr().out
    assert expect("convnet_dense", "shift_margin_min", -1.0, small) is False  # no note for non-accuracies
    assert capsys.readouterr().out == ""


def test_a_broken_pipeline_fails_the_same_check() -> None:
    """Shuffled labels through the real training at the test suite's small settings must be caught."""
    import keras
    import numpy as np

    from utils.models import build_convnet
    from utils.notebook import setup_notebook
    from utils.training import load_prepared_mnist, train_and_evaluate

    settings = setup_notebook(0, epochs=1, train_size=2000, show=False)
    (x, y), test = load_prepared_mnist(2000)
    shuffled = y[np.random.default_rng(0).permutation(len(y))]
    keras.utils.set_random_seed(0)
    result = train_and_evaluate(build_convnet(), (x, shuffled), test, epochs=1, batch_size=64, verbose=0)
    with pytest.raises(CalibrationError):
        expect("convnet_dense", "convnet_test_acc", result.test_acc, settings)
