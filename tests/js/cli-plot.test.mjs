// `descent plot` and `descent run --plot`: the SVG parses as XML (Python's ElementTree, a strict
// parser), the loss chart's per-step polyline has one point per recorded step (at most the page's
// 2,000 after thinning) in the order of the losses, the validation curve one point per epoch, and
// the data plot one marker per row. Not here: the drawing code's own tests (it is the page's).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descent } from '../helpers/native.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'descent-plot-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = (name, content) => { const f = path.join(dir, name); writeFileSync(f, content); return f; };

// The SVG's structure as Python's XML parser sees it: the root, and every polyline and path with
// the <title> of the <g> (or the path) it belongs to.
const READ_SVG = `
import json, sys, xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
out = {'root': root.tag, 'width': root.get('width'), 'svgs': len(root.findall(NS + 'svg')), 'lines': [], 'paths': []}
for g in root.iter(NS + 'g'):
    t = g.find(NS + 'title')
    for pl in g.findall(NS + 'polyline'):
        out['lines'].append({'title': t.text if t is not None else None, 'points': [[float(v) for v in p.split(',')] for p in pl.get('points').split()]})
for p in root.iter(NS + 'path'):
    t = p.find(NS + 'title')
    out['paths'].append({'title': t.text if t is not None else None, 'fill': p.get('fill'), 'moves': p.get('d').count('M')})
print(json.dumps(out))
`;
function readSvg(f) {
  const r = spawnSync('/usr/bin/python3', ['-c', READ_SVG, f], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `not well-formed XML: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const moons = { seed: 4, data: { source: 'synthetic', generator: 'moons', samples: 120 }, preprocess: { validation_split: 0.25 }, model: { kind: 'mlp', hidden: [8] }, optimizer: { kind: 'adam', lr: 0.05 }, training: { epochs: 30, batch_size: 6 } };

test('plot -o: one SVG, the loss polyline has one point per recorded step in the losses\' order; the data plot one marker per row', () => {
  const spec = file('moons.json', JSON.stringify(moons));
  const svg = path.join(dir, 'moons.svg');
  const p = descent(['plot', spec, '-o', svg, '-q']);
  assert.equal(p.status, 0, p.stderr);
  assert.equal(p.stdout, '');
  const result = JSON.parse(descent(['run', spec, '-q']).stdout);
  const loss = result.history.loss;
  assert.equal(loss.length, 30 * 15);   // 90 training rows / batch 6 = 15 steps per epoch, 30 epochs, stride 1
  const s = readSvg(svg);
  assert.equal(s.root, '{http://www.w3.org/2000/svg}svg');
  assert.equal(s.svgs, 2);   // the loss chart, then the data plot
  const perStep = s.lines.filter((l) => l.title === 'train (per step)');
  assert.equal(perStep.length, 1);
  const pts = perStep[0].points;
  assert.equal(pts.length, loss.length);
  for (let i = 1; i < pts.length; i++) {
    assert.ok(pts[i][0] > pts[i - 1][0], `x increases at ${i}`);
    // SVG y grows downwards: a larger loss is higher up (allowing the 0.01 px rounding).
    if (Math.abs(loss[i] - loss[i - 1]) > 1e-3 * Math.abs(loss[i - 1])) assert.equal(pts[i][1] < pts[i - 1][1], loss[i] > loss[i - 1], `point ${i}`);
  }
  const validation = s.lines.filter((l) => l.title === 'validation (per epoch)');
  assert.equal(validation.length, 1);
  assert.equal(validation[0].points.length, 30);
  assert.equal(s.lines.filter((l) => l.title === 'train (smoothed)')[0].points.length, loss.length);
  // Markers: one subpath per row, in class colours; training filled, validation hollow.
  const rows = (re) => s.paths.filter((x) => re.test(x.title)).reduce((n, x) => n + x.moves, 0);
  assert.equal(rows(/^[01], training rows$/), 90);
  assert.equal(rows(/^[01], validation rows$/), 30);
  assert.ok(s.paths.some((x) => x.title === 'decision boundary' && x.moves > 10));
  // run --plot writes the same picture and still prints the result.
  const again = path.join(dir, 'again.svg');
  const r = descent(['run', spec, '--plot', again, '-q']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), result);
  assert.equal(readFileSync(again, 'utf8'), readFileSync(svg, 'utf8'));
});

test('plot: a long run is thinned to the page\'s 2,000 points (bucket minima and maxima, in step order)', () => {
  const spec = file('long.json', JSON.stringify({ data: { source: 'function', function: 'rosenbrock' }, optimizer: { kind: 'sgd', lr: 1e-4 }, training: { steps: 9000 } }));
  const p = descent(['plot', spec, '-q']);   // to stdout
  assert.equal(p.status, 0, p.stderr);
  assert.match(p.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const svg = file('long.svg', p.stdout);
  const s = readSvg(svg);
  assert.equal(s.svgs, 0);   // function mode: the loss chart alone
  const pts = s.lines.filter((l) => l.title === 'train (per step)')[0].points;
  // 1,000 buckets of 9 steps, one or two points each, and the last step.
  assert.ok(pts.length >= 1000 && pts.length <= 2001, `${pts.length} points`);
  for (let i = 1; i < pts.length; i++) assert.ok(pts[i][0] > pts[i - 1][0]);
  const loss = JSON.parse(descent(['run', spec, '-q']).stdout).history.loss;
  assert.equal(loss.length, 9000);
  // The highest point on the chart is the largest loss (the first, for this run): kept by thinning.
  const top = pts.reduce((m, q) => Math.min(m, q[1]), Infinity);
  assert.equal(pts.findIndex((q) => q[1] === top), 0);
  assert.ok(loss[0] === Math.max(...loss));
});

test('plot: the data plot for 1 input (the fit), 2-input regression (values), and why there is none for 3 inputs', () => {
  const sine = file('sine.json', JSON.stringify({ seed: 2, data: { source: 'synthetic', generator: 'sine', samples: 50 }, model: { kind: 'mlp', hidden: [8] }, optimizer: { kind: 'adam', lr: 0.02 }, training: { epochs: 5 } }));
  const a = readSvg(file('sine.svg', descent(['plot', sine, '-q']).stdout));
  assert.equal(a.svgs, 2);
  assert.equal(a.lines.filter((l) => l.title === 'model')[0].points.length, 200);
  const plane = file('plane.json', JSON.stringify({ seed: 2, data: { source: 'synthetic', generator: 'plane', samples: 40 }, training: { epochs: 2 } }));
  const b = readSvg(file('plane.svg', descent(['plot', plane, '-q']).stdout));
  assert.equal(b.svgs, 2);
  assert.equal(b.paths.filter((x) => x.title === 'training rows').reduce((n, x) => n + x.moves, 0), 40);
  const csv = file('three.csv', 'a,b,c,y\n1,2,3,0\n2,3,4,1\n3,4,5,0\n4,5,6,1\n');
  const three = file('three.json', JSON.stringify({ data: { source: 'csv', path: 'three.csv', target: 'y' }, training: { epochs: 1 } }));
  assert.ok(csv);
  const r = descent(['plot', three]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\ndescent: no data plot: it draws data with 2 inputs, or 1 input .*this data has 3 inputs, task/);
  assert.equal(readSvg(file('three.svg', r.stdout)).svgs, 0);
});
