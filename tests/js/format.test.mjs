// web/charts/format.js, the one number format and tick source of every chart, table and export,
// and web/export-chart.js's SVG built on it: round ticks without float noise (0.6, never
// 0.6000000000000001), numbers as written by hand, a safe locale for Intl ("C" -> "en").
// Expected values are written out by hand.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fmt, short, int, percent, ticks, safeLocale, logTickLabels, LOCALE } from '../../web/charts/format.js';
import { lineChartSvg } from '../../web/export-chart.js';

test('safeLocale keeps a language Intl supports and falls back to "en" for what it rejects', () => {
  assert.equal(safeLocale('de-DE'), 'de-DE');
  assert.equal(safeLocale('en-US'), 'en-US');
  assert.equal(safeLocale('C'), 'en');          // WebKit under LANG=C; Intl throws a RangeError for it
  assert.throws(() => new Intl.NumberFormat('C'), RangeError);
  assert.equal(safeLocale(''), 'en');
  assert.equal(safeLocale(undefined), LOCALE);  // navigator.language when there is one, else "en"
  assert.equal(safeLocale(42), 'en');
});

test('ticks are round values without float noise', () => {
  assert.deepEqual(ticks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(ticks(0.1, 0.7, 6), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  assert.deepEqual(ticks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(ticks(0, 1000, 4), [0, 200, 400, 600, 800, 1000]);
  assert.deepEqual(ticks(3, 3), [3]);
  assert.deepEqual(ticks(NaN, 1), []);
  for (const t of ticks(0, 0.9, 9)) assert.ok(String(t).length <= 4, String(t));
});

test('numbers read as written by hand (the tests run in Node\'s "en" formatting)', () => {
  if (!LOCALE.startsWith('en')) return;   // the formats below are English ones
  assert.equal(fmt(0.1 + 0.2), '0.3');
  assert.equal(fmt(0.6000000000000001), '0.6');
  assert.equal(fmt(1234.5678), '1235');
  assert.equal(fmt(12345.6), '12350');     // no grouping inside a value
  assert.equal(fmt(123456), '1.23e5');
  assert.equal(fmt(0.00012345), '1.23e-4');
  assert.equal(fmt(-0.5), '-0.5');
  assert.equal(fmt(-0), '0');
  assert.equal(fmt(NaN), '–');
  assert.equal(fmt(null), '–');
  assert.equal(fmt(Infinity), '–');
  assert.equal(fmt(2 / 3, 2), '0.67');
  assert.equal(short(0.00025), '2.5e-4');
  assert.equal(short(0.001), '0.001');
  assert.equal(short(1e-4), '1e-4');
  assert.equal(int(1234567.4), '1,234,567');
  assert.equal(percent(0.975), '97.5%');
  assert.deepEqual(logTickLabels([0.001, 0.01, 0.1, 1, 10]), ['0.001', '0.01', '0.1', '1', '10']);
  assert.deepEqual(logTickLabels([1e-6, 1e-5, 1e-4]), ['1e-6', '1e-5', '1e-4']);
  assert.deepEqual(logTickLabels([0.1, 0.2, 0.5]), ['0.1', '0.2', '0.5']);        // within one decade: 2 and 5 too
  assert.deepEqual(logTickLabels([0.1, 0.2, 0.5, 1, 2]), ['0.1', '', '', '1', '']);  // two decades: powers of ten only
});

test('the SVG line chart labels its axes with those ticks', () => {
  const x = [1, 2, 3, 4, 5, 6, 7];
  const svg = lineChartSvg({ title: 'loss', yLabel: 'loss', series: [{ label: 'train', color: '#000', x, y: [0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1] }] });
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  // y from 0.1 to 0.7 (padded by 4%): ticks 0.1 ... 0.7; x ticks 1 ... 7.
  for (const t of ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '1', '2', '7']) assert.ok(labels.includes(t), `${t} missing in ${labels}`);
  assert.ok(labels.every((l) => !/\d\.\d{5,}/.test(l)), labels.join(' '));
  // One polyline for the unbroken series, with a point per value.
  const poly = svg.match(/<polyline points="([^"]*)"/)[1].split(' ');
  assert.equal(poly.length, 7);
});
