/**
 * What the site's in-page explorers share (cnn-explorer.mjs for 5.1.1 and 5.1.2, model-explorer.mjs for 5.1 and
 * 5.1.1): the Okabe–Ito colours, the receptive-field arithmetic of utils.receptive_fields, and small DOM and
 * canvas helpers. No side effects: importing it builds nothing.
 */

// Okabe–Ito colours (colour-blind safe): blue for negative values, vermillion for positive, orange window.
export const NEGATIVE = [0, 114, 178];
export const POSITIVE = [213, 94, 0];
export const WINDOW = "#e69f00";

// ---------------------------------------------------------------------------------------------------
// Arithmetic: the same rules as utils.ops and utils.receptive_fields.
// ---------------------------------------------------------------------------------------------------

/** `(output size, padding before, after)` of one axis, TensorFlow's rule (utils.ops.window_layout); null if
 * a "valid" window does not fit. */
export function windowLayout(size, window, stride, padding) {
  if (padding === "same") {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + window - size, 0);
    return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
  }
  if (window > size) return null;
  return { out: Math.floor((size - window) / stride) + 1, before: 0, after: 0 };
}

/** Per layer of a `(window, stride)` stack on an `inputSize` input ("valid" padding): output side, receptive
 * field `size` and `jump` (utils.receptive_fields.receptive_field and unit_window). Stops where a layer
 * has no output; `failed` then names that layer. */
export function receptiveFields(steps, inputSize) {
  const layers = [];
  let side = inputSize;
  let size = 1;
  let jump = 1;
  for (const [index, { window, stride }] of steps.entries()) {
    const layout = windowLayout(side, window, stride, "valid");
    if (!layout) return { layers, failed: index };
    const previous = { size, jump };
    size += (window - 1) * jump;
    jump *= stride;
    side = layout.out;
    layers.push({ window, stride, out: side, size, jump, previous });
  }
  return { layers, failed: null };
}

// ---------------------------------------------------------------------------------------------------
// Small DOM helpers
// ---------------------------------------------------------------------------------------------------

let counter = 0;
export const uid = (stem) => `cnn-explorer-${stem}-${++counter}`;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  return append(node, ...children);
}

/** `node.append`, skipping the null and undefined children of optional parts. */
export function append(node, ...children) {
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** A labelled control in its own row: `<label for>` + the control (+ a visible value for ranges). */
export function field(labelText, control, hint = null) {
  control.id ||= uid("control");
  const row = el("div", { class: "cnn-explorer__field" }, el("label", { for: control.id, text: labelText }), control);
  if (hint) row.append(hint);
  return row;
}

export function select(options, value) {
  const node = el("select");
  for (const [optionValue, text] of options) node.append(el("option", { value: String(optionValue), text }));
  node.value = String(value);
  return node;
}

export function range(min, max, value) {
  return el("input", { type: "range", min: String(min), max: String(max), step: "1", value: String(value) });
}

export const fmt = (value) => (Object.is(value, -0) ? 0 : value).toFixed(2).replace("-", "−");

/** Draw a square grid of cells on a canvas: `colour(r, c)` fills each; `marks` are [row, col, size, colour]
 * outlines (drawn twice, dark under light, so they show on any cell). */
export function drawGrid(canvas, cells, colour, marks = []) {
  const ratio = window.devicePixelRatio || 1;
  const css = canvas.clientWidth || Number(canvas.getAttribute("width")) || 240;
  canvas.width = Math.round(css * ratio);
  canvas.height = Math.round(css * ratio);
  const ctx = canvas.getContext("2d");
  const cell = canvas.width / cells;
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      ctx.fillStyle = colour(r, c);
      ctx.fillRect(c * cell, r * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  if (cells <= 30) {
    ctx.strokeStyle = "rgba(128, 128, 128, 0.35)";
    ctx.lineWidth = 1;
    for (let k = 0; k <= cells; k++) {
      ctx.beginPath();
      ctx.moveTo(k * cell, 0);
      ctx.lineTo(k * cell, canvas.height);
      ctx.moveTo(0, k * cell);
      ctx.lineTo(canvas.width, k * cell);
      ctx.stroke();
    }
  }
  for (const [row, col, size, stroke] of marks) {
    for (const [style, width] of [["#000", 5], [stroke, 3]]) {
      ctx.strokeStyle = style;
      ctx.lineWidth = width * ratio;
      ctx.strokeRect(col * cell + 1.5 * ratio, row * cell + 1.5 * ratio, size * cell - 3 * ratio, size * cell - 3 * ratio);
    }
  }
}

export const ink = (value) => {
  const level = Math.round(255 - value * 255); // pixels 0–1: white paper, black ink
  return `rgb(${level}, ${level}, ${level})`;
};

export function diverging(value, limit) {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  const [r, g, b] = t < 0 ? NEGATIVE : POSITIVE;
  const w = Math.abs(t);
  return `rgb(${Math.round(255 + (r - 255) * w)}, ${Math.round(255 + (g - 255) * w)}, ${Math.round(255 + (b - 255) * w)})`;
}

/** The MNIST credit line: of one test digit, or (`digit` null) of the shipped test digits. */
export function attribution(data, digit) {
  const { creators, license, license_url: url } = data.attribution;
  const link = el("a", { href: url, text: license });
  const which = digit ? ` ${digit.index}번` : "";
  return el("p", { class: "cnn-explorer__attribution" }, `숫자 이미지: MNIST 테스트 세트${which} (${creators}), `, link);
}

export const pixels = (digit) => digit.pixels.map((row) => row.map((v) => v / 255));
