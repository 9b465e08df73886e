"""utils.transforms: shifting images with zero fill (5.1.1's translation experiment)."""

from __future__ import annotations

import numpy as np
import pytest

from utils.checks import ParameterError
from utils.transforms import shift_accuracies, shift_images, similarity


def test_shift_right_and_down_fills_with_zeros() -> None:
    images = np.arange(2 * 4 * 5, dtype=np.uint8).reshape(2, 4, 5) + 1
    shifted = shift_images(images, dx=2, dy=1)
    assert shifted.shape == images.shape and shifted.dtype == images.dtype
    np.testing.assert_array_equal(shifted[:, 1:, 2:], images[:, :-1, :-2])
    assert not shifted[:, 0, :].any() and not shifted[:, :, :2].any()  # uncovered border is zero
    assert shifted is not images and images[0, 0, 0] == 1  # the input is untouched


def test_negative_shifts_move_left_and_up() -> None:
    images = np.random.default_rng(0).random((3, 6, 6, 1))
    shifted = shift_images(images, dx=-2, dy=-3)
    np.testing.assert_array_equal(shifted[:, :3, :4], images[:, 3:, 2:])
    assert not shifted[:, 3:].any() and not shifted[:, :, 4:].any()


def test_zero_shift_is_a_copy_and_shifts_compose() -> None:
    images = np.random.default_rng(1).random((2, 7, 7))
    np.testing.assert_array_equal(shift_images(images), images)
    np.testing.assert_array_equal(shift_images(images, dx=np.int64(2)), shift_images(images, dx=2))  # NumPy ints
    # Shifting twice equals shifting once by the sum when nothing leaves the frame in between.
    framed = np.zeros((1, 12, 12))
    framed[0, 4:8, 4:8] = 1.0
    np.testing.assert_array_equal(shift_images(shift_images(framed, 1, 1), 2, -1), shift_images(framed, 3, 0))


def test_pixels_that_leave_the_frame_do_not_wrap_around() -> None:
    images = np.zeros((1, 4, 4))
    images[0, :, -1] = 1.0  # a bright right-hand column
    assert not shift_images(images, dx=1).any()  # np.roll would bring it back on the left


@pytest.mark.parametrize(("dx", "dy"), [(28, 0), (0, -28), (40, 3), (-100, -100)])
def test_a_shift_by_the_whole_image_or_more_leaves_it_black(dx: int, dy: int) -> None:
    shifted = shift_images(np.ones((2, 28, 28, 1)), dx=dx, dy=dy)
    assert shifted.shape == (2, 28, 28, 1) and not shifted.any()


def test_shift_accuracies_reshape_for_each_model() -> None:
    """5.1.1's translation experiment: the same call serves the convnet and the dense network."""
    import keras

    rng = np.random.default_rng(2)
    images, labels = rng.random((20, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, 20)
    dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    conv = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    for model in (dense, conv):
        accuracies = shift_accuracies(model, images, labels, [0, 3])
        shifted = shift_images(images, dx=3).reshape((20, *model.input_shape[1:]))
        assert accuracies[1] == float((model.predict(shifted, verbose=0).argmax(axis=1) == labels).mean())
        assert len(accuracies) == 2 and all(0 <= a <= 1 for a in accuracies)


def test_similarity_is_the_pearson_correlation_and_checks_shapes() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.random((5, 6, 6, 2)), rng.random((5, 6, 6, 2))
    assert similarity(a, a) == pytest.approx(1.0) and similarity(a, 3 * a + 1) == pytest.approx(1.0)
    assert similarity(a, b) == pytest.approx(np.corrcoef(a.ravel(), b.ravel())[0, 1], abs=1e-6)
    with pytest.raises(ParameterError, match="같은 모양"):
        similarity(a, b[:, :5])
