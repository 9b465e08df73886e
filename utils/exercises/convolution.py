"""Exercise checkers of section 5.1.1 (the convolution operation): answers computed by ``utils.ops``, Korean hints."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.exercises.feedback import Feedback, Measured, Prediction, as_ints, check_choice, compare, measured_choice
from utils.ops import conv2d, conv_output_size

#: Exercise 5's model: ``(Keras call, filters, window, strides, padding)`` per layer on a (28, 28, 1) input.
_CHANGED = (
    ("Conv2D(32, (3, 3), strides=2)", 32, 3, 2, "valid"),
    ("MaxPooling2D((2, 2))", None, 2, 2, "valid"),
    ('Conv2D(64, (3, 3), padding="same")', 64, 3, 1, "same"),
    ("MaxPooling2D((2, 2))", None, 2, 2, "valid"),
    ("Conv2D(64, (3, 3))", 64, 3, 1, "valid"),
)


def _side_slips(layer: tuple, n: int) -> dict[int, str]:
    """The wrong sides the usual slips give for ``layer`` on a side of ``n`` (a right one is never looked up)."""
    _, filters, k, s, padding = layer
    same, valid, unstrided = (conv_output_size(n, k, *how) for how in ((s, "same"), (s, "valid"), (1, "valid")))
    if filters is None:  # pooling: window 2, stride 2, "valid"
        odd = f"입력의 높이와 너비({n})가 홀수입니다. 2×2 윈도우가 덮지 못하는 마지막 행과 열은 버려지므로 "
        return {
            n: "풀링 층도 높이와 너비를 줄입니다. 2×2 윈도우를 두 칸씩 옮깁니다.",
            same: odd + f"`{n} // 2`로 내림합니다.",
        }
    if padding == "same":
        return {valid: '이 층은 `padding="same"`입니다. 스트라이드가 1이면 높이와 너비가 입력과 같습니다.'}
    return {
        (n - k) // s: "마지막에 1을 더해야 합니다: 첫 위치(0)도 하나의 위치입니다.",
        same: '`padding="same"`일 때의 크기입니다. 이 층은 `padding="valid"`(기본값)입니다.',
        unstrided: f"스트라이드를 빠뜨리지 않았나요? `strides={s}`이면 윈도우가 {s}칸씩 건너뜁니다.",
    }


def check_output_shape(answer: Any) -> Feedback:
    """Exercise 2: ``Conv2D(8, (5, 5), strides=2)`` on a (28, 28, 1) input gives ``(12, 12, 8)``."""
    n, k, s, filters = 28, 5, 2, 8
    side = conv_output_size(n, k, s, "valid")
    hint = '`padding="valid"`이면 윈도우가 입력 안에 완전히 들어가는 위치만 셉니다: '
    hint += "`(입력 - 윈도우) // 스트라이드 + 1`. 깊이는 필터 개수입니다. 답은 `(높이, 너비, 깊이)` 튜플로 쓰세요."
    shape = as_ints(answer)
    if answer is not None and (shape is None or len(shape) != 3):
        return Feedback(False, f"`(높이, 너비, 깊이)` 세 정수의 튜플로 답해 주세요 (받은 값: `{answer!r}`). " + hint)
    if shape and shape[:2] == (side, side) and shape[2] != filters:
        why = f"높이와 너비는 맞았습니다. 출력의 깊이는 입력 채널 수가 아니라 필터 개수({filters})입니다."
        return Feedback(False, why)
    slips = (
        [((x, x, shape[2]), why) for x, why in _side_slips(("", filters, k, s, "valid"), n).items()] if shape else []
    )
    ok = f"({n} - {k}) // {s} + 1 = {side}이므로 출력은 {(side, side, filters)}입니다."
    return compare(answer, (side, side, filters), ok=ok, hint=hint, slips=slips)


def check_param_count(answer: Any) -> Feedback:
    """Exercise 3: ``Conv2D(16, (5, 5))`` on an RGB input has 5*5*3*16 + 16 = 1,216 parameters."""
    k, depth, filters = 5, 3, 16
    expected = k * k * depth * filters + filters
    slips = [
        (k * k * depth * filters, "거의 다 왔습니다. 필터마다 편향이 하나씩 더 있습니다."),
        (k * k * filters + filters, "입력의 깊이(RGB이면 3)를 잊었습니다. 윈도우는 모든 입력 채널을 함께 봅니다."),
        (k * k * filters, "입력 깊이(3)와 편향을 모두 빠뜨렸습니다."),
        (k * k * depth + 1, "필터 하나의 파라미터 수입니다. 필터가 몇 개인지 곱해 주세요."),
    ]
    ok = f"{k}×{k}×{depth}×{filters} + {filters} = {expected:,}개입니다."
    hint = "필터 하나는 (윈도우 높이 × 윈도우 너비 × 입력 깊이)개의 가중치와 편향 1개를 가집니다."
    return compare(answer, expected, ok=ok, hint=hint, slips=slips, integer="파라미터 개수")


def check_extract_patch(extract_patch: Any) -> Feedback:
    """Exercise 4: ``extract_patch(inputs, i, j, strides=1)`` is ``inputs[i*s : i*s + 3, j*s : j*s + 3, :]``."""
    hint = '`padding="valid"`에서 출력 위치 `[i, j]`의 윈도우는 입력의 (i × 스트라이드, j × 스트라이드) 칸에서 '
    hint += "시작해 3칸씩 덮습니다. 깊이 축은 모두 가져옵니다."
    if extract_patch is None:
        return compare(None, None, ok="", hint="함수를 완성한 뒤 `answer_4 = extract_patch`로 넣으세요. " + hint)
    if not callable(extract_patch):
        return Feedback(False, f"함수를 넣어 주세요 (받은 값의 타입: `{type(extract_patch).__name__}`). " + hint)
    x = np.random.default_rng(0).normal(size=(9, 9, 2))
    centred = '가운데 칸을 `[i, j]`로 잡았네요. 그것은 `padding="same"`일 때의 대응입니다. '
    centred += '`padding="valid"`의 출력 `[0, 0]`은 `inputs[0:3, 0:3]`에서 나옵니다.'
    unstrided = "스트라이드 1에서는 맞습니다. 스트라이드가 `s`이면 윈도우가 `s`칸씩 건너뛰어 `i*s`에서 시작합니다."
    for s, i, j in ((1, 1, 2), (1, 0, 0), (1, 6, 6), (1, 6, 0), (2, 1, 2), (2, 0, 0), (2, 3, 3), (2, 3, 0)):
        at = f"`i={i}, j={j}, strides={s}`에서"  # (6, 6) and (3, 3): the last valid output positions
        try:
            got = extract_patch(x, i, j, strides=s)
        except Exception as exc:  # a learner's function may fail in any way
            return Feedback(False, f"{at} {type(exc).__name__}: `{exc}`. " + hint)
        if got is None:
            return Feedback(False, "함수가 `None`을 돌려줍니다. 아직 `return` 문을 완성하지 않았나요? " + hint)
        want = x[i * s : i * s + 3, j * s : j * s + 3]
        if np.shape(got) != want.shape:
            why = f"{at} 패치의 모양이 `{np.shape(got)}`입니다. 기대한 모양은 `{want.shape}` "
            return Feedback(False, why + "(윈도우 높이, 윈도우 너비, 입력 깊이)입니다. " + hint)
        slips = [(x[i - 1 : i + 2, j - 1 : j + 2], centred), (x[i : i + 3, j : j + 3], unstrided)]
        verdict = compare(got, want, ok="", hint=f"{at} 값이 다릅니다. " + hint, slips=slips)
        if not verdict:
            return verdict
    return Feedback(True, "출력 `[i, j]`는 `inputs[i*s : i*s+3, j*s : j*s+3, :]`에서 나옵니다.")


def check_window_positions(answer: Any) -> Feedback:
    """Exercise 5: a 3x3 window with stride 2 and ``"same"`` padding stands at 3 x 3 = 9 places of a 6x6 input."""
    n, k, s = 6, 3, 2
    side = conv_output_size(n, k, s, "same")
    valid, one, one_valid = (conv_output_size(n, k, *how) ** 2 for how in ((s, "valid"), (1, "same"), (1, "valid")))
    slips = [
        (valid, '`padding="valid"`일 때의 개수입니다. 패딩을 더하면 입력의 가장자리에도 윈도우가 놓입니다.'),
        (one, "스트라이드 1일 때의 개수입니다. 스트라이드 2면 윈도우가 두 칸씩 건너뜁니다."),
        (one_valid, "스트라이드와 패딩을 둘 다 반영해 보세요."),
        (side, "한 축의 위치 수입니다. 높이와 너비 방향을 곱해야 전체 위치 수가 됩니다."),
    ]
    ok = f"한 축에 ceil({n} / {s}) = {side}곳, 모두 {side}×{side} = {side * side}곳입니다."
    hint = '`padding="same"`이면 한 축의 위치 수는 `ceil(입력 크기 / 스트라이드)`입니다. 두 축의 위치 수를 곱하세요.'
    return compare(answer, side * side, ok=ok, hint=hint, slips=slips, integer="위치의 개수")


def check_summary_shapes(answer: Any) -> Feedback:
    """Exercise 6: each layer's ``(height, width, channels)`` in ``summary()``; a hint on the first one that differs."""
    hint = '앞 층의 출력 크기에서 시작해 층마다 공식을 적용하세요: `"valid"`이면 `(입력 - 윈도우) // 스트라이드 + 1`, '
    hint += '`"same"`이면 `ceil(입력 / 스트라이드)`. 풀링 층은 윈도우 2, 스트라이드 2인 `"valid"` 연산입니다. '
    hint += "채널 수는 `Conv2D`면 필터 개수, 풀링이면 그대로입니다."
    if answer is None:
        return compare(None, None, ok="", hint=hint)
    try:  # summary() prints (None, h, w, c); that counts as (h, w, c)
        shapes = [as_ints(s[1:] if len(s) == 4 and s[0] is None else s) for s in answer]
    except (TypeError, LookupError):
        shapes = [None]
    n = len(_CHANGED)
    if not all(shape is not None and len(shape) == 3 for shape in shapes):
        why = f"층마다 `(높이, 너비, 채널)` 튜플 하나씩, {n}개를 리스트로 답해 주세요 (받은 값: `{answer!r}`). "
        return Feedback(False, why + hint)
    if len(shapes) != n:
        why = f"`summary()`에는 층이 {n}개 있습니다. 층마다 튜플 하나씩 {n}개를 답해 주세요 "
        return Feedback(False, why + f"(받은 튜플: {len(shapes)}개).")
    side, depth, sides = 28, 1, ""
    for ordinal, got, layer in zip(("첫", "두", "세", "네", "다섯"), shapes, _CHANGED, strict=True):
        slips = _side_slips(layer, side)
        side, depth = conv_output_size(side, *layer[2:]), layer[1] or depth
        at = f"{ordinal} 번째 층 `{layer[0]}`"
        if got[:2] == (side, side) and got[2] != depth:
            why = "의 높이와 너비는 맞았습니다. 채널 수는 `Conv2D`면 필터 개수, "
            return Feedback(False, at + why + "풀링 층이면 입력의 채널 수 그대로입니다.")
        if got != (side, side, depth):
            slip = slips.get(got[0]) if got[0] == got[1] else None
            return Feedback(False, f"{at}: {slip}" if slip else f"{at}의 출력부터 다릅니다. {hint}")
        sides += f" → {side}×{side}"
    return Feedback(True, f"높이와 너비는 28×28에서{sides[2:]}로 바뀝니다.")


def check_conv_loops(conv2d_loops: Any) -> Feedback:
    """Exercise 7: ``conv2d_loops(inputs, kernel)``, one window at a time, equals ``utils.ops.conv2d`` and Keras."""
    import keras  # only when the checker runs

    hint = '`padding="valid"`, 스트라이드 1이면 출력의 높이는 `입력 높이 - 윈도우 높이 + 1`입니다. 위치 `[i, j]`의 '
    hint += "값은 패치 `inputs[i : i + kh, j : j + kw, :]`와 커널의 텐서 곱셈, 곧 "
    hint += "`np.tensordot(patch, kernel, axes=3)`로 얻는 `(출력 깊이,)` 벡터입니다."
    if conv2d_loops is None:
        return compare(None, None, ok="", hint="함수를 완성한 뒤 `answer_7 = conv2d_loops`로 넣으세요. " + hint)
    if not callable(conv2d_loops):
        return Feedback(False, f"함수를 넣어 주세요 (받은 값의 타입: `{type(conv2d_loops).__name__}`). " + hint)
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(7, 6, 2)), rng.normal(size=(3, 3, 2, 4))  # not square: rows and columns differ
    try:
        got = conv2d_loops(x, kernel)
    except Exception as exc:  # a learner's function may fail in any way
        return Feedback(False, f"`(7, 6, 2)` 입력에서 {type(exc).__name__}: `{exc}`. " + hint)
    if got is None:
        return Feedback(False, "함수가 `None`을 돌려줍니다. 아직 `return` 문을 완성하지 않았나요? " + hint)
    want = conv2d(x[None], kernel)[0]
    if np.shape(got) != want.shape:
        missed = np.shape(got) == (x.shape[0] - 3, x.shape[1] - 3, 4)
        why = "마지막에 1을 더해야 합니다: 첫 위치(0)도 하나의 위치입니다. " if missed else ""
        return Feedback(
            False,
            f"`(7, 6, 2)` 입력에서 출력의 모양이 `{np.shape(got)}`입니다. 기대한 모양은 "
            f"`{want.shape}`입니다. {why}{hint}",
        )
    by_keras = keras.ops.convert_to_numpy(keras.ops.conv(x[None], kernel, padding="valid"))[0]
    slips = [
        (
            conv2d(x[None], kernel[::-1, ::-1])[0],
            "커널을 위아래, 좌우로 뒤집어 곱했습니다(수학의 합성곱). "
            "딥러닝의 합성곱 층은 뒤집지 않고 패치와 같은 방향으로 곱합니다.",
        ),
    ]
    verdict = compare(
        got, want, ok="", hint=f"`(7, 6, 2)` 입력, `(3, 3, 2, 4)` 커널에서 값이 다릅니다. {hint}", slips=slips
    )
    if not verdict:
        return verdict
    agree = np.allclose(want, by_keras, atol=1e-5)
    return Feedback(
        True,
        "윈도우를 하나씩 옮기며 계산한 출력이 `utils.ops.conv2d`와 같고, "
        + ("케라스의 `keras.ops.conv`와도 1e-5 안에서 같습니다." if agree else "케라스와는 다릅니다."),
    )


#: Exercise 1's choices: the two models of 5.1, by the names the shift experiment prints.
SHIFT_MODELS = ("컨브넷", "완전 연결 네트워크")
SHIFT_PIXELS = 3


def check_shift_guess(answer: Any) -> Prediction:
    """Exercise 1 (before the shift experiment): which model loses more accuracy on digits moved 3 pixels."""
    return check_choice(answer, SHIFT_MODELS, then="아래 셀에서 테스트 숫자를 옮겨 가며 두 모델을 재어 봅니다.")


def compare_shift_guess(answer: Any, shift_acc: dict[str, list[float]], shifts: list[int]) -> Measured:
    """Exercise 1 (after it): the accuracy each model lost between 0 and 3 pixels, and whether the guess held."""
    if not {0, SHIFT_PIXELS} <= set(shifts):
        missing = f"`SHIFTS`에 0과 {SHIFT_PIXELS}이 모두 있어야 떨어진 폭을 잴 수 있습니다 (지금: {shifts})."
        return Measured(None, missing)
    drops = {name: acc[shifts.index(0)] - acc[shifts.index(SHIFT_PIXELS)] for name, acc in shift_acc.items()}
    larger = max(drops, key=drops.__getitem__)
    detail = ", ".join(f"{name} {drop * 100:.1f}%p" for name, drop in drops.items())
    return measured_choice(answer, SHIFT_MODELS, larger, f"{SHIFT_PIXELS}픽셀 옮기자 떨어진 정확도: {detail}.")
