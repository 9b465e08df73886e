"""NumPy reference versions of convolution and pooling (5.1.1, 5.1.2).

Each function does by hand what a Keras layer does, so that the notebooks can show the
mechanics step by step and check them against Keras:

- ``conv2d``           — ``keras.layers.Conv2D`` without activation (5.1.1)
- ``max_pool2d``       — ``keras.layers.MaxPooling2D`` (5.1.2)
- ``avg_pool2d``       — ``keras.layers.AveragePooling2D`` (5.1.2)
- ``conv_output_size`` — the output height (or width) of a convolution or pooling layer (5.1.1)
- ``window_layout``    — output size and padding of one axis: where a window can stand (5.1.1)
- ``unit_window``, ``nested_windows`` — the input window that one unit sees (5.1.1, 5.1.2)
- ``receptive_field``  — how large an input window one unit of the last layer sees, along every
                         path of a branched model too (5.1.2)

Arrays use Keras' channels-last layout: inputs are ``(batch, height, width, channels)`` and
kernels ``(kernel_height, kernel_width, in_channels, filters)``. Results are float64.

``"same"`` padding follows TensorFlow: when the total padding of an axis is odd, the extra
row (or column) goes at the bottom (or right).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from utils.checks import int_in_range, is_int, positive_int

if TYPE_CHECKING:  # keras is imported only inside receptive_field(), when a model is given
    import keras

Padding = Literal["valid", "same"]
IntOrPair = int | tuple[int, int]
PADDINGS = ("valid", "same")


# ----------------------------------------------------------------------------- sizes (5.1.1)


def conv_output_size(size: int, kernel_size: int, strides: int = 1, padding: Padding = "valid") -> int:
    """Output height (or width) of a convolution or pooling window sliding over ``size`` pixels (5.1.1).

    ``"valid"``: only windows that fit entirely inside the input, e.g. 28 -> 26 for 3x3.
    ``"same"``: pad so that every ``strides``-th pixel is a window position: ``ceil(size / strides)``.
    """
    size = positive_int(size, "size")
    kernel_size = positive_int(kernel_size, "kernel_size")
    strides = positive_int(strides, "strides")
    padding = _check_padding(padding)
    if padding == "same":
        return -(-size // strides)  # ceil(size / strides) with integers only
    if kernel_size > size:
        raise ValueError(
            f"with padding='valid' the window must fit in the input: expected kernel_size <= size, "
            f"got kernel_size={kernel_size} > size={size}"
        )
    return (size - kernel_size) // strides + 1


def _padding_amounts(size: int, kernel_size: int, strides: int, padding: str) -> tuple[int, int]:
    """Rows (or columns) of padding added before and after one spatial axis, as TensorFlow does (5.1.1)."""
    if padding == "valid":
        return 0, 0
    output_size = conv_output_size(size, kernel_size, strides, "same")
    total = max((output_size - 1) * strides + kernel_size - size, 0)
    before = total // 2  # an odd total puts the extra row at the bottom / column at the right
    return before, total - before


def window_layout(input_size: int, window: int, strides: int = 1, padding: Padding = "valid") -> tuple[int, int, int]:
    """``(output size, padding before, padding after)`` of one axis: where a window can stand (5.1.1).

    Output position ``i`` puts the window at ``i * strides`` in the padded axis (see
    :func:`unit_window`). Figures 5-5 to 5-7: ``window_layout(5, 3)`` is ``(3, 0, 0)``,
    ``window_layout(5, 3, padding="same")`` is ``(5, 1, 1)``, ``window_layout(5, 3, 2)`` is ``(2, 0, 0)``.
    """
    output_size = conv_output_size(input_size, window, strides, padding)  # validates every argument
    before, after = _padding_amounts(int(input_size), int(window), int(strides), _check_padding(padding))
    return output_size, before, after


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


# ------------------------------------------------------------------------ windows (5.1.1/5.1.2)


def _extract_windows(
    x: np.ndarray, window: tuple[int, int], strides: tuple[int, int], padding: str, fill: float
) -> np.ndarray:
    """Every window a layer looks at: shape ``(batch, out_height, out_width, channels, win_h, win_w)``.

    The input is padded with ``fill`` first (``"same"`` only). The result is a view, not a copy.
    """
    (win_h, win_w), (stride_h, stride_w) = window, strides
    _, height, width, _ = x.shape
    if padding == "valid" and (win_h > height or win_w > width):
        raise ValueError(
            f"with padding='valid' the window must fit in the input: expected a window no larger than "
            f"the {height}x{width} input, got a {win_h}x{win_w} window (use padding='same' or a smaller window)"
        )
    out_h = conv_output_size(height, win_h, stride_h, padding)
    out_w = conv_output_size(width, win_w, stride_w, padding)
    top, bottom = _padding_amounts(height, win_h, stride_h, padding)
    left, right = _padding_amounts(width, win_w, stride_w, padding)
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    windows = sliding_window_view(padded, (win_h, win_w), axis=(1, 2))  # all stride-1 windows
    return windows[:, ::stride_h, ::stride_w][:, :out_h, :out_w]  # keep every stride-th one


# ---------------------------------------------------------------------------- convolution (5.1.1)


def conv2d(
    inputs: ArrayLike,
    kernel: ArrayLike,
    bias: ArrayLike | None = None,
    strides: IntOrPair = 1,
    padding: Padding = "valid",
) -> np.ndarray:
    """2D convolution, equal to ``keras.layers.Conv2D(..., activation=None)`` with the same weights (5.1.1).

    Slide a ``(kh, kw)`` window over the input; at each position take the 3D patch
    ``(kh, kw, in_channels)`` and turn it into a vector of ``filters`` numbers with a tensor
    product against the kernel. ``output[:, :, :, n]`` is the response map of filter ``n``.

    inputs: ``(batch, height, width, in_channels)``; kernel: ``(kh, kw, in_channels, filters)``;
    bias: ``(filters,)`` or None. Returns ``(batch, out_height, out_width, filters)``.
    """
    x = _as_batch(inputs)
    w = np.asarray(kernel, dtype=np.float64)
    if w.ndim != 4:
        raise ValueError(
            f"kernel must be a 4-D array (kernel_height, kernel_width, in_channels, filters), got shape {w.shape}"
        )
    kh, kw, in_channels, filters = w.shape
    if in_channels != x.shape[-1]:
        raise ValueError(
            f"the kernel's in_channels must match the inputs' channels: expected {x.shape[-1]} "
            f"(inputs shape {x.shape}), got {in_channels} (kernel shape {w.shape})"
        )
    if kh < 1 or kw < 1 or filters < 1:
        raise ValueError(f"kernel height, width and filters must be at least 1, got kernel shape {w.shape}")
    stride_pair = _pair(strides, "strides")
    padding = _check_padding(padding)

    patches = _extract_windows(x, (kh, kw), stride_pair, padding, fill=0.0)  # (n, oh, ow, c, kh, kw)
    # For every patch: sum over (window row i, window column j, input channel c) of patch * kernel.
    output = np.einsum("nhwcij,ijcf->nhwf", patches, w, optimize=True)
    if bias is not None:
        b = np.asarray(bias, dtype=np.float64)
        if b.shape != (filters,):
            raise ValueError(f"bias must have shape (filters,) = ({filters},), got shape {b.shape}")
        output = output + b
    return output


# -------------------------------------------------------------------------------- pooling (5.1.2)


def max_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """Max pooling, equal to ``keras.layers.MaxPooling2D`` (5.1.2).

    Like a convolution, but each window is reduced to its maximum, channel by channel, instead of
    being multiplied by a learned kernel. ``strides=None`` means ``strides=pool_size`` (2x2 windows,
    stride 2: 26x26 -> 13x13). ``"same"`` pads with -inf, so padding never wins the max.
    """
    x = _as_batch(inputs)
    window, stride_pair, padding = _pool_arguments(pool_size, strides, padding)
    windows = _extract_windows(x, window, stride_pair, padding, fill=-np.inf)
    return windows.max(axis=(-2, -1))


def avg_pool2d(
    inputs: ArrayLike, pool_size: IntOrPair = 2, strides: IntOrPair | None = None, padding: Padding = "valid"
) -> np.ndarray:
    """Average pooling, equal to ``keras.layers.AveragePooling2D`` (5.1.2).

    Each window is reduced to its mean, channel by channel. With ``"same"``, windows that hang over
    the border average only the real (unpadded) pixels, as Keras does.
    """
    x = _as_batch(inputs)
    window, stride_pair, padding = _pool_arguments(pool_size, strides, padding)
    sums = _extract_windows(x, window, stride_pair, padding, fill=0.0).sum(axis=(-2, -1))
    # How many real pixels each window covers: the same windows over an image of ones, padded with 0.
    ones = np.ones((1, *x.shape[1:3], 1))
    counts = _extract_windows(ones, window, stride_pair, padding, fill=0.0).sum(axis=(-2, -1))
    return sums / counts


def _pool_arguments(
    pool_size: IntOrPair, strides: IntOrPair | None, padding: str
) -> tuple[tuple[int, int], tuple[int, int], str]:
    window = _pair(pool_size, "pool_size")
    stride_pair = window if strides is None else _pair(strides, "strides")
    return window, stride_pair, _check_padding(padding)


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
            field = _widen(field, _pair(step[0], "kernel_size"), _pair(step[1], "stride"), f"step {step!r}")
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
    import keras  # imported here so that `import utils.ops` stays light

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


# Layer classes (by name, so that `import utils.ops` needs no keras) that receptive_field() reads.
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


# ---------------------------------------------------------------------------- argument checks


def _as_batch(inputs: ArrayLike) -> np.ndarray:
    x = np.asarray(inputs, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"inputs must be a 4-D array (batch, height, width, channels), got shape {x.shape}")
    if x.shape[1] < 1 or x.shape[2] < 1:
        raise ValueError(f"inputs must have a height and width of at least 1, got shape {x.shape}")
    return x


def _pair(value: object, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(3, 2)`` -> ``(3, 2)``; anything else raises ValueError."""
    values = value if isinstance(value, tuple | list) else (value, value)
    if len(values) == 2 and all(is_int(v) and v >= 1 for v in values):
        return int(values[0]), int(values[1])
    raise ValueError(f"{name} must be a positive int or a pair of positive ints, got {value!r}")


def _check_padding(padding: object) -> str:
    if isinstance(padding, str) and padding.lower() in PADDINGS:
        return padding.lower()
    raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
