// The chain rule of one sample (session.chainRule, the explain card's first part) against a scalar
// reference written here: a small MLP forward pass in double and central differences of one row's
// MSE loss for every parameter, for a 1-1-1 sigmoid and a 2-3-1 tanh network; the card's lines
// (views/explain-lines.js chainLines): the product's factors multiply to the engine's gradient and
// are the reference's numbers, the delta form for a wider later layer, TeX that Temml typesets,
// and the messages for a bad row or a test function.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import temml from 'temml';
import { loadDescent } from '../../bindings/index.js';
import { chainLines } from '../../web/views/explain-lines.js';

let d;
before(async () => { d = await loadDescent(); });

const ACT = { sigmoid: (z) => 1 / (1 + Math.exp(-z)), tanh: Math.tanh, linear: (z) => z };

/** One row through an MLP (PyTorch layout: per layer W (out, in) then b), in double: the output vector. */
function forward(w, sizes, act, x) {
  let h = x;
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [n, m] = [sizes[l], sizes[l + 1]];
    const out = [];
    for (let j = 0; j < m; j++) {
      let z = w[at + n * m + j];
      for (let k = 0; k < n; k++) z += w[at + j * n + k] * h[k];
      out.push(l + 2 < sizes.length ? ACT[act](z) : z);   // the output layer is linear (MSE)
    }
    at += n * m + m;
    h = out;
  }
  return h;
}
const rowLoss = (w, sizes, act, x, y) => (forward(w, sizes, act, x)[0] - y) ** 2;

function checkNetwork(spec, sizes, act, rows, ys) {
  const s = d.session(spec);
  try {
    s.run(2);
    const w = Array.from(s.params());
    for (let r = 0; r < rows.length; r++) {
      for (let i = 0; i < w.length; i++) {
        const c = s.chainRule(r, i);
        const h = 1e-5;
        const up = w.slice(); up[i] += h;
        const down = w.slice(); down[i] -= h;
        const numeric = (rowLoss(up, sizes, act, rows[r], ys[r]) - rowLoss(down, sizes, act, rows[r], ys[r])) / (2 * h);
        const where = `row ${r}, parameter ${i}: engine ${c.grad}, differences ${numeric}`;
        assert.ok(Math.abs(c.grad - numeric) <= 1e-4 * Math.max(1, Math.abs(numeric)), where);
        assert.ok(Math.abs(c.loss - rowLoss(w, sizes, act, rows[r], ys[r])) <= 1e-5 * Math.max(1, c.loss), `loss, ${where}`);
        assert.ok(Math.abs(c.prediction[0] - forward(w, sizes, act, rows[r])[0]) <= 1e-5, `prediction, ${where}`);
        const lines = chainLines(c, { batch: s.batchSize });
        for (const l of lines.lines) temml.renderToString(l.tex, { throwOnError: true });
        if (lines.factors) {
          const product = lines.factors.reduce((a, f) => a * f.value, 1);
          assert.ok(Math.abs(product - numeric) <= 1e-4 * Math.max(1, Math.abs(numeric)), `product ${product}, ${where}`);
          assert.ok(lines.lines.some((l) => l.eq.startsWith('∂L/∂') && l.eq.includes(lines.factors.map((f) => f.plain).join(' · '))), where);
        }
      }
    }
  } finally { s.dispose(); }
}

test('a 1-1-1 sigmoid network: every parameter of every row against central differences, the product of the factors', () => {
  const rows = [[-1], [0.5], [2]], ys = [0.2, 1, -0.5];
  checkNetwork({
    data: { source: 'inline', x: rows, y: ys }, preprocess: { normalize: 'none', validation_split: 0 },
    model: { kind: 'mlp', hidden: [1], activation: 'sigmoid', params: [0.8, -0.3, 1.7, 0.2] }, loss: { kind: 'mse' },
    optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 5 },
  }, [1, 1, 1], 'sigmoid', rows, ys);
});

test('a 2-3-1 tanh network: every parameter of every row against central differences', () => {
  const rows = [[0.5, -1], [1, 2], [-1.5, 0.25], [2, 1]], ys = [0.3, -0.7, 1.2, 0.1];
  checkNetwork({
    seed: 5, data: { source: 'inline', x: rows, y: ys }, preprocess: { normalize: 'none', validation_split: 0 },
    model: { kind: 'mlp', hidden: [3], activation: 'tanh', init: 'xavier_normal' }, loss: { kind: 'mse' },
    optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 2, epochs: 5 },
  }, [2, 3, 1], 'tanh', rows, ys);
});

test('the 1-1-1 product line names its factors in the order of the chain rule', () => {
  const s = d.session({
    data: { source: 'inline', x: [[2]], y: [1] }, preprocess: { normalize: 'none', validation_split: 0 },
    model: { kind: 'mlp', hidden: [1], activation: 'sigmoid', params: [0.5, -0.5, 1.5, 0.25] }, loss: { kind: 'mse' },
    optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 5 },
  });
  try {
    const c = chainLines(s.chainRule(0, 0), { batch: 1 });
    // dL/dW1 = dL/dy * W2 * sigma'(z1) * x: the output is linear (no factor), x = 2, W2 = 1.5.
    assert.deepEqual(c.factors.map((f) => f.plain), ['∂L/∂ŷ', 'W2[0][0]', "σ'(z1[0])", 'x[0]']);
    const h = 1 / (1 + Math.exp(-0.5)), yhat = 1.5 * h + 0.25;
    const want = [2 * (yhat - 1), 1.5, h * (1 - h), 2];
    c.factors.forEach((f, k) => assert.ok(Math.abs(f.value - want[k]) <= 1e-6, `${f.plain}: ${f.value} vs ${want[k]}`));
    assert.match(c.mean, /batch of 1 row/);
    assert.match(chainLines(s.chainRule(0, 0), { batch: 8 }).mean, /mean of such gradients over its mini-batch of 8 rows/);
    // A bias has no input factor.
    assert.deepEqual(chainLines(s.chainRule(0, 1)).factors.map((f) => f.plain), ['∂L/∂ŷ', 'W2[0][0]', "σ'(z1[0])"]);
  } finally { s.dispose(); }
});

test('a wider later layer: the delta lines instead of one product, with the engine\'s numbers', () => {
  const s = d.session({
    seed: 2, data: { source: 'inline', x: [[0.5, -1], [1, 2], [-1, 0.5]], y: [0, 1, 2] }, preprocess: { normalize: 'none', validation_split: 0 },
    model: { kind: 'mlp', hidden: [3, 2], activation: 'tanh', init: 'xavier_normal' }, loss: { kind: 'cce' },
    optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 5 },
  });
  try {
    const c = s.chainRule(1, 4);   // layer 1, W[2][0]
    assert.equal(c.product, false);
    const out = chainLines(c);
    assert.equal(out.factors, null);
    for (const l of out.lines) temml.renderToString(l.tex, { throwOnError: true });
    const sum = c.next.reduce((a, w, m) => a + w * c.layers[1].delta[m], 0);
    assert.ok(Math.abs(c.layers[0].dact[2] * sum - c.layers[0].delta[2]) <= 1e-6);
    assert.ok(out.lines.some((l) => l.eq.startsWith('δ1[2] = tanh\'(z1[2]) · Σ_m W2[m][2] δ2[m]')));
    assert.ok(Math.abs(c.grad - c.layers[0].delta[2] * c.x[0]) <= 1e-7);
  } finally { s.dispose(); }
});

test('a row past the last, a fractional row, and a test function are refused with a message naming the argument', () => {
  const s = d.session({ data: { source: 'inline', x: [[1], [2], [3]], y: [0, 1, 2] }, preprocess: { normalize: 'none', validation_split: 0 }, model: { kind: 'mlp', hidden: [2] } });
  try {
    assert.throws(() => s.chainRule(3, 0), /sample must be an integer in \[0, 2\], got 3/);
    assert.throws(() => s.chainRule(0.5, 0), /sample/);
    assert.throws(() => s.chainRule(0, 7), /i must be an integer in \[0, 6\]/);
  } finally { s.dispose(); }
  const f = d.session({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 0.01 } });
  try { assert.throws(() => f.chainRule(0, 0), /test function has no layers/); } finally { f.dispose(); }
});
