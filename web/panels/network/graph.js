// The network diagram on a canvas: the layers as columns of neurons (inputs, hidden units, outputs),
// each neuron a small heatmap of what it outputs over the data's box when the engine sent one
// (2-D inputs), the links coloured by the sign of their weight (the palette's two class colours;
// negative ones dashed as well) and as wide as its size; hit tests for the pointer and a cursor for
// the keyboard. Receives arrays (sizes, params, unit grids) and draws; knows nothing of training.
// Off screen it only keeps the latest arrays: the atlas is painted and the canvas drawn when the
// card comes back (views/onscreen.js). On screen it paints the heatmaps at most every PAINT_MS, only
// the drawn units whose numbers (or layer scale) changed, and draws nothing when nothing changed;
// canvas.dataset.draws and .heatPaints count draws and heatmap paints, .heatUnits the units the
// last paint changed (the e2e tests read them).
// Not here: the card, the read-out text or the gradient-flow chart (panel.js).
import { CLASS_RGB } from '../../palette.js';
import { fitCanvas } from '../../charts/canvas.js';
import { layerOffsets } from '../../views/explain-lines.js';
import { Onscreen } from '../../views/onscreen.js';

/** Units drawn per layer at most (the rest are counted in the layer's label). */
export const MAX_DRAWN = 24;
/** The least time between two paints of the heatmaps (ms): new unit grids in between wait for it. */
export const PAINT_MS = 250;
/** A weight's sign: class 1's colour for positive (as the data plot paints class 1), class 0's for negative. */
const POSITIVE = CLASS_RGB[1];
const NEGATIVE = CLASS_RGB[0];
const WIDTHS = [0.5, 1, 1.6, 2.3, 3.2, 4.2];   // link widths by |w| / max |w|, in buckets

const rgb = (c, a = 1) => `rgba(${c[0] | 0}, ${c[1] | 0}, ${c[2] | 0}, ${a})`;

/** A CSS colour the theme sets (a custom property on the canvas or an ancestor) as [r, g, b], or the fallback. */
function themeRgb(node, name, fallback) {
  const v = getComputedStyle(node).getPropertyValue(name).trim();
  const m = v.match(/^#([0-9a-f]{6})$/i);
  if (m) { const n = parseInt(m[1], 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  const r = v.match(/^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/i);
  return r ? [Number(r[1]), Number(r[2]), Number(r[3])] : fallback;
}

export class NetworkGraph {
  #canvas;
  #ctx;
  #size = { w: 0, h: 0, dpr: 1 };
  #net = null;       // { sizes, names, offsets }
  #params = null;
  #atlas = null;     // offscreen canvas: drawn unit u's heatmap at x = u * res (inputs not included)
  #res = 0;
  #painted = null;   // what the atlas shows: { values: per drawn unit a copy of its grid, scales: per layer [c, scale] }
  #lastUnits = null; // the latest unit grids painted (kept to repaint in a new theme)
  #paintAt = -Infinity;
  #paintTimer = 0;
  #heatPaints = 0;
  #dirty = true;     // the diagram differs from what the canvas shows
  #colors = null;    // the theme's colours, read once per theme (getComputedStyle can force a style pass)
  #now;
  #inputs = null;    // the inputs' own heatmaps (x and y across the box)
  #nodes = [];       // nodes[l][j] = { x, y, s } for the drawn units
  #focus = null;     // { kind: 'node', layer, unit } | { kind: 'link', layer, from, to } (layer: the link's target layer)
  #frame = 0;
  #units = null;     // the latest unit grids, not yet painted into the atlas
  #stale = false;    // a draw was asked for while off screen
  #relayout = false; // a new network: size and lay out before the next draw
  #draws = 0;
  #onscreen;

  /** now(): the clock the heatmap throttle reads (ms; a test passes its own). */
  constructor(canvas, { now = () => performance.now() } = {}) {
    this.#canvas = canvas;
    this.#now = now;
    this.#ctx = canvas.getContext('2d');
    this.#onscreen = new Onscreen(canvas, () => { if (this.#stale) this.request(); });
    new ResizeObserver(() => { if (this.#resize()) { this.#dirty = true; this.request(); } }).observe(canvas);
  }

  /** The network: sizes [inputs, ...hidden, outputs], names [input names], activation (for the label). */
  setNetwork({ sizes, names }) {
    this.#net = { sizes, names, offsets: layerOffsets(sizes) };
    this.#params = null;
    this.#atlas = null;
    this.#painted = null;
    this.#lastUnits = null;
    this.#paintAt = -Infinity;   // a new network's first heatmaps paint at once
    this.#units = null;
    this.#focus = null;
    this.#inputs = null;     // painted at the first draw, in the theme's colours
    this.#relayout = true;   // measured when it draws (no forced layout while the page is built)
    this.#dirty = true;
    this.request();
  }

  /** The theme changed: colours are read again and the heatmaps repainted in them. */
  restyle() {
    this.#colors = null;
    this.#inputs = null;
    this.#painted = null;
    if (this.#lastUnits && !this.#units) this.#units = this.#lastUnits;
    this.#paintAt = -Infinity;
    this.#dirty = true;
    this.request();
  }

  // The theme's colours as [r, g, b], read once per theme.
  #theme() {
    if (!this.#colors) {
      const c = this.#canvas;
      this.#colors = { ink: themeRgb(c, '--ink', [28, 35, 51]), muted: themeRgb(c, '--muted', [88, 97, 117]), line: themeRgb(c, '--line', [221, 226, 236]), card: themeRgb(c, '--card', [255, 255, 255]) };
    }
    return this.#colors;
  }

  get network() { return this.#net; }

  /** The weights to draw the links with (numParams floats), or null (links drawn plain). */
  setParams(params) {
    if (params === this.#params || (params && this.#params && sameValues(params, this.#params))) return;
    this.#params = params;
    this.#dirty = true;
    this.request();
  }

  /**
   * Every unit's output on the grid ({ resolution, layers, values (units, res^2) }), or null. Painted
   * once into an atlas here (a pixel per grid point), so each redraw only scales images.
   */
  setUnits(units) {
    this.#units = units?.values ? units : null;
    if (!this.#units && this.#atlas) { this.#atlas = null; this.#painted = null; this.#lastUnits = null; this.#dirty = true; }
    this.request();
  }

  /** Heatmap paints that changed a pixel so far. */
  get heatPaints() { return this.#heatPaints; }

  // Paints the pending unit grids if PAINT_MS have passed since the last paint (else asks for a
  // draw when they have); true when a pixel of the atlas changed.
  #paintDue() {
    const wait = this.#paintAt + PAINT_MS - this.#now();
    if (wait > 0) {
      if (!this.#paintTimer) this.#paintTimer = setTimeout(() => { this.#paintTimer = 0; this.request(); }, wait);
      return false;
    }
    this.#paintAt = this.#now();
    return this.#paintAtlas();
  }

  // The drawn units' heatmaps into the atlas, a res x res ImageData per unit whose grid or layer
  // scale changed since the atlas last showed it; true when any unit was painted.
  #paintAtlas() {
    const units = this.#units;
    this.#units = null;
    const { resolution: res, layers, values } = units;
    const n = res * res;
    const drawn = layers.map((width) => Math.min(MAX_DRAWN, width));
    const total = drawn.reduce((a, b) => a + b, 0);
    let atlas = this.#atlas;
    if (!atlas || atlas.width !== total * res || atlas.height !== res || this.#res !== res) {
      atlas = document.createElement('canvas');
      atlas.width = total * res;
      atlas.height = res;
      this.#painted = null;
    }
    const was = this.#painted;
    const painted = { values: was?.values ?? drawn.flatMap((d) => Array.from({ length: d }, () => new Float64Array(n).fill(NaN))), scales: [] };
    const actx = atlas.getContext('2d');
    const img = actx.createImageData(res, res);
    const { card } = this.#theme();
    let first = 0;   // the layer's first unit in values
    let at = 0;      // the layer's first drawn unit in the atlas
    let changed = 0;
    layers.forEach((width, l) => {
      // One scale per layer (all its units, drawn or not): units of a layer compare with each
      // other. Colours diverge from 0 (the sign kept) unless the whole layer has one sign
      // (sigmoid, ReLU): then from its midpoint.
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = first * n; k < (first + width) * n; k++) { const v = values[k]; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
      const c = lo >= 0 || hi <= 0 ? (lo + hi) / 2 : 0;
      const scale = Math.max(1e-12, hi - c, c - lo);
      painted.scales.push([c, scale]);
      const sameScale = was && was.scales[l]?.[0] === c && was.scales[l]?.[1] === scale;
      for (let j = 0; j < drawn[l]; j++) {
        const grid = values.subarray ? values.subarray((first + j) * n, (first + j + 1) * n) : values.slice((first + j) * n, (first + j + 1) * n);
        const last = painted.values[at + j];
        if (sameScale && sameValues(grid, last)) continue;
        last.set(grid);
        changed++;
        for (let r = 0; r < res; r++) {
          for (let col = 0; col < res; col++) {
            const v = grid[r * res + col];
            const t = Number.isFinite(v) ? Math.max(-1, Math.min(1, (v - c) / scale)) : 0;
            const to = t >= 0 ? POSITIVE : NEGATIVE;
            const a = Math.abs(t) * 0.85;
            // y grows upwards in the data: grid row r is image row res - 1 - r.
            const p = ((res - 1 - r) * res + col) * 4;
            img.data[p] = card[0] + (to[0] - card[0]) * a;
            img.data[p + 1] = card[1] + (to[1] - card[1]) * a;
            img.data[p + 2] = card[2] + (to[2] - card[2]) * a;
            img.data[p + 3] = 255;
          }
        }
        actx.putImageData(img, (at + j) * res, 0);
      }
      first += width;
      at += drawn[l];
    });
    this.#atlas = atlas;
    this.#res = res;
    this.#painted = painted;
    this.#lastUnits = units;
    if (!changed) return false;
    this.#canvas.dataset.heatPaints = String(++this.#heatPaints);
    this.#canvas.dataset.heatUnits = String(changed);
    return true;
  }

  /** What the keyboard cursor or the pointer picked (highlighted), or null. */
  set focus(item) {
    const f = this.#focus;
    if (f === item || (f && item && f.kind === item.kind && f.layer === item.layer && f.unit === item.unit && f.from === item.from && f.to === item.to)) return;
    this.#focus = item;
    this.#dirty = true;
    this.request();
  }
  get focus() { return this.#focus; }

  /** How many units of layer l are drawn. */
  drawn(l) { return Math.min(MAX_DRAWN, this.#net?.sizes[l] ?? 0); }

  /**
   * A redraw in a task of its own, soon (one for any number of requests before it runs); off
   * screen, when the card comes back. Not in an animation frame: the loss charts draw there, and
   * the two together made the page's long tasks with the network view in view.
   */
  request() {
    if (!this.#onscreen.visible) { this.#stale = true; return; }
    if (this.#frame) return;
    this.#frame = setTimeout(() => { this.#frame = 0; this.draw(); }, 0);
  }

  #resize(force = false) {
    const s = fitCanvas(this.#canvas, force ? null : this.#size, { min: 10 });
    if (!s) return false;
    this.#size = s;
    this.#layout();
    return true;
  }

  // The inputs' heatmaps: input 0 is x across the box, input 1 is y (diverging from the middle).
  #inputHeat(inputs) {
    if (inputs !== 2) return null;
    const res = 16;
    const c = document.createElement('canvas');
    c.width = 2 * res;
    c.height = res;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(2 * res, res);
    const { card } = this.#theme();
    for (let r = 0; r < res; r++) {
      for (let col = 0; col < 2 * res; col++) {
        const k = col % res;
        const t = col < res ? (2 * k) / (res - 1) - 1 : 1 - (2 * r) / (res - 1);
        const to = t >= 0 ? POSITIVE : NEGATIVE;
        const a = Math.abs(t) * 0.85;
        const p = (r * 2 * res + col) * 4;
        for (let q = 0; q < 3; q++) img.data[p + q] = card[q] + (to[q] - card[q]) * a;
        img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    return c;
  }

  #layout() {
    const net = this.#net;
    this.#nodes = [];
    if (!net) return;
    const { w, h } = this.#size;
    const L = net.sizes.length;
    const left = 64;
    const right = 28;
    const top = 10;
    const bottom = 26;
    const most = Math.max(...net.sizes.map((n, l) => this.drawn(l)));
    const pitch = (h - top - bottom) / Math.max(most, 1);
    const s = Math.max(5, Math.min(30, pitch * 0.78));
    for (let l = 0; l < L; l++) {
      const n = this.drawn(l);
      const x = L === 1 ? w / 2 : left + ((w - left - right) * l) / (L - 1);
      const y0 = top + (h - top - bottom - n * pitch) / 2 + pitch / 2;
      this.#nodes.push(Array.from({ length: n }, (_, j) => ({ x, y: y0 + j * pitch, s })));
    }
  }

  /** The node or link under a point (CSS px in the canvas), or null. */
  hit(px, py) {
    const net = this.#net;
    if (!net) return null;
    for (let l = 0; l < this.#nodes.length; l++) {
      for (let j = 0; j < this.#nodes[l].length; j++) {
        const n = this.#nodes[l][j];
        if (Math.abs(px - n.x) <= n.s / 2 + 1 && Math.abs(py - n.y) <= n.s / 2 + 1) return { kind: 'node', layer: l, unit: j };
      }
    }
    // The nearest link within a few pixels.
    let best = null;
    let bestD = 4;
    for (let l = 1; l < this.#nodes.length; l++) {
      const A = this.#nodes[l - 1];
      const B = this.#nodes[l];
      if (!A.length || px < A[0].x || px > B[0].x) continue;
      for (let i = 0; i < A.length; i++) {
        for (let j = 0; j < B.length; j++) {
          const d = segmentDistance(px, py, A[i].x, A[i].y, B[j].x, B[j].y);
          if (d < bestD) { bestD = d; best = { kind: 'link', layer: l, from: i, to: j }; }
        }
      }
    }
    return best;
  }

  /** The neuron the arrow keys lead to from the current focus (a link counts as its target neuron). */
  move(key) {
    const net = this.#net;
    const f = this.#focus;
    if (!net) return null;
    if (!f) return { kind: 'node', layer: 0, unit: 0 };
    let layer = f.layer;
    let unit = f.kind === 'node' ? f.unit : f.to;
    if (key === 'ArrowLeft') layer = Math.max(0, layer - 1);
    else if (key === 'ArrowRight') layer = Math.min(net.sizes.length - 1, layer + 1);
    else if (key === 'ArrowUp') unit -= 1;
    else if (key === 'ArrowDown') unit += 1;
    unit = Math.max(0, Math.min(this.drawn(layer) - 1, unit));
    return { kind: 'node', layer, unit };
  }

  /** From a neuron, its incoming links one by one (step: +1 or -1); from a link, the next one into the same neuron. */
  cycleLink(step) {
    const f = this.#focus;
    if (!f) return null;
    const layer = f.layer;
    if (layer === 0) return f;   // inputs have no incoming links
    const to = f.kind === 'node' ? f.unit : f.to;
    const n = this.drawn(layer - 1);
    const from = f.kind === 'node' ? (step > 0 ? 0 : n - 1) : (f.from + step + n) % n;
    return { kind: 'link', layer, from, to };
  }

  /** Draws now if anything changed (the heatmaps only when PAINT_MS have passed since their last paint). */
  draw() {
    if (this.#relayout) { this.#relayout = false; this.#dirty = true; this.#resize(true); }
    const ctx = this.#ctx;
    const { w, h, dpr } = this.#size;
    if (!w) return;
    this.#stale = false;
    if (this.#units && this.#paintDue()) this.#dirty = true;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#canvas.dataset.draws = String(++this.#draws);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const net = this.#net;
    if (!net) return;
    if (!this.#inputs) this.#inputs = this.#inputHeat(net.sizes[0]);
    const { ink, muted, line, card } = this.#theme();
    this.#links(ctx, ink, line);
    this.#neurons(ctx, ink, muted, card);
    this.#labels(ctx, muted);
    this.#highlight(ctx, ink);
  }

  #links(ctx, ink, line) {
    const net = this.#net;
    const p = this.#params;
    if (!p) {
      // No weights (yet, or too many to send): plain links.
      ctx.strokeStyle = rgb(line);
      ctx.lineWidth = 0.6;
      ctx.beginPath();
      for (let l = 1; l < this.#nodes.length; l++) for (const a of this.#nodes[l - 1]) for (const b of this.#nodes[l]) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
      ctx.stroke();
      return;
    }
    let max = 0;
    for (const o of net.offsets) for (let k = o.w; k < o.b; k++) { const a = Math.abs(p[k]); if (a > max && Number.isFinite(a)) max = a; }
    if (!(max > 0)) max = 1;
    // One path per (sign, width bucket): a few strokes for thousands of links. segs[sign * W + k]:
    // sign 0 positive, 1 negative; k the width bucket.
    const W = WIDTHS.length;
    const segs = Array.from({ length: 2 * W }, () => []);
    for (let l = 1; l < this.#nodes.length; l++) {
      const o = net.offsets[l - 1];
      const A = this.#nodes[l - 1];
      const B = this.#nodes[l];
      for (let j = 0; j < B.length; j++) {
        for (let i = 0; i < A.length; i++) {
          const v = p[o.w + j * o.in + i];
          if (!Number.isFinite(v)) continue;
          const k = Math.min(W - 1, Math.floor((Math.abs(v) / max) * W));
          segs[(v >= 0 ? 0 : W) + k].push(A[i].x, A[i].y, B[j].x, B[j].y);
        }
      }
    }
    segs.forEach((s, b) => {
      if (!s.length) return;
      const negative = b >= W;
      const k = b % W;
      ctx.strokeStyle = rgb(negative ? NEGATIVE : POSITIVE, 0.25 + (0.65 * (k + 1)) / W);
      ctx.lineWidth = WIDTHS[k];
      ctx.setLineDash(negative ? [4, 2.5] : []);
      ctx.beginPath();
      for (let q = 0; q < s.length; q += 4) { ctx.moveTo(s[q], s[q + 1]); ctx.lineTo(s[q + 2], s[q + 3]); }
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  #neurons(ctx, ink, muted, card) {
    const res = this.#res;
    const all = this.#nodes.flat();
    ctx.fillStyle = rgb(card);
    for (const n of all) ctx.fillRect(n.x - n.s / 2, n.y - n.s / 2, n.s, n.s);
    ctx.imageSmoothingEnabled = true;
    let unit = 0;   // the atlas index of layer l's unit 0 (the atlas has no inputs; drawn units only)
    for (let l = 0; l < this.#nodes.length; l++) {
      this.#nodes[l].forEach((n, j) => {
        const x = n.x - n.s / 2;
        const y = n.y - n.s / 2;
        if (l === 0 && this.#inputs && j < 2) ctx.drawImage(this.#inputs, j * 16, 0, 16, 16, x, y, n.s, n.s);
        else if (l > 0 && this.#atlas) ctx.drawImage(this.#atlas, (unit + j) * res, 0, res, res, x, y, n.s, n.s);
      });
      if (l > 0) unit += this.drawn(l);
    }
    ctx.strokeStyle = rgb(muted, 0.9);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const n of all) ctx.rect(n.x - n.s / 2 + 0.5, n.y - n.s / 2 + 0.5, n.s - 1, n.s - 1);
    ctx.stroke();
  }

  #labels(ctx, muted) {
    const net = this.#net;
    const { h } = this.#size;
    ctx.fillStyle = rgb(muted);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Input names at the left of their neurons.
    ctx.textAlign = 'right';
    this.#nodes[0]?.forEach((n, j) => {
      let name = net.names[j] ?? `x${j + 1}`;
      while (name.length > 3 && ctx.measureText(name).width > n.x - n.s / 2 - 6) name = `${name.slice(0, -2)}…`;
      ctx.fillText(name, n.x - n.s / 2 - 4, n.y);
    });
    // Under each column: its width ("16", "64 (24 shown)").
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    this.#nodes.forEach((col, l) => {
      if (!col.length) return;
      const size = net.sizes[l];
      ctx.fillText(size > col.length ? `${size} (${col.length} shown)` : String(size), col[0].x, h - 8);
    });
  }

  #highlight(ctx, ink) {
    const f = this.#focus;
    if (!f) return;
    ctx.strokeStyle = rgb(ink);
    if (f.kind === 'node') {
      const n = this.#nodes[f.layer]?.[f.unit];
      if (!n) return;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(n.x - n.s / 2 - 2, n.y - n.s / 2 - 2, n.s + 4, n.s + 4);
      return;
    }
    const a = this.#nodes[f.layer - 1]?.[f.from];
    const b = this.#nodes[f.layer]?.[f.to];
    if (!a || !b) return;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
  }
}

/** Whether two arrays hold the same numbers (NaN equal to NaN). */
function sameValues(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
