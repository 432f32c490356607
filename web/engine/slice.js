// A 2-D slice through a model with more inputs than two, for the data view: two chosen features
// vary over a grid and every other feature is held at its training mean (raw units, as the rows
// are plotted). The worker builds the points and calls the session's predict(); the page never
// does per-pixel work. Pure functions over typed arrays, no engine: Node tests run them as they are.
// Not here: drawing (charts/dataplot.js), choosing the features (panels/data/).

/** Column means of x (rows x inputs, row-major), in float64; an empty x gives zeros. */
export function columnMeans(x, inputs) {
  const sums = new Float64Array(inputs);
  const rows = inputs > 0 ? Math.floor(x.length / inputs) : 0;
  for (let i = 0; i < rows; i++) for (let k = 0; k < inputs; k++) sums[k] += x[i * inputs + k];
  if (rows > 0) for (let k = 0; k < inputs; k++) sums[k] /= rows;
  return sums;
}

/**
 * The grid's points, (resolution^2) x inputs row-major: point r * resolution + c has feature
 * axes[0] = x0 + (x1 - x0) c / (res - 1), feature axes[1] = y0 + (y1 - y0) r / (res - 1) (row 0 at
 * the bottom), the others held[k]. The same points and float rounding as the engine's grid()
 * (core/train/session.cpp) for a 2-input model, so a slice of one is its grid.
 */
export function slicePoints({ inputs, axes, xRange, yRange, resolution, held }) {
  const [a, b] = axes;
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < inputs && b < inputs && a !== b)) {
    throw new RangeError(`slice axes must be two different features in [0, ${inputs - 1}], got ${a} and ${b}`);
  }
  const res = resolution;
  if (!(Number.isInteger(res) && res >= 2)) throw new RangeError(`slice resolution must be an integer >= 2, got ${res}`);
  // The engine takes the ranges as float32 (bindings/index.js floats()), then steps in double.
  const [x0, x1, y0, y1] = [xRange[0], xRange[1], yRange[0], yRange[1]].map(Math.fround);
  const pts = new Float32Array(res * res * inputs);
  for (let r = 0; r < res; r++) {
    const y = y0 + ((y1 - y0) * r) / (res - 1);
    for (let c = 0; c < res; c++) {
      const o = (r * res + c) * inputs;
      for (let k = 0; k < inputs; k++) pts[o + k] = held[k];
      pts[o + a] = x0 + ((x1 - x0) * c) / (res - 1);
      pts[o + b] = y;
    }
  }
  return pts;
}
