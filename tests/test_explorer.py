"""The site's in-page explorers (issue 18), driven in headless Chromium and checked against ``utils``.

``_static/explorer/cnn-explorer.mjs`` computes in the reader's browser what ``utils.ops`` and
``utils.receptive_fields`` compute in Python. Here each explorer's controls are set the way a reader
sets them (by their Korean labels: ``select_option``, ``fill``, the keyboard) over a grid of settings,
and what the explorer shows (its ``explorerState``, its formula text, its screen-reader summary) is
compared with the Python reference to float tolerance:

- convolution (5.1.1) and pooling (5.1.2): every input size class, both paddings, strides 1-3, each of
  the course's edge kernels and kernels typed in, pooling windows 2 and 3 with every pooling stride,
  against ``conv2d``, ``conv_output_size``, ``window_layout`` and ``max_pool2d``;
- receptive field (5.1.2): every window and stride of every layer of the 5.1 stack, and random stacks,
  against ``receptive_field`` and ``unit_window``.

Also: the controls are reachable by Tab and work with arrow keys, the spoken summary follows the
output, no horizontal scrolling and no serious or critical axe violation at phone width (375 px), in
light and dark mode, and the page fetches nothing from the network. test_browser.py audits the whole
pages at desktop width. Run alone: ``.venv/bin/python -m pytest tests/test_explorer.py -o addopts="" -q``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np
import pytest
from browser_helpers import chromium_context, keep_offline, serious_axe_violations
from site_helpers import REPO

from utils.checks import ParameterError
from utils.ops import conv2d, conv_output_size, max_pool2d, window_layout
from utils.receptive_fields import receptive_field, unit_window

pytestmark = pytest.mark.slow

DATA = json.loads((REPO / "_static" / "explorer" / "explorer-data.json").read_text(encoding="utf-8"))
PAGES = {
    "convolution": "chapters/5_1_1_convolution.html",
    "pooling": "chapters/5_1_2_max_pooling.html",
    "receptive-field": "chapters/5_1_2_max_pooling.html",
}
CUSTOM_KERNEL = "직접 입력"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PHONE = {"width": 375, "height": 800}
#: The 5.1 model's (window, stride) per spatial layer, as the receptive-field explorer starts.
DEFAULT_STACK = [(layer["window"], layer["stride"]) for layer in DATA["model"]]


@dataclass
class Visit:
    """One opened page and what went wrong on it."""

    page: object
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def context(site_url) -> Iterator[object]:
    with chromium_context() as browser:
        yield browser


def open_page(context, site_url: str, rel: str) -> Visit:
    """Open ``rel`` offline and wait until every explorer on it is built."""
    page = context.new_page()
    visit = Visit(page)
    keep_offline(page, urlsplit(site_url).netloc, visit.external)
    page.on("console", lambda m: m.type == "error" and visit.errors.append(f"console.error: {m.text}"))
    page.on("pageerror", lambda error: visit.errors.append(f"page error: {error}"))
    page.on("response", lambda r: r.status >= 400 and visit.errors.append(f"HTTP {r.status} {r.url}"))
    page.goto(f"{site_url}/{rel}", wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cnn-explorer-mount')].every(m => m.dataset.mounted)"
        " && document.querySelector('.cnn-explorer-mount') !== null",
        timeout=30_000,
    )
    return visit


@pytest.fixture(scope="module")
def visits(context, site_url) -> dict[str, Visit]:
    return {rel: open_page(context, site_url, rel) for rel in sorted(set(PAGES.values()))}


class Explorer:
    """One explorer on a page, driven through its labelled controls."""

    def __init__(self, visit: Visit, kind: str) -> None:
        self.page = visit.page
        self.root = self.page.locator(f".cnn-explorer--{kind}")
        assert self.root.count() == 1, f"{PAGES[kind]} should have one {kind} explorer, has {self.root.count()}"
        self.chosen: dict[str, str] = {}  # menus as last set here: an unchanged one is not set again

    def control(self, label: str):
        return self.root.get_by_label(label, exact=True)

    def choose(self, label: str, value: object) -> None:
        if self.chosen.get(label) != str(value):
            self.control(label).select_option(str(value))
            self.chosen[label] = str(value)

    def slide(self, label: str, value: int) -> None:
        self.control(label).fill(str(value))

    def state(self) -> dict:
        return self.root.evaluate("e => e.explorerState")

    def text(self, selector: str) -> str:
        return self.root.locator(selector).first.inner_text()


@pytest.fixture(scope="module")
def convolution(visits) -> Explorer:
    return Explorer(visits[PAGES["convolution"]], "convolution")


@pytest.fixture(scope="module")
def pooling(visits) -> Explorer:
    return Explorer(visits[PAGES["pooling"]], "pooling")


@pytest.fixture(scope="module")
def receptive(visits) -> Explorer:
    return Explorer(visits[PAGES["receptive-field"]], "receptive-field")


def crop(digit: int, size: int) -> np.ndarray:
    pixels = np.asarray(DATA["digits"][digit]["pixels"], dtype=np.float64) / 255
    top = (28 - size) // 2
    return pixels[top : top + size, top : top + size]


def reference_conv(image: np.ndarray, kernel: list[list[float]], stride: int, padding: str) -> np.ndarray:
    return conv2d(image[None, :, :, None], np.asarray(kernel)[:, :, None, None], strides=stride, padding=padding)[
        0, :, :, 0
    ]


def set_convolution(explorer: Explorer, digit: int, size: int, padding: str, stride: int, kernel: int | list) -> None:
    explorer.choose("숫자", digit)
    explorer.slide("입력 크기", size)
    explorer.choose("패딩 (padding)", padding)
    explorer.slide("스트라이드", stride)
    if isinstance(kernel, int):
        explorer.choose("커널", kernel)
    else:  # typed into the 3x3 grid, which switches the kernel menu to "직접 입력"
        explorer.chosen.pop("커널", None)
        for (a, b), value in np.ndenumerate(np.asarray(kernel)):
            explorer.control(f"커널 {a + 1}행 {b + 1}열").fill(str(value))


def check_convolution(explorer: Explorer, digit: int, size: int, padding: str, stride: int, kernel) -> list[str]:
    """What the explorer shows against utils.ops; one line per disagreement."""
    where = f"digit {digit}, input {size}, {padding}, stride {stride}, kernel {kernel}"
    state = explorer.state()
    values = DATA["kernels"][kernel]["values"] if isinstance(kernel, int) else kernel
    image = crop(digit, size)
    expected = reference_conv(image, values, stride, padding)
    out, (_, before, after) = conv_output_size(size, 3, stride, padding), window_layout(size, 3, stride, padding)
    problems = []
    if not np.allclose(state["input"], image, atol=1e-12):
        problems.append(f"{where}: the input is not the centre {size}x{size} of the digit")
    if not np.allclose(state["kernel"], values):
        problems.append(f"{where}: kernel {state['kernel']} != {values}")
    if (state["outputSize"], state["padBefore"], state["padAfter"]) != (out, before, after):
        problems.append(
            f"{where}: size {state['outputSize']}, padding {state['padBefore']}/{state['padAfter']};"
            f" utils.ops says {out}, {before}/{after}"
        )
    elif not np.allclose(state["output"], expected, rtol=1e-9, atol=1e-9):
        problems.append(f"{where}: output differs from utils.ops.conv2d by {np.abs(state['output'] - expected).max()}")
    formula = explorer.text(".cnn-explorer__formula")
    if not formula.endswith(f"= {out}") or f"{size}" not in formula or f"{stride}" not in formula:
        problems.append(f"{where}: the size formula {formula!r} does not show n={size}, s={stride} and {out}")
    if f"출력 {out}×{out}" not in explorer.text(".cnn-explorer__live"):
        problems.append(f"{where}: the screen-reader summary does not give the output size {out}x{out}")
    return problems


def test_convolution_matches_utils_ops(convolution) -> None:
    """Every input size class, padding and stride, each edge kernel in turn, two digits."""
    problems = []
    kernels = itertools.cycle(range(len(DATA["kernels"])))
    for size, padding, stride in itertools.product((5, 6, 7, 12, 28), ("valid", "same"), (1, 2, 3)):
        digit, kernel = size % 2, next(kernels)
        set_convolution(convolution, digit, size, padding, stride, kernel)
        problems += check_convolution(convolution, digit, size, padding, stride, kernel)
    assert not problems, "\n".join(problems)


def test_typed_kernels_match_utils_ops(convolution) -> None:
    rng = np.random.default_rng(18)
    problems = []
    for size, padding, stride in ((28, "valid", 1), (9, "same", 2), (13, "valid", 3)):
        kernel = (rng.integers(-18, 19, (3, 3)) / 2).tolist()  # the grid's 0.5 steps
        set_convolution(convolution, 2, size, padding, stride, kernel)
        problems += check_convolution(convolution, 2, size, padding, stride, kernel)
        menu = convolution.control("커널").evaluate("e => e.options[e.selectedIndex].text")
        if menu != CUSTOM_KERNEL:
            problems.append(f"typing kernel values left the kernel menu at {menu!r}, not {CUSTOM_KERNEL!r}")
    assert not problems, "\n".join(problems)


def test_a_kernel_cell_that_is_not_a_number_gets_a_message(convolution) -> None:
    set_convolution(convolution, 0, 28, "valid", 1, 0)
    convolution.control("커널 2행 2열").fill("")
    convolution.chosen.pop("커널", None)
    try:
        assert convolution.state() == {"error": "kernel"}
        assert "숫자만" in convolution.text(".cnn-explorer__message")
    finally:
        convolution.choose("커널", 0)
    assert convolution.state()["outputSize"] == 26 and not convolution.text(".cnn-explorer__message")


def test_window_position_picks_the_output_unit(convolution) -> None:
    """The position slider walks the output map row by row; the value shown is that unit's."""
    set_convolution(convolution, 0, 12, "same", 2, 1)
    out = conv_output_size(12, 3, 2, "same")
    expected = reference_conv(crop(0, 12), DATA["kernels"][1]["values"], 2, "same")
    for position in (0, 1, out, out * out - 1):
        convolution.slide("윈도우 위치", position)
        state = convolution.state()
        i, j = divmod(position, out)
        assert state["position"] == [i, j]
        assert f"{expected[i, j]:.2f}".replace("-", "−") in convolution.text(".cnn-explorer__live")
    convolution.slide("입력 크기", 5)  # a smaller map clamps the position into it
    assert convolution.state()["position"] == [2, 2]


def test_pooling_matches_utils_ops(pooling) -> None:
    """Pooling windows 2 and 3 with every pooling stride, after several convolutions; none when it does not fit."""
    problems = []
    settings = [(28, "valid", 1), (11, "same", 2), (7, "valid", 2), (5, "valid", 3)]
    for (size, padding, stride), pool, pool_stride in itertools.product(settings, (2, 3), ("", 1, 2, 3)):
        set_convolution(pooling, 0, size, padding, stride, 0)
        pooling.choose("풀링 윈도우", pool)
        pooling.choose("풀링 스트라이드", pool_stride)
        problems += check_convolution(pooling, 0, size, padding, stride, 0)
        state = pooling.state()
        features = reference_conv(crop(0, size), DATA["kernels"][0]["values"], stride, padding)
        where = f"input {size} {padding} stride {stride}, pool {pool} stride {pool_stride or pool}"
        try:
            expected = max_pool2d(features[None, :, :, None], pool, pool_stride or None)[0, :, :, 0]
        except ParameterError:  # the pooling window is larger than the feature map
            if state["pooled"] is not None or state["pooledSize"] != 0:
                problems.append(f"{where}: utils.ops has no output, the explorer shows {state['pooledSize']}")
            continue
        if state["pooledSize"] != len(expected) or not np.allclose(state["pooled"], expected):
            problems.append(f"{where}: pooled {state['pooledSize']} differs from utils.ops.max_pool2d {len(expected)}")
        if not pooling.root.locator(".cnn-explorer__formula").last.inner_text().endswith(f"= {len(expected)}"):
            problems.append(f"{where}: the pooling formula does not end with its size {len(expected)}")
    assert not problems, "\n".join(problems)


def layer_names() -> list[str]:
    return [f"{k + 1}층 {layer['layer']}" for k, layer in enumerate(DATA["model"])]


def set_stack(explorer: Explorer, steps: list[tuple[int, int]]) -> None:
    for name, (window, stride) in zip(layer_names(), steps, strict=True):
        explorer.choose(f"{name} 윈도우 크기", window)
        explorer.choose(f"{name} 스트라이드", stride)


def check_stack(explorer: Explorer, steps: list[tuple[int, int]]) -> list[str]:
    """Per layer: output side, receptive field and jump against utils; the last layer's window on the input."""
    state = explorer.state()
    problems, side, jump = [], 28, 1
    for k, (window, stride) in enumerate(steps):
        try:
            side = conv_output_size(side, window, stride)
        except ParameterError:
            if state["failed"] != k:
                problems.append(
                    f"{steps}: utils.ops has no output from layer {k + 1}, the explorer says {state['failed']}"
                )
            return problems
        jump *= stride
        shown = state["layers"][k] if k < len(state["layers"]) else None
        expected = {"out": side, "size": receptive_field(steps[: k + 1]), "jump": jump}
        if shown != expected:
            problems.append(f"{steps}, layer {k + 1}: explorer {shown}, utils {expected}")
    if state["failed"] is not None:
        problems.append(f"{steps}: the explorer stops at layer {state['failed'] + 1}, utils does not")
    return problems


def test_receptive_fields_match_utils(receptive) -> None:
    """Each layer's every window and stride with the others as in 5.1, then random stacks."""
    stacks = [DEFAULT_STACK]
    for k, window, stride in itertools.product(range(len(DEFAULT_STACK)), range(1, 6), range(1, 4)):
        stacks.append([*DEFAULT_STACK[:k], (window, stride), *DEFAULT_STACK[k + 1 :]])
    rng = np.random.default_rng(5)
    stacks += [[(int(w), int(s)) for w, s in rng.integers((1, 1), (6, 4), (len(DEFAULT_STACK), 2))] for _ in range(12)]
    problems = []
    for steps in stacks:
        set_stack(receptive, steps)
        problems += check_stack(receptive, steps)
    set_stack(receptive, DEFAULT_STACK)
    assert not problems, "\n".join(problems[:40])


def test_unit_window_matches_utils(receptive) -> None:
    """The window drawn on the digit for a chosen unit, and the formula's numbers."""
    set_stack(receptive, DEFAULT_STACK)
    problems = []
    for layer, (row, col) in itertools.product(range(len(DEFAULT_STACK)), ((0, 0), (1, 2), (2, 1))):
        receptive.choose("층", layer)
        side = receptive.state()["layers"][layer]["out"]
        row, col = min(row, side - 1), min(col, side - 1)
        receptive.slide("행", row)
        receptive.slide("열", col)
        top, left, size = unit_window(DEFAULT_STACK[: layer + 1], row, col)
        state = receptive.state()
        if state["window"] != {"top": top, "left": left, "size": size}:
            problems.append(f"layer {layer + 1} unit ({row}, {col}): {state['window']} != {(top, left, size)}")
        formula = receptive.text(".cnn-explorer__formula")
        if not formula.split(",")[0].endswith(f"= {size}"):
            problems.append(f"layer {layer + 1}: the formula {formula!r} does not end with {size}")
        if f"{size}×{size}" not in receptive.text(".cnn-explorer__live"):
            problems.append(f"layer {layer + 1}: the screen-reader summary lacks {size}x{size}")
    assert not problems, "\n".join(problems)


def test_a_stack_without_output_gets_a_message(receptive) -> None:
    set_stack(receptive, [(5, 3), (5, 3), *DEFAULT_STACK[2:]])  # 28 -> 8 -> 2, then a 3x3 window does not fit
    receptive.choose("층", len(DEFAULT_STACK) - 1)
    try:
        assert receptive.state()["failed"] == 2 and receptive.state()["window"] is None
        assert "출력이 없습니다" in receptive.text(".cnn-explorer__message")
    finally:
        set_stack(receptive, DEFAULT_STACK)
    assert receptive.state()["failed"] is None and not receptive.text(".cnn-explorer__message")


CONTROLS_JS = """
root => [...root.querySelectorAll('input, select')].map(e => ({
  tag: e.tagName.toLowerCase(), id: e.id,
  name: (e.labels && e.labels.length ? e.labels[0].textContent : e.getAttribute('aria-label') || '').trim(),
}))
"""


@pytest.mark.parametrize("kind", PAGES)
def test_every_control_has_a_korean_label_and_is_reached_by_tab(visits, kind) -> None:
    explorer = Explorer(visits[PAGES[kind]], kind)
    controls = explorer.root.evaluate(CONTROLS_JS)
    unlabelled = [c for c in controls if not HANGUL.search(c["name"])]
    assert not unlabelled, f"controls without a Korean label: {unlabelled}"
    page = explorer.page
    explorer.root.locator("select").first.focus()
    reached = set()
    for _ in range(len(controls) + 5):
        reached.add(page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    missing = [c for c in controls if c["id"] not in reached]
    assert not missing, f"not reached with Tab: {missing}"


def test_arrow_keys_move_a_slider_and_the_summary_follows(convolution) -> None:
    set_convolution(convolution, 0, 28, "valid", 1, 0)
    before = convolution.text(".cnn-explorer__live")
    convolution.control("스트라이드").focus()
    convolution.page.keyboard.press("ArrowRight")
    assert convolution.state()["stride"] == 2 and convolution.state()["outputSize"] == 13
    assert convolution.text(".cnn-explorer__live") != before and "출력 13×13" in convolution.text(".cnn-explorer__live")
    assert convolution.root.locator(".cnn-explorer__live").get_attribute("aria-live") == "polite"


def test_the_static_widget_picture_is_replaced_only_where_asked(visits) -> None:
    """5.1.1's stored widget figure is hidden under the explorer (kept for readers without JavaScript)."""
    replaced = visits[PAGES["convolution"]].page.locator(".cell.cnn-explorer-ready")
    assert replaced.count() == 1
    assert replaced.locator(".cell_output").count() == 1 and not replaced.locator(".cell_output").is_visible()
    kept = visits[PAGES["pooling"]].page.locator(".cell:has(.cnn-explorer-mount) .cell_output")
    assert kept.count() == 2 and all(kept.nth(k).is_visible() for k in range(2))


def test_no_errors_and_nothing_fetched_from_the_network(visits) -> None:
    problems = [f"{rel}: {line}" for rel, v in visits.items() for line in v.errors + v.external]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def phone(context, site_url) -> dict[str, Visit]:
    visits = {}
    for rel in sorted(set(PAGES.values())):
        visit = open_page(context, site_url, rel)
        visit.page.set_viewport_size(PHONE)
        visit.page.wait_for_timeout(200)  # the canvases redraw at their new size
        visits[rel] = visit
    return visits


@pytest.mark.parametrize("kind", PAGES)
def test_fits_a_phone_width_page(phone, kind) -> None:
    explorer = Explorer(phone[PAGES[kind]], kind)
    widths = explorer.root.evaluate(
        "e => [e.scrollWidth, e.clientWidth, document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[3], f"horizontal scrolling at {PHONE['width']} px: {widths}"
    box = explorer.root.locator("canvas").first.bounding_box()
    assert box and box["width"] >= 150, f"the input picture is too small to read at phone width: {box}"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_violation_at_phone_width(phone, kind, dark) -> None:
    page = phone[PAGES[kind]].page
    page.evaluate("() => document.querySelectorAll('.cnn-explorer details').forEach(d => { d.open = true; })")
    serious = serious_axe_violations(page, f".cnn-explorer--{kind}", dark=dark)
    assert not serious, f"{kind} explorer, {'dark' if dark else 'light'} mode:\n" + "\n".join(serious)
