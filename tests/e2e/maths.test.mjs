// Typeset maths in Chromium, in both hosts (the page and the element's shadow DOM), under the strict
// CSP (style-src 'self'): the settings' formulas, the help card's and "Explain this step"'s lines
// (with the step's numbers) are MathML (math elements with mrow, mfrac, msqrt ...), each with its
// plain form as alttext and title, and no securitypolicyviolation is reported while they render
// (a listener in the page; a deliberate inline style at the end proves it hears violations).
// Screenshots: test-artifacts/maths/*.png. Not here: what the formulas say (the registry's tests).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { artifacts, hostTest, useHosts } from '../helpers/browser.mjs';

useHosts();
const dir = `${artifacts}maths/`;
mkdirSync(dir, { recursive: true });

// In the page: start hearing CSP violations (document-wide: shadow roots report to it as well).
const listen = (h) => h.page.evaluate(() => {
  window.cspSeen = [];
  document.addEventListener('securitypolicyviolation', (e) => window.cspSeen.push(`${e.violatedDirective}: ${e.sample || e.blockedURI}`));
});

// Every <math> inside `css` of the playground: its tags, alttext and the title of its box.
const maths = (h, css) => h.page.evaluate((sel) => [...__host().querySelectorAll(sel)].flatMap((node) => [...node.querySelectorAll('math')]).map((m) => ({
  tags: [...new Set([...m.querySelectorAll('*')].map((x) => x.localName))],
  alt: m.getAttribute('alttext') ?? '', title: m.parentElement?.title ?? '', ns: m.namespaceURI, styled: !!m.querySelector('[style]') && [...m.querySelectorAll('[style]')].map((x) => x.getAttribute('style')),
})), css);

hostTest('formulas render as MathML with no CSP violation', { hash: '#data.generator=moons&optimizer.kind=adam&model.hidden=4', panels: 'optimizer,loss-function,explain,help', controls: 'step,reset' }, async (h) => {
  await h.waitFor(() => __host().getElementById('status')?.dataset.state === 'ready');
  await listen(h);

  // The settings: the optimizer's and the loss's formulas, typeset.
  await h.waitFor(() => __host().querySelectorAll('.formula math').length >= 2);
  const settings = await maths(h, '.formula');
  assert.ok(settings.length >= 2);
  for (const m of settings) {
    assert.equal(m.ns, 'http://www.w3.org/1998/Math/MathML');
    assert.ok(m.tags.includes('mrow') || m.tags.includes('mi'), m.tags.join(' '));
    assert.ok(m.alt.length > 0 && m.alt === m.title, `alttext "${m.alt}" / title "${m.title}"`);
  }
  // Adam's update has a fraction and a square root.
  assert.ok(settings.some((m) => m.tags.includes('mfrac') && m.tags.includes('msqrt')), JSON.stringify(settings.map((m) => m.tags)));

  // Help: focus a control, its formula shows typeset.
  await h.$('#optimizer-kind').focus();
  await h.waitFor(() => __host().querySelector('#help-body math'));
  const help = await maths(h, '#help-body');
  assert.ok(help[0].tags.includes('msqrt') && /sqrt/.test(help[0].alt), JSON.stringify(help));

  // Explain: one step, the lines with the step's numbers typeset (the card on screen: off screen
  // it typesets nothing, see offscreen.test.mjs).
  await h.$('[data-control="step"], #step').first().click();
  await h.$('#explain').scrollIntoViewIfNeeded();
  await h.waitFor(() => __host().querySelector('#explain')?.dataset.mHat !== undefined && __host().querySelectorAll('#explain .explain-lines math').length >= 6);
  const ex = await maths(h, '#explain .explain-lines');
  const g = await h.page.evaluate(() => Number(__host().querySelector('#explain').dataset.g));
  assert.ok(Number.isFinite(g));
  // The gradient's number is in the first line, as the plain form prints it (4 significant digits).
  const shown = Math.abs(g) < 1e-3 ? g.toExponential(2) : String(Number(g.toPrecision(4)));
  assert.ok(ex.some((m) => m.alt.includes(shown)), `${shown} in ${ex.map((m) => m.alt).join(' | ')}`);
  assert.ok(ex.some((m) => m.tags.includes('mfrac')), 'a fraction among the lines');

  assert.deepEqual(await h.page.evaluate(() => window.cspSeen), [], 'CSP violations while typesetting');
  assert.deepEqual(h.page.problems, []);
  if (h.kind === 'page') {
    await h.page.locator('#col-model').screenshot({ path: `${dir}settings-formulas.png` });
    await h.page.locator('#explain').screenshot({ path: `${dir}explain-numbers.png` });
    await h.page.locator('#help').screenshot({ path: `${dir}help.png` });
  } else {
    await h.page.locator('#host').screenshot({ path: `${dir}element.png` });
  }
  // The listener hears a violation: an inline style attribute is refused and reported.
  await h.page.evaluate(() => { __host().querySelector('.formula').setAttribute('style', 'color: red'); });
  await h.waitFor(() => window.cspSeen.length > 0, null, 5000);
});
