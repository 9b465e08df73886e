"""Exercise checkers of section 5.1.1 (the convolution operation); each answers in Korean.

Each question is a dict the notebook shows in its prose; each checker compares an answer
with the value computed from the question (``utils.ops.conv_output_size``) and, when wrong,
recognises the usual slips.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checks import is_int
from utils.exercises.feedback import Feedback, compare
from utils.ops import conv_output_size

#: Exercise 1: the output shape of one Conv2D layer.
OUTPUT_SHAPE_QUESTION = {"input_shape": (28, 28, 1), "filters": 8, "kernel_size": 5, "strides": 2, "padding": "valid"}
#: Exercise 2: the number of parameters of one Conv2D layer on an RGB input.
PARAM_COUNT_QUESTION = {"input_depth": 3, "filters": 16, "kernel_size": 5}
#: Exercise 4: the number of window positions.
WINDOW_POSITIONS_QUESTION = {"input_size": 6, "window": 3, "strides": 2, "padding": "same"}
#: Exercise 5: listing 5-1 with ``strides=2`` in the first Conv2D and ``padding="same"`` in the
#: second; one ``(layer, filters, window, strides, padding)`` per layer that ``summary()`` lists
#: (``filters`` is None for a pooling layer, which keeps the channels).
SUMMARY_SHAPES_QUESTION = {
    "input_shape": (28, 28, 1),
    "layers": (
        ("Conv2D", 32, 3, 2, "valid"),
        ("MaxPooling2D", None, 2, 2, "valid"),
        ("Conv2D", 64, 3, 1, "same"),
        ("MaxPooling2D", None, 2, 2, "valid"),
        ("Conv2D", 64, 3, 1, "valid"),
    ),
}


def _as_int_tuple(answer: Any) -> tuple[int, ...] | None:
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if not all(is_int(v) for v in values):
        return None
    return tuple(int(v) for v in values)


def check_output_shape(answer: Any) -> Feedback:
    """Exercise 1 (5.1.1): ``Conv2D(8, (5, 5), strides=2)`` on a (28, 28, 1) input -> (12, 12, 8)."""
    q = OUTPUT_SHAPE_QUESTION
    (size, _, _), k, s, filters = q["input_shape"], q["kernel_size"], q["strides"], q["filters"]
    side = conv_output_size(size, k, s, q["padding"])
    expected = (side, side, filters)
    hint = (
        '`padding="valid"`이면 윈도우가 입력 안에 완전히 들어가는 위치만 셉니다: '
        "`(입력 - 윈도우) // 스트라이드 + 1`. 깊이는 필터 개수입니다. 답은 `(높이, 너비, 깊이)` 튜플로 쓰세요."
    )
    if answer is None:
        return compare(None, expected, ok="", hint=hint)
    shape = _as_int_tuple(answer)
    if shape is None or len(shape) != 3:
        return Feedback(False, f"`(높이, 너비, 깊이)` 세 정수의 튜플로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    slips = {
        (conv_output_size(size, k, 1, "valid"),) * 2: "스트라이드 2를 빠뜨리지 않았나요? 윈도우가 두 칸씩 건너뜁니다.",
        (conv_output_size(size, k, s, "same"),)
        * 2: '`padding="same"`일 때의 크기입니다. 이 층은 `padding="valid"`(기본값)입니다.',
        ((size - k) // s,) * 2: "마지막에 1을 더해야 합니다: 첫 위치(0)도 하나의 위치입니다.",
    }
    if shape[:2] != expected[:2] and shape[:2] in slips:
        return Feedback(False, slips[shape[:2]])
    if shape[:2] == expected[:2] and shape[2] != filters:
        return Feedback(
            False, f"높이와 너비는 맞았습니다. 출력의 깊이는 입력 채널 수가 아니라 필터 개수({filters})입니다."
        )
    return compare(shape, expected, ok=f"({size} - {k}) // {s} + 1 = {side}이므로 출력은 {expected}입니다.", hint=hint)


def check_param_count(answer: Any) -> Feedback:
    """Exercise 2 (5.1.1): ``Conv2D(16, (5, 5))`` on an RGB input: 5*5*3*16 + 16 = 1,216 parameters."""
    q = PARAM_COUNT_QUESTION
    k, depth, filters = q["kernel_size"], q["input_depth"], q["filters"]
    expected = k * k * depth * filters + filters
    hint = "필터 하나는 (윈도우 높이 × 윈도우 너비 × 입력 깊이)개의 가중치와 편향 1개를 가집니다."
    if answer is not None and not is_int(answer):
        return Feedback(False, f"파라미터 개수를 정수 하나로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    slips = {
        k * k * depth * filters: "거의 다 왔습니다. 필터마다 편향이 하나씩 더 있습니다.",
        k * k * filters + filters: "입력의 깊이(RGB이면 3)를 잊었습니다. 윈도우는 모든 입력 채널을 함께 봅니다.",
        k * k * filters: "입력 깊이(3)와 편향을 모두 빠뜨렸습니다.",
        k * k * depth + 1: "필터 하나의 파라미터 수입니다. 필터가 몇 개인지 곱해 주세요.",
    }
    if answer is not None and int(answer) in slips and int(answer) != expected:
        return Feedback(False, slips[int(answer)])
    return compare(answer, expected, ok=f"{k}×{k}×{depth}×{filters} + {filters} = {expected:,}개입니다.", hint=hint)


def check_extract_patch(extract_patch: Any) -> Feedback:
    """Exercise 3 (5.1.1): ``extract_patch(inputs, i, j, strides=1)`` for a 3x3 ``"valid"`` convolution.

    ``inputs`` has shape (H, W, C); the answer must be ``inputs[i*s : i*s + 3, j*s : j*s + 3, :]``.
    """
    hint = (
        '`padding="valid"`에서 출력 위치 `[i, j]`의 윈도우는 입력의 (i × 스트라이드, j × 스트라이드) 칸에서 시작해 '
        "3칸씩 덮습니다. 깊이 축은 모두 가져옵니다."
    )
    if extract_patch is None:
        return Feedback(
            False, "아직 답을 넣지 않았습니다(None). 함수를 완성한 뒤 `answer = extract_patch`로 넣으세요. " + hint
        )
    if not callable(extract_patch):
        return Feedback(False, f"함수를 넣어 주세요 (받은 값의 타입: `{type(extract_patch).__name__}`). " + hint)
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(9, 9, 2))
    for strides in (1, 2):
        last = (9 - 3) // strides  # the last valid output position
        for i, j in ((1, 2), (0, 0), (last, last), (last, 0)):
            try:
                got = extract_patch(inputs, i, j, strides=strides)
            except Exception as exc:  # a learner's function may fail in any way
                return Feedback(False, f"`i={i}, j={j}, strides={strides}`에서 {type(exc).__name__}: `{exc}`. " + hint)
            if got is None:
                return Feedback(False, "함수가 `None`을 돌려줍니다. 아직 `return` 문을 완성하지 않았나요? " + hint)
            got = np.asarray(got)
            expected = inputs[i * strides : i * strides + 3, j * strides : j * strides + 3, :]
            if got.shape != expected.shape:
                return Feedback(
                    False,
                    f"`i={i}, j={j}, strides={strides}`에서 패치의 모양이 `{got.shape}`입니다. "
                    f"기대한 모양은 `{expected.shape}` (윈도우 높이, 윈도우 너비, 입력 깊이)입니다. " + hint,
                )
            if not np.allclose(got, expected):
                if i > 0 and j > 0 and strides == 1 and np.array_equal(got, inputs[i - 1 : i + 2, j - 1 : j + 2, :]):
                    return Feedback(
                        False,
                        '가운데 칸을 `[i, j]`로 잡았네요. 그것은 `padding="same"`일 때의 대응입니다. '
                        '`padding="valid"`의 출력 `[0, 0]`은 `inputs[0:3, 0:3]`에서 나옵니다.',
                    )
                if strides > 1 and np.array_equal(got, inputs[i : i + 3, j : j + 3, :]):
                    return Feedback(
                        False,
                        "스트라이드 1에서는 맞습니다. 스트라이드가 `s`이면 윈도우가 `s`칸씩 건너뛰어 "
                        "`i*s`에서 시작합니다.",
                    )
                return Feedback(False, f"`i={i}, j={j}, strides={strides}`에서 값이 다릅니다. " + hint)
    return Feedback(True, "출력 `[i, j]`는 `inputs[i*s : i*s+3, j*s : j*s+3, :]`에서 나옵니다.")


def check_window_positions(answer: Any) -> Feedback:
    """Exercise 4 (5.1.1): a 3x3 window, stride 2, ``"same"`` padding on a 6x6 input: 3x3 = 9 positions."""
    q = WINDOW_POSITIONS_QUESTION
    n, k, s = q["input_size"], q["window"], q["strides"]
    side = conv_output_size(n, k, s, q["padding"])
    expected = side * side
    hint = '`padding="same"`이면 한 축의 위치 수는 `ceil(입력 크기 / 스트라이드)`입니다. 두 축의 위치 수를 곱하세요.'
    if answer is not None and not is_int(answer):
        return Feedback(False, f"위치의 개수를 정수 하나로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    slips = {
        conv_output_size(n, k, s, "valid")
        ** 2: '`padding="valid"`일 때의 개수입니다. 패딩을 더하면 입력의 가장자리에도 윈도우가 놓입니다.',
        conv_output_size(n, k, 1, "same")
        ** 2: "스트라이드 1일 때의 개수입니다. 스트라이드 2면 윈도우가 두 칸씩 건너뜁니다.",
        conv_output_size(n, k, 1, "valid") ** 2: "스트라이드와 패딩을 둘 다 반영해 보세요.",
        side: "한 축의 위치 수입니다. 높이와 너비 방향을 곱해야 전체 위치 수가 됩니다.",
    }
    if answer is not None and int(answer) in slips and int(answer) != expected:
        return Feedback(False, slips[int(answer)])
    return compare(
        answer, expected, ok=f"한 축에 ceil({n} / {s}) = {side}곳, 모두 {side}×{side} = {expected}곳입니다.", hint=hint
    )


def summary_shapes(question: dict = SUMMARY_SHAPES_QUESTION) -> list[tuple[int, int, int]]:
    """Exercise 5 (5.1.1): each layer's output ``(height, width, channels)``, as ``model.summary()`` lists them."""
    side, _, depth = question["input_shape"]
    shapes = []
    for _, filters, window, strides, padding in question["layers"]:
        side = conv_output_size(side, window, strides, padding)
        depth = depth if filters is None else filters
        shapes.append((side, side, depth))
    return shapes


_ORDINALS = ("첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟")


def _layer_call(layer: tuple) -> str:
    """How the notebook writes a layer of :data:`SUMMARY_SHAPES_QUESTION`, e.g. ``Conv2D(32, (3, 3), strides=2)``."""
    name, filters, window, strides, padding = layer
    if filters is None:
        return f"{name}(({window}, {window}))"
    extra = (f", strides={strides}" if strides != 1 else "") + (f', padding="{padding}"' if padding != "valid" else "")
    return f"{name}({filters}, ({window}, {window}){extra})"


def _side_slips(layer: tuple, n: int) -> dict[int, str]:
    """Wrong output sides one layer gets from the usual slips, for an input of side ``n``, with a hint each."""
    _, filters, window, strides, padding = layer
    if filters is None:  # pooling: "valid", window 2, stride 2
        slips = {n: "풀링 층도 높이와 너비를 줄입니다. 2×2 윈도우를 두 칸씩 옮깁니다."}
        if n % 2:
            slips[-(-n // strides)] = (
                f"입력의 높이와 너비({n})가 홀수입니다. 2×2 윈도우가 덮지 못하는 마지막 행과 열은 "
                f"버려지므로 `{n} // 2`로 내림합니다."
            )
        return slips
    slips = {}
    if padding == "valid":
        slips[(n - window) // strides] = "마지막에 1을 더해야 합니다: 첫 위치(0)도 하나의 위치입니다."
        slips[conv_output_size(n, window, strides, "same")] = (
            '`padding="same"`일 때의 크기입니다. 이 층은 `padding="valid"`(기본값)입니다.'
        )
        if strides > 1:
            slips[conv_output_size(n, window, 1, "valid")] = (
                f"스트라이드를 빠뜨리지 않았나요? `strides={strides}`이면 윈도우가 {strides}칸씩 건너뜁니다."
            )
    else:
        slips[conv_output_size(n, window, strides, "valid")] = (
            '이 층은 `padding="same"`입니다. 스트라이드가 1이면 높이와 너비가 입력과 같습니다.'
        )
    return slips


def _as_shape_list(answer: Any) -> list[tuple[int, ...]] | None:
    """The answer as a list of integer tuples (``(None, h, w, c)``, as ``summary()`` prints it, is ``(h, w, c)``)."""
    try:
        items = list(answer)
    except TypeError:
        return None
    shapes = []
    for item in items:
        try:
            values = list(item)
        except TypeError:
            return None
        if len(values) == 4 and values[0] is None:
            values = values[1:]
        shape = _as_int_tuple(values)
        if shape is None:
            return None
        shapes.append(shape)
    return shapes


def check_summary_shapes(answer: Any) -> Feedback:
    """Exercise 5 (5.1.1): the output shapes ``summary()`` lists for :data:`SUMMARY_SHAPES_QUESTION`.

    The answer is a list of ``(height, width, channels)`` tuples, one per layer. A wrong answer
    gets a hint about the first layer that differs (later layers follow from it).
    """
    q = SUMMARY_SHAPES_QUESTION
    expected = summary_shapes(q)
    n_layers = len(expected)
    hint = (
        "앞 층의 출력 크기에서 시작해 층마다 공식을 적용하세요: "
        '`"valid"`이면 `(입력 - 윈도우) // 스트라이드 + 1`, `"same"`이면 `ceil(입력 / 스트라이드)`. '
        '풀링 층은 윈도우 2, 스트라이드 2인 `"valid"` 연산입니다. '
        "채널 수는 `Conv2D`면 필터 개수, 풀링이면 그대로입니다."
    )
    if answer is None:
        return compare(None, expected, ok="", hint=hint)
    shapes = _as_shape_list(answer)
    if shapes is None or any(len(shape) != 3 for shape in shapes):
        return Feedback(
            False,
            f"층마다 `(높이, 너비, 채널)` 튜플 하나씩, {n_layers}개를 리스트로 답해 주세요 (받은 값: `{answer!r}`). "
            + hint,
        )
    if len(shapes) != n_layers:
        return Feedback(
            False,
            f"`summary()`에는 층이 {n_layers}개 있습니다. 층마다 튜플 하나씩 {n_layers}개를 답해 주세요 "
            f"(받은 튜플: {len(shapes)}개).",
        )
    previous = q["input_shape"]
    for index, (got, want, layer) in enumerate(zip(shapes, expected, q["layers"], strict=True)):
        if got != want:
            where = f"{_ORDINALS[index]} 번째 층 `{_layer_call(layer)}`"
            if got[:2] == want[:2]:
                return Feedback(
                    False,
                    f"{where}의 높이와 너비는 맞았습니다. "
                    "채널 수는 `Conv2D`면 필터 개수, 풀링 층이면 입력의 채널 수 그대로입니다.",
                )
            slips = _side_slips(layer, previous[0])
            if got[0] == got[1] and got[0] in slips:
                return Feedback(False, f"{where}: " + slips[got[0]])
            return Feedback(False, f"{where}의 출력부터 다릅니다. " + hint)
        previous = want
    sides = " → ".join(f"{side}×{side}" for side, _, _ in expected)
    return Feedback(True, f"높이와 너비는 {q['input_shape'][0]}×{q['input_shape'][0]}에서 {sides}로 바뀝니다.")
