// How every chart, table, status line and export writes a number, and where axis ticks go: one
// Intl.NumberFormat set-up in the browser's language (or "en" when Intl rejects it, as WebKit's
// "C" locale is), and d3-array's ticks. No DOM, so the CLI's SVG plots use it in Node too.
// Not here: drawing (charts/, export-chart.js) or what the numbers mean.
import { ticks as d3Ticks } from 'd3-array';

/** A locale Intl accepts: lang when it is a valid, supported tag, else "en". */
export function safeLocale(lang = globalThis.navigator?.language) {
  if (typeof lang === 'string' && lang) {
    try {
      if (Intl.NumberFormat.supportedLocalesOf([lang]).length) return lang;
    } catch { /* not a language tag ("C", "") */ }
  }
  return 'en';
}

/** The locale every formatter here uses (and the one uPlot is given; see web/vite.config.js). */
export const LOCALE = safeLocale();

// Made once when the module loads: an Intl formatter's first use sets up ICU (~7 ms in Chromium),
// which must not fall into the first frame of training.
const cache = new Map();
function formatter(key, options) {
  let f = cache.get(key);
  if (!f) { f = new Intl.NumberFormat(LOCALE, options); cache.set(key, f); }
  return f;
}
const plainOf = (digits) => formatter(`p${digits}`, { maximumSignificantDigits: digits, useGrouping: false });
const sciOf = (digits) => formatter(`e${digits}`, { notation: 'scientific', maximumSignificantDigits: digits });
const WHOLE = formatter('int', { maximumFractionDigits: 0 });
plainOf(4);
sciOf(3);

/** Scientific notation with a lower-case "e" ("1.23e-4", as JavaScript and Python write it). */
function scientific(v, digits) {
  return sciOf(digits).formatToParts(v).map((p) => (p.type === 'exponentSeparator' ? 'e' : p.value)).join('');
}

/**
 * A value for reading: `digits` significant digits; scientific (one digit fewer) below 1e-3 and
 * from 1e5 on; "–" for a gap (null, undefined, NaN, ±Infinity).
 */
export function fmt(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return plainOf(digits).format(0);   // also -0
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return scientific(v, Math.max(1, digits - 1));
  return plainOf(digits).format(v);
}

/** A short label (axis ticks, slider read-outs, run labels): 4 digits, or "2.5e-4" style. */
export function short(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return plainOf(4).format(0);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return scientific(v, 2);
  return plainOf(4).format(v);
}

/** A whole number with the locale's digit grouping (1,234,567 in English). */
export function int(n) {
  return WHOLE.format(Math.round(n));
}

/** About n round values covering [lo, hi] (d3-array's ticks: 1, 2 or 5 times a power of ten). */
export function ticks(lo, hi, n = 5) {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  return d3Ticks(lo, hi, n);
}

/**
 * Labels for the tick values of a log axis (uPlot's splits): powers of ten (every k-th when there
 * are many, "1e-6" style far from 1); within less than two decades also 2 and 5 times them; '' for
 * the ticks left unlabelled.
 */
export function logTickLabels(vals) {
  const exp = (v) => Math.floor(Math.log10(v) + 1e-9);
  const mant = (v) => Math.round(v / 10 ** exp(v));
  const decades = vals.filter((v) => mant(v) === 1).length;
  const every = Math.max(1, Math.ceil(decades / 6));
  return vals.map((v) => {
    const m = mant(v);
    const e = exp(v);
    if (m === 1 && e % every === 0) return Math.abs(e) >= 4 ? `1e${e}` : short(v);
    return decades < 2 && (m === 2 || m === 5) ? short(v) : '';
  });
}

/** A share as a percentage with `digits` decimals ("97.5%"). */
export function percent(v, digits = 1) {
  if (!Number.isFinite(v)) return '–';
  return formatter(`%${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}
