"""utils.models: the book's parameter counts and every layer's output shape (5.1, 5.1.2)."""

from __future__ import annotations

import numpy as np
import pytest

from utils import models
from utils.checks import ParameterError


def _shapes_and_params(model) -> list[tuple[tuple, int]]:
    return [(tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]


def test_convnet_base_matches_listing_5_1() -> None:
    base = models.build_convnet_base()
    assert _shapes_and_params(base) == [
        ((26, 26, 32), 320),
        ((13, 13, 32), 0),
        ((11, 11, 64), 18_496),
        ((5, 5, 64), 0),
        ((3, 3, 64), 36_928),
    ]
    assert base.count_params() == 55_744


def test_full_convnet_matches_listing_5_2() -> None:
    model = models.build_convnet()
    assert _shapes_and_params(model)[5:] == [((576,), 0), ((64,), 36_928), ((10,), 650)]
    assert model.count_params() == 93_322
    assert model.layers[-1].activation.__name__ == "softmax"


def test_convnet_predicts_probabilities() -> None:
    probs = models.build_convnet()(np.zeros((2, 28, 28, 1), "float32")).numpy()
    assert probs.shape == (2, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_dense_network_of_chapter_2() -> None:
    model = models.build_dense_network()
    assert _shapes_and_params(model) == [((512,), 401_920), ((10,), 5_130)]
    assert model.count_params() == 407_050


def test_no_pooling_models_of_5_1_2() -> None:
    base = models.build_no_pooling_base()
    assert _shapes_and_params(base) == [((26, 26, 32), 320), ((24, 24, 64), 18_496), ((22, 22, 64), 36_928)]
    assert base.count_params() == 55_744
    model = models.build_no_pooling_model()
    flatten, dense = model.layers[3], model.layers[4]
    assert flatten.output.shape[1:] == (30_976,)
    assert dense.count_params() == 30_976 * 512 + 512 == 15_860_224


@pytest.mark.parametrize(
    ("downsampling", "shapes"),
    [
        ("avg", [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (3, 3, 64)]),
        ("strided", [(13, 13, 32), (6, 6, 64), (4, 4, 64)]),
    ],
)
def test_downsampling_variants(downsampling: str, shapes: list[tuple]) -> None:
    base = models.build_convnet_base(downsampling)
    assert [tuple(layer.output.shape[1:]) for layer in base.layers] == shapes
    assert base.count_params() == 55_744  # pooling has no weights, stride changes none


@pytest.mark.parametrize("bad", ["maximum", None, 2])
def test_unknown_downsampling_is_refused(bad) -> None:
    with pytest.raises(ParameterError, match="downsampling에는 'max' 또는 'avg' 또는 'strided'만 쓸 수 있습니다"):
        models.build_convnet_base(bad)


def test_each_build_is_a_fresh_model() -> None:
    a, b = models.build_convnet(), models.build_convnet()
    assert a.layers[0] is not b.layers[0]
