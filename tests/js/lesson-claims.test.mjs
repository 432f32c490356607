// Every lesson's claim (web/lessons/lessons.js `claims`) recomputed through the engine in Node with
// the one evaluator the page uses (web/lessons/claims.js): a lesson whose caption is not true of its
// own runs fails here. Also the evaluator itself on hand-made records (path length of a 3-4-5 walk,
// steps to a target, recall from a confusion matrix), and the mutation issue 18 asks for: swapping
// two runs' optimizers (or, for large-batch, batch sizes) makes the claims fail. Not here: the page
// (tests/e2e/lessons.test.mjs).
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { LESSONS, lesson } from '../../web/lessons/lessons.js';
import { recordOf, checkClaim, checkLesson, describeClaim, measure, stepsTo, finalValue, answerExercise, KINDS } from '../../web/lessons/claims.js';
import { trainLesson, lessonRuns, layerGradNorms } from '../../web/lessons/records.js';
import { percent } from '../../web/charts/format.js';

let descent;
before(async () => {
  descent = await loadDescent();
});

test('the evaluator on hand-made records', () => {
  // A walk (0,0) -> (3,4) -> (3,0): lengths 5 + 4 = 9; the loss halves every step from 8.
  const a = recordOf({ name: 'A', functionMode: true, status: 'done', steps: 4, loss: [8, 4, 2, 1], path: { points: [0, 0, 3, 4, 3, 0], values: [8, 4, 0.5] } });
  const b = recordOf({ name: 'B', functionMode: true, status: 'done', steps: 4, loss: [8, 8, 8, 8], path: { points: [0, 0, 1, 0], values: [8, 8] } });
  assert.equal(measure(a, { measure: 'pathLength' }), 9);
  assert.equal(measure(b, { measure: 'pathLength' }), 1);
  // f now is the path's last value, not the last history point (the history holds f at the start of a step).
  assert.equal(finalValue(a), 0.5);
  // Point j of the history is the loss at the start of step j + 1: 2 <= 2.5 first at step 3.
  assert.equal(stepsTo(a, 2.5), 3);
  assert.equal(stepsTo(b, 2.5), null);
  const r = checkClaim({ kind: 'reaches', run: 'A', fraction: 0.25, withinStepsOf: { run: 'B', factor: 0.5 } }, [a, b]);
  assert.equal(r.ok, true);
  assert.match(r.text, /A reached 25% of its start .* after 3 steps; B never did/);
  assert.equal(checkClaim({ kind: 'less', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 0.1 } }, [a, b]).ok, false);
  assert.equal(checkClaim({ kind: 'less', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 0.2 } }, [a, b]).ok, true);
  assert.equal(checkClaim({ kind: 'near', run: 'A', measure: 'end', value: [3, 0.05], within: 0.1 }, [a, b]).ok, true);
  assert.equal(checkClaim({ kind: 'near', run: 'A', measure: 'end', value: [3, 0.2], within: 0.1 }, [a, b]).ok, false);
  assert.equal(checkClaim({ kind: 'lossRises', run: 'B' }, [a, b]).ok, false);
  // Recall of class 1 from a confusion matrix (rows: true class): 24 of 27.
  const c = recordOf({ name: 'C', loss: [1], metrics: { train: { accuracy: 0.9, confusion: [[271, 2], [3, 24]] }, validation: { accuracy: 0.75 } } });
  assert.equal(measure(c, { measure: 'recall', class: 1 }), 24 / 27);
  // Validation accuracy is the held-out rows', not the training rows'.
  assert.equal(measure(c, { measure: 'validationAccuracy' }), 0.75);
  // Same losses to a tolerance.
  const d = recordOf({ name: 'D', loss: [1, 0.5] });
  const e = recordOf({ name: 'E', loss: [1, 0.5000001] });
  assert.equal(checkClaim({ kind: 'same', runs: ['D', 'E'], tolerance: 1e-6 }, [d, e]).ok, true);
  assert.equal(checkClaim({ kind: 'same', runs: ['D', 'E'], tolerance: 1e-8 }, [d, e]).ok, false);
  // A claim the records cannot answer says so (ok null), and a bad claim is an error, not a pass.
  assert.equal(checkClaim({ kind: 'less', run: 'D', measure: 'accuracy', than: 0.5 }, [d, e]).ok, null);
  assert.throws(() => checkClaim({ kind: 'nope', run: 'D' }, [d]), /unknown kind/);
  assert.throws(() => checkClaim({ kind: 'lossRises', run: 'Z' }, [d]), /no run Z/);
  // A fitted line y = 2x + 1.5 against the true y = 2x + 1: 0.5 away everywhere.
  const f = recordOf({ name: 'F', loss: [1], curve: { x: [-1, 0, 1], y: [-0.5, 1.5, 3.5] } });
  assert.equal(measure(f, { measure: 'lineError', truth: [2, 1] }), 0.5);
  // A boundary's normal w = (1, 1): 45 degrees; w = (0, -2): -90.
  const g = recordOf({ name: 'G', loss: [1], weights: [1, 1, 7] });
  const h = recordOf({ name: 'H', loss: [1], weights: [0, -2, 7] });
  assert.equal(measure(g, { measure: 'boundaryAngle' }), 45);
  assert.equal(checkClaim({ kind: 'differs', runs: ['G', 'H'], measure: 'boundaryAngle', by: 134 }, [g, h]).ok, true);
  assert.equal(checkClaim({ kind: 'differs', runs: ['G', 'H'], measure: 'boundaryAngle', by: 136 }, [g, h]).ok, false);
  // Outputs -0.5, 0.5, 1.5 for labels 0, 1, 1: one in three inside [0, 1]; cross-entropy of
  // (clamped) 1e-7, 0.5, 1 - 1e-7: (-log(1 - 1e-7) - log 0.5 - log(1 - 1e-7)) / 3.
  const o = recordOf({ name: 'O', loss: [1], outputs: { y: [0, 1, 1], p: [-0.5, 0.5, 1.5] } });
  assert.equal(measure(o, { measure: 'outsideUnit' }), 2 / 3);
  assert.ok(Math.abs(measure(o, { measure: 'logLoss' }) - Math.log(2) / 3) < 1e-6);
  // The page's records lack weights and outputs: such claims are the Node test's (nodeOnly), ok null on the page.
  assert.equal(checkClaim({ kind: 'differs', runs: ['D', 'E'], measure: 'boundaryAngle', by: 1 }, [d, e]).ok, null);
  // Layer gradient norms in the PyTorch layout: W1 (2x1) = [3, 4], b1, W2 (1x2) = [0, 1], b2.
  assert.deepEqual(layerGradNorms([3, 4, 9, 9, 0, 1, 9], [1, 2, 1]), [5, 1]);
});

test('every lesson carries claims of known kinds naming its own runs, and its caption names every run', () => {
  for (const l of LESSONS) {
    assert.ok(l.claims?.length >= 1, `${l.id}: no claims`);
    const names = ['A', 'B', 'C', 'D', 'E', 'F'].slice(0, 1 + (l.runs ?? []).length);
    for (const c of l.claims) {
      assert.ok(KINDS[c.kind], `${l.id}: kind ${c.kind}`);
      for (const n of [c.run, ...(c.runs ?? []), c.than?.run, c.withinStepsOf?.run, c.before?.run].filter(Boolean)) assert.ok(names.includes(n), `${l.id}: claim names run ${n}`);
      assert.match(describeClaim(c), /^[A-F]('s)? \S.{4,}/, l.id);
    }
    // "(A)", "(B, learning rate 0.01)", "(B to D)": every run is named in the caption.
    const named = new Set();
    for (const m of l.caption.matchAll(/\(([A-F])(?: to ([A-F]))?[),]/g)) {
      for (let k = m[1].charCodeAt(0); k <= (m[2] ?? m[1]).charCodeAt(0); k++) named.add(String.fromCharCode(k));
    }
    assert.deepEqual([...named].sort(), names, `${l.id}: the caption names runs ${[...named]}`);
  }
});

test('every lesson\u2019s claim holds for its runs trained through the engine', () => {
  const failures = [];
  for (const l of LESSONS) {
    const records = trainLesson(descent, l);
    for (const r of checkLesson(l, records)) {
      if (r.ok !== true) failures.push(`${l.id}: ${describeClaim(r.claim)} -- ${r.text}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(descent.openSessions, 0);
});

test('swapping two runs\u2019 optimizers makes the lesson\u2019s claims fail (the claims can fail)', () => {
  for (const id of ['learning-rate', 'momentum-valley', 'nesterov', 'adaptive', 'saddle']) {
    const l = lesson(id);
    const runs = lessonRuns(l, descent.registry());
    const [a, b] = runs;
    const swapped = [{ name: 'A', spec: { ...a.spec, optimizer: b.spec.optimizer } }, { name: 'B', spec: { ...b.spec, optimizer: a.spec.optimizer } }, ...runs.slice(2)];
    const results = checkLesson(l, trainLesson(descent, l, { runs: swapped }));
    assert.ok(results.some((r) => r.ok === false), `${id}: every claim still holds with A and B swapped: ${results.map((r) => r.text).join('; ')}`);
  }
});

test('swapping two runs\u2019 losses and models makes the loss lessons\u2019 claims fail', () => {
  for (const id of ['robust-losses', 'bce-vs-hinge', 'loss-mismatch']) {
    const l = lesson(id);
    const runs = lessonRuns(l, descent.registry());
    const [a, b] = runs;
    const swapped = [{ name: 'A', spec: { ...a.spec, loss: b.spec.loss, model: b.spec.model } }, { name: 'B', spec: { ...b.spec, loss: a.spec.loss, model: a.spec.model } }, ...runs.slice(2)];
    const results = checkLesson(l, trainLesson(descent, l, { runs: swapped }));
    assert.ok(results.some((r) => r.ok === false), `${id}: every claim still holds with A and B swapped: ${results.map((r) => r.text).join('; ')}`);
  }
});

test('exercises: the answer is read from the runs\u2019 own numbers', () => {
  const fast = recordOf({ name: 'A', functionMode: true, status: 'done', steps: 3, loss: [10, 1, 0.01] });
  const slow = recordOf({ name: 'B', functionMode: true, status: 'done', steps: 3, loss: [10, 5, 2] });
  const ex = { question: 'Which run reaches the bottom first?', choices: [{ text: 'A', run: 'A' }, { text: 'B', run: 'B' }], answer: { kind: 'reaches', fraction: 0.01 } };
  assert.equal(answerExercise(ex, [fast, slow]).run, 'A');
  assert.equal(answerExercise(ex, [recordOf({ ...slow, name: 'A' }), recordOf({ ...fast, name: 'B' })]).run, 'B');
  const withExercise = LESSONS.filter((x) => x.exercise);
  assert.ok(withExercise.length >= 6, `${withExercise.length} lessons carry an exercise`);
  for (const l of withExercise) {
    const names = ['A', 'B', 'C', 'D', 'E', 'F'].slice(0, 1 + (l.runs ?? []).length);
    assert.ok(l.exercise.question.endsWith('?'), l.id);
    assert.ok(l.exercise.choices.length >= 2 && l.exercise.choices.every((c) => names.includes(c.run)), l.id);
    assert.ok(l.exercise.choices.some((c) => c.run === l.exercise.expect), l.id);
  }
  for (const l of withExercise) {
    const a = answerExercise(l.exercise, trainLesson(descent, l));
    assert.equal(a.run, l.exercise.expect, `${l.id}: the runs answer ${a.run}: ${a.text}`);
    assert.ok(l.exercise.why.length > 10, l.id);
  }
});

test('learning-rate: the caption\u2019s safe rate 2 / 2.6 = 0.77 is the data\u2019s (MSE Hessian of a line fit on [0, 1] inputs)', () => {
  // L = mean((w u + b - y)^2) with u = min-max scaled x: H = 2 [[mean u^2, mean u], [mean u, 1]].
  const l = lesson('learning-rate');
  const [{ spec }] = lessonRuns(l, descent.registry());
  assert.equal(spec.preprocess.normalize, 'minmax');
  const s = descent.session(spec);
  const x = Array.from(s.data().trainX);
  s.dispose();
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  const u = x.map((v) => (v - lo) / (hi - lo));
  const a = u.reduce((p, v) => p + v * v, 0) / u.length;
  const b = u.reduce((p, v) => p + v, 0) / u.length;
  const half = (a + 1) / 2;
  const lmax = 2 * (half + Math.sqrt(half * half - (a - b * b)));
  const lmin = 2 * (half - Math.sqrt(half * half - (a - b * b)));
  assert.ok(Math.abs(lmax - 2.6) < 0.05, `steepest curvature ${lmax}`);
  assert.ok(lmax / lmin > 10, `a long valley: curvatures ${lmax} and ${lmin}`);
  const rates = [l.spec.optimizer.lr, ...l.runs.map((r) => r['optimizer.lr'])];
  // A and B below the safe rate, C above it; the caption's 0.77.
  assert.ok(rates[0] < 2 / lmax && rates[1] < 2 / lmax && rates[2] > 2 / lmax, `rates ${rates}, safe ${2 / lmax}`);
  assert.equal(Math.round((2 / lmax) * 100) / 100, 0.77);
  assert.match(l.caption, /2 \/ 2\.6 = 0\.77/);
});

test('large-batch: the caption\u2019s numbers are its runs\u2019, and swapping the runs\u2019 batch sizes makes its claims fail', () => {
  const l = lesson('large-batch');
  const [a, b, c] = trainLesson(descent, l);
  // By hand: 400 rows, 30% held out: 280 training rows; batches of 16: ceil(280 / 16) = 18 steps a
  // pass (the last batch has 8 rows), 40 passes = 720 steps; the full batch: one step a pass.
  assert.equal(a.steps, 40);
  assert.equal(b.stepsPerEpoch, 18);
  assert.equal(b.steps, 40 * 18);
  assert.equal(c.steps, 720);
  assert.equal(l.runs[1]['training.epochs'], b.steps);
  const acc = (r) => percent(measure(r, { measure: 'validationAccuracy' }));
  assert.ok(l.caption.includes(`full batch of 280 rows (A) takes only ${a.steps} steps: its boundary still cuts across both rings and it stops at ${acc(a)} validation accuracy`), `A: ${a.steps} steps, ${acc(a)}`);
  assert.ok(l.caption.includes(`batches of 16 (B) take ${b.steps} steps, close a ring around the inner class and reach ${acc(b)}`), `B: ${b.steps} steps, ${acc(b)}`);
  assert.ok(l.caption.includes(`given ${c.steps} passes (C, ${b.stepsPerEpoch} times the computation) it closes the ring too and reaches ${acc(c)}`), `C: ${c.steps} steps, ${acc(c)}`);
  // The mutation: A trains in batches of 16 and B on the full batch.
  const runs = lessonRuns(l, descent.registry());
  const swapped = [
    { name: 'A', spec: { ...runs[0].spec, training: runs[1].spec.training } },
    { name: 'B', spec: { ...runs[1].spec, training: runs[0].spec.training } },
    runs[2],
  ];
  const results = checkLesson(l, trainLesson(descent, l, { runs: swapped }));
  assert.ok(results.filter((r) => r.ok === false).length >= 3, results.map((r) => r.text).join('; '));
});

test('chain-rule: the card\u2019s factors multiply to dL/dw of row 0, which central differences of that row\u2019s loss confirm', () => {
  const l = lesson('chain-rule');
  const [{ spec }] = lessonRuns(l, descent.registry());
  assert.deepEqual([spec.model.kind, spec.model.hidden, spec.model.activation, spec.loss.kind], ['mlp', [1], 'sigmoid', 'mse']);
  const [record] = trainLesson(descent, l);
  const c = record.chain;
  // The row's loss of a 1-1-1 network (sigmoid hidden unit, linear output, squared error) in double,
  // written here from the parameters [w1, b1, w2, b2] the run ends with.
  const w = record.weights;
  const loss = (p) => ((p[2] / (1 + Math.exp(-(p[0] * c.x[0] + p[1]))) + p[3]) - c.target[0]) ** 2;
  const h = 1e-5;
  const numeric = (loss([w[0] + h, ...w.slice(1)]) - loss([w[0] - h, ...w.slice(1)])) / (2 * h);
  assert.ok(Math.abs(c.grad - numeric) <= 1e-4 * Math.max(1e-3, Math.abs(numeric)), `engine ${c.grad}, differences ${numeric}`);
  assert.ok(Math.abs(c.loss - loss(w)) <= 1e-5 * Math.max(1, c.loss), `row loss ${c.loss} vs ${loss(w)}`);
  // The claim can fail: a factor off by 1% (a wrong slope, say) breaks it.
  const wrong = { ...c, layers: c.layers.map((x, i) => (i === 0 ? { ...x, dact: x.dact.map((v) => v * 1.01) } : x)) };
  assert.equal(checkClaim(l.claims[0], [{ ...record, chain: wrong }]).ok, false);
  assert.equal(checkClaim(l.claims[0], [record]).ok, true);
});
