/**
 * In-page explorers of the course site (5.1.1 and 5.1.2): they run in the reader's browser, with no kernel
 * and no network, and compute the same numbers as the course's Python reference (`utils.ops`,
 * `utils.receptive_fields`); tests/test_explorer.py drives them in Chromium and compares.
 *
 *   convolution      a 3×3 kernel slides over a real MNIST digit: input size, kernel, padding, stride,
 *                    and the window position are the reader's (5.1.1);
 *   pooling          the same, followed by max pooling with the reader's pooling window (5.1.2);
 *   receptive-field  the 5.1 model's convolution and pooling stack, each layer's window and stride editable:
 *                    the input window one chosen unit sees, and the size and jump per layer (5.1.2).
 *
 * _ext/explorers.py puts a `<div class="cnn-explorer-mount" data-explorer="...">` into the page below the
 * notebook cell whose metadata asks for one; this module builds the explorer inside it. The figure stored
 * in the notebook stays in the page, so without JavaScript (and in the PDF) the reader still has it.
 * Each explorer keeps what it shows in `element.explorerState` (plain numbers, for the tests and for
 * readers who look in the console). Data: explorer-data.json (scripts/export_explorer_data.py).
 *
 *   model            the trained 5.1 model, computed in the page (model-explorer.mjs, loaded only where a page
 *                    has one; 5.1 and 5.1.1).
 */

import {
  WINDOW, append, attribution, diverging, drawGrid, el, field, fmt, ink, pixels, range, receptiveFields, select, uid,
  windowLayout,
} from "./explorer-common.mjs";

const DATA_URL = new URL("explorer-data.json", import.meta.url);
const PADDINGS = ["valid", "same"];
const INPUT_SIZES = { min: 5, max: 28 };
const MAX_STRIDE = 3;
const LAYER_WINDOWS = [1, 2, 3, 4, 5];

// ---------------------------------------------------------------------------------------------------
// Arithmetic: the same rules as utils.ops and utils.receptive_fields.
// ---------------------------------------------------------------------------------------------------

/** Slide `window`×`window` over a square `grid` (rows of numbers); `reduce(values, a, b)` folds each
 * window, `fill` stands in for padded cells. Rows of the output, or null when nothing fits. */
function slide(grid, window, stride, padding, fill, reduce) {
  const layout = windowLayout(grid.length, window, stride, padding);
  if (!layout) return null;
  const at = (r, c) => (r < 0 || c < 0 || r >= grid.length || c >= grid.length ? fill : grid[r][c]);
  const rows = [];
  for (let i = 0; i < layout.out; i++) {
    const row = [];
    for (let j = 0; j < layout.out; j++) {
      const top = i * stride - layout.before;
      const left = j * stride - layout.before;
      const values = [];
      for (let a = 0; a < window; a++) for (let b = 0; b < window; b++) values.push([at(top + a, left + b), a, b]);
      row.push(reduce(values));
    }
    rows.push(row);
  }
  return rows;
}

/** One filter of `keras.layers.Conv2D(1, k, activation=None, use_bias=False)` on one channel
 * (utils.ops.conv2d). */
export function conv2d(grid, kernel, stride, padding) {
  return slide(grid, kernel.length, stride, padding, 0, (values) =>
    values.reduce((sum, [v, a, b]) => sum + v * kernel[a][b], 0),
  );
}

/** `keras.layers.MaxPooling2D(size, stride)` with "valid" padding (utils.ops.max_pool2d). */
export function maxPool2d(grid, size, stride) {
  return slide(grid, size, stride, "valid", -Infinity, (values) => Math.max(...values.map(([v]) => v)));
}

/** Centre crop of a square grid: the `size`×`size` input the reader chose from a 28×28 digit. */
export function centreCrop(grid, size) {
  const top = Math.floor((grid.length - size) / 2);
  return grid.slice(top, top + size).map((row) => row.slice(top, top + size));
}

/** The current map as an HTML table (for screen readers, and anyone who wants the numbers). */
function valuesTable(grid, caption, current) {
  const table = el("table", { class: "cnn-explorer__values" }, el("caption", { text: caption }));
  const head = el("tr", {}, el("td"));
  grid[0].forEach((_, j) => head.append(el("th", { scope: "col", text: `열 ${j}` })));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  grid.forEach((row, i) => {
    const tr = el("tr", {}, el("th", { scope: "row", text: `행 ${i}` }));
    row.forEach((value, j) => {
      const td = el("td", { text: fmt(value) });
      if (current && current[0] === i && current[1] === j) td.className = "cnn-explorer__current";
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  return table;
}

function digitSelect(data) {
  return select(data.digits.map((d, k) => [k, `숫자 ${d.label} (테스트 이미지 ${d.index}번)`]), 0);
}

// ---------------------------------------------------------------------------------------------------
// Convolution (and pooling) explorer
// ---------------------------------------------------------------------------------------------------

function convolutionExplorer(root, data, options) {
  const pooling = options.kind === "pooling";
  const initial = { input: 28, padding: "valid", stride: 1, kernel: 0, pool: 2, ...options.initial };
  const customIndex = data.kernels.length;
  const controls = {
    digit: digitSelect(data),
    input: range(INPUT_SIZES.min, INPUT_SIZES.max, initial.input),
    kernel: select([...data.kernels.map((k, i) => [i, k.name]), [customIndex, "직접 입력"]], initial.kernel),
    padding: select(PADDINGS.map((p) => [p, `"${p}"`]), initial.padding),
    stride: range(1, MAX_STRIDE, initial.stride),
    pool: pooling ? select([[2, "2×2"], [3, "3×3"]], initial.pool) : null,
    poolStride: pooling ? select([["", "풀링 윈도우와 같게"], [1, "1"], [2, "2"], [3, "3"]], "") : null,
    position: range(0, 0, 0),
  };
  const inputValue = el("output");
  const strideValue = el("output");
  const positionValue = el("output");
  const cellInputs = [];
  const kernelGrid = el("fieldset", { class: "cnn-explorer__kernel" }, el("legend", { text: "커널 값 (3×3)" }));
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const input = el("input", { type: "number", step: "0.5", min: "-9", max: "9",
        "aria-label": `커널 ${a + 1}행 ${b + 1}열`, inputmode: "decimal" });
      cellInputs.push(input);
      kernelGrid.append(input);
    }
  }
  const setKernelInputs = (values) => values.flat().forEach((v, k) => { cellInputs[k].value = String(v); });
  setKernelInputs(data.kernels[Number(controls.kernel.value)]?.values ?? data.kernels[0].values);

  const inputCanvas = el("canvas", { role: "img", width: "240", height: "240" });
  const outputCanvas = el("canvas", { role: "img", width: "240", height: "240" });
  const poolCanvas = pooling ? el("canvas", { role: "img", width: "240", height: "240" }) : null;
  const inputCaption = el("figcaption");
  const outputCaption = el("figcaption");
  const poolCaption = pooling ? el("figcaption") : null;
  const sizeFormula = el("p", { class: "cnn-explorer__formula" });
  const valueFormula = el("p", { class: "cnn-explorer__formula" });
  const poolFormula = pooling ? el("p", { class: "cnn-explorer__formula" }) : null;
  const message = el("p", { class: "cnn-explorer__message", role: "alert" });
  const live = el("p", { class: "cnn-explorer__live", "aria-live": "polite" });
  // It scrolls sideways when the map is wide, so it takes keyboard focus (WCAG: scrollable regions).
  const tables = el("div", { class: "cnn-explorer__tables", tabindex: "0", role: "region",
    "aria-label": "특성 맵의 값" });
  const details = el("details", {}, el("summary", { text: "특성 맵의 값을 표로 보기" }), tables);
  const credit = el("div");

  const title = pooling ? "직접 바꿔 보기: 합성곱 뒤의 최대 풀링" : "직접 바꿔 보기: 숫자 위를 지나가는 합성곱 윈도우";
  append(root,
    el("p", { class: "cnn-explorer__title", text: title }),
    el("div", { class: "cnn-explorer__body" },
      el("fieldset", { class: "cnn-explorer__controls" }, el("legend", { text: "설정" }),
        field("숫자", controls.digit),
        field("입력 크기", controls.input, inputValue),
        field("커널", controls.kernel),
        kernelGrid,
        field("패딩 (padding)", controls.padding),
        field("스트라이드", controls.stride, strideValue),
        pooling ? field("풀링 윈도우", controls.pool) : null,
        pooling ? field("풀링 스트라이드", controls.poolStride) : null,
        field("윈도우 위치", controls.position, positionValue)),
      el("div", { class: "cnn-explorer__views" },
        el("figure", {}, inputCanvas, inputCaption),
        el("figure", {}, outputCanvas, outputCaption),
        pooling ? el("figure", {}, poolCanvas, poolCaption) : null)),
    message, sizeFormula, valueFormula, poolFormula, live, details, credit,
  );

  function kernel() {
    const choice = Number(controls.kernel.value);
    if (choice < customIndex) return data.kernels[choice].values;
    // An empty cell (or text a number input cannot parse, which reads as "") is not 0: it gets a message.
    const values = cellInputs.map((input) => (input.value.trim() === "" ? NaN : Number(input.value)));
    return [0, 1, 2].map((a) => values.slice(3 * a, 3 * a + 3));
  }

  function render() {
    const digit = data.digits[Number(controls.digit.value)];
    const n = Number(controls.input.value);
    const stride = Number(controls.stride.value);
    const padding = controls.padding.value;
    const k = kernel();
    const input = centreCrop(pixels(digit), n);
    const layout = windowLayout(n, 3, stride, padding);
    inputValue.textContent = `${n}×${n}`;
    strideValue.textContent = String(stride);
    credit.replaceChildren(attribution(data, digit));
    const badKernel = k.flat().some((v) => !Number.isFinite(v));
    if (badKernel) {
      message.textContent = "커널 값에는 숫자만 쓸 수 있습니다. 비어 있거나 숫자가 아닌 칸을 고쳐 주세요.";
      root.explorerState = { error: "kernel" };
      return;
    }
    message.textContent = "";
    const output = conv2d(input, k, stride, padding);
    const out = layout.out;
    controls.position.max = String(out * out - 1);
    if (Number(controls.position.value) > out * out - 1) controls.position.value = String(out * out - 1);
    const position = Number(controls.position.value);
    const [i, j] = [Math.floor(position / out), position % out];
    positionValue.textContent = `행 ${i}, 열 ${j}`;
    controls.position.setAttribute("aria-valuetext", `출력 행 ${i}, 열 ${j}`);

    const padded = n + layout.before + layout.after;
    const top = i * stride;
    const left = j * stride;
    drawGrid(inputCanvas, padded, (r, c) => {
      const [y, x] = [r - layout.before, c - layout.before];
      return y < 0 || x < 0 || y >= n || x >= n ? "#b8b8b8" : ink(input[y][x]);
    }, [[top, left, 3, WINDOW]]);
    const limit = Math.max(...output.flat().map(Math.abs), 1e-9);
    drawGrid(outputCanvas, out, (r, c) => diverging(output[r][c], limit), [[i, j, 1, WINDOW]]);
    const padText = padding === "same"
      ? `, 회색은 0으로 채운 패딩(위·왼쪽 ${layout.before}칸, 아래·오른쪽 ${layout.after}칸)` : "";
    inputCaption.textContent = `입력 ${n}×${n}${padText}`;
    outputCaption.textContent = `특성 맵 ${out}×${out} (파랑 음수, 주황 양수)`;
    inputCanvas.setAttribute("aria-label", `숫자 ${digit.label}의 가운데 ${n}×${n} 영역. 3×3 윈도우가 `
      + `패딩을 포함한 격자의 행 ${top}, 열 ${left}에서 시작합니다.`);
    outputCanvas.setAttribute("aria-label", `특성 맵 ${out}×${out}. 선택한 위치 행 ${i}, 열 ${j}의 값은 ${fmt(output[i][j])}입니다.`);

    sizeFormula.textContent = padding === "same"
      ? `출력 크기 = ⌈n / s⌉ = ⌈${n} / ${stride}⌉ = ${out}`
      : `출력 크기 = ⌊(n − k) / s⌋ + 1 = ⌊(${n} − 3) / ${stride}⌋ + 1 = ${out}`;
    valueFormula.textContent = `출력[${i}, ${j}] = Σ (윈도우 안의 입력 × 커널) = ${fmt(output[i][j])}`;
    const state = { digit: digit.index, inputSize: n, padding, stride, kernel: k, input, output,
      outputSize: out, position: [i, j], padBefore: layout.before, padAfter: layout.after,
      sizeFormula: sizeFormula.textContent };
    let summary = `입력 ${n}×${n}, 출력 ${out}×${out}. 위치 행 ${i}, 열 ${j}의 값 ${fmt(output[i][j])}.`;
    const tableList = [valuesTable(output, `특성 맵 ${out}×${out}`, [i, j])];

    if (pooling) {
      const size = Number(controls.pool.value);
      const poolStride = controls.poolStride.value === "" ? size : Number(controls.poolStride.value);
      const pooled = maxPool2d(output, size, poolStride);
      if (!pooled) {
        poolFormula.textContent = `풀링 윈도우(${size}×${size})가 특성 맵(${out}×${out})보다 커서 풀링 출력이 없습니다.`;
        poolCaption.textContent = "풀링 출력 없음";
        drawGrid(poolCanvas, 1, () => "#b8b8b8");
        poolCanvas.setAttribute("aria-label", "풀링 출력 없음");
        Object.assign(state, { poolSize: size, poolStride, pooled: null, pooledSize: 0 });
        summary += " 풀링 출력은 없습니다.";
      } else {
        const m = pooled.length;
        const [pi, pj] = [Math.min(Math.floor(i / poolStride), m - 1), Math.min(Math.floor(j / poolStride), m - 1)];
        drawGrid(poolCanvas, m, (r, c) => diverging(pooled[r][c], limit), [[pi, pj, 1, WINDOW]]);
        poolCaption.textContent = `최대 풀링 출력 ${m}×${m}`;
        poolCanvas.setAttribute("aria-label", `최대 풀링 출력 ${m}×${m}.`);
        poolFormula.textContent = `풀링 출력 크기 = ⌊(${out} − ${size}) / ${poolStride}⌋ + 1 = ${m}`;
        Object.assign(state, { poolSize: size, poolStride, pooled, pooledSize: m });
        summary += ` 최대 풀링 뒤 ${m}×${m}.`;
        tableList.push(valuesTable(pooled, `최대 풀링 출력 ${m}×${m}`, null));
      }
    }
    tables.replaceChildren(...tableList);
    live.textContent = summary;
    root.explorerState = state;
  }

  controls.kernel.addEventListener("change", () => {
    const choice = Number(controls.kernel.value);
    if (choice < customIndex) setKernelInputs(data.kernels[choice].values);
    render();
  });
  for (const input of cellInputs) {
    input.addEventListener("input", () => {
      controls.kernel.value = String(customIndex);
      render();
    });
  }
  for (const control of Object.values(controls)) {
    if (control && control !== controls.kernel) control.addEventListener("input", render);
  }
  outputCanvas.addEventListener("click", (event) => {
    const out = root.explorerState.outputSize;
    if (!out) return;
    const box = outputCanvas.getBoundingClientRect();
    const col = Math.min(out - 1, Math.floor(((event.clientX - box.left) / box.width) * out));
    const row = Math.min(out - 1, Math.floor(((event.clientY - box.top) / box.height) * out));
    controls.position.value = String(row * out + col);
    render();
  });
  new ResizeObserver(() => render()).observe(inputCanvas);
  render();
}

// ---------------------------------------------------------------------------------------------------
// Receptive-field explorer
// ---------------------------------------------------------------------------------------------------

function receptiveFieldExplorer(root, data) {
  const model = data.model;
  const names = model.map((layer, k) => `${k + 1}층 ${layer.layer}`);
  const controls = {
    digit: digitSelect(data),
    windows: model.map((layer) => select(LAYER_WINDOWS.map((w) => [w, String(w)]), layer.window)),
    strides: model.map((layer) => select([1, 2, 3].map((s) => [s, String(s)]), layer.stride)),
    layer: select(names.map((name, k) => [k, name]), model.length - 1),
    row: range(0, 0, 0),
    col: range(0, 0, 0),
  };
  const rowValue = el("output");
  const colValue = el("output");
  const table = el("table", { class: "cnn-explorer__layers" },
    el("caption", { text: "5.1절 모델의 합성곱·풀링 층 (입력 28×28, padding=\"valid\")" }),
    el("thead", {}, el("tr", {}, ...["층", "윈도우", "스트라이드", "출력 크기", "수용 영역", "점프"]
      .map((text) => el("th", { scope: "col", text })))));
  const body = el("tbody");
  const cells = model.map((layer, k) => {
    controls.windows[k].id = uid("window");
    controls.strides[k].id = uid("stride");
    controls.windows[k].setAttribute("aria-label", `${names[k]} 윈도우 크기`);
    controls.strides[k].setAttribute("aria-label", `${names[k]} 스트라이드`);
    const out = el("td");
    const size = el("td");
    const jump = el("td");
    body.append(el("tr", {}, el("th", { scope: "row", text: names[k] }),
      el("td", {}, controls.windows[k]), el("td", {}, controls.strides[k]), out, size, jump));
    return { out, size, jump };
  });
  table.append(body);
  const canvas = el("canvas", { role: "img", width: "280", height: "280" });
  const caption = el("figcaption");
  const formula = el("p", { class: "cnn-explorer__formula" });
  const message = el("p", { class: "cnn-explorer__message", role: "alert" });
  const live = el("p", { class: "cnn-explorer__live", "aria-live": "polite" });
  const credit = el("div");

  append(root,
    el("p", { class: "cnn-explorer__title", text: "직접 바꿔 보기: 층마다 넓어지는 수용 영역" }),
    el("div", { class: "cnn-explorer__table-wrap" }, table),
    el("div", { class: "cnn-explorer__body" },
      el("fieldset", { class: "cnn-explorer__controls" }, el("legend", { text: "볼 유닛" }),
        field("숫자", controls.digit),
        field("층", controls.layer),
        field("행", controls.row, rowValue),
        field("열", controls.col, colValue)),
      el("div", { class: "cnn-explorer__views" }, el("figure", {}, canvas, caption))),
    message, formula, live, credit,
  );

  function render() {
    const digit = data.digits[Number(controls.digit.value)];
    const steps = model.map((_, k) => ({
      window: Number(controls.windows[k].value), stride: Number(controls.strides[k].value) }));
    const { layers, failed } = receptiveFields(steps, 28);
    credit.replaceChildren(attribution(data, digit));
    cells.forEach((cell, k) => {
      const layer = layers[k];
      cell.out.textContent = layer ? `${layer.out}×${layer.out}` : "없음";
      cell.size.textContent = layer ? `${layer.size}×${layer.size}` : "—";
      cell.jump.textContent = layer ? String(layer.jump) : "—";
    });
    const chosen = Number(controls.layer.value);
    const state = { steps, layers: layers.map(({ out, size, jump }) => ({ out, size, jump })), failed, layer: chosen };
    if (failed !== null && chosen >= failed) {
      message.textContent = `${names[failed]}의 윈도우가 앞 층의 출력보다 커서 ${names[failed]}부터는 출력이 없습니다. `
        + "윈도우나 스트라이드를 줄여 보세요.";
      formula.textContent = "";
      caption.textContent = `숫자 ${digit.label}`;
      drawGrid(canvas, 28, (r, c) => ink(digit.pixels[r][c] / 255));
      canvas.setAttribute("aria-label", `숫자 ${digit.label}. 고른 층에는 출력이 없습니다.`);
      live.textContent = message.textContent;
      root.explorerState = { ...state, window: null };
      return;
    }
    message.textContent = "";
    const layer = layers[chosen];
    for (const control of [controls.row, controls.col]) {
      control.max = String(layer.out - 1);
      if (Number(control.value) > layer.out - 1) control.value = String(layer.out - 1);
    }
    const [row, col] = [Number(controls.row.value), Number(controls.col.value)];
    rowValue.textContent = String(row);
    colValue.textContent = String(col);
    const top = row * layer.jump;
    const left = col * layer.jump;
    drawGrid(canvas, 28, (r, c) => ink(digit.pixels[r][c] / 255), [[top, left, layer.size, WINDOW]]);
    const where = `${names[chosen]}의 유닛 (행 ${row}, 열 ${col})`;
    caption.textContent = `${where}이 보는 입력 영역: ${layer.size}×${layer.size}`;
    canvas.setAttribute("aria-label", `숫자 ${digit.label} 위에 ${where}의 수용 영역 `
      + `${layer.size}×${layer.size}를 표시했습니다. 입력의 행 ${top}, 열 ${left}에서 시작합니다.`);
    const { size: r0, jump: j0 } = layer.previous;
    formula.textContent = `수용 영역 = 앞 층의 수용 영역 + (윈도우 − 1) × 앞 층의 점프 = ${r0} + (${layer.window} − 1) × ${j0}`
      + ` = ${layer.size},  점프 = ${j0} × ${layer.stride} = ${layer.jump}`;
    live.textContent = `${where}: 수용 영역 ${layer.size}×${layer.size}, 입력의 행 ${top}, 열 ${left}에서 시작. `
      + `출력 크기 ${layer.out}×${layer.out}, 점프 ${layer.jump}.`;
    root.explorerState = { ...state, position: [row, col], window: { top, left, size: layer.size } };
  }

  for (const control of [controls.digit, controls.layer, controls.row, controls.col, ...controls.windows,
    ...controls.strides]) {
    control.addEventListener("input", render);
  }
  new ResizeObserver(() => render()).observe(canvas);
  render();
}

// ---------------------------------------------------------------------------------------------------
// Mounting
// ---------------------------------------------------------------------------------------------------

const BUILDERS = {
  convolution: convolutionExplorer,
  pooling: convolutionExplorer,
  "receptive-field": receptiveFieldExplorer,
  // The trained model's module and weights are fetched only by a page that shows it.
  model: async (root, data, options) => (await import("./model-explorer.mjs")).modelExplorer(root, data, options),
};

async function mountAll() {
  const mounts = [...document.querySelectorAll(".cnn-explorer-mount:not([data-mounted])")];
  if (!mounts.length) return;
  const response = await fetch(DATA_URL);
  if (!response.ok) throw new Error(`explorer data: ${response.status} ${DATA_URL}`);
  const data = await response.json();
  for (const mount of mounts) {
    const kind = mount.dataset.explorer;
    const build = BUILDERS[kind];
    if (!build) throw new Error(`unknown explorer kind ${JSON.stringify(kind)}`);
    const root = el("section", { class: `cnn-explorer cnn-explorer--${kind}`, "aria-label": "직접 바꿔 보는 탐색기" });
    mount.replaceChildren(root);
    await build(root, data, { kind, initial: JSON.parse(mount.dataset.initial || "{}") });
    mount.dataset.mounted = "true";
    // The stored figure of the notebook's widget: the explorer stands in for it on the site.
    if (mount.dataset.replacesOutput === "true") mount.closest(".cell")?.classList.add("cnn-explorer-ready");
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
