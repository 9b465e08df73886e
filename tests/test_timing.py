"""utils.timing: the estimate a training cell prints first, and that making it changes nothing the page trains."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from utils.models import build_convnet, build_dense_network
from utils.timing import announce, estimate_seconds, format_duration
from utils.training import load_prepared_mnist, train_and_evaluate


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(3, "약 5초"), (42, "약 40초"), (89, "약 90초"), (150, "약 2분"), (3 * 3600 + 600, "약 3시간 10분")],
)
def test_durations_are_rounded_as_estimates(seconds: float, said: str) -> None:
    assert format_duration(seconds) == said


def test_announce_prints_one_line_before_training(capsys) -> None:
    announce(130)
    assert capsys.readouterr().out.startswith("예상 시간: 약 2분 (")


def _trained(estimate: bool) -> list[np.ndarray]:
    """5.1's order at a tiny size: seed, convnet (estimate?), fit; then the dense network, fit."""
    train, test = load_prepared_mnist(256)
    test = (test[0][:256], test[1][:256])
    keras.utils.set_random_seed(3)
    convnet = build_convnet()
    if estimate:
        assert estimate_seconds(convnet, train[0], epochs=1, batch_size=64, evaluated=256) > 0
    train_and_evaluate(convnet, train, test, epochs=1, batch_size=64, verbose=0)
    dense = build_dense_network()  # drawn after the estimate: its seed must not have moved either
    train_and_evaluate(dense, train, test, epochs=1, batch_size=128, verbose=0)
    return convnet.get_weights() + dense.get_weights()


def test_the_estimate_changes_no_weight_and_no_random_draw() -> None:
    """It trains a throwaway copy, restoring Python's random state: the page's numbers stay the job's."""
    for before, after in zip(_trained(False), _trained(True), strict=True):
        np.testing.assert_array_equal(before, after)
