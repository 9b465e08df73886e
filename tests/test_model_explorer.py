"""The model explorer (issue 32; 5.1 and 5.1.1), driven in headless Chromium and checked against Keras.

``_static/explorer/model-explorer.mjs`` shows the trained 5.1 model in the reader's browser, computed by
``model-forward.mjs`` from the committed float16 weights. Here the reader's ways in are used (the digit menu,
the shift keys, the mouse drawing a stroke, the unit controls, pointing at a map), and what the explorer shows
(``explorerState``) is compared with Keras: ``utils.models.build_convnet()`` given the committed weights exactly
as the page reads them (``scripts.export_model_weights.model_with``), on the input the page fed its model.

Tolerance: the page computes in float64, Keras in float32, from the same float16 weights (exact in both), so
the two differ by Keras's float32 rounding only: sums of at most 576 products, a relative error near 1e-7 a term.
Each map is compared as ``|page - keras| <= 1e-5 * max(1, |keras|)`` (absolute below 1, relative above: float32
keeps about 7 significant digits; the deepest maps reach about 5 on MNIST digits), the probabilities absolutely
within 1e-5, and the predicted digit exactly. With the committed weights the largest difference is about 2e-6
(the third convolution's map), 1e-7 for a probability. ``test_a_wrong_layout_is_caught`` shows the same
comparison fails for a model wrong in the ways a port goes wrong (kernels transposed, Flatten in channel-first
order, a pooling stride of 1).

Also: the receptive field shown for a unit is ``utils.receptive_fields.unit_window``'s, the drawn digit is
prepared as MNIST's (fitted into 20×20, centred by its centre of mass) and the shift comes after, a stroke drawn
with the mouse over a test digit's ink is recognised as that digit, the prediction is announced when a stroke
ends (not while it is drawn), every control has a Korean label and is reached with Tab, one column and no
horizontal scrolling at phone width, no serious axe violation in light or dark mode, nothing fetched from
outside. Run alone: ``.venv/bin/python -m pytest -p no:xdist -o addopts="" tests/test_model_explorer.py -q``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import numpy as np
import pytest
from browser_helpers import chromium_context, keep_offline, serious_axe_violations
from site_helpers import REPO, book_root

from scripts.export_model_weights import OUTPUT as WEIGHTS
from scripts.export_model_weights import model_with
from utils.receptive_fields import spatial_steps, unit_window
from utils.transforms import shift_images

pytestmark = pytest.mark.slow

DATA = json.loads((REPO / "_static" / "explorer" / "explorer-data.json").read_text(encoding="utf-8"))
PAGES = {
    "5_1_intro_convnets": "chapters/5_1_intro_convnets.html",
    "5_1_1_convolution": "chapters/5_1_1_convolution.html",
}
MAIN = PAGES["5_1_intro_convnets"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PHONE = {"width": 375, "height": 800}
TOLERANCE = 1e-5
#: (dx, dy) applied to every shipped digit: none, each direction's limit, and mixed ones.
SHIFTS = [(0, 0), (3, 0), (-3, 2), (1, -3), (0, 3)]
#: The explorer's state as JSON text, its maps' typed arrays as lists (far quicker than Playwright's serializer).
STATE_JS = "e => JSON.stringify(e.explorerState, (k, v) => (v instanceof Float64Array ? Array.from(v) : v))"
#: The page's own forward pass (the module instance the explorer imported), run on inputs the test chooses.
FORWARD_JS = """
async ({url, inputs}) => {
  const m = await import(url);
  const model = await m.loadModel();
  return inputs.map(x => {
    const r = m.forward(model, x);
    return {probabilities: r.probabilities, maps: r.maps.map(k => ({shape: k.shape, data: Array.from(k.data)}))};
  });
}
"""


# ------------------------------------------------------------------------------------------- Keras


@pytest.fixture(scope="module")
def weights() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keras_model(weights):
    return model_with(weights)


def keras_outputs(model, inputs: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Every convolution and pooling layer's output and the probabilities, for a batch of 28×28 inputs."""
    import keras

    x = np.asarray(inputs, dtype=np.float32).reshape(-1, 28, 28, 1)
    maps = []
    for layer in model.layers:
        x = layer(x)
        if len(x.shape) == 4:
            maps.append(keras.ops.convert_to_numpy(x))
    return maps, keras.ops.convert_to_numpy(x)


def disagreements(where: str, page: dict, maps: list[np.ndarray], probabilities: np.ndarray) -> list[str]:
    """What differs between one page result (``maps`` with shape and data, ``probabilities``) and Keras's."""
    problems = []
    if len(page["maps"]) != len(maps):
        return [f"{where}: {len(page['maps'])} maps, Keras has {len(maps)}"]
    for k, (shown, expected) in enumerate(zip(page["maps"], maps, strict=True)):
        if tuple(shown["shape"]) != expected.shape:
            problems.append(f"{where}, map {k + 1}: shape {shown['shape']}, Keras {expected.shape}")
            continue
        values = np.asarray(shown["data"]).reshape(expected.shape)
        excess = np.abs(values - expected) / np.maximum(1, np.abs(expected))
        if excess.max() > TOLERANCE:
            problems.append(f"{where}, map {k + 1}: differs from Keras by {excess.max():.2g} (scaled)")
    found = np.asarray(page["probabilities"])
    if found.shape != probabilities.shape or np.abs(found - probabilities).max() > TOLERANCE:
        problems.append(f"{where}: probabilities {np.round(found, 5)} != Keras {np.round(probabilities, 5)}")
    elif found.argmax() != probabilities.argmax():
        problems.append(f"{where}: predicts {found.argmax()}, Keras {probabilities.argmax()}")
    return problems


def check_states(model, states: list[dict]) -> list[str]:
    """The explorer states against Keras on the inputs the page fed its model."""
    maps, probabilities = keras_outputs(model, [s["input"] for s in states])
    problems = []
    for n, state in enumerate(states):
        where = f"digit {state['digit']} ({state['source']}), shift {state['shift']}"
        problems += disagreements(where, state, [m[n] for m in maps], probabilities[n])
    return problems


# ------------------------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def context(site_url) -> Iterator[object]:
    with chromium_context() as browser:
        yield browser


class ModelExplorer:
    """The model explorer on one page, its errors and what it fetched from outside."""

    def __init__(self, context, site_url: str, rel: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.external: list[str] = []
        keep_offline(self.page, urlsplit(site_url).netloc, self.external)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console.error: {m.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status} {r.url}"))
        self.page.goto(f"{site_url}/{rel}", wait_until="load")
        self.page.wait_for_function(
            "() => document.querySelector('.cnn-explorer-mount[data-explorer=\"model\"]')?.dataset.mounted",
            timeout=60_000,
        )
        self.root = self.page.locator(".cnn-explorer--model")

    def control(self, label: str):
        return self.root.get_by_label(label, exact=True)

    def state(self) -> dict:
        return json.loads(self.root.evaluate(STATE_JS))

    def press(self, button: str) -> None:
        """A button, from the keyboard (a click could land on the page's sticky header)."""
        self.root.get_by_role("button", name=button, exact=True).press("Enter")

    def text(self, selector: str) -> str:
        return self.root.locator(selector).first.inner_text()

    def pick(self, index: int) -> None:
        self.control("테스트 숫자").select_option(str(index))

    def shift_to(self, dx: int, dy: int) -> None:
        """From wherever it is, with the arrow keys on the drawing pad."""
        self.press("제자리로")
        self.pad.focus()
        for _ in range(abs(dx)):
            self.page.keyboard.press("ArrowRight" if dx > 0 else "ArrowLeft")
        for _ in range(abs(dy)):
            self.page.keyboard.press("ArrowDown" if dy > 0 else "ArrowUp")

    @property
    def pad(self):
        return self.root.locator("canvas.model-explorer__pad")

    def draw(self, pixels: np.ndarray) -> None:
        """Trace the ink of a 28×28 digit (values above half) with the mouse, one stroke per run of ink in a row."""
        self.page.bring_to_front()  # a page behind another gets its input (and frames) slowly
        box = self.pad.bounding_box()

        def at(row: float, col: float) -> tuple[float, float]:
            return box["x"] + (col + 0.5) * box["width"] / 28, box["y"] + (row + 0.5) * box["height"] / 28

        for r, row in enumerate(np.asarray(pixels) > 127):
            inked = np.flatnonzero(row)
            for run in np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1) if inked.size else []:
                self.page.mouse.move(*at(r, run[0]))
                self.page.mouse.down()
                self.page.mouse.move(*at(r, run[-1]), steps=2)
                self.page.mouse.up()


@pytest.fixture(scope="module")
def explorers(context, site_url) -> dict[str, ModelExplorer]:
    return {stem: ModelExplorer(context, site_url, rel) for stem, rel in PAGES.items()}


@pytest.fixture(scope="module")
def explorer(explorers) -> ModelExplorer:
    return explorers["5_1_intro_convnets"]


@pytest.fixture(scope="module")
def digit_states(explorer) -> list[dict]:
    """Every shipped digit at every shift in :data:`SHIFTS`, as the page showed it."""
    states = []
    for digit in DATA["digits"]:
        explorer.pick(digit["index"])
        for dx, dy in SHIFTS:
            explorer.shift_to(dx, dy)
            states.append(explorer.state())
    explorer.shift_to(0, 0)
    return states


def test_each_page_has_one_model_explorer(explorers) -> None:
    for stem, explorer in explorers.items():
        assert explorer.root.count() == 1, f"{PAGES[stem]}: {explorer.root.count()} model explorers"


def test_the_explorer_starts_where_the_cell_asks(explorers) -> None:
    """The cell metadata's ``initial`` (the layer to look at, the digit) is where each page's explorer opens."""
    for stem, explorer in explorers.items():
        nb = json.loads((book_root() / "chapters" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        (spec,) = [
            c["metadata"]["explorer"] for c in nb["cells"] if c["metadata"].get("explorer", {}).get("kind") == "model"
        ]
        initial = spec.get("initial", {})
        state = explorer.state()
        assert state["unit"]["layer"] == initial.get("layer", 0), stem
        assert state["digit"] == initial.get("digit", DATA["digits"][0]["index"]), stem


def test_shipped_digits_and_their_shifts_match_keras(digit_states, keras_model) -> None:
    problems = []
    for state in digit_states:
        (digit,) = [d for d in DATA["digits"] if d["index"] == state["digit"]]
        expected = shift_images(np.asarray(digit["pixels"])[None] / 255, *state["shift"])[0]
        if state["source"] != "digit" or not np.array_equal(state["input"], expected):
            problems.append(f"digit {digit['index']}, shift {state['shift']}: the input is not the digit shifted")
    problems += check_states(keras_model, digit_states)
    assert len(digit_states) == len(DATA["digits"]) * len(SHIFTS)
    assert not problems, "\n".join(problems)


def test_random_inputs_match_keras(explorer, keras_model, site_url) -> None:
    """The page's forward pass on inputs no digit looks like: uniform noise, sparse ink, all ones."""
    rng = np.random.default_rng(32)
    inputs = [rng.random(784), (rng.random(784) < 0.15) * rng.random(784), np.ones(784)]
    url = f"{site_url}/_static/explorer/model-forward.mjs"
    results = explorer.page.evaluate(FORWARD_JS, {"url": url, "inputs": [x.tolist() for x in inputs]})
    maps, probabilities = keras_outputs(keras_model, np.stack(inputs))
    problems = []
    for n, result in enumerate(results):
        problems += disagreements(f"random input {n}", result, [m[n] for m in maps], probabilities[n])
    assert not problems, "\n".join(problems)


def wrong_models(model) -> dict[str, tuple]:
    """Keras models wrong the way a port goes wrong; each with the number of maps it has."""
    import keras

    kernels = model.get_weights()
    transposed = [w.transpose(1, 0, 2, 3) if w.ndim == 4 else w for w in kernels]
    flatten_cf = list(kernels)  # Dense(64)'s rows read the (3, 3, 64) map channel-first
    flatten_cf[-4] = kernels[-4].reshape(3, 3, 64, -1).transpose(2, 0, 1, 3).reshape(576, -1)
    variants = {}
    for name, values in (("kernels transposed", transposed), ("Flatten channel-first", flatten_cf)):
        wrong = keras.models.clone_model(model)
        wrong.set_weights(values)
        variants[name] = wrong
    stride_1 = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu")])
    stride_1.add(keras.layers.MaxPooling2D(2, strides=1))
    stride_1.layers[0].set_weights(kernels[:2])
    variants["pooling stride 1"] = stride_1
    return variants


def test_a_wrong_layout_is_caught(digit_states, keras_model) -> None:
    """The comparison above would fail if the page had one of these mistakes: it is not vacuous."""
    states = digit_states[:: len(SHIFTS)]  # each digit, unshifted
    for name, wrong in wrong_models(keras_model).items():
        maps, probabilities = keras_outputs(wrong, [s["input"] for s in states])
        found = []
        for n, state in enumerate(states):
            page = {**state, "maps": state["maps"][: len(maps)]}
            expected = probabilities[n] if len(maps) == 5 else np.asarray(state["probabilities"])
            found += disagreements(name, page, [m[n] for m in maps], expected)
        assert found, f"a model with {name} passes the comparison"


def test_a_stroke_drawn_with_the_mouse_is_recognised(explorer, keras_model) -> None:
    """Tracing a test digit's ink: the page prepares it as MNIST's and recognises it; the shift applies after."""
    digit = next(d for d in DATA["digits"] if d["label"] == 3)
    explorer.press("지우기")
    explorer.shift_to(0, 0)
    before = explorer.text(".cnn-explorer__live")
    explorer.draw(digit["pixels"])
    state = explorer.state()
    assert state["source"] == "drawing" and state["digit"] is None
    prepared = np.asarray(state["prepared"])
    rows, cols = np.nonzero(prepared)
    assert max(np.ptp(rows), np.ptp(cols)) + 1 in (20, 21), "the ink is fitted into 20×20 (a pixel more at its edges)"
    centres = np.arange(28) + 0.5  # pixel k spans [k, k + 1): the field's centre is 14
    centre = [(prepared.sum(axis=1) * centres).sum(), (prepared.sum(axis=0) * centres).sum()]
    np.testing.assert_allclose(np.divide(centre, prepared.sum()), [14, 14], atol=0.05, err_msg="centre of mass")
    assert state["predicted"] == digit["label"], f"the traced {digit['label']} was read as {state['predicted']}"
    assert f"예측: {digit['label']}" in explorer.text(".cnn-explorer__live") != before
    assert not check_states(keras_model, [state])
    explorer.shift_to(-2, 3)  # after the preparation: the prepared digit moves, nothing is re-centred
    shifted = explorer.state()
    np.testing.assert_array_equal(shifted["prepared"], prepared)
    np.testing.assert_array_equal(shifted["input"], shift_images(prepared[None], -2, 3)[0])
    assert not check_states(keras_model, [shifted])


def test_the_prediction_is_announced_when_a_stroke_ends(explorer) -> None:
    explorer.press("지우기")
    live = explorer.root.locator(".cnn-explorer__live")
    assert live.inner_text().startswith("숫자를 지웠습니다")
    assert live.get_attribute("aria-live") == "polite"
    explorer.page.bring_to_front()
    explorer.pad.scroll_into_view_if_needed()
    box = explorer.pad.bounding_box()
    explorer.page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.2 * box["height"])
    explorer.page.mouse.down()
    announced = live.inner_text()
    shown = []
    for k in range(1, 6):  # an L: along, then down
        x, y = (0.3 + 0.08 * min(k, 3), 0.2 + 0.15 * max(0, k - 3))
        explorer.page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
        shown.append(explorer.text(".model-explorer__probabilities"))
        assert live.inner_text() == announced, "announced while drawing"
    assert len(set(shown)) > 1, "the probabilities shown do not follow the stroke"
    explorer.page.mouse.up()
    assert live.inner_text() != announced and live.inner_text().startswith("예측:")
    assert explorer.state()["source"] == "drawing"


def test_the_shift_is_at_most_three_pixels(explorer) -> None:
    explorer.pick(DATA["digits"][1]["index"])
    explorer.shift_to(0, 0)
    explorer.pad.focus()
    for _ in range(5):
        explorer.page.keyboard.press("ArrowLeft")
        explorer.page.keyboard.press("ArrowUp")
    assert explorer.state()["shift"] == [-3, -3]
    assert "왼쪽으로 3, 위로 3픽셀" in explorer.text(".cnn-explorer__live")
    explorer.press("오른쪽으로 1픽셀 옮기기")
    assert explorer.state()["shift"] == [-2, -3]
    explorer.shift_to(0, 0)


def test_each_unit_shows_the_window_utils_computes(explorer) -> None:
    """Chosen with the keyboard controls: every layer, corner and middle units, against ``unit_window``."""
    from utils.models import build_convnet

    steps = spatial_steps(build_convnet())
    explorer.pick(DATA["digits"][0]["index"])
    assert explorer.state()["steps"] == [{"window": w, "stride": s} for w, s in steps]
    problems = []
    for layer, (_, shape) in enumerate(zip(steps, [m["shape"] for m in explorer.state()["maps"]], strict=True)):
        explorer.control("층").select_option(str(layer))
        side, channels = shape[0], shape[2]
        for row, col, channel in ((0, 0, 0), (side - 1, side - 1, channels - 1), (side // 2, 1, channels // 2)):
            for label, value in (("채널", channel), ("행", row), ("열", col)):
                explorer.control(label).fill(str(value))
            state = explorer.state()
            top, left, size = unit_window(steps[: layer + 1], row, col)
            expected = {"layer": layer, "channel": channel, "row": row, "col": col}
            if {k: state["unit"][k] for k in expected} != expected:
                problems.append(f"controls set {expected}, the explorer shows {state['unit']}")
            if state["unit"]["window"] != {"top": top, "left": left, "size": size}:
                problems.append(f"{expected}: window {state['unit']['window']}, utils {(top, left, size)}")
            values = np.asarray(state["maps"][layer]["data"]).reshape(shape)
            if state["unit"]["value"] != values[row, col, channel]:
                problems.append(f"{expected}: value {state['unit']['value']} is not the map's")
            if f"{size}×{size}" not in explorer.text(".cnn-explorer__live"):
                problems.append(f"{expected}: the spoken description lacks the window {size}×{size}")
    assert not problems, "\n".join(problems)


def test_pointing_at_a_map_chooses_that_unit(explorer) -> None:
    """The pointer over a channel's tile of any layer chooses that channel and unit, and frames its window."""
    maps = explorer.state()["maps"]
    explorer.page.bring_to_front()
    canvases = explorer.root.locator("canvas.model-explorer__tiles")
    for layer, shape in enumerate(m["shape"] for m in maps):
        h, w, c = shape
        columns = min(8, c)
        width, height = columns * (w + 1) + 1, -(-c // columns) * (h + 1) + 1
        channel, row, col = c - 1, h // 2, w - 1
        x = 1 + (channel % columns) * (w + 1) + col + 0.5
        y = 1 + (channel // columns) * (h + 1) + row + 0.5
        canvases.nth(layer).scroll_into_view_if_needed()
        box = canvases.nth(layer).bounding_box()
        explorer.page.mouse.move(box["x"] + x / width * box["width"], box["y"] + y / height * box["height"])
        unit = explorer.state()["unit"]
        assert (unit["layer"], unit["channel"], unit["row"], unit["col"]) == (layer, channel, row, col)


def test_the_note_says_how_a_drawing_is_prepared_and_why(explorer) -> None:
    note = explorer.text(".model-explorer__note")
    assert "20×20" in note and "무게중심" in note and "가운데" in note


CONTROLS_JS = """
root => [...root.querySelectorAll('input, select, button, [tabindex="0"]')].map(e => ({
  tag: e.tagName.toLowerCase(), id: e.id || e.getAttribute('aria-label') || e.textContent.trim(),
  name: (e.labels && e.labels.length ? e.labels[0].textContent : e.getAttribute('aria-label') || e.textContent).trim(),
}))
"""
ACTIVE_JS = (
    "() => { const e = document.activeElement; return e.id || e.getAttribute('aria-label') || e.textContent.trim() }"
)


def test_every_control_has_a_korean_label_and_is_reached_by_tab(explorer) -> None:
    controls = explorer.root.evaluate(CONTROLS_JS)
    unlabelled = [c for c in controls if not HANGUL.search(c["name"])]
    assert not unlabelled, f"controls without a Korean label: {unlabelled}"
    explorer.pad.focus()
    reached = set()
    for _ in range(len(controls) + 5):
        reached.add(explorer.page.evaluate(ACTIVE_JS))
        explorer.page.keyboard.press("Tab")
    missing = [c for c in controls if c["id"] not in reached]
    assert not missing, f"not reached with Tab: {missing}"


def test_no_errors_and_nothing_fetched_from_the_network(explorers) -> None:
    problems = [f"{stem}: {line}" for stem, e in explorers.items() for line in e.errors + e.external]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def phone(context, site_url) -> ModelExplorer:
    explorer = ModelExplorer(context, site_url, MAIN)
    explorer.page.set_viewport_size(PHONE)
    explorer.page.wait_for_timeout(200)  # the canvases redraw at their new size
    return explorer


def test_one_column_at_phone_width(phone) -> None:
    widths = phone.root.evaluate(
        "e => [e.scrollWidth, e.clientWidth, document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[3], f"horizontal scrolling at {PHONE['width']} px: {widths}"
    for group in (".model-explorer__top", ".model-explorer__maps", ".model-explorer__unit"):
        lefts = phone.root.locator(f"{group} > *").evaluate_all(
            "es => es.map(e => Math.round(e.getBoundingClientRect().left))"
        )
        assert len(set(lefts)) == 1, f"{group}: more than one column at {PHONE['width']} px ({lefts})"
    box = phone.pad.bounding_box()
    assert box and box["width"] >= 250, f"the drawing pad is too small to draw on at phone width: {box}"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_axe_finds_no_serious_violation(explorer, phone, width, dark) -> None:
    page = (phone if width == "phone" else explorer).page
    serious = serious_axe_violations(page, ".cnn-explorer--model", dark=dark)
    assert not serious, f"model explorer, {width}, {'dark' if dark else 'light'} mode:\n" + "\n".join(serious)
