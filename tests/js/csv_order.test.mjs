// Issue 22: `training.shuffle: false` trains in the order of the file. A PyTorch reference written
// here (Debian's python3-torch: DataLoader(shuffle=False) over the same CSV rows, nn.Linear with the
// same initial parameters, MSELoss, SGD) must match Descent's loss step for step: without a
// validation split on every row in file order, with a split on the training rows in file order
// (which rows are held out is a seeded draw; the test checks they keep their order).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDescent } from '../../bindings/index.js';

const PYTHON = '/usr/bin/python3';  // Debian's, where python3-torch lives (scripts/setup.sh installs it)
const d = await loadDescent();
const dir = mkdtempSync(path.join(tmpdir(), 'descent-order-'));

// x = 1..n, y = 2x + 1 plus a fixed wobble (so no two targets repeat: a regression target).
const csvOf = (n) => `x,y\n${Array.from({ length: n }, (_, i) => `${i + 1},${2 * (i + 1) + 1 + [0.3, -0.2, 0.1, -0.4][i % 4]}`).join('\n')}\n`;

const spec = (batch, epochs, split = 0) => ({
  seed: 42,  // the default seed (the old split shuffled these 4 rows out of order with it)
  data: { source: 'csv', target: 'y' },
  preprocess: { normalize: 'none', validation_split: split },  // the raw rows, as the reference reads them (a CSV's default is zscore)
  model: { kind: 'linear', params: [0.5, -0.25] },
  loss: { kind: 'mse' },
  optimizer: { kind: 'sgd', lr: 0.01 },
  training: { batch_size: batch, epochs, shuffle: false },
});

/** Loss of every SGD step of the PyTorch reference on rows (x, y) in the given order. */
function torchLosses(rows, batch, epochs, name) {
  const py = `import torch
from torch.utils.data import DataLoader, TensorDataset
torch.set_default_dtype(torch.float32)
rows = ${JSON.stringify(rows)}
X = torch.tensor([[r[0]] for r in rows], dtype=torch.float32)
Y = torch.tensor([[r[1]] for r in rows], dtype=torch.float32)
model = torch.nn.Linear(1, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5]]))
    model.bias.copy_(torch.tensor([-0.25]))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = torch.nn.MSELoss()
loader = DataLoader(TensorDataset(X, Y), batch_size=${batch}, shuffle=False)
for epoch in range(${epochs}):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        print(repr(loss.item()))
`;
  const file = path.join(dir, `${name}.py`);
  writeFileSync(file, py);
  const r = spawnSync(PYTHON, [file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map(Number);
}

function assertSameSteps(ours, theirs) {
  assert.equal(ours.length, theirs.length);
  for (let i = 0; i < ours.length; i++) {
    const rel = Math.abs(ours[i] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-12);
    assert.ok(rel <= 1e-5, `step ${i}: Descent ${ours[i]}, PyTorch ${theirs[i]} (relative ${rel})`);
  }
}

test('python3-torch is installed for the data-order test', () => {
  assert.ok(existsSync(PYTHON), 'Debian python3 is missing');
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3-torch is missing (scripts/setup.sh test installs it): ${r.stderr}`);
});

test('shuffle false, no validation split: mini-batches of 2 over x = 1..4 take (x1, x2) first, as DataLoader(shuffle=False)', () => {
  const csv = csvOf(4);
  const s = d.session(spec(2, 3), { csv });
  const train = s.data().trainX;
  assert.deepEqual([...train], [1, 2, 3, 4]);  // no row moved
  s.dispose();
  const ours = Array.from(d.run(spec(2, 3), { csv }).history.loss);
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  // Hand check of step 1 on (x1, x2) = (1, 2), y = (3.3, 4.8): predictions 0.25, 0.75;
  // MSE = ((0.25 - 3.3)^2 + (0.75 - 4.8)^2) / 2 = (9.3025 + 16.4025) / 2 = 12.8525.
  assert.ok(Math.abs(ours[0] - 12.8525) < 1e-5, String(ours[0]));
  assertSameSteps(ours, torchLosses(rows, 2, 3, 'four'));
});

test('shuffle false, uneven batches: 11 rows in batches of 4 for 5 epochs match step for step', () => {
  const csv = csvOf(11);
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  assertSameSteps(Array.from(d.run(spec(4, 5), { csv }).history.loss), torchLosses(rows, 4, 5, 'eleven'));
});

test('shuffle false with a validation split: the training rows keep their file order', () => {
  const csv = csvOf(20);
  const s = d.session(spec(3, 4, 0.25), { csv });
  const { trainX, validationX } = s.data();
  s.dispose();
  assert.equal(validationX.length, 5);  // round(0.25 * 20)
  assert.equal(trainX.length, 15);
  const t = [...trainX];
  assert.deepEqual(t, [...t].sort((a, b) => a - b), `training rows out of file order: ${t}`);
  // The held-out rows are drawn, not the last (or first) five.
  assert.notDeepEqual([...validationX], [16, 17, 18, 19, 20]);
  assert.notDeepEqual([...validationX], [1, 2, 3, 4, 5]);
  const all = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const rows = t.map((x) => all[x - 1]);
  assertSameSteps(Array.from(d.run(spec(3, 4, 0.25), { csv }).history.loss), torchLosses(rows, 3, 4, 'split'));
});
