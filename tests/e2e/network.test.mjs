// The network view in headless Chromium: on the vanishing-gradients lesson the first layer's
// gradient norm (the card's data attributes) is over 100x below the output layer's, and both equal
// the engine's numbers from Node for the same spec and step; on moons the neurons carry heatmaps,
// the keyboard walks neurons and links and the read-out gives the value and gradient the engine
// reports; axe finds no serious or critical problem in the card or in the typeset help; the
// element shows it by name `network`. Screenshots: test-artifacts/maths/network-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { artifacts, openHost, useHosts } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { lesson } from '../../web/lessons/lessons.js';
import { hashToSpec } from '../../web/state.js';
import { splitHash } from '../../web/app/link.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const dir = `${artifacts}maths/`;
mkdirSync(dir, { recursive: true });

let server;
let browser;
useHosts((s, b) => { server = s; browser = b; });
const descent = await loadDescent();

const card = (h) => h.page.evaluate(() => ({ ...__host().getElementById('network')?.dataset }));

test('vanishing gradients: the first layer\'s gradient is over 100x below the last\'s, as the engine computes it', async () => {
  const h = await openHost('page', browser, server, { hash: '#lesson=vanishing-gradients' });
  try {
    await h.waitFor(() => __host().getElementById('status')?.dataset.state === 'ready' || Number(__host().getElementById('status')?.dataset.step) > 0);
    if (await h.page.evaluate(() => __host().getElementById('play')?.getAttribute('aria-pressed') !== 'true')) await h.$('#play').click();
    await h.waitFor(() => Number(__host().getElementById('network')?.dataset.gradStep) >= 100, null, 60000);
    await h.$('#play').click();   // pause, so the screenshot and the numbers hold still
    await h.waitFor(() => __host().getElementById('play')?.getAttribute('aria-pressed') === 'false');
    const d = await card(h);
    const step = Number(d.gradStep);
    const norms = d.layerGrad.split(',').map(Number);
    assert.equal(norms.length, 7);
    assert.equal(Number(d.layers), 7);
    assert.equal(Number(d.gradFirst), norms[0]);
    assert.equal(Number(d.gradLast), norms[6]);
    assert.ok(norms[0] > 0 && norms[6] / norms[0] >= 100, `first ${norms[0]}, last ${norms[6]}`);
    // The engine in Node, the same spec and step: the same numbers.
    const s = descent.session(lesson('vanishing-gradients').spec);
    s.run(step);
    const hist = s.history();
    assert.equal(hist.stride, 1);
    for (let l = 0; l < 7; l++) {
      const want = hist.layerGradNorm[l][step - 1];
      assert.ok(Math.abs(norms[l] - want) <= 1e-6 * want, `layer ${l + 1} at step ${step}: page ${norms[l]}, Node ${want}`);
    }
    s.dispose();
    await h.page.locator('#network').screenshot({ path: `${dir}network-vanishing.png` });
    assert.deepEqual(h.page.problems, []);
  } finally {
    await h.page.context().close();
  }
});

test('moons: heatmaps, keyboard read-out with the engine\'s weight and gradient, axe clean', async () => {
  const h = await openHost('page', browser, server, { hash: '#data.generator=moons&model.hidden=6,4&model.activation=tanh', steps: 40 });
  try {
    await h.waitFor(() => Number(__host().getElementById('network')?.dataset.netStep) >= 40);
    // Keyboard: focus the diagram (input 1), right to layer 1 unit 1, ] to its first incoming link.
    await h.$('#network .network-canvas').focus();
    await h.page.keyboard.press('ArrowRight');
    let text = await h.$('#network-readout').textContent();
    assert.match(text, /^layer 1 unit 1: bias -?[\d.e-]+, gradient -?[\d.e-]+\.$/);
    await h.page.keyboard.press(']');
    text = await h.$('#network-readout').textContent();
    const m = text.match(/→ layer 1 unit 1: weight (\S+), gradient (\S+)\.$/);
    assert.ok(m, text);
    // The same weight from the engine: parameter 0 (layer 1, unit 1, input 1) after 40 steps.
    // (the page's spec as its link holds it, with the seed it drew)
    const spec = hashToSpec(splitHash(await h.page.evaluate(() => location.hash)).specHash, descent.registry()).spec;
    assert.deepEqual(spec.model.hidden, [6, 4]);
    const s = descent.session(spec);
    s.run(40);
    const w = s.params()[0];
    assert.ok(Math.abs(Number(m[1]) - w) <= 1e-3 * (1 + Math.abs(w)), `read-out ${m[1]}, engine ${w}`);
    s.dispose();
    // Every unit has a heatmap: the canvas is not blank where the neurons are (a crude check: many colours).
    const colours = await h.page.evaluate(() => {
      const c = __host().querySelector('#network .network-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const set = new Set();
      for (let i = 0; i < d.length; i += 4 * 7) set.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return set.size;
    });
    assert.ok(colours > 200, `${colours} colours`);
    // Help with a typeset formula, then axe on the card and the help.
    await h.$('#optimizer-kind').focus();
    await h.waitFor(() => __host().querySelector('#help-body math'));
    await h.page.evaluate(AXE);
    const found = await h.page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run({ include: [['#network'], ['#help'], ['#col-model']] }, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
    });
    assert.deepEqual(found.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], JSON.stringify(found));
    await h.page.locator('#network').screenshot({ path: `${dir}network-moons.png` });
    assert.deepEqual(h.page.problems, []);
  } finally {
    await h.page.context().close();
  }
});

test('the element shows the network view by name', async () => {
  const h = await openHost('element', browser, server, { hash: '#data.generator=moons', panels: 'network', steps: 10, name: 'network-element' });
  try {
    await h.waitFor(() => Number(__host().getElementById('network')?.dataset.gradStep) >= 10 && Number(__host().getElementById('network')?.dataset.netStep) >= 10);
    const d = await card(h);
    assert.ok(Number(d.layers) >= 1);
    assert.equal(d.layerGrad.split(',').length, Number(d.layers));
    assert.deepEqual(h.page.problems, []);
  } finally {
    await h.page.context().close();
  }
});
