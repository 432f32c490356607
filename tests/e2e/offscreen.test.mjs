// The live cards draw only on screen (web/views/onscreen.js, issue 21's "no long tasks with the
// network view open"): while training with the network card and the explain card scrolled out of
// view, their numbers keep arriving (data-net-step, data-at-step advance) but the network canvas is
// not drawn (its data-draws count holds) and the explain lines are not typeset again (data-typesets
// holds); scrolled into view, both catch up with the latest numbers. Counts, never timings.
// Not here: what the cards show (network.test.mjs, maths.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage } from '../helpers/browser.mjs';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });

const read = (page) => page.evaluate(() => {
  const net = document.getElementById('network');
  const ex = document.getElementById('explain');
  return {
    netStep: Number(net.dataset.netStep ?? -1),
    draws: Number(net.querySelector('.network-canvas').dataset.draws ?? 0),
    atStep: Number(ex.dataset.atStep ?? -1),
    typesets: Number(ex.querySelector('.explain-lines').dataset.typesets ?? 0),
    lines: [...ex.querySelectorAll('.explain-lines math')].map((m) => m.getAttribute('alttext')).join(' ; '),
    g: ex.dataset.g,
  };
});

// Two animation frames: whatever was asked to draw has drawn.
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('off screen, the network view and the explain card keep their numbers but do not draw; back on screen they catch up', async () => {
  const page = await openPage(browser, `${server.url}#data.generator=moons&model.hidden=6,4&model.activation=tanh`);
  try {
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 60000 });
    // Both cards sit below the fold at 1280x900 (the network card last); the top of the page in view.
    await page.evaluate(() => window.scrollTo(0, 0));
    const below = await page.evaluate(() => ['network', 'explain'].map((id) => document.getElementById(id).getBoundingClientRect().top - window.innerHeight));
    assert.ok(below.every((d) => d > 400), `both cards well below the viewport: ${below}`);
    await page.selectOption('#speed', '10');
    await page.click('#play');
    // Numbers arrive while off screen: the network's step and the explained step move on.
    await page.waitForFunction(() => Number(document.getElementById('network')?.dataset.netStep) > 0 && Number(document.getElementById('explain')?.dataset.atStep) > 0, null, { timeout: 60000 });
    await settle(page);
    const a = await read(page);
    await page.waitForFunction((s) => Number(document.getElementById('network').dataset.netStep) > s.netStep + 200
      && Number(document.getElementById('explain').dataset.atStep) > s.atStep + 200, a, { timeout: 60000 });
    await settle(page);
    const b = await read(page);
    assert.ok(b.netStep > a.netStep && b.atStep > a.atStep, 'updates kept arriving');
    assert.equal(b.draws, a.draws, `the network canvas was drawn ${b.draws - a.draws} times while off screen`);
    assert.equal(b.typesets, a.typesets, `the explain lines were typeset ${b.typesets - a.typesets} times while off screen`);
    // Paused, then scrolled into view: one catch-up each, with the latest numbers.
    await page.click('#play');
    await page.waitForFunction(() => document.getElementById('play')?.getAttribute('aria-pressed') === 'false');
    await page.evaluate(() => document.getElementById('explain').scrollIntoView({ block: 'start' }));
    await page.waitForFunction((t) => Number(document.querySelector('#explain .explain-lines').dataset.typesets ?? 0) > t, b.typesets, { timeout: 10000 });
    await page.evaluate(() => document.getElementById('network').scrollIntoView({ block: 'start' }));
    await page.waitForFunction((d) => Number(document.querySelector('#network .network-canvas').dataset.draws ?? 0) > d, b.draws, { timeout: 10000 });
    await settle(page);
    const c = await read(page);
    // The typeset lines (their plain form, the MathML's alttext) carry the explained gradient of the
    // last step (the card's data-g, as the engine sent it), to the 4 significant digits they print.
    const g = Number(c.g);
    assert.ok(Number.isFinite(g) && g !== 0, `data-g ${c.g}`);
    const shown = [...c.lines.matchAll(/\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));
    assert.ok(shown.some((v) => Math.abs(v - Math.abs(g)) <= 1e-3 * Math.abs(g)), `the lines show |g| = ${Math.abs(g)}: ${c.lines.slice(0, 400)}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
