"""Receptive-field geometry of Keras models: which input window one unit sees (5.1.1, 5.1.2).

Where :mod:`utils.ops` computes what a layer does to the pixels, this module computes where
the pixels come from, for a Keras model or a list of ``(window size, stride)`` pairs:

- ``receptive_field``  — how large an input window one unit of the last layer sees, along every
                         path of a branched model too (5.1.2)
- ``spatial_layers``, ``spatial_steps`` — a model's convolution and pooling layers as
                         ``(window size, stride)`` (5.1.1, 5.1.2)
- ``unit_window``, ``nested_windows`` — where in the input the window that one unit sees
                         stands (5.1.1, 5.1.2)

Keras is imported only when a model is given, so ``import utils.receptive_fields`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from utils.checks import int_in_range, is_int, positive_int, positive_int_pair
from utils.ops import IntOrPair, conv_output_size

if TYPE_CHECKING:  # keras is imported only inside the functions, when a model is given
    import keras

# ------------------------------------------------------------------------ receptive field (5.1.2)


def receptive_field(layers: keras.Model | Sequence[tuple[IntOrPair, IntOrPair]]) -> int:
    """Side length of the input window that one unit of the last spatial layer sees (5.1.2).

    ``layers`` is a list of ``(kernel_size, stride)`` pairs or a Keras model, Sequential or
    functional. Going up, each convolution or pooling widens the field by ``(kernel_size - 1)``
    times the distance (``jump``) between neighbouring units below it:

    three 3x3 convolutions: 3 -> 5 -> 7; the 5.1 model (conv 3, pool 2/2, conv 3, pool 2/2,
    conv 3): 3 -> 4 -> 8 -> 10 -> 18.

    A model is followed along its real connections, so branches count once each (ResNet
    shortcuts, Inception blocks); where paths merge (Add, Concatenate, ...) the widest field
    wins. Layers that keep the grid (activations, normalization, dropout, padding, Dense on the
    channels) pass the field on; Flatten and global pooling end the spatial part. A layer whose
    effect on the grid cannot be read (upsampling, Reshape, ...) raises ValueError.
    """
    if hasattr(layers, "layers"):  # a Keras model
        outputs = _model_fields(layers, None)
        n = max(len(field.sizes) for field in outputs)
        sides = tuple(max(axis) for axis in zip(*(_per_axis(f.sizes, n, "the outputs") for f in outputs), strict=True))
    elif isinstance(layers, Sequence) and not isinstance(layers, str):
        field = _Field()
        for step in layers:
            if not isinstance(step, Sequence) or isinstance(step, str) or len(step) != 2:
                raise ValueError(f"each layer must be a (kernel_size, stride) pair, got {step!r}")
            window, stride = positive_int_pair(step[0], "kernel_size"), positive_int_pair(step[1], "stride")
            field = _widen(field, window, stride, f"step {step!r}")
        sides = field.sizes
    else:
        raise ValueError(f"expected a Keras model or a list of (kernel_size, stride) pairs, got {layers!r}")

    if len(set(sides)) > 1:
        axes = " (height x width)" if len(sides) == 2 else ""
        raise ValueError(f"expected a square receptive field, got {'x'.join(map(str, sides))}{axes}")
    return sides[0]


def spatial_layers(model: keras.Model) -> list[tuple[str, int, int]]:
    """``(layer class name, window size, stride)`` of a model's convolution and pooling layers (5.1.1, 5.1.2).

    The pairs ``(window size, stride)`` are what :func:`receptive_field` takes; windows and
    strides must be square here (every model of the course has square ones).
    """
    layers = []
    for name, kernel_size, stride in _steps_from_model(model):
        if kernel_size[0] != kernel_size[1] or stride[0] != stride[1]:
            raise ValueError(f"expected square windows and strides, got {kernel_size} / {stride} in {name}")
        layers.append((name, kernel_size[0], stride[0]))
    return layers


def spatial_steps(model: keras.Model) -> list[tuple[int, int]]:
    """``(window size, stride)`` of every convolution and pooling layer of ``model``, in order (5.1.2)."""
    return [(size, stride) for _, size, stride in spatial_layers(model)]


def _steps_from_model(model: keras.Model) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """``(class name, kernel_size, stride)`` of a model's convolution and pooling layers, in order."""
    import keras  # imported here so that `import utils.receptive_fields` stays light

    convolutions = (keras.layers.Conv2D, keras.layers.DepthwiseConv2D, keras.layers.SeparableConv2D)
    poolings = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)
    unsupported = (keras.layers.Conv2DTranspose, keras.layers.UpSampling2D)
    nodes = [node for depth in getattr(model, "_nodes_by_depth", {}).values() for node in depth]
    parents = [id(parent) for node in nodes for parent in node.parent_nodes]
    if len(parents) != len(set(parents)) or any(len(node.parent_nodes) > 1 for node in nodes):
        raise ValueError(f"expected a linear stack of layers, got {model.name!r}, which branches (use receptive_field)")
    steps = []
    for layer in model.layers:
        name = type(layer).__name__
        if isinstance(layer, keras.Model):  # a nested model, e.g. a conv base inside a classifier
            steps += _steps_from_model(layer)
        elif isinstance(layer, convolutions):
            # A dilated kernel spans (k - 1) * dilation + 1 pixels.
            span = tuple((k - 1) * d + 1 for k, d in zip(layer.kernel_size, layer.dilation_rate, strict=True))
            steps.append((name, span, tuple(layer.strides)))
        elif isinstance(layer, poolings):
            steps.append((name, tuple(layer.pool_size), tuple(layer.strides)))
        elif isinstance(layer, unsupported):
            raise ValueError(
                f"expected Conv2D and pooling layers only, got {name} {layer.name!r}, which upsamples (not supported)"
            )
        # Anything else (Flatten, Dense, Dropout, Activation, ...) leaves the receptive field as it is.
    return steps


# ------------------------------------------------------------------ input windows of units (5.1.1/5.1.2)


def unit_window(layers: keras.Model | Sequence[tuple[int, int]], row: int, col: int) -> tuple[int, int, int]:
    """``(top, left, size)`` of the input window that unit ``(row, col)`` of the last layer sees (5.1.1, 5.1.2).

    ``layers``: a Keras model or its ``(window size, stride)`` pairs (:func:`spatial_steps`),
    square windows, ``"valid"`` padding. Neighbouring units of the last layer are ``jump`` input
    pixels apart, ``jump`` being the product of all strides, so unit ``(row, col)`` starts at
    ``(row * jump, col * jump)``; the size is :func:`receptive_field`. With one layer
    ``[(window, strides)]`` this is where the window of output position ``(row, col)`` stands.
    """
    steps = [(size, stride) for _, size, stride in _square_steps(layers)]
    jump = int(np.prod([stride for _, stride in steps]))
    return int_in_range(row, "row", 0) * jump, int_in_range(col, "col", 0) * jump, receptive_field(steps)


def nested_windows(
    layers: keras.Model | Sequence[tuple[int, int]], input_size: int = 28
) -> dict[str, tuple[int, int, int]]:
    """One unit per convolution or pooling layer and the input window ``(top, left, size)`` it sees (5.1.1).

    Each window lies inside the next layer's.

    Keys name the layers in order: ``"1. Conv2D"``, ``"2. MaxPooling2D"``, ... for a Keras model,
    ``"1. window 3, stride 1"``, ... for ``(window size, stride)`` pairs. The top unit is the
    centre unit of the last layer on an ``input_size`` square input; going down, each layer's
    unit is the one whose window lies inside the window above and is closest to its centre.
    The 5.1 model's windows have sides 3, 4, 8, 10 and 18 (:func:`receptive_field` of each prefix).
    """
    labelled = _square_steps(layers)
    if not labelled:
        raise ValueError("layers has no convolution or pooling layer: no unit has an input window")
    steps = [(size, stride) for _, size, stride in labelled]
    last_side = int_in_range(input_size, "input_size", 1)
    for size, stride in steps:
        last_side = conv_output_size(last_side, size, stride)
    windows = [unit_window(steps, last_side // 2, last_side // 2)]
    for depth in range(len(steps) - 1, 0, -1):
        outer_top, _, outer_size = windows[0]
        centre = outer_top + outer_size / 2
        candidates = (unit_window(steps[:depth], i, i) for i in range(outer_top + outer_size))
        inside = [w for w in candidates if outer_top <= w[0] and w[0] + w[2] <= outer_top + outer_size]
        windows.insert(0, min(inside, key=lambda w: (abs(w[0] + w[2] / 2 - centre), w[0])))
    labels = [f"{k}. {label}" for k, (label, _, _) in enumerate(labelled, start=1)]
    return dict(zip(labels, windows, strict=True))


def _square_steps(layers: object) -> list[tuple[str, int, int]]:
    """``(label, window size, stride)`` of a Keras model's spatial layers or of ``(window size, stride)`` pairs."""
    if hasattr(layers, "layers"):  # a Keras model
        return spatial_layers(layers)
    if not isinstance(layers, Sequence) or isinstance(layers, str):
        raise ValueError(f"expected a Keras model or a list of (window size, stride) pairs, got {layers!r}")
    steps = []
    for step in layers:
        if not isinstance(step, Sequence) or isinstance(step, str) or len(step) != 2:
            raise ValueError(f"each layer must be a (window size, stride) pair of positive ints, got {step!r}")
        size, stride = positive_int(step[0], "window size"), positive_int(step[1], "stride")
        steps.append((f"window {size}, stride {stride}", size, stride))
    return steps


# Layer classes that receptive_field() reads, by name: `import utils.receptive_fields` needs no keras.
_GRID_ENDS = ("Flatten", *(f"Global{kind}Pooling{d}D" for kind in ("Average", "Max") for d in (1, 2, 3)))
_UPSAMPLES = (*(f"UpSampling{d}D" for d in (1, 2, 3)), *(f"Conv{d}DTranspose" for d in (1, 2, 3)))
_KEEPS_GRID = (
    *("InputLayer", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Identity", "Masking"),
    *("BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization"),
    *("Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"),
    *("Dense", "Rescaling", "Normalization"),  # Dense on a feature map acts on the channels only
    *("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"),
    *(f"{kind}{d}D" for kind in ("ZeroPadding", "Cropping") for d in (1, 2, 3)),  # shift the grid, same field
    *("RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "RandomContrast", "RandomBrightness"),
)  # the Random* layers are the identity when predicting


class _Field(NamedTuple):
    """Receptive field of the units of one tensor, per spatial axis (one entry: the same on every axis)."""

    sizes: tuple[int, ...] = (1,)  # input pixels that one unit sees
    jumps: tuple[int, ...] = (1,)  # input pixels between neighbouring units
    ended_by: str | None = None  # the Flatten or global pooling layer after which there is no grid


def _model_fields(model: keras.Model, inputs: list[_Field] | None) -> list[_Field]:
    """Fields of ``model``'s outputs from those of its inputs (None: one pixel each), along every connection."""
    import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    if graph is None:  # a Sequential model built without keras.Input: its layers are one chain
        fields = inputs or [_Field()]
        for layer in model.layers:
            fields = _operation_fields(layer, fields, None)
        return fields
    nodes_by_depth = getattr(graph, "_nodes_by_depth", None)
    if nodes_by_depth is None:
        raise ValueError(
            f"expected a Sequential or functional Keras model, got {type(model).__name__} {model.name!r}, "
            "whose connections cannot be read (a subclassed model)"
        )
    inputs = [_Field()] * len(graph.inputs) if inputs is None else inputs
    if len(graph.inputs) != len(inputs):
        raise ValueError(f"expected {len(graph.inputs)} input(s) for {model.name!r}, got {len(inputs)}")
    fields = {id(tensor): field for tensor, field in zip(graph.inputs, inputs, strict=True)}
    for depth in sorted(nodes_by_depth, reverse=True):  # from the inputs to the outputs
        for node in nodes_by_depth[depth]:
            if node.is_input:
                continue
            outputs = _operation_fields(node.operation, [fields[id(t)] for t in node.input_tensors], node)
            for i, tensor in enumerate(node.output_tensors):
                fields[id(tensor)] = outputs[i if len(outputs) > 1 else 0]
    return [fields[id(tensor)] for tensor in graph.outputs]


def _operation_fields(operation: object, inputs: list[_Field], node: object) -> list[_Field]:
    """Fields after one layer (or nested model) called on tensors whose fields are ``inputs``."""
    import keras

    if isinstance(operation, keras.Model):  # a nested model, e.g. a conv base inside a classifier
        return _model_fields(operation, inputs)
    return [_layer_field(operation, _merge(inputs, operation), node)]


def _merge(fields: list[_Field], operation: object) -> _Field:
    """One field from the paths that meet at ``operation``: the widest, with the jump they share."""
    if len(fields) == 1:
        return fields[0]
    where = _describe(operation)
    ended = [field.ended_by for field in fields if field.ended_by]
    if ended and len(ended) < len(fields):
        raise ValueError(
            f"expected only spatial paths into {where}, got one through {ended[0]}, "
            "after which every unit sees the whole input"
        )
    n = max(len(field.sizes) for field in fields)
    sizes = [_per_axis(field.sizes, n, where) for field in fields]
    jumps = [_per_axis(field.jumps, n, where) for field in fields]
    for axis in range(n):
        found = sorted({jump[axis] for jump in jumps})
        if len(found) > 1 and not ended:
            raise ValueError(f"expected the same jump on every path merged by {where}, got jumps {found}")
    widest = tuple(max(size[axis] for size in sizes) for axis in range(n))
    return _Field(widest, jumps[0], ended[0] if ended else None)


def _layer_field(layer: object, field: _Field, node: object) -> _Field:
    """The field after ``layer`` (called at ``node``, None in an unbuilt Sequential model)."""
    if field.ended_by:  # after Flatten or global pooling there is no grid left to widen
        return field
    where = _describe(layer)
    if isinstance(layer, _layer_classes(_GRID_ENDS)):
        return field._replace(ended_by=where)
    window_name = next((name for name in ("kernel_size", "pool_size") if getattr(layer, name, None) is not None), None)
    if isinstance(layer, _layer_classes(_UPSAMPLES)) or (window_name is not None and _grows(layer, node)):
        raise ValueError(f"expected Conv2D and pooling layers only, got {where}, which upsamples (not supported)")
    if window_name is not None:  # Conv1D/2D/3D, DepthwiseConv, SeparableConv, pooling, or alike
        window = _axes(getattr(layer, window_name), f"{window_name} of {where}")
        dilation = _axes(getattr(layer, "dilation_rate", 1), f"dilation_rate of {where}")
        n = max(len(window), len(dilation))
        window, dilation = _per_axis(window, n, where), _per_axis(dilation, n, where)
        span = tuple((k - 1) * d + 1 for k, d in zip(window, dilation, strict=True))  # a dilated kernel's extent
        return _widen(field, span, _axes(getattr(layer, "strides", None), f"strides of {where}"), where)
    if (isinstance(layer, _layer_classes(_KEEPS_GRID)) and _joins_channels(layer, node)) or _keeps_shape(layer, node):
        return field
    raise ValueError(
        f"expected a convolution, pooling or grid-keeping layer, got {where}, "
        "whose effect on the receptive field cannot be read"
    )


def _widen(field: _Field, window: tuple[int, ...], strides: tuple[int, ...], where: str) -> _Field:
    """The field after a window of ``window`` pixels moved by ``strides``, axis by axis."""
    if field.ended_by:
        return field
    n = max(len(window), len(strides), len(field.sizes))
    window, strides, sizes, jumps = (_per_axis(v, n, where) for v in (window, strides, field.sizes, field.jumps))
    return _Field(
        tuple(size + (k - 1) * jump for size, k, jump in zip(sizes, window, jumps, strict=True)),
        tuple(jump * stride for jump, stride in zip(jumps, strides, strict=True)),
    )


def _per_axis(values: tuple[int, ...], n: int, where: str) -> tuple[int, ...]:
    """``values`` for ``n`` spatial axes (one value stands for all of them)."""
    if len(values) == n:
        return values
    if len(values) == 1:
        return values * n
    raise ValueError(f"expected 1 or {n} spatial axes in {where}, got {len(values)}: {values}")


def _axes(value: object, name: str) -> tuple[int, ...]:
    """A layer's ``kernel_size``, ``strides``, ... as a tuple of positive ints."""
    values = tuple(value) if isinstance(value, tuple | list) else (value,)
    return tuple(positive_int(v, name) for v in values)


def _describe(operation: object) -> str:
    return f"{type(operation).__name__} {getattr(operation, 'name', '?')!r}"


def _layer_classes(names: tuple[str, ...]) -> tuple[type, ...]:
    import keras

    return tuple(cls for cls in (getattr(keras.layers, name, None) for name in names) if isinstance(cls, type))


def _spatial_shapes(layer: object, node: object) -> tuple[list[tuple], list[tuple]] | None:
    """Spatial dims (batch and channels left out) of ``node``'s input and output tensors, if known."""
    if node is None:
        return None
    first = 2 if getattr(layer, "data_format", None) == "channels_first" else 1
    last = None if first == 2 else -1
    shapes = [[tuple(t.shape[first:last]) for t in tensors] for tensors in (node.input_tensors, node.output_tensors)]
    if not all(shape and None not in shape for tensors in shapes for shape in tensors):
        return None
    return shapes[0], shapes[1]


def _grows(layer: object, node: object) -> bool:
    """Whether an output is larger than the inputs on some axis (an upsampling layer)."""
    shapes = _spatial_shapes(layer, node)
    return shapes is not None and any(
        len(out) == len(inp) and any(o > i for o, i in zip(out, inp, strict=True))
        for inp in shapes[0]
        for out in shapes[1]
    )


def _keeps_shape(layer: object, node: object) -> bool:
    """Whether every input and output of ``node`` has the same known spatial shape."""
    shapes = _spatial_shapes(layer, node)
    return shapes is not None and len({*shapes[0], *shapes[1]}) == 1


def _joins_channels(layer: object, node: object) -> bool:
    """False only for a Concatenate along a spatial axis (which would change the grid)."""
    import keras

    axis = getattr(layer, "axis", None)
    if not isinstance(layer, keras.layers.Concatenate) or node is None or not is_int(axis):
        return True
    ndim = len(node.output_tensors[0].shape)
    channels = 1 if keras.config.image_data_format() == "channels_first" else ndim - 1
    return ndim <= 2 or axis % ndim == channels
