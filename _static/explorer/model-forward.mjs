/**
 * The trained 5.1 model's arithmetic for the model explorer (model-explorer.mjs; 5.1, 5.1.1), with no DOM: the
 * weights file read as Keras keeps the weights, the forward pass (convolution, ReLU, max pooling, flatten, dense,
 * softmax) in float64 from those float16 values, and the input prepared as MNIST's digits were and shifted.
 * tests/test_model_explorer.py compares what it computes with Keras; node can import it as it is.
 *
 * Weights: model-weights.json (scripts/export_model_weights.py), float16, little-endian, C order.
 */

const WEIGHTS_URL = new URL("model-weights.json", import.meta.url);
export const SIDE = 28; // MNIST's field
const BOX = 20; // MNIST fitted each digit into a 20×20 box
/** The layer classes with a grid, and what 5.1 and 5.1.1 call them. */
export const KIND_NAMES = { Conv2D: "합성곱 층", MaxPooling2D: "최대 풀링 층" };

// ---------------------------------------------------------------------------------------------------
// The model: weights file, forward pass
// ---------------------------------------------------------------------------------------------------

/** IEEE half-precision bits as the number they stand for (exact in a float64). */
function halfToNumber(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** The weights file as layers whose `weights` are Float64Arrays in Keras's order and layout (C order; a
 * kernel is (height, width, in, out)); `shapes` keeps each one's shape. */
export function decodeModel(file) {
  if (file.dtype !== "float16" || file.byte_order !== "little") {
    throw new Error(`weights: expected little-endian float16, got ${file.byte_order} ${file.dtype}`);
  }
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const layers = file.layers.map((spec) => {
    const weights = spec.weights.map((shape) => {
      const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
      for (let k = 0; k < values.length; k++) values[k] = halfToNumber(view.getUint16(2 * (offset + k), true));
      offset += values.length;
      return values;
    });
    return { ...spec, shapes: spec.weights, weights };
  });
  if (2 * offset !== bytes.length) throw new Error(`weights: ${bytes.length / 2} values, the layers name ${offset}`);
  return { layers, run: file.run, test: file.test };
}

export async function loadModel(url = WEIGHTS_URL) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`model weights: ${response.status} ${url}`);
  return decodeModel(await response.json());
}

function checkValid(layer) {
  if (layer.padding !== "valid") throw new Error(`${layer.name}: only padding "valid" is implemented`);
}

function activate(values, activation) {
  if (activation === "relu") {
    for (let k = 0; k < values.length; k++) if (values[k] < 0) values[k] = 0;
  } else if (activation === "softmax") {
    const top = Math.max(...values);
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += (values[k] = Math.exp(values[k] - top));
    for (let k = 0; k < values.length; k++) values[k] /= sum;
  } else if (activation !== "linear") {
    throw new Error(`activation ${activation} is not implemented`);
  }
  return values;
}

/** `keras.layers.Conv2D` ("valid" padding): `x` is (h, w, in) in HWC order, as Keras keeps a feature map. */
function convolve(layer, x, [h, w, cin]) {
  checkValid(layer);
  const [kh, kw] = layer.kernel_size;
  const [sh, sw] = layer.strides;
  const [kernel, bias] = layer.weights;
  const cout = bias.length;
  const oh = Math.floor((h - kh) / sh) + 1;
  const ow = Math.floor((w - kw) / sw) + 1;
  const out = new Float64Array(oh * ow * cout);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const o = (i * ow + j) * cout;
      out.set(bias, o);
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const xi = ((i * sh + a) * w + j * sw + b) * cin;
          const wi = (a * kw + b) * cin * cout;
          for (let ci = 0; ci < cin; ci++) {
            const v = x[xi + ci];
            if (v === 0) continue; // after a ReLU most inputs are 0
            const wk = wi + ci * cout;
            for (let co = 0; co < cout; co++) out[o + co] += v * kernel[wk + co];
          }
        }
      }
    }
  }
  return { x: activate(out, layer.activation), shape: [oh, ow, cout] };
}

/** `keras.layers.MaxPooling2D` ("valid" padding). */
function maxPool(layer, x, [h, w, c]) {
  checkValid(layer);
  const [ph, pw] = layer.pool_size;
  const [sh, sw] = layer.strides;
  const oh = Math.floor((h - ph) / sh) + 1;
  const ow = Math.floor((w - pw) / sw) + 1;
  const out = new Float64Array(oh * ow * c).fill(-Infinity);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const o = (i * ow + j) * c;
      for (let a = 0; a < ph; a++) {
        for (let b = 0; b < pw; b++) {
          const xi = ((i * sh + a) * w + j * sw + b) * c;
          for (let ch = 0; ch < c; ch++) if (x[xi + ch] > out[o + ch]) out[o + ch] = x[xi + ch];
        }
      }
    }
  }
  return { x: out, shape: [oh, ow, c] };
}

/** `keras.layers.Dense` on a flat vector (Flatten keeps HWC order: nothing moves). */
function dense(layer, x) {
  const [kernel, bias] = layer.weights;
  const units = bias.length;
  const out = Float64Array.from(bias);
  for (let k = 0; k < x.length; k++) {
    const v = x[k];
    if (v === 0) continue;
    for (let u = 0; u < units; u++) out[u] += v * kernel[k * units + u];
  }
  return { x: activate(out, layer.activation), shape: [units] };
}

/** Every layer for one 28×28 input (row-major, 0–1): the convolution and pooling layers' `maps` ({kind, shape:
 * [h, w, c], data} in HWC order, as Keras) and the last layer's ten `probabilities`. */
export function forward(model, input) {
  let x = Float64Array.from(input);
  let shape = [SIDE, SIDE, 1];
  const maps = [];
  for (const layer of model.layers) {
    if (layer.class === "Conv2D") ({ x, shape } = convolve(layer, x, shape));
    else if (layer.class === "MaxPooling2D") ({ x, shape } = maxPool(layer, x, shape));
    else if (layer.class === "Flatten") shape = [x.length];
    else if (layer.class === "Dense") ({ x, shape } = dense(layer, x));
    else throw new Error(`layer ${layer.class} is not implemented`);
    if (shape.length === 3) maps.push({ kind: layer.class, shape, data: x });
  }
  return { maps, probabilities: Array.from(x) };
}

/** `(window, stride)` of each convolution and pooling layer: what utils.receptive_fields reads from the model. */
export function spatialSteps(model) {
  return model.layers
    .filter((layer) => layer.class in KIND_NAMES)
    .map((layer) => ({ window: (layer.kernel_size ?? layer.pool_size)[0], stride: layer.strides[0] }));
}

// ---------------------------------------------------------------------------------------------------
// The input: MNIST's preparation, the shift
// ---------------------------------------------------------------------------------------------------

/** For pad pixels `first`–`last` on one axis: the field pixels each covers and by how much, once the pad is
 * scaled by `scale` about `centre` (which lands on the field's centre). */
function overlaps(first, last, centre, scale) {
  const cover = [];
  for (let p = first; p <= last; p++) {
    const a = (p - centre) * scale + SIDE / 2;
    const b = a + scale;
    const cells = [];
    for (let j = Math.max(0, Math.floor(a)); j < Math.min(SIDE, Math.ceil(b)); j++) {
      cells.push([j, Math.min(b, j + 1) - Math.max(a, j)]);
    }
    cover.push(cells);
  }
  return cover;
}

/** A drawing (`values`: size×size ink, 0–1, row-major) prepared as MNIST's digits were: its ink's bounding box
 * scaled to fit a 20×20 box (proportions kept; each input pixel is the mean of the drawing it covers) and
 * placed so that the ink's centre of mass is the centre of the 28×28 field. Null when there is no ink. */
export function prepareDrawing(values, size) {
  let [top, bottom, left, right, mass, my, mx] = [size, -1, size, -1, 0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = values[y * size + x];
      if (v <= 0) continue;
      [top, bottom, left, right] = [Math.min(top, y), Math.max(bottom, y), Math.min(left, x), Math.max(right, x)];
      mass += v;
      my += v * (y + 0.5);
      mx += v * (x + 0.5);
    }
  }
  if (mass === 0) return null;
  const scale = BOX / Math.max(bottom - top + 1, right - left + 1);
  const ys = overlaps(top, bottom, my / mass, scale);
  const xs = overlaps(left, right, mx / mass, scale);
  const rows = new Float64Array((bottom - top + 1) * SIDE); // the drawing's rows, scaled across
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const v = values[y * size + x];
      if (v > 0) for (const [j, w] of xs[x - left]) rows[(y - top) * SIDE + j] += v * w;
    }
  }
  const out = new Float64Array(SIDE * SIDE);
  for (let y = top; y <= bottom; y++) {
    for (const [i, w] of ys[y - top]) {
      for (let j = 0; j < SIDE; j++) out[i * SIDE + j] += w * rows[(y - top) * SIDE + j];
    }
  }
  return out.map((v) => Math.min(1, v));
}

/** The field moved `dx` pixels right and `dy` down (negative: left, up), zero-filled, as
 * utils.transforms.shift_images moves a batch. */
export function shiftImage(image, dx, dy) {
  const out = new Float64Array(SIDE * SIDE);
  for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
    for (let x = Math.max(0, dx); x < Math.min(SIDE, SIDE + dx); x++) {
      out[y * SIDE + x] = image[(y - dy) * SIDE + x - dx];
    }
  }
  return out;
}
