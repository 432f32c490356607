// The network diagram's painting budget (web/panels/network/graph.js), with no timing: the module
// alone in Chromium (served from the repository) on a canvas, with a clock the test moves. While
// unit grids arrive every 25 ms for 975 ms, the heatmaps are painted at most every PAINT_MS (at 0,
// 250, 500 and 750 ms: 4 paints, <= ceil(975 / 250) + 1), the last grid once its turn comes; the
// same numbers again (a copy), or a change in a unit the diagram does not show (the 25th of a
// 30-unit layer, inside the layer's range), paint and draw nothing; one shown unit changed repaints
// that unit alone; a new theme repaints every shown unit. Not here: the card in the page (network.test.mjs, offscreen.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage } from '../helpers/browser.mjs';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; }, { root: '.' });

test('heatmaps: painted at most every PAINT_MS, only what changed, nothing for the same numbers', async () => {
  const page = await openPage(browser, `${server.url}tests/e2e/fixtures/network-graph.html`);
  try {
    const r = await page.evaluate(async () => {
      const { NetworkGraph, PAINT_MS, MAX_DRAWN } = await import('/web/panels/network/graph.js');
      const canvas = document.getElementById('graph');
      let t = 0;
      const graph = new NetworkGraph(canvas, { now: () => t });
      const sizes = [2, 30, 5, 1];
      graph.setNetwork({ sizes, names: ['x', 'y'] });
      const res = 4;
      const layers = sizes.slice(1);
      const units = layers.reduce((a, b) => a + b, 0);
      // Grid k: unit u's cell c is sin(u + c + k) (each layer spans about [-1, 1] whatever k).
      const grid = (k) => Float64Array.from({ length: units * res * res }, (_, i) => Math.sin(Math.floor(i / (res * res)) + (i % (res * res)) + k));
      const out = { PAINT_MS, MAX_DRAWN };
      const paints = () => Number(canvas.dataset.heatPaints ?? 0);
      const draws = () => Number(canvas.dataset.draws ?? 0);
      for (let k = 0; k < 40; k++) {
        t = k * 25;
        graph.setUnits({ resolution: res, layers, values: grid(k) });
        graph.draw();   // as if a task ran after every message
      }
      out.during = paints();
      t = 1000;
      graph.draw();
      out.after = paints();
      // The same numbers again, as a copy, a second later: nothing painted, nothing drawn.
      const last = grid(39);
      const drawsBefore = draws();
      t = 2000;
      graph.setUnits({ resolution: res, layers, values: Float64Array.from(last) });
      graph.draw();
      out.same = { paints: paints() - out.after, draws: draws() - drawsBefore };
      // Unit 25 of layer 1 (not drawn: MAX_DRAWN per layer), inside the layer's range: nothing.
      const hidden = Float64Array.from(last);
      for (let c = 0; c < res * res; c++) hidden[24 * res * res + c] *= 0.5;
      t = 3000;
      graph.setUnits({ resolution: res, layers, values: hidden });
      graph.draw();
      out.hidden = { paints: paints() - out.after, draws: draws() - drawsBefore };
      // Unit 2 of layer 2 (drawn), inside its layer's range: one paint, of that unit alone.
      const one = Float64Array.from(hidden);
      const u = 30 + 1;
      for (let c = 0; c < res * res; c++) one[u * res * res + c] *= 0.5;
      t = 4000;
      graph.setUnits({ resolution: res, layers, values: one });
      graph.draw();
      out.one = { paints: paints() - out.after, units: Number(canvas.dataset.heatUnits), draws: draws() - drawsBefore };
      // A new theme: every shown unit (24 + 5 + 1) repainted, from the numbers it had.
      const before = { paints: paints(), draws: draws() };
      canvas.style.setProperty('--card', '#101820');
      graph.restyle();
      graph.draw();
      out.theme = { paints: paints() - before.paints, units: Number(canvas.dataset.heatUnits), draws: draws() - before.draws };
      // The same weights (a copy) give no draw either; other weights do.
      const params = Float64Array.from({ length: 2 * 30 + 30 + 30 * 5 + 5 + 5 + 1 }, (_, i) => Math.cos(i));
      graph.setParams(params);
      graph.draw();
      const withParams = draws();
      graph.setParams(Float64Array.from(params));
      graph.draw();
      out.sameParams = draws() - withParams;
      const moved = Float64Array.from(params);
      moved[0] += 1;
      graph.setParams(moved);
      graph.draw();
      out.newParams = draws() - withParams;
      return out;
    });
    assert.equal(r.PAINT_MS, 250);
    assert.equal(r.MAX_DRAWN, 24);
    // 40 grids over 975 ms: paints at 0, 250, 500 and 750 ms; the grid of 975 ms waits for 1000.
    assert.equal(r.during, 4);
    assert.ok(r.during <= Math.ceil(975 / r.PAINT_MS) + 1);
    assert.equal(r.after, 5);
    assert.deepEqual(r.same, { paints: 0, draws: 0 });
    assert.deepEqual(r.hidden, { paints: 0, draws: 0 });
    assert.deepEqual(r.one, { paints: 1, units: 1, draws: 1 });
    assert.deepEqual(r.theme, { paints: 1, units: 24 + 5 + 1, draws: 1 });
    assert.equal(r.sameParams, 0);
    assert.equal(r.newParams, 1);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
