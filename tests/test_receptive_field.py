"""utils.receptive_fields (5.1.1, 5.1.2): fields of branched Keras graphs against published values.

Published values: Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural
Networks", Distill 2019 (https://distill.pub/2019/computing-receptive-fields/), table of the
authors' library (google-research/receptive_field, RECEPTIVE_FIELD_TABLE.md), computed on the
TF-Slim models. Keras' ResNet50 strides in the first unit of a stage, TF-Slim's in the last
unit's 3x3 convolution; both give 483 at the last block. The application models are built
without weights (no network) and once per module: they are slow to build on a small CPU.
The module reads public Keras API only; test_the_lowest_keras_allowed reruns the key cases on Keras 3.6.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keras import layers
from site_helpers import REPO
from strict import skip_unless_strict

from utils import models
from utils.checks import ParameterError
from utils.ops import conv_output_size
from utils.receptive_fields import (
    nested_windows,
    receptive_field,
    spatial_layers,
    spatial_steps,
    strongest_patches,
    strongest_windows,
    unit_window,
)

PUBLISHED = {"VGG16": 212, "ResNet50": 483, "InceptionV3": 1311, "MobileNet": 315}  # Araujo et al. (2019)

# Not in Araujo et al.'s table; derived by hand from the Keras code (j = jump, 3x3 kernels add 2 * j):
HAND_DERIVED = {
    # conv 3/2 -> 3; every inverted residual block has one 3x3 depthwise conv; blocks per jump
    # (stride-2 block counted at the jump before it): j=2: 2, j=4: 2, j=8: 4, j=16: 8, j=32: 3 -> 491
    "MobileNetV2": 491,
    # entry 3/2, 3 -> 7 (j=2); three blocks of 2 separable 3x3 + max pool 3/2 -> 19, 43, 91 (j=16);
    # middle flow 24 separable 3x3 at j=16 -> 859; exit: 2 x 3x3, pool 3/2 -> 955 (j=32); 2 x 3x3 -> 1083
    "Xception": 1083,
    # conv 7/2, pool 3/2 -> 11 (j=4); the longest path crosses every 3x3 of the 6/12/24/16 dense layers,
    # the 2x2/2 average pools in between: 59, 63, 255, 263, 1031, 1047, 1047 + 16 * 64 = 2071
    "DenseNet121": 2071,
}


@pytest.fixture(scope="module")
def application() -> Callable[[str], keras.Model]:
    """Builds a keras.applications model without its classifier, once per module and name."""
    built: dict[str, keras.Model] = {}

    def build(name: str) -> keras.Model:
        if name not in built:
            built[name] = getattr(keras.applications, name)(weights=None, include_top=False)
        return built[name]

    return build


@pytest.mark.parametrize(("name", "expected"), PUBLISHED.items())
def test_applications_match_the_published_fields(application, name: str, expected: int) -> None:
    assert receptive_field(application(name)) == expected


@pytest.mark.parametrize(("name", "expected"), HAND_DERIVED.items())
def test_applications_match_the_fields_derived_by_hand(application, name: str, expected: int) -> None:
    assert receptive_field(application(name)) == expected


def test_resnet50_is_no_longer_walked_as_one_chain(application) -> None:
    # Walking the layers in model.layers order, shortcuts included, gave 2131.
    with pytest.raises(ValueError, match=r"'resnet50': 갈라지는 모델이라"):
        spatial_steps(application("ResNet50"))


def test_a_classifier_on_a_nested_branched_base() -> None:
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(64, 64, 3))
    residual = keras.Input((64, 64, 3))
    shortcut = layers.Conv2D(3, 1)(residual)
    block = keras.Model(residual, layers.Add()([shortcut, layers.Conv2D(3, 3, padding="same")(residual)]))
    classifier = keras.Sequential(
        [keras.Input((64, 64, 3)), block, base, layers.GlobalAveragePooling2D(), layers.Dense(10)]
    )
    assert receptive_field(classifier) == 212 + 2  # the block's 3x3 path, then VGG16


def test_alexnet_as_pairs() -> None:
    alexnet = [(11, 4), (3, 2), (5, 1), (3, 2), (3, 1), (3, 1), (3, 1), (3, 2)]  # TF-Slim alexnet_v2 to pool5
    published = {1: 11, 2: 19, 3: 51, 5: 99, 6: 131, 7: 163, 8: 195}  # conv1, pool1, conv2, conv3-5, pool5
    assert {n: receptive_field(alexnet[:n]) for n in published} == published


# ----------------------------------------------------------------- hand-built graphs


def _model(inputs, outputs) -> keras.Model:
    return keras.Model(inputs, outputs)


def test_the_widest_path_wins_where_branches_merge() -> None:
    x = keras.Input((32, 32, 1))
    stem = layers.Conv2D(4, 3, strides=2, padding="same")(x)  # field 3, jump 2
    small = layers.Conv2D(4, 3, padding="same")(stem)  # 3 + 2 * 2 = 7
    large = layers.Conv2D(4, 5, padding="same")(stem)  # 3 + 4 * 2 = 11
    assert receptive_field(_model(x, layers.Add()([small, large]))) == 11  # one chain would give 15
    assert receptive_field(_model(x, layers.Concatenate()([large, stem]))) == 11
    shortcut = layers.Add()([stem, layers.Conv2D(4, 3, padding="same")(layers.ReLU()(small))])  # 7 + 4
    assert receptive_field(_model(x, shortcut)) == 11


def test_fields_are_kept_per_axis_along_each_path() -> None:
    x = keras.Input((32, 32, 1))
    tall_then_wide = layers.Conv2D(2, (1, 7), padding="same")(layers.Conv2D(2, (7, 1), padding="same")(x))
    square = layers.Conv2D(2, 3, padding="same")(x)
    assert receptive_field(_model(x, layers.Concatenate()([tall_then_wide, square]))) == 7
    with pytest.raises(ValueError, match=r"수용 영역이 정사각형이 아닙니다: 7x3 \(높이 x 너비\)"):
        receptive_field(_model(x, layers.Add()([layers.Conv2D(2, (7, 1), padding="same")(x), square])))


def test_a_layer_called_twice_counts_twice() -> None:
    x = keras.Input((16, 16, 1))
    conv = layers.Conv2D(1, 3, padding="same")
    assert receptive_field(_model(x, conv(conv(x)))) == 5  # model.layers lists conv once
    shared = layers.Conv2D(1, 3, padding="same")  # its second call waits for a layer listed after it
    assert receptive_field(_model(x, shared(layers.Conv2D(1, 5, padding="same")(shared(x))))) == 3 + 4 + 2


def test_1d_dilated_and_multi_input_graphs() -> None:
    x = keras.Input((100, 1))
    y = layers.Conv1D(2, 3, dilation_rate=2)(x)  # spans 5
    y = layers.MaxPooling1D(2)(layers.Conv1D(2, 3, strides=2)(y))  # 5 + 2 = 7, jump 2; 7 + 1 * 2 = 9
    assert receptive_field(_model(x, y)) == 9
    a, b = keras.Input((16, 16, 1)), keras.Input((16, 16, 1))
    merged = layers.Add()([layers.Conv2D(1, 5, padding="same")(a), layers.Conv2D(1, 3, padding="same")(b)])
    assert receptive_field(_model([a, b], merged)) == 5
    outputs = [layers.Conv2D(1, 3)(a), layers.Conv2D(1, 7)(b)]
    assert receptive_field(_model([a, b], outputs)) == 7  # the widest output


class _StridedMean(layers.Layer):
    """A pooling layer Keras does not know: read through the pool_size and strides of its config."""

    def call(self, x):
        return keras.ops.average_pool(x, 3, 2, padding="valid")

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": (3, 3), "strides": (2, 2)}


class _Double(layers.Layer):
    """A layer without a window in its config: what it does to the grid cannot be read."""

    def call(self, x):
        return 2 * x


def test_unknown_layers_are_read_from_their_config_or_refused_by_name() -> None:
    x = keras.Input((16, 16, 1))
    assert receptive_field(_model(x, _StridedMean()(layers.Conv2D(1, 3)(x)))) == 3 + 2
    with pytest.raises(ValueError, match=r"_Double 'double': 격자를 어떻게 바꾸는지 알 수 없어"):
        receptive_field(_model(x, _Double(name="double")(x)))
    with pytest.raises(ValueError, match=r"Reshape 'flip': 격자를 어떻게 바꾸는지 알 수 없어"):
        receptive_field(_model(x, layers.Reshape((8, 32, 1), name="flip")(x)))


@pytest.mark.parametrize(
    "upsample", [layers.UpSampling2D(), layers.Conv2DTranspose(1, 3, strides=2)], ids=["UpSampling2D", "transpose"]
)
def test_upsampling_is_refused(upsample) -> None:
    x = keras.Input((8, 8, 1))
    with pytest.raises(ValueError, match=rf"{type(upsample).__name__} '.*'.*\(업샘플링 등\)"):
        receptive_field(_model(x, upsample(layers.Conv2D(1, 3)(x))))


def test_merges_that_cannot_be_summed_up_are_refused() -> None:
    fine, coarse = keras.Input((16, 16, 1)), keras.Input((32, 32, 1))
    strided = layers.Conv2D(1, 1, strides=2)(coarse)
    with pytest.raises(ValueError, match=r"Add 'add'에서 만나는 경로의 간격\(jump\)이 다릅니다: \[1, 2\]"):
        receptive_field(_model([fine, coarse], layers.Add(name="add")([fine, strided])))
    x = keras.Input((16, 16, 4))  # a squeeze-and-excitation block: global context comes back in
    scale = layers.Reshape((1, 1, 4))(layers.Dense(4)(layers.GlobalAveragePooling2D(name="squeeze")(x)))
    with pytest.raises(ValueError, match=r"Multiply 'excite': 입력 전체를 보는 경로\(Flatten, 전역 풀링 뒤\)"):
        receptive_field(_model(x, layers.Multiply(name="excite")([x, scale])))


def test_subclassed_models_are_refused() -> None:
    class Net(keras.Model):
        def call(self, x):
            return x

    class Wide(keras.Model):  # Keras cannot serialize it: no get_config() to read
        def __init__(self, conv: layers.Layer) -> None:
            super().__init__()
            self.conv = conv

        def call(self, x):
            return self.conv(x)

    for model in (Net(), Wide(layers.Conv2D(1, 3))):
        with pytest.raises(
            ValueError, match=rf"{type(model).__name__} '.*': 서브클래싱한 모델은 층의 연결을 읽을 수 없습니다"
        ):
            receptive_field(model)


# ------------------------------------------------------- the course's own models stay as they were


def test_the_course_models_keep_their_fields_and_steps() -> None:
    assert receptive_field(models.build_no_pooling_base()) == 7
    assert receptive_field(models.build_convnet()) == 18  # Flatten and Dense end the spatial part
    assert receptive_field(models.build_convnet_base("strided")) == 15
    assert spatial_steps(models.build_convnet()) == [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]
    assert spatial_steps(models.build_convnet_base("strided")) == [(3, 2), (3, 2), (3, 1)]
    unbuilt = keras.Sequential([layers.Conv2D(2, 3), layers.MaxPooling2D(2), layers.Dropout(0.5), layers.Conv2D(2, 3)])
    assert receptive_field(unbuilt) == 8  # no keras.Input: the layers are read as one chain


# ------------------------------------------------------ (kernel_size, stride) lists and the book's models


def test_receptive_field_of_lists(stack_5_1) -> None:
    assert receptive_field([(3, 1)] * 3) == 7
    assert [receptive_field(stack_5_1[: i + 1]) for i in range(len(stack_5_1))] == [3, 4, 8, 10, 18]
    assert receptive_field([]) == 1
    assert receptive_field([((3, 3), (1, 1)), ((2, 2), (2, 2))]) == 4
    assert receptive_field(((5, 2), (3, 1))) == 9


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(models.build_no_pooling_base, 7, id="no-pooling"),
        pytest.param(models.build_no_pooling_model, 7, id="no-pooling+dense"),
        pytest.param(models.build_convnet_base, 18, id="max"),
        pytest.param(models.build_convnet, 18, id="max+dense"),
        pytest.param(lambda: models.build_convnet_base("avg"), 18, id="avg"),
        pytest.param(lambda: models.build_convnet_base("strided"), 15, id="strided"),
    ],
)
def test_receptive_field_of_the_book_models(build, expected: int) -> None:
    assert receptive_field(build()) == expected


def test_receptive_field_of_nested_and_dilated_models() -> None:
    nested = keras.Sequential(
        [keras.Input((28, 28, 1)), models.build_convnet_base(), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    assert receptive_field(nested) == 18
    dilated = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, dilation_rate=2)])
    assert receptive_field(dilated) == 5


@settings(max_examples=300, deadline=None, derandomize=True, database=None)  # the same examples every run
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3)), max_size=5))
def test_receptive_field_is_the_smallest_input_a_valid_stack_accepts(steps: list[tuple[int, int]]) -> None:
    """One output unit sees exactly the smallest input that still gives a 1x1 output with "valid"."""

    def fits(size: int) -> bool:
        for kernel_size, stride in steps:
            if kernel_size > size:
                return False
            size = conv_output_size(size, kernel_size, stride)
        return True

    smallest = next(size for size in range(1, 10_000) if fits(size))
    assert receptive_field(steps) == smallest


# ----------------------------------------------------------------------------------- bad layers


@pytest.mark.parametrize(
    ("steps", "error", "message"),
    [
        (
            [(3, 0)],
            ParameterError,
            r"^스트라이드에는 양의 정수나 양의 정수 두 개의 쌍만 쓸 수 있습니다. 받은 값: 0 \(int\)$",
        ),
        (
            [(2.5, 1)],
            ParameterError,
            r"^윈도우 크기에는 양의 정수나 양의 정수 두 개의 쌍만 쓸 수 있습니다. 받은 값: 2.5",
        ),
        ([((3, 1), 1)], ValueError, r"수용 영역이 정사각형이 아닙니다: 3x1"),
        # Not (window size, stride) pairs: Python's own unpacking error says so.
        (3, TypeError, "not iterable"),
        ([3, 3], TypeError, "cannot unpack"),
        ([(3, 1, 1)], ValueError, "too many values to unpack"),
    ],
)
def test_receptive_field_rejects_bad_layers(steps, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        receptive_field(steps)


def test_receptive_field_rejects_upsampling_models() -> None:
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.UpSampling2D(name="up")])
    with pytest.raises(ValueError, match=r"UpSampling2D 'up': .*\(업샘플링 등\) 수용 영역을 계산할 수 없습니다"):
        receptive_field(model)


# ------------------------------------------------------------------------------ spatial_steps (5.1.2)


def test_spatial_steps_sizes_and_strides(stack_5_1) -> None:
    assert spatial_steps(models.build_convnet_base()) == stack_5_1
    assert spatial_steps(models.build_convnet()) == stack_5_1  # Flatten and Dense are skipped
    assert spatial_steps(models.build_no_pooling_base()) == [(3, 1)] * 3
    assert spatial_steps(models.build_convnet_base("strided")) == [(3, 2), (3, 2), (3, 1)]


def test_spatial_layers_name_each_layer_class(stack_5_1) -> None:
    layers = spatial_layers(models.build_convnet())
    assert [kind for kind, _, _ in layers] == ["Conv2D", "MaxPooling2D"] * 2 + ["Conv2D"]
    assert [(size, stride) for _, size, stride in layers] == stack_5_1


def test_spatial_steps_refuse_rectangular_windows() -> None:
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, (3, 5))])
    with pytest.raises(ValueError, match=r"정사각형 윈도우와 스트라이드만 다룹니다: Conv2D의 윈도우 \(3, 5\)"):
        spatial_steps(model)


# ------------------------------------------------------------------ input windows of units (5.1.1, 5.1.2)


def test_unit_window_follows_strides(stack_5_1) -> None:
    assert unit_window([(3, 1)] * 3, 11, 11) == (11, 11, 7)
    assert unit_window(stack_5_1, 1, 1) == (4, 4, 18)
    assert unit_window(stack_5_1, 2, 0) == (8, 0, 18)  # last row of the 3x3 map: rows 8..25
    assert unit_window(models.build_convnet_base(), np.int64(1), 1) == (4, 4, 18)
    assert unit_window([(3, 2)], 1, 2) == (2, 4, 3)  # one layer: where output [1, 2]'s window stands
    with pytest.raises(ParameterError, match=r"^row에는 0 이상의 정수만 쓸 수 있습니다. 받은 값: -1 \(int\)$"):
        unit_window(stack_5_1, -1, 0)
    with pytest.raises(ParameterError, match=r"^col에는 0 이상의 정수만"):
        unit_window(stack_5_1, 0, 1.5)


def test_nested_windows_of_the_5_1_model(stack_5_1) -> None:
    windows = nested_windows(stack_5_1)
    assert [size for _, _, size in windows.values()] == [3, 4, 8, 10, 18]
    assert list(windows.values())[-1][:2] == (4, 4)  # the centre unit of the 3x3 output sees rows 4..21
    for (top, left, size), (outer_top, outer_left, outer_size) in itertools.pairwise(windows.values()):
        assert outer_top <= top and top + size <= outer_top + outer_size  # each window inside the next
        assert outer_left <= left and left + size <= outer_left + outer_size
    assert [size for _, _, size in nested_windows([(3, 1)] * 3).values()] == [3, 5, 7]
    from_model = nested_windows(models.build_convnet())
    assert list(from_model) == ["1. Conv2D", "2. MaxPooling2D", "3. Conv2D", "4. MaxPooling2D", "5. Conv2D"]
    assert list(from_model.values()) == list(windows.values())


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([(3, 0)], "^스트라이드에는 양의 정수나"),
        ([], "합성곱이나 풀링 층이 없어"),
        ([((3, 3), 1), ((2, 1), 2)], r"정사각형 윈도우와 스트라이드만 다룹니다: window \(2, 1\), stride 2의"),
    ],
)
def test_nested_windows_rejects_bad_layers(steps, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nested_windows(steps)


def test_nested_windows_needs_an_input_as_large_as_the_field(stack_5_1) -> None:
    assert nested_windows(stack_5_1, 18)["5. window 3, stride 1"] == (0, 0, 18)  # a 1x1 map
    with pytest.raises(ParameterError, match=r"^input_size에는 18 이상의 정수만 쓸 수 있습니다. 받은 값: 17"):
        nested_windows(stack_5_1, 17)


def test_nested_windows_of_a_model_without_spatial_layers() -> None:
    with pytest.raises(ValueError, match="합성곱이나 풀링 층이 없어"):
        nested_windows(keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]))


# ------------------------------------------------------ the lowest Keras that requirements.txt allows

LOWEST_KERAS = "3.6.0"  # requirements.txt: keras>=3.6,<4

_ON_LOWEST_KERAS = f"""
import keras
from keras import layers
from utils import models
from utils.receptive_fields import (
    nested_windows,
    receptive_field,
    spatial_layers,
    spatial_steps,
    strongest_windows,
    unit_window,
)

assert keras.__version__ == {LOWEST_KERAS!r}, keras.__version__
chain = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(2, 3), layers.Conv2D(2, 3, dilation_rate=2)])
assert receptive_field(chain) == 7 and spatial_steps(chain) == [(3, 1), (5, 1)]
assert receptive_field(keras.Sequential([layers.Conv2D(2, 3), layers.MaxPooling2D(2)])) == 4  # no keras.Input
convnet = models.build_convnet()
assert receptive_field(convnet) == 18 and spatial_steps(convnet) == [(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]
assert [size for _, _, size in nested_windows(convnet).values()] == [3, 4, 8, 10, 18]
assert unit_window(models.build_convnet_base(), 1, 1) == (4, 4, 18)
x = keras.Input((16, 16, 1))
conv = layers.Conv2D(1, 3, padding="same")
assert receptive_field(keras.Model(x, layers.Add()([x, conv(layers.ReLU()(conv(x)))]))) == 5
assert receptive_field(keras.Sequential([x, keras.Model(x, conv(x)), layers.Conv2D(1, 3)])) == 5  # nested
assert receptive_field(keras.applications.ResNet50(weights=None)) == {PUBLISHED["ResNet50"]}
assert receptive_field(keras.applications.InceptionV3(weights=None)) == {PUBLISHED["InceptionV3"]}
print(keras.__version__, keras.backend.backend())
"""


@pytest.fixture(scope="session")
def lowest_keras(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keras 3.6.0 alone (``--no-deps``), installed once under the pytest temp root, kept between runs."""
    cached = tmp_path_factory.getbasetemp().parent / f"keras-{LOWEST_KERAS}"
    if not (cached / "keras" / "__init__.py").exists():
        target = tmp_path_factory.mktemp("keras-install")
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
        result = subprocess.run([*pip, f"keras=={LOWEST_KERAS}"], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            skip_unless_strict(f"pip could not install keras=={LOWEST_KERAS} (no network?): {result.stderr[-500:]}")
        if cached.exists():  # another run cached it meanwhile
            return target
        target.rename(cached)
    return cached


@pytest.mark.slow
def test_the_lowest_keras_allowed_gives_the_same_fields(lowest_keras: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(lowest_keras), str(REPO)]), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, "-c", _ON_LOWEST_KERAS], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    version, _backend = result.stdout.split()[-2:]  # the script's last line: keras.__version__ and the backend
    assert version == LOWEST_KERAS


def test_strongest_windows_are_the_top_units_one_per_image(stack_5_1) -> None:
    """5.1.1: the input windows of the units where one channel responds most, strongest first."""
    maps = np.zeros((3, 3, 3, 2))
    maps[2, 1, 1, 1], maps[0, 2, 0, 1], maps[2, 0, 0, 1], maps[1, 0, 0, 0] = 5, 4, 3, 9
    found = strongest_windows(maps, stack_5_1, channel=1, k=3)
    assert found[:2] == [(2, *unit_window(stack_5_1, 1, 1)), (0, *unit_window(stack_5_1, 2, 0))]
    assert [image for image, *_ in found] == [2, 0, 1]  # image 2's second unit is skipped: one per image
    assert found[0][1:] == (4, 4, 18)  # the jump is 4 pixels, the field 18
    with pytest.raises(ParameterError, match="channel"):
        strongest_windows(maps, stack_5_1, channel=2)


def test_strongest_patches_pick_each_convolutions_most_active_channels() -> None:
    """5.1.1's Fig 5-2: per Conv2D layer, Korean name, the channels of largest mean response, their windows."""
    keras.utils.set_random_seed(2)
    model = models.build_convnet()
    images = np.random.default_rng(2).random((12, 28, 28, 1)).astype("float32")
    found = strongest_patches(model, images, channels=2, k=3)
    assert [(f.layer, f.size) for f in found] == [
        ("첫 번째 합성곱 층", 3),
        ("첫 번째 합성곱 층", 3),
        ("두 번째 합성곱 층", 8),
        ("두 번째 합성곱 층", 8),
        ("세 번째 합성곱 층", 18),
        ("세 번째 합성곱 층", 18),
    ]
    x, steps = images, spatial_steps(model)
    for depth, layer in enumerate(model.layers[:5], start=1):
        x = keras.ops.convert_to_numpy(layer(x))
        if isinstance(layer, layers.Conv2D):
            expected = [int(c) for c in np.argsort(x.mean(axis=(0, 1, 2)), kind="stable")[::-1][:2]]
            mine = [f for f in found if f.size == receptive_field(steps[:depth])]
            assert [f.channel for f in mine] == expected
            assert all(f.windows == strongest_windows(x, steps[:depth], f.channel, 3) for f in mine)
    with pytest.raises(ParameterError, match="channels"):
        strongest_patches(model, images, channels=33)
