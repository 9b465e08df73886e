/**
 * The model explorer (5.1, 5.1.1): the trained 5.1 convnet in the reader's browser, with no kernel and nothing
 * fetched from outside the site. The reader draws a digit (mouse, touch or pen: Pointer Events) or picks one of
 * the shipped MNIST test digits, shifts it by up to 3 pixels, and sees the ten probabilities and every layer's
 * feature maps as small multiples; pointing at a unit of any map (or choosing it with the keyboard) enlarges
 * its channel and shows the window of the input that unit sees (its receptive field, utils.receptive_fields).
 *
 * A drawn digit is prepared as MNIST's digits were: the ink fitted into a 20×20 box, then placed so that its
 * centre of mass is the centre of the 28×28 field. The shift comes after that (centring would undo it).
 *
 * The model's arithmetic (weights, forward pass, preparation, shift) is model-forward.mjs; this module draws and
 * listens. Loaded by cnn-explorer.mjs only on a page that has a model explorer; `element.explorerState` holds what
 * it shows (tests/test_model_explorer.py reads it and compares with Keras).
 */

import {
  POSITIVE, WINDOW, append, attribution, drawGrid, el, field, fmt, ink, range, receptiveFields, select,
} from "./explorer-common.mjs";
import { KIND_NAMES, SIDE, forward, loadModel, prepareDrawing, shiftImage, spatialSteps } from "./model-forward.mjs";

const PAD = 280; // the drawing pad's own pixels: 10 per input pixel
const BRUSH = 24; // stroke width on the pad
const MAX_SHIFT = 3;
const COLUMNS = 8; // small multiples per row
const ORDINALS = ["첫 번째", "두 번째", "세 번째", "네 번째", "다섯 번째"];
// key -> [dx, dy, the words, the button's arrow]
const ARROWS = {
  ArrowLeft: [-1, 0, "왼쪽으로", "←"], ArrowRight: [1, 0, "오른쪽으로", "→"],
  ArrowUp: [0, -1, "위로", "↑"], ArrowDown: [0, 1, "아래로", "↓"],
};

const rows = (flat) => Array.from({ length: SIDE }, (_, r) => Array.from(flat.subarray(r * SIDE, (r + 1) * SIDE)));

// ---------------------------------------------------------------------------------------------------
// Drawing the maps
// ---------------------------------------------------------------------------------------------------

/** Where a map's channels sit as small multiples: `columns` per row, a 1-pixel gap around each tile. */
function tiling([h, w, c]) {
  const columns = Math.min(COLUMNS, c);
  const rowsOfTiles = Math.ceil(c / columns);
  return { h, w, c, columns, width: columns * (w + 1) + 1, height: rowsOfTiles * (h + 1) + 1 };
}

const tileOrigin = (t, channel) => [
  1 + (channel % t.columns) * (t.w + 1),
  1 + Math.floor(channel / t.columns) * (t.h + 1),
];

/** White (0) to vermillion (the layer's largest value), as the other explorers draw positive values. */
function heat(value, limit) {
  const t = limit > 0 ? Math.min(1, value / limit) : 0;
  return POSITIVE.map((c) => Math.round(255 + (c - 255) * t));
}

const heatColour = (value, limit) => `rgb(${heat(value, limit).join(", ")})`;

/** The largest value of a map (at least a tiny positive number, the colour scale's top). */
function largest(values) {
  let top = 1e-9;
  for (const v of values) if (v > top) top = v;
  return top;
}

/** Every channel of one map, one pixel a unit on `scratch`, scaled onto `canvas`; the `chosen` channel (if not -1)
 * framed. */
function drawTiles(canvas, scratch, map, limit, chosen) {
  const t = tiling(map.shape);
  scratch.width = t.width;
  scratch.height = t.height;
  const sctx = scratch.getContext("2d");
  const image = sctx.createImageData(t.width, t.height);
  image.data.fill(200); // the gaps: light grey, opaque
  for (let k = 3; k < image.data.length; k += 4) image.data[k] = 255;
  for (let ch = 0; ch < t.c; ch++) {
    const [x0, y0] = tileOrigin(t, ch);
    for (let i = 0; i < t.h; i++) {
      for (let j = 0; j < t.w; j++) {
        const k = 4 * ((y0 + i) * t.width + x0 + j);
        image.data.set(heat(map.data[(i * t.w + j) * t.c + ch], limit), k);
      }
    }
  }
  sctx.putImageData(image, 0, 0);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(t.width, Math.round((canvas.clientWidth || 2 * t.width) * ratio));
  canvas.height = Math.round((canvas.width * t.height) / t.width);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  if (chosen < 0) return;
  const unit = canvas.width / t.width;
  const [x0, y0] = tileOrigin(t, chosen);
  for (const [style, width] of [["#000", 4], [WINDOW, 2]]) {
    ctx.strokeStyle = style;
    ctx.lineWidth = width * ratio;
    ctx.strokeRect((x0 - 0.5) * unit, (y0 - 0.5) * unit, (t.w + 1) * unit, (t.h + 1) * unit);
  }
}

/** The (channel, row, col) under a pointer on a small-multiples canvas, or null outside every tile. */
function unitAt(canvas, shape, event) {
  const t = tiling(shape);
  const box = canvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / box.width) * t.width - 1;
  const y = ((event.clientY - box.top) / box.height) * t.height - 1;
  const [tx, ty] = [Math.floor(x / (t.w + 1)), Math.floor(y / (t.h + 1))];
  const channel = ty * t.columns + tx;
  if (tx < 0 || ty < 0 || tx >= t.columns || channel >= t.c) return null;
  const col = Math.min(t.w - 1, Math.max(0, Math.floor(x - tx * (t.w + 1))));
  const row = Math.min(t.h - 1, Math.max(0, Math.floor(y - ty * (t.h + 1))));
  return { channel, row, col };
}

// ---------------------------------------------------------------------------------------------------
// The explorer
// ---------------------------------------------------------------------------------------------------

const percent = (p) => `${(100 * p).toFixed(1)}%`;

function layerNames(model) {
  const seen = {};
  return model.layers.filter((layer) => layer.class in KIND_NAMES).map((layer) => {
    seen[layer.class] = (seen[layer.class] ?? 0) + 1;
    return `${ORDINALS[seen[layer.class] - 1]} ${KIND_NAMES[layer.class]}`;
  });
}

function shiftText({ dx, dy }) {
  const parts = [];
  if (dx) parts.push(`${dx > 0 ? "오른쪽" : "왼쪽"}으로 ${Math.abs(dx)}`);
  if (dy) parts.push(`${dy > 0 ? "아래" : "위"}로 ${Math.abs(dy)}`);
  return parts.length ? `${parts.join(", ")}픽셀 옮김` : "옮기지 않음";
}

export async function modelExplorer(root, data, options) {
  let model;
  try {
    model = await loadModel();
  } catch (error) {
    root.append(el("p", { class: "cnn-explorer__message", role: "alert",
      text: "모델의 가중치를 불러오지 못해 탐색기를 열 수 없습니다. 페이지를 새로 고쳐 보세요." }));
    console.error(error);
    return;
  }
  const names = layerNames(model);
  const steps = spatialSteps(model);
  const fields = receptiveFields(steps, SIDE).layers;
  const digits = [...data.digits].sort((a, b) => a.label - b.label || a.index - b.index);
  const initial = { digit: data.digits[0].index, layer: 0, ...options.initial };

  // --- the input column
  const pad = el("canvas", { class: "model-explorer__pad", width: String(PAD), height: String(PAD), tabindex: "0",
    role: "img", "aria-label": "숫자를 그리는 칸. 마우스나 손가락, 펜으로 그립니다. 방향키를 누르면 숫자가 옮겨 갑니다." });
  const padContext = pad.getContext("2d", { willReadFrequently: true });
  const digitMenu = select([["", "직접 그린 숫자"], ...digits.map((d) => [d.index, `${d.label} (테스트 이미지 ${d.index}번)`])],
    "");
  const clear = el("button", { type: "button", text: "지우기" });
  const shiftButtons = Object.entries(ARROWS).map(([key, [, , words, arrow]]) =>
    el("button", { type: "button", "data-key": key, "aria-label": `${words} 1픽셀 옮기기`, text: arrow }));
  const centre = el("button", { type: "button", text: "제자리로" });
  const shiftStatus = el("output", { class: "model-explorer__shift-status" });
  const note = el("p", { class: "model-explorer__note", text: "그린 숫자는 MNIST의 숫자를 만든 방식대로 다듬어 모델에 "
    + "넣습니다. 잉크가 있는 영역을 20×20 상자에 맞게 줄이고, 잉크의 무게중심이 28×28 칸의 한가운데에 오도록 옮깁니다. "
    + "모델은 이렇게 가운데에 놓인 숫자로만 훈련했고, 맨 위의 Dense 층은 위치마다 다른 가중치를 씁니다. 그래서 "
    + "가운데에서 벗어난 숫자는 더 자주 틀립니다. 옮기기 단추로 숫자를 옮겨 확인해 보세요." });
  const inputCanvas = el("canvas", { role: "img", width: "224", height: "224" });
  const inputCaption = el("figcaption");

  // --- the prediction
  const guess = el("p", { class: "model-explorer__guess" });
  const bars = [];
  const table = el("table", { class: "model-explorer__probabilities" },
    el("caption", { text: "숫자마다 모델이 매긴 확률" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "숫자" }), el("th", { scope: "col", text: "확률" }))));
  const body = el("tbody");
  for (let d = 0; d < 10; d++) {
    const bar = el("span", { class: "model-explorer__bar" });
    const value = el("span", { class: "model-explorer__value" });
    const row = el("tr", {}, el("th", { scope: "row", text: String(d) }), el("td", {}, bar, value));
    bars.push({ row, bar, value });
    body.append(row);
  }
  table.append(body);

  // --- the maps and the chosen unit
  const layerFigures = names.map((name) => {
    const canvas = el("canvas", { class: "model-explorer__tiles", role: "img" });
    return { canvas, scratch: document.createElement("canvas"), caption: el("figcaption"), name };
  });
  const controls = {
    layer: select(names.map((name, k) => [k, name]), initial.layer),
    channel: range(0, 0, 0),
    row: range(0, 0, 0),
    col: range(0, 0, 0),
  };
  const outputs = { channel: el("output"), row: el("output"), col: el("output") };
  const zoom = el("canvas", { role: "img", width: "224", height: "224" });
  const zoomCaption = el("figcaption");
  const unitText = el("p", { class: "model-explorer__unit-text" });
  const live = el("p", { class: "cnn-explorer__live", "aria-live": "polite" });

  const { seed, epochs, train_size: images } = model.run;
  const accuracy = model.test ? `, 테스트 정확도 ${percent(model.test.accuracy)}` : "";
  const run = `시드 ${seed}, ${epochs} 에포크, 훈련 이미지 ${images.toLocaleString("ko-KR")}개${accuracy}`;
  append(root,
    el("p", { class: "cnn-explorer__title", text: "직접 해 보기: 훈련된 5.1절 컨브넷에 숫자를 넣고 층마다 들여다보기" }),
    el("p", { class: "model-explorer__about", text: `5.1절과 같은 설정으로 훈련한 모델을 이 페이지에서 바로 계산합니다 (${run}).` }),
    el("div", { class: "model-explorer__top" },
      el("fieldset", { class: "cnn-explorer__controls model-explorer__input" }, el("legend", { text: "입력" }),
        el("figure", {}, pad, el("figcaption", { text: "그리는 칸: 마우스, 손가락, 펜으로 숫자를 그려 보세요" })),
        el("div", { class: "model-explorer__buttons" }, clear),
        field("테스트 숫자", digitMenu),
        el("div", { class: "model-explorer__shift", role: "group", "aria-label": "숫자 옮기기 (방향키로도 옮길 수 있습니다)" },
          el("span", { class: "model-explorer__shift-label", text: "옮기기" }), ...shiftButtons, centre, shiftStatus),
        note),
      el("figure", { class: "model-explorer__seen" }, inputCanvas, inputCaption),
      el("div", { class: "model-explorer__prediction" }, guess, table)),
    el("div", { class: "model-explorer__maps" }, ...layerFigures.map((f) => el("figure", {}, f.canvas, f.caption))),
    el("div", { class: "model-explorer__unit" },
      el("fieldset", { class: "cnn-explorer__controls" }, el("legend", { text: "볼 유닛" }),
        field("층", controls.layer),
        field("채널", controls.channel, outputs.channel),
        field("행", controls.row, outputs.row),
        field("열", controls.col, outputs.col)),
      el("figure", {}, zoom, zoomCaption),
      unitText),
    live, attribution(data, null));

  // --- state
  let source = "digit";
  let digit = digits.find((d) => d.index === initial.digit) ?? digits[0];
  const shift = { dx: 0, dy: 0 };
  const unit = { layer: Number(initial.layer), channel: 0, row: 0, col: 0 };
  let result = null; // the forward pass of `current.input`
  let current = { prepared: null, input: null }; // the prepared digit (null: none) and it shifted
  let stroke = null; // the pointer drawing now, and where it was

  function paintDigit() {
    padContext.clearRect(0, 0, PAD, PAD);
    const cell = PAD / SIDE;
    digit.pixels.forEach((row, r) => row.forEach((v, c) => {
      if (!v) return;
      padContext.fillStyle = `rgba(0, 0, 0, ${v / 255})`;
      padContext.fillRect(c * cell, r * cell, cell, cell);
    }));
  }

  function readPad() {
    const rgba = padContext.getImageData(0, 0, PAD, PAD).data;
    const values = new Float64Array(PAD * PAD);
    for (let k = 0; k < values.length; k++) values[k] = rgba[4 * k + 3] / 255;
    return values;
  }

  function chooseStrongest() {
    const map = result.maps[unit.layer];
    let best = 0;
    for (let k = 1; k < map.data.length; k++) if (map.data[k] > map.data[best]) best = k;
    const [, w, c] = map.shape;
    [unit.channel, unit.row, unit.col] = [best % c, Math.floor(best / c / w), Math.floor(best / c) % w];
  }

  function describeUnit() {
    const map = result.maps[unit.layer];
    const [, w, c] = map.shape;
    const value = map.data[(unit.row * w + unit.col) * c + unit.channel];
    const { size, jump } = fields[unit.layer];
    const [top, left] = [unit.row * jump, unit.col * jump];
    const text = `${names[unit.layer]}의 채널 ${unit.channel}, 유닛 (행 ${unit.row}, 열 ${unit.col})의 값은 ${fmt(value)}입니다. `
      + `이 유닛이 보는 입력 영역(수용 영역)은 ${size}×${size}, 입력의 행 ${top}–${top + size - 1}, 열 ${left}–${left + size - 1}입니다.`;
    return { value, window: { top, left, size }, text };
  }

  function announcePrediction() {
    if (source === "empty") {
      live.textContent = "숫자를 지웠습니다. 그리는 칸에 숫자를 그리거나 테스트 숫자를 고르세요.";
      return;
    }
    const order = result.probabilities.map((p, d) => [p, d]).sort((a, b) => b[0] - a[0]);
    live.textContent = `예측: ${order[0][1]} (확률 ${percent(order[0][0])}). 다음으로 높은 숫자: ${order[1][1]} `
      + `(${percent(order[1][0])}). ${shiftText(shift)}.`;
  }

  function update() {
    const prepared = source === "digit" ? Float64Array.from(digit.pixels.flat(), (v) => v / 255)
      : source === "drawing" ? prepareDrawing(readPad(), PAD) : null;
    const input = shiftImage(prepared ?? new Float64Array(SIDE * SIDE), shift.dx, shift.dy);
    result = forward(model, input);
    current = { prepared, input };
    render();
  }

  function render() {
    const { prepared, input } = current;
    const probabilities = result.probabilities;
    const predicted = probabilities.indexOf(Math.max(...probabilities));
    const empty = prepared === null;
    guess.replaceChildren(...(empty ? ["숫자를 그리거나 테스트 숫자를 고르세요."]
      : ["예측: ", el("strong", { text: String(predicted) }), ` (확률 ${percent(probabilities[predicted])})`]));
    bars.forEach(({ row, bar, value }, d) => {
      bar.style.width = `${(100 * probabilities[d]).toFixed(1)}%`;
      value.textContent = percent(probabilities[d]);
      row.classList.toggle("model-explorer__top-digit", !empty && d === predicted);
    });
    shiftStatus.textContent = shiftText(shift);

    result.maps.forEach((map, k) => {
      const figure = layerFigures[k];
      const limit = largest(map.data);
      drawTiles(figure.canvas, figure.scratch, map, limit, k === unit.layer ? unit.channel : -1);
      const [h, w, c] = map.shape;
      figure.caption.textContent = `${figure.name} ${h}×${w}×${c}`;
      figure.canvas.setAttribute("aria-label", `${figure.name}의 특성 맵: ${h}×${w} 응답 맵 ${c}개. 가장 큰 값 ${fmt(limit)}.`);
    });

    const map = result.maps[unit.layer];
    const [h, w, c] = map.shape;
    for (const [key, max] of [["channel", c - 1], ["row", h - 1], ["col", w - 1]]) {
      unit[key] = Math.min(unit[key], max);
      controls[key].max = String(max);
      controls[key].value = String(unit[key]);
      outputs[key].textContent = String(unit[key]);
    }
    controls.layer.value = String(unit.layer);
    const chosen = describeUnit();
    const limit = largest(map.data);
    drawGrid(zoom, h, (r, col) => heatColour(map.data[(r * w + col) * c + unit.channel], limit),
      [[unit.row, unit.col, 1, WINDOW]]);
    zoomCaption.textContent = `${names[unit.layer]}의 채널 ${unit.channel} 크게 보기 ${h}×${w}`;
    zoom.setAttribute("aria-label", chosen.text);
    unitText.textContent = chosen.text;
    const { top, left, size } = chosen.window;
    drawGrid(inputCanvas, SIDE, (r, col) => ink(input[r * SIDE + col]), [[top, left, size, WINDOW]]);
    inputCaption.textContent = `모델이 보는 입력 28×28: 주황 테두리가 고른 유닛의 수용 영역 ${size}×${size}`;
    inputCanvas.setAttribute("aria-label", `모델이 보는 28×28 입력(${shiftText(shift)}). 주황 테두리는 입력의 행 ${top}, `
      + `열 ${left}에서 시작하는 ${size}×${size} 영역입니다.`);

    root.explorerState = {
      source: empty ? "empty" : source,
      digit: source === "digit" ? digit.index : null,
      shift: [shift.dx, shift.dy],
      prepared: empty ? null : rows(prepared),
      input: rows(input),
      maps: result.maps.map((m, k) => ({ name: names[k], kind: m.kind, shape: m.shape, data: m.data })),
      probabilities,
      predicted: empty ? null : predicted,
      steps,
      unit: { ...unit, value: chosen.value, window: chosen.window },
    };
  }

  // --- events: drawing
  const point = (event) => {
    const box = pad.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * PAD, ((event.clientY - box.top) / box.height) * PAD];
  };
  padContext.lineCap = "round";
  padContext.lineJoin = "round";
  pad.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.preventDefault();
    try {
      pad.setPointerCapture(event.pointerId);
    } catch {
      // a synthetic event's pointer cannot be captured; drawing works without
    }
    if (source === "empty") padContext.clearRect(0, 0, PAD, PAD);
    stroke = { id: event.pointerId, last: point(event) };
    const [x, y] = stroke.last;
    padContext.fillStyle = "#000";
    padContext.beginPath();
    padContext.arc(x, y, BRUSH / 2, 0, 2 * Math.PI);
    padContext.fill();
    source = "drawing";
    digitMenu.value = "";
    update();
  });
  pad.addEventListener("pointermove", (event) => {
    if (!stroke || event.pointerId !== stroke.id) return;
    const coalesced = event.getCoalescedEvents?.() ?? [];
    padContext.strokeStyle = "#000";
    padContext.lineWidth = BRUSH;
    padContext.beginPath();
    padContext.moveTo(...stroke.last);
    for (const e of coalesced.length ? coalesced : [event]) {
      stroke.last = point(e);
      padContext.lineTo(...stroke.last);
    }
    padContext.stroke();
    update();
  });
  const endStroke = (event) => {
    if (!stroke || event.pointerId !== stroke.id) return;
    stroke = null;
    announcePrediction(); // pointerdown and pointermove already drew and computed this digit
  };
  for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) pad.addEventListener(type, endStroke);

  // --- events: digits, clearing, shifting
  digitMenu.addEventListener("change", () => {
    if (digitMenu.value === "") return;
    digit = digits.find((d) => String(d.index) === digitMenu.value);
    source = "digit";
    paintDigit();
    update();
    announcePrediction();
  });
  clear.addEventListener("click", () => {
    padContext.clearRect(0, 0, PAD, PAD);
    source = "empty";
    digitMenu.value = "";
    update();
    announcePrediction();
  });
  const move = (key) => {
    const [dx, dy] = ARROWS[key];
    shift.dx = Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, shift.dx + dx));
    shift.dy = Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, shift.dy + dy));
    update();
    announcePrediction();
  };
  for (const button of shiftButtons) button.addEventListener("click", () => move(button.dataset.key));
  centre.addEventListener("click", () => {
    [shift.dx, shift.dy] = [0, 0];
    update();
    announcePrediction();
  });
  for (const target of [pad, ...shiftButtons, centre]) {
    target.addEventListener("keydown", (event) => {
      if (!(event.key in ARROWS)) return;
      event.preventDefault();
      move(event.key);
    });
  }

  // --- events: choosing a unit (pointer on any map, or the keyboard controls)
  const chooseFrom = (k, event) => {
    const found = unitAt(layerFigures[k].canvas, result.maps[k].shape, event);
    if (!found) return;
    Object.assign(unit, { layer: k }, found);
    render();
  };
  layerFigures.forEach((figure, k) => {
    figure.canvas.addEventListener("pointermove", (event) => chooseFrom(k, event));
    figure.canvas.addEventListener("pointerdown", (event) => chooseFrom(k, event));
  });
  zoom.addEventListener("pointerdown", (event) => {
    const box = zoom.getBoundingClientRect();
    const [h, w] = result.maps[unit.layer].shape;
    unit.row = Math.min(h - 1, Math.floor(((event.clientY - box.top) / box.height) * h));
    unit.col = Math.min(w - 1, Math.floor(((event.clientX - box.left) / box.width) * w));
    render();
  });
  controls.layer.addEventListener("input", () => {
    unit.layer = Number(controls.layer.value);
    chooseStrongest();
    render();
    live.textContent = unitText.textContent;
  });
  for (const key of ["channel", "row", "col"]) {
    controls[key].addEventListener("input", () => {
      unit[key] = Number(controls[key].value);
      render();
      live.textContent = unitText.textContent;
    });
  }

  paintDigit();
  digitMenu.value = String(digit.index);
  update();
  chooseStrongest();
  render();
  new ResizeObserver(() => render()).observe(root);
}
