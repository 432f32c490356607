// The shared panels in both hosts: every test body here runs twice, against the page
// (dist/index.html with a link) and against a <descent-playground> element given the same link
// (tests/helpers/browser.mjs hostTest). Both hosts mount the same panels over the same controller,
// so the same selectors, the same numbers (equal to Node's engine) and the same behaviour must
// hold in each: training and the transport, charts and metrics, a lesson's race and landscape,
// divergence, a tampered link, a live learning rate, adding points, explain and the LR finder,
// and an export. Screenshots go to test-artifacts/hosts-*.png.
import assert from 'node:assert/strict';
import { artifacts, useHosts, hostTest, downloadOf } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';
import { LESSONS } from '../../web/lessons/lessons.js';

const descent = await loadDescent();
useHosts();

/** Every panel and control, so the element shows what the page shows. */
const ALL = {
  panels: 'caption,data,landscape,metrics,loss,grad,lr,race,explain,lrfinder,export',
  controls: 'play,step,epoch,reset,seed,speed,lr,points,log,smoothing,link',
};

function link(partial) {
  const { spec, issues } = normalizeSpec(partial, descent.registry());
  assert.deepEqual(issues, []);
  return { spec, hash: specToHash(spec) };
}

/** The Node engine's loss after n steps of spec. */
function nodeLoss(spec, n) {
  const s = descent.session(spec);
  s.run(n);
  const h = s.history();
  s.dispose();
  return h.loss[n - 1];
}

const status = (h) => h.page.evaluate(() => ({ ...__host().getElementById('status').dataset }));
const waitState = (h, states, timeout) => h.waitFor((l) => l.includes(__host().getElementById('status')?.dataset.state), [].concat(states), timeout);
const waitStep = (h, n, timeout) => h.waitFor((k) => Number(__host().getElementById('status')?.dataset.step) >= k, n, timeout);

const MOONS = { seed: 5, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0.2 }, model: { kind: 'mlp', hidden: [8], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.02 }, training: { batch_size: 16, epochs: 400 } };

const moons = link(MOONS);
hostTest('trains: Step and Epoch advance exactly, the loss is the engine\'s, charts and metrics draw', { hash: moons.hash, ...ALL }, async (h) => {
  await waitState(h, 'ready');
  // 160 training rows in batches of 16: an epoch is 10 steps.
  await h.$('#step').click();
  await waitStep(h, 1);
  await h.$('#epoch').click();
  await waitStep(h, 10);
  let s = await status(h);
  assert.equal(s.step, '10');
  assert.equal(s.epoch, '1');
  assert.equal(s.stepsPerEpoch, '10');
  assert.equal(Number(s.loss), nodeLoss(moons.spec, 10));
  // 10 steps a frame: the 4,000 steps take seconds, so Pause comes well before the end.
  await h.$('#speed').selectOption('10');
  await h.$('#play').click();
  await waitStep(h, 200);
  await h.$('#play').click();
  await waitState(h, 'paused');
  s = await status(h);
  assert.equal(Number(s.loss), nodeLoss(moons.spec, Number(s.step)));
  // The loss curve, the gradient norm and the metrics (with the validation rows) are drawn.
  await h.waitFor(() => __host().getElementById('metrics')?.dataset.validationAccuracy !== undefined);
  assert.equal(await h.$('#loss-chart canvas').count(), 1);
  assert.equal(await h.$('#grad-chart canvas').count(), 1);
  assert.match(await h.$('#loss-chart').getAttribute('aria-label'), /training [\d.]+ at step \d+, validation [\d.]+ after epoch \d+/);
  assert.ok(await h.$('.confusion').count() >= 1);
  assert.equal(await h.$('#play .label').textContent(), 'Play');
  assert.match(await h.$('#status-text').textContent(), /^epoch \d+ \/ 400 · step [\d,]+ \/ 4,000 · [\d,]+ samples seen · loss \d/);
  await h.page.screenshot({ path: `${artifacts}/hosts-trained-${h.kind}.png`, fullPage: true });
  // Reset: the chart is empty, and so is what it says to a screen reader (no numbers of the old run).
  await h.$('#reset').click();
  await h.waitFor(() => __host().getElementById('status').dataset.step === '0' && __host().getElementById('status').dataset.state === 'ready');
  await h.waitFor(() => !/\d/.test(__host().getElementById('loss-chart').getAttribute('aria-label')));
  assert.deepEqual(h.page.problems, []);
});

const lesson = LESSONS.find((l) => l.id === 'momentum-valley');
hostTest('a lesson with a race: its caption, every run trains, the landscape draws every path', { hash: '#lesson=momentum-valley', steps: 30, ...ALL }, async (h) => {
  await h.waitFor(() => [...__host().querySelectorAll('#race-table tbody tr')].length === 2 && [...__host().querySelectorAll('#race-table tbody tr')].every((r) => Number(r.dataset.steps) >= 30), null, 60000);
  assert.equal(await h.$('#lesson-title').textContent(), `Lesson: ${lesson.title}`);
  assert.equal(await h.$('#lesson-caption').textContent(), lesson.caption);
  assert.match(await h.$('#lesson-banner .hint').textContent(), /all 2 runs train side by side/);
  // The landscape is the function's surface with both runs' paths.
  await h.waitFor(() => __host().getElementById('landscape')?.dataset.ready === 'true' && __host().getElementById('landscape').dataset.mode === 'function');
  await h.waitFor(() => ['pathA', 'pathB'].every((k) => __host().getElementById('landscape').dataset[k]?.startsWith('[')));
  // Run A is the lesson's spec; its f after 30 steps is the engine's.
  const { spec } = normalizeSpec(lesson.spec, descent.registry());
  const rows = await h.page.evaluate(() => [...__host().querySelectorAll('#race-table tbody tr')].map((t) => ({ ...t.dataset })));
  assert.equal(Number((await status(h)).loss), nodeLoss(spec, 30));
  assert.equal(rows[0].steps, '30');
  assert.equal(rows[1].steps, '30');
  assert.notEqual(rows[0].finalLoss, rows[1].finalLoss);
  // Changing the setup says so; "Start over" brings the lesson's back.
  await h.$('#live-lr').fill('0.02');
  await h.$('#live-lr').press('Enter');
  await h.waitFor(() => /changed the setup/.test(__host().getElementById('lesson-banner').textContent));
  await h.$('#lesson-restart').click();
  await h.waitFor((lr) => !/changed the setup/.test(__host().getElementById('lesson-banner').textContent) && __host().getElementById('live-lr').value === lr, String(lesson.spec.optimizer.lr));
  await h.page.screenshot({ path: `${artifacts}/hosts-lesson-${h.kind}.png`, fullPage: true });
  assert.deepEqual(h.page.problems, []);
});

const diverging = link({ seed: 1, data: { source: 'synthetic', generator: 'line', samples: 100, noise: 0.1 }, preprocess: { normalize: 'none', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 10 }, training: { batch_size: 0, epochs: 2000 } });
hostTest('divergence stops the run with the engine\'s words and a one-click lr/10', { hash: diverging.hash, ...ALL }, async (h) => {
  await waitState(h, 'ready');
  await h.$('#play').click();
  await waitState(h, 'diverged');
  await h.$('#divergence').waitFor({ state: 'visible' });
  assert.match(await h.$('#divergence-message').textContent(), /diverged at step \d+/);
  assert.equal(await h.$('#try-lower-lr').textContent(), 'Try lr/10 (1)');
  await h.$('#try-lower-lr').click();
  await h.waitFor(() => __host().getElementById('live-lr').value === '1' && __host().getElementById('status').dataset.lr === '1');
  assert.deepEqual(h.page.problems, []);
});

hostTest('a tampered link is reported field by field, clamped, and shown as text', { hash: '#optimizer.kind=adam&optimizer.lr=100&data.generator=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&data.samples=-5', ...ALL }, async (h) => {
  await waitState(h, 'ready');
  const text = (await h.$('#notice-list li').allTextContents()).join('\n');
  for (const field of ['optimizer.lr', 'data.generator', 'data.samples']) assert.ok(text.includes(field), `${field} missing in:\n${text}`);
  assert.match(text, /"<img src=x onerror=alert\(1\)>" is not a known generator/);
  assert.equal(await h.$('#notice-list img').count(), 0);
  assert.equal(await h.$('#live-lr').inputValue(), '10');
  await h.$('#notice-close').click();
  assert.equal(await h.$('#notice').isVisible(), false);
  assert.deepEqual(h.page.dialogs, []);
  assert.deepEqual(h.page.problems, []);
});

const slow = link({ ...MOONS, training: { batch_size: 16, epochs: 100000 } });
hostTest('a new learning rate mid-run changes the running session (no reset)', { hash: slow.hash, ...ALL }, async (h) => {
  await waitState(h, 'ready');
  await h.$('#speed').selectOption('1');
  await h.$('#play').click();
  await waitStep(h, 10);
  await h.$('#live-lr').fill('0.005');
  await h.$('#live-lr').press('Enter');
  await h.waitFor(() => __host().getElementById('status').dataset.lr === '0.005');
  const s = await status(h);
  assert.ok(Number(s.step) >= 10, `the run started over: step ${s.step}`);
  assert.equal(s.state, 'running');
  await h.$('#play').click();
  await waitState(h, 'paused');
  assert.deepEqual(h.page.problems, []);
});

const few = link({ seed: 3, data: { source: 'synthetic', generator: 'moons', samples: 60, noise: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'mlp', hidden: [6], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.05 }, training: { batch_size: 16, epochs: 50 } });
hostTest('clicking the plot adds a point of the chosen class', { hash: few.hash, ...ALL }, async (h) => {
  await waitState(h, 'ready');
  await h.$('label[for=add-class-1]').click();
  const box = await h.$('#data-plot').boundingBox();
  await h.page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await h.waitFor(() => (document.getElementById('host')?.link ?? location.hash).includes('data.source=inline'));
  await waitState(h, 'ready');
  // The setup is now 61 drawn points, the last of class 1 (the link has them).
  const data = h.kind === 'page'
    ? await h.page.evaluate(() => location.hash)
    : await h.page.evaluate(() => document.getElementById('host').link);
  assert.match(data, /data\.source=inline/);
  const y = decodeURIComponent(data.split('data.y=')[1].split('&')[0]).split(',');
  assert.equal(y.length, 61);
  assert.equal(y[60], '1');
  assert.deepEqual(h.page.problems, []);
});

hostTest('explain shows the step\'s numbers; the LR finder suggests a learning rate', { hash: moons.hash, steps: 5, ...ALL }, async (h) => {
  await waitStep(h, 5);
  await h.waitFor(() => __host().getElementById('explain')?.dataset.atStep === '5');
  const ex = await h.page.evaluate(() => ({ ...__host().getElementById('explain').dataset }));
  assert.ok(Number.isFinite(Number(ex.g)) && Number.isFinite(Number(ex.step)), JSON.stringify(ex));
  await h.$('#lrf-run').dispatchEvent('click');   // (layout-independent: the explain card above may still be growing)
  await h.waitFor(() => __host().getElementById('lr-finder')?.dataset.suggestion);
  const suggestion = Number(await h.$('#lr-finder').getAttribute('data-suggestion'));
  assert.ok(suggestion > 1e-6 && suggestion < 1, `suggestion ${suggestion}`);
  assert.equal(await h.$('#lrf-chart canvas').count(), 1);
  assert.deepEqual(h.page.problems, []);
});

hostTest('the export card downloads the spec the engine trains', { hash: moons.hash, steps: 3, ...ALL }, async (h) => {
  await waitStep(h, 3);
  const dl = await downloadOf(h.page, () => h.$('#export-spec').click(), () => h.$('#export-status').textContent());
  assert.equal(dl.suggestedFilename(), 'descent-moons-spec.json');
  const text = await (await dl.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const exported = JSON.parse(text);
  assert.equal(exported.optimizer.kind, 'adam');
  assert.equal(exported.optimizer.lr, 0.02);
  assert.equal(exported.seed, 5);
  assert.deepEqual(h.page.problems, []);
});
