"""Receptive fields: which input window one unit of a Keras model sees, by public Keras API only (5.1.1, 5.1.2)."""

from __future__ import annotations

import re
from contextlib import suppress
from functools import reduce
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from utils.checks import int_pair, integer, is_int

if TYPE_CHECKING:
    import keras

Layers = Any  # a Keras model, or a list of (window size, stride) pairs: 3 or (3, 3) each
Step = tuple[str, tuple[int, ...], tuple[int, ...]]  # (label, window per axis, stride per axis)

# Keep the grid: Dense acts on the channels only, padding shifts the grid, Random* is the identity when predicting.
_KEEPS_GRID = re.compile(
    r"InputLayer|Activation|.*LU|Softmax|Identity|.*Normalization|.*Dropout.*|Gaussian.*|Dense|Rescaling|Add|Subtract"
    r"|Multiply|Average|Maximum|Minimum|Concatenate|(ZeroPadding|Cropping)[123]D|Random.*"
)


_SPATIAL_KINDS = {"Conv2D", "MaxPooling2D", "AveragePooling2D"}  # what strongest_patches runs through


class _Field(NamedTuple):  # what one unit of a tensor sees, per spatial axis (one entry: every axis)
    size: np.ndarray = np.ones(1, int)  # input pixels one unit sees
    jump: np.ndarray = np.ones(1, int)  # input pixels between neighbouring units (the product of the strides)
    ended: bool = False  # past Flatten or global pooling: no grid left
    steps: tuple[Step, ...] | None = ()  # the spatial layers on the one path here; None past a merge


def receptive_field(layers: Layers) -> int:
    """Side of the input window that one unit of the last spatial layer sees (5.1.2).

    Each window of ``k`` pixels widens it by ``(k - 1) * jump``: 3, 4, 8, 10, 18 in the 5.1 model. Where
    branches merge (ResNet50, InceptionV3) the widest path wins; Flatten and global pooling end the grid.
    """
    fields = _walk(layers, [_Field()]) if hasattr(layers, "layers") else [_chain(_pairs(layers), _Field())]
    size = np.max(np.broadcast_arrays(*[field.size for field in fields]), axis=0)
    if len(set(size.tolist())) > 1:
        raise ValueError(f"수용 영역이 정사각형이 아닙니다: {'x'.join(map(str, size))} (높이 x 너비)")
    return int(size[0])


def spatial_layers(model: keras.Model) -> list[tuple[str, int, int]]:
    """``(layer class, window size, stride)`` of a linear model's convolution and pooling layers (5.1.2's site
    explorer): ``("Conv2D", 3, 1)``, ``("MaxPooling2D", 2, 2)``, ..."""
    return _square_steps(model)


def spatial_steps(model: keras.Model) -> list[tuple[int, int]]:
    """``(window size, stride)`` of a linear model's convolution and pooling layers, in order (5.1.2)."""
    return [(size, stride) for _, size, stride in spatial_layers(model)]


def unit_window(layers: Layers, row: int, col: int) -> tuple[int, int, int]:
    """``(top, left, size)`` of the input window of unit ``(row, col)``, "valid" padding (5.1.1, 5.1.2)."""
    steps = [(size, stride) for _, size, stride in _square_steps(layers)]
    jump = int(np.prod([stride for _, stride in steps]))
    return integer(row, "row", 0) * jump, integer(col, "col", 0) * jump, receptive_field(steps)


def strongest_windows(maps: np.ndarray, layers: Layers, channel: int, k: int = 6) -> list[tuple[int, int, int, int]]:
    """``(image, top, left, size)`` of the ``k`` units of ``channel`` that respond most, one per image (5.1.1).

    ``maps`` is ``(images, height, width, channels)``, the output of the last of ``layers`` (a model or its
    ``(window, stride)`` pairs), and each window is the input region that unit sees ("valid" padding).
    """
    values = np.asarray(maps)[..., integer(channel, "channel", 0, np.shape(maps)[-1] - 1)]
    picked: list[tuple[int, int, int, int]] = []
    for index in np.argsort(values, axis=None)[::-1]:
        image, row, col = (int(v) for v in np.unravel_index(index, values.shape))
        if all(image != seen for seen, *_ in picked):
            picked.append((image, *unit_window(layers, row, col)))
            if len(picked) == k:
                break
    return picked


#: How 5.1.1 names the model's layers of one kind in order: "첫 번째 합성곱 층", ...
ORDINALS = ("첫 번째", "두 번째", "세 번째", "네 번째", "다섯 번째", "여섯 번째")


class ChannelPatches(NamedTuple):
    """Where one channel of one convolution layer responds most: the input windows of its strongest units (5.1.1)."""

    layer: str  # "첫 번째 합성곱 층", ...
    channel: int
    size: int  # the layer's receptive field: every window's side
    windows: list[tuple[int, int, int, int]]  # (image, top, left, size), strongest first, one per image


def strongest_patches(model: keras.Model, images: np.ndarray, *, channels: int = 3, k: int = 3) -> list[ChannelPatches]:
    """Per Conv2D layer of a linear ``model``, its ``channels`` channels of largest mean response over ``images``,
    each with the input windows of its ``k`` strongest units (:func:`strongest_windows`) (5.1.1, Fig 5-2).

    ``images`` (N, 28, 28, 1) go through the layers one by one, as far as the last convolution.
    """
    import keras

    steps = spatial_steps(model)
    found, x, depth, convs = [], np.asarray(images), 0, 0
    for layer in model.layers:
        if type(layer).__name__ not in _SPATIAL_KINDS:
            break
        x, depth = keras.ops.convert_to_numpy(layer(x)), depth + 1
        if not isinstance(layer, keras.layers.Conv2D):
            continue
        means = x.mean(axis=(0, 1, 2))
        picked = np.argsort(means, kind="stable")[::-1][: integer(channels, "channels", 1, len(means))]
        name, convs = f"{ORDINALS[convs]} 합성곱 층", convs + 1
        size = receptive_field(steps[:depth])
        found += [ChannelPatches(name, int(c), size, strongest_windows(x, steps[:depth], int(c), k)) for c in picked]
    return found


def nested_windows(layers: Layers, input_size: int = 28) -> dict[str, tuple[int, int, int]]:
    """Layer label -> ``(top, left, size)`` of one unit per spatial layer, each inside the next (5.1.1).

    Labels: ``"1. Conv2D"``, ... (a model), ``"1. window 3, stride 1"``, ... (pairs). The last unit is
    the centre one on an ``input_size`` input; below, the one inside the window above, nearest its centre.
    """
    labelled = _square_steps(layers)
    if not labelled:
        raise ValueError("합성곱이나 풀링 층이 없어 입력 윈도우를 볼 유닛이 없습니다")
    steps = [(size, stride) for _, size, stride in labelled]
    side = reduce(lambda n, s: (n - s[0]) // s[1] + 1, steps, integer(input_size, "input_size", receptive_field(steps)))
    windows = [unit_window(steps, side // 2, side // 2)]
    for depth in range(len(steps) - 1, 0, -1):
        top, _, size = windows[0]
        below = (unit_window(steps[:depth], i, i) for i in range(top + size))
        inside = [w for w in below if top <= w[0] and w[0] + w[2] <= top + size]
        windows.insert(0, min(inside, key=lambda w: (abs(w[0] + w[2] / 2 - top - size / 2), w[0])))
    return {f"{k}. {label}": w for k, ((label, _, _), w) in enumerate(zip(labelled, windows, strict=True), 1)}


def _pairs(layers: Layers) -> list[Step]:
    return [(f"window {k}, stride {s}", int_pair(k, "윈도우 크기"), int_pair(s, "스트라이드")) for k, s in layers]


def _square_steps(layers: Layers) -> list[tuple[str, int, int]]:
    """``(label, window size, stride)`` of a linear model's spatial layers or of ``(window size, stride)`` pairs."""
    fields = _walk(layers, [_Field()]) if hasattr(layers, "layers") else [_chain(_pairs(layers), _Field())]
    if len(fields) > 1 or fields[0].steps is None:
        raise ValueError(f"{layers.name!r}: 갈라지는 모델이라 층 목록이 한 줄이 아닙니다(receptive_field를 쓰세요)")
    for label, window, stride in fields[0].steps:
        if len(set(window)) > 1 or len(set(stride)) > 1:
            raise ValueError(f"정사각형 윈도우와 스트라이드만 다룹니다: {label}의 윈도우 {window}, 스트라이드 {stride}")
    return [(label, window[0], stride[0]) for label, window, stride in fields[0].steps]


def _chain(steps: list[Step], field: _Field) -> _Field:
    for label, window, stride in steps:
        size, jump = field.size + (np.asarray(window) - 1) * field.jump, field.jump * np.asarray(stride)
        field = _Field(size, jump, False, None if field.steps is None else (*field.steps, (label, window, stride)))
    return field


def _walk(model: keras.Model, inputs: list[_Field]) -> list[_Field]:
    """Fields of ``model``'s outputs from those of its inputs, along the connections in its config."""
    import keras

    if isinstance(model, keras.Sequential):  # one chain, with or without keras.Input
        return reduce(lambda fields, layer: _apply(layer, fields), model.layers, inputs)
    config, layers = {}, {layer.name: layer for layer in model.layers}
    with suppress(NotImplementedError):  # a subclassed model may not serialize at all
        config = model.get_config()
    if "output_layers" not in config:
        raise ValueError(f"{type(model).__name__} {model.name!r}: 서브클래싱한 모델은 층의 연결을 읽을 수 없습니다")
    ins = _refs(config["input_layers"])  # one field per input, or one for all of them (the outermost model)
    known = dict(zip(ins, inputs * len(ins), strict=False))  # (layer, call, output) -> field
    calls = [(layers[c["name"]], i, _refs(node)) for c in config["layers"] for i, node in enumerate(c["inbound_nodes"])]
    for _ in range(len(calls)):  # in graph order, except that a shared layer's later calls may wait
        for layer, i, refs in [call for call in calls if all(ref in known for ref in call[2])]:
            known.update({(layer.name, i, j): out for j, out in enumerate(_apply(layer, [known[r] for r in refs]))})
        calls = [call for call in calls if (call[0].name, call[1], 0) not in known]
    return [known[ref] for ref in _refs(config["output_layers"])]


def _refs(config: object) -> list[tuple[str, int, int]]:
    """``(layer name, call index, output index)`` of each tensor a functional config names, in order."""
    if isinstance(config, dict):
        config = [config["keras_history"]] if "keras_history" in config else list(config.values())
    if isinstance(config, list | tuple) and len(config) == 3 and isinstance(config[0], str) and is_int(config[1]):
        return [tuple(config)]
    return [ref for value in config for ref in _refs(value)] if isinstance(config, list | tuple) else []


def _apply(layer: keras.Layer, fields: list[_Field]) -> list[_Field]:
    """Fields after ``layer`` (or a nested model) called on tensors whose fields are ``fields``."""
    if hasattr(layer, "layers"):  # a nested model, e.g. a conv base inside a classifier
        return _walk(layer, fields)
    kind, where, config = type(layer).__name__, f"{type(layer).__name__} {layer.name!r}", layer.get_config()
    jumps = np.broadcast_arrays(*[field.jump for field in fields])
    if len({field.ended for field in fields}) > 1:
        raise ValueError(f"{where}: 입력 전체를 보는 경로(Flatten, 전역 풀링 뒤)와 격자가 남은 경로가 만납니다")
    if not fields[0].ended and len({tuple(jump) for jump in jumps}) > 1:
        raise ValueError(f"{where}에서 만나는 경로의 간격(jump)이 다릅니다: {np.unique(jumps).tolist()}")
    size = np.max(np.broadcast_arrays(*[field.size for field in fields]), axis=0)  # the widest path wins
    field = fields[0] if len(fields) == 1 else _Field(size, jumps[0], fields[0].ended, None)
    if kind == "Flatten" or kind.startswith("Global"):
        return [_Field(field.size, field.jump, True, field.steps)]
    if field.ended or _KEEPS_GRID.fullmatch(kind):
        return [field]
    if (window := config.get("kernel_size", config.get("pool_size"))) is None or "Transpose" in kind:
        raise ValueError(f"{where}: 격자를 어떻게 바꾸는지 알 수 없어(업샘플링 등) 수용 영역을 계산할 수 없습니다")
    span = (np.asarray(window) - 1) * np.asarray(config.get("dilation_rate", 1)) + 1  # a dilated kernel's extent
    return [_chain([(kind, tuple(span.tolist()), tuple(np.ravel(config["strides"]).tolist()))], field)]
