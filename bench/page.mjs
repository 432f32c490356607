#!/usr/bin/env node
// The page half of `npm run bench`: the playground (dist/) in headless Chromium, measured with the
// Performance API. Three measurements, for the page targets of docs/performance.md:
//   ready: the default page opened with ?steps=1 (it runs one step as soon as its session is
//     open), in a fresh browser context each time: from navigation start to the first progress
//     with step >= 1 (the status element's data-step, seen by a MutationObserver), --repeats times.
//   training: a W2-sized model (MLP 2-64-64-1, relu, 10,000 points, batch 32, Adam) trains as fast
//     as it can for --seconds, with the loss charts scrolled into view, --repeats times on a fresh
//     page; every main-thread task over 50 ms (PerformanceObserver 'longtask') and the frame rate
//     (requestAnimationFrame) are recorded. A long task in any run counts. A Chromium trace of the
//     same run also counts the main-thread tasks that took over 50 ms of CPU time (cpuLongTasks).
//     Then the same runs with the network view (diagram, heatmaps, gradient flow) in view instead
//     (trainingNetwork), since cards off screen do not draw. On a loaded machine a task's wall time also holds the time its thread waited for a core, so
//     that count says what the page itself costs, and the long-task count what a user there sees.
//   charts: a run with >= 100,000 history points (?steps=N hook); then the charts are redrawn
//     from the whole history once per animation frame (the smoothing slider's input event: thin,
//     smooth and setData on the loss and gradient charts) for --seconds, counting frames.
// Writes bench/results/page.json and the table between the page markers of docs/performance.md.
// Nothing here asserts a timing; the targets table says met or missed.
//   node bench/page.mjs [--seconds S] [--repeats N] [--no-doc] [--out file]
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch } from '../tests/helpers/browser.mjs';
import { loadDescent } from '../bindings/index.js';
import { normalizeSpec, specToHash } from '../web/state.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const log = (m) => process.stderr.write(`[bench] page: ${m}\n`);
const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 10;
const repeats = args.includes('--repeats') ? Number(args[args.indexOf('--repeats') + 1]) : 3;
const doc = !args.includes('--no-doc');
const outArg = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : null;

const W2 = { seed: 3, data: { source: 'synthetic', generator: 'plane', samples: 10000, noise: 0.1 }, model: { kind: 'mlp', hidden: [64, 64], activation: 'relu' }, optimizer: { kind: 'adam', lr: 0.001 }, training: { batch_size: 32, epochs: 1000 } };
// A small model (3 parameters: the 2-parameter landscape card stays out of the measurement), so 100,000 steps take well under a second; the page's history keeps 100,000
// points before it thins (the engine's default history_limit).
const HISTORY_STEPS = 100000;
const CHART = { seed: 3, data: { source: 'synthetic', generator: 'plane', samples: 200, noise: 0.5 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.001 }, training: { batch_size: 1, epochs: 1000000 } };

/** Records long tasks and frame times from the first script on (before the app's own). */
function observe() {
  window.benchLongTasks = [];
  window.benchFrames = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.benchLongTasks.push({ at: e.startTime, ms: e.duration, step: Number(document.getElementById('status')?.dataset.step) }); }).observe({ type: 'longtask', buffered: true });
  const frame = (t) => { window.benchFrames.push(t); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}

/** Notes the page time (ms since navigation start) at which #status first shows step >= 1. */
function watchFirstStep() {
  window.benchFirstStep = null;
  new MutationObserver((list, obs) => {
    for (const m of list) {
      if (m.target.id === 'status' && Number(m.target.dataset.step) >= 1) { window.benchFirstStep = performance.now(); obs.disconnect(); return; }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-step'] });
}

async function readyToFirstStep(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFirstStep);
    await page.goto(url);
    await page.waitForFunction(() => window.benchFirstStep !== null, null, { timeout: 60000 });
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { firstStepMs: Math.round(window.benchFirstStep), domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), loadMs: Math.round(nav.loadEventEnd), step: Number(document.getElementById('status').dataset.step) };
    });
  } finally {
    await context.close();
  }
}

/** Frames per second and the worst frame gap within [from, to) (page clock). */
function frameStats(frames, from, to) {
  const f = frames.filter((t) => t >= from && t < to);
  let worst = 0;
  for (let i = 1; i < f.length; i++) worst = Math.max(worst, f[i] - f[i - 1]);
  return { fps: f.length > 1 ? (f.length - 1) / ((f[f.length - 1] - f[0]) / 1000) : 0, worstFrameMs: worst };
}

async function training(browser, url, view = 'loss-chart') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(observe);
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 60000 });
  await page.selectOption('#speed', '0');
  // The charts (or the network view) in view (below the fold at 900 px otherwise), so their drawing
  // is fully paid for: cards off screen do not draw (views/onscreen.js).
  await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'center' }), view);
  const from = await page.evaluate(() => performance.now());
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  await page.click('#play');
  await page.waitForTimeout(seconds * 1000);
  const cpu = cpuTasks(JSON.parse(await browser.stopTracing()).traceEvents);
  const r = await page.evaluate((t0) => ({
    to: performance.now(), tasks: window.benchLongTasks.filter((e) => e.at >= t0), frames: window.benchFrames,
    steps: Number(document.getElementById('status').dataset.step), samplesPerSecond: Number(document.getElementById('status').dataset.samplesPerSecond),
    state: document.getElementById('status').dataset.state,
  }), from);
  await page.close();
  const f = frameStats(r.frames, from, r.to);
  return {
    seconds: (r.to - from) / 1000, steps: r.steps, samplesPerSecond: r.samplesPerSecond, state: r.state,
    longTasks: r.tasks.length, longestTaskMs: Math.round(Math.max(0, ...r.tasks.map((e) => e.ms))),
    tasks: r.tasks.map((e) => ({ ms: Math.round(e.ms), afterPlayMs: Math.round(e.at - from), step: e.step })),
    fps: Number(f.fps.toFixed(1)), worstFrameMs: Math.round(f.worstFrameMs),
    cpuLongTasks: cpu.over50, longestCpuTaskMs: cpu.longest, mainCpuMs: cpu.total,
  };
}

/**
 * From a trace: the page's main-thread tasks (the renderer whose scripts came from our server) by
 * CPU time (tdur): how many took over 50 ms, the longest, and the total (ms).
 */
function cpuTasks(events) {
  const pid = events.find((e) => e.name === 'FunctionCall' && /\/assets\//.test(e.args?.data?.url ?? ''))?.pid;
  const main = events.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain')?.tid;
  const tasks = events.filter((e) => e.pid === pid && e.tid === main && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask').map((e) => (e.tdur ?? 0) / 1000);
  return { over50: tasks.filter((ms) => ms > 50).length, longest: Math.round(Math.max(0, ...tasks)), total: Math.round(tasks.reduce((a, b) => a + b, 0)) };
}

/** The training runs together: long tasks of all runs, the worst frame, the median steps and fps. */
function summarize(runs) {
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const tasks = runs.flatMap((r, i) => r.tasks.map((e) => ({ run: i + 1, ...e })));
  return {
    runs: runs.length, seconds: runs[0].seconds, steps: median(runs.map((r) => r.steps)), state: runs[runs.length - 1].state,
    fps: median(runs.map((r) => r.fps)), worstFrameMs: Math.max(...runs.map((r) => r.worstFrameMs)),
    longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks.map((e) => e.ms)), tasks, each: runs,
    cpuLongTasks: runs.reduce((a, r) => a + r.cpuLongTasks, 0), longestCpuTaskMs: Math.max(...runs.map((r) => r.longestCpuTaskMs)),
    mainCpuMsPerSecond: median(runs.map((r) => r.mainCpuMs / r.seconds)),
  };
}

async function charts(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(observe);
  await page.goto(url);
  await page.waitForFunction((n) => Number(document.getElementById('status')?.dataset.step) >= n, HISTORY_STEPS, { timeout: 120000 });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'paused', null, { timeout: 60000 });
  const r = await page.evaluate(async (ms) => {
    const s = document.getElementById('status').dataset;
    const slider = document.getElementById('smoothing');
    const t0 = performance.now();
    let redraws = 0;
    let worst = 0;
    await new Promise((done) => {
      const frame = () => {
        if (performance.now() - t0 >= ms) { done(); return; }
        const a = performance.now();
        slider.value = String(redraws % 2 ? 0.9 : 0.8);
        slider.dispatchEvent(new Event('input'));
        worst = Math.max(worst, performance.now() - a);
        redraws++;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const to = performance.now();
    return { from: t0, to, redraws, worstRedrawMs: worst, points: Number(s.step) / Number(s.historyStride), tasks: window.benchLongTasks.filter((e) => e.at >= t0), frames: window.benchFrames };
  }, seconds * 1000);
  await page.close();
  const f = frameStats(r.frames, r.from, r.to);
  return {
    seconds: (r.to - r.from) / 1000, historyPoints: r.points, redraws: r.redraws, redrawsPerSecond: Number((r.redraws / ((r.to - r.from) / 1000)).toFixed(1)),
    worstRedrawMs: Math.round(r.worstRedrawMs), fps: Number(f.fps.toFixed(1)), worstFrameMs: Math.round(f.worstFrameMs),
    longTasks: r.tasks.length, longestTaskMs: Math.round(Math.max(0, ...r.tasks.map((e) => e.ms))),
  };
}

function render(r) {
  const yes = (ok) => (ok ? 'yes' : '**MISSED**');
  const t = r.training;
  const tn = r.trainingNetwork;
  const c = r.charts;
  const q = r.ready;
  return [
    `Playground page in headless Chromium ${r.chromium} (${r.cpu}), ${r.seconds} s per measurement, ${r.date}; load average ${r.loadavg.join(' / ')} before and after.`,
    '',
    '| page target | measured | met |',
    '| --- | --- | --- |',
    `| no main-thread task > 50 ms while training a W2-sized model (MLP 2-64-64-1, 10,000 points, batch 32, Adam, as fast as possible) | ${t.longTasks} long tasks in ${t.runs} runs of ${seconds} s${t.longTasks ? ` (longest ${t.longestTaskMs} ms)` : ''}; median ${t.fps} fps, worst frame ${t.worstFrameMs} ms; median ${t.steps.toLocaleString('en-US')} steps trained per run; by CPU time (trace): ${t.cpuLongTasks} tasks over 50 ms (longest ${t.longestCpuTaskMs} ms), main thread ${Math.round(t.mainCpuMsPerSecond)} ms of CPU a second | ${yes(t.longTasks === 0)} |`,
    ...(tn ? [`| the same with the network view (diagram, heatmaps, gradient flow) in view instead of the charts | ${tn.longTasks} long tasks in ${tn.runs} runs of ${seconds} s${tn.longTasks ? ` (longest ${tn.longestTaskMs} ms)` : ''}; median ${tn.fps} fps, worst frame ${tn.worstFrameMs} ms; median ${tn.steps.toLocaleString('en-US')} steps; by CPU time: ${tn.cpuLongTasks} tasks over 50 ms (longest ${tn.longestCpuTaskMs} ms), main thread ${Math.round(tn.mainCpuMsPerSecond)} ms of CPU a second | ${yes(tn.longTasks === 0)} |`] : []),
    `| charts redraw at >= 30 fps with 100,000 points | ${c.redrawsPerSecond} full redraws/s from ${Math.round(c.historyPoints).toLocaleString('en-US')} history points (${c.fps} fps, worst redraw ${c.worstRedrawMs} ms, ${c.longTasks} long tasks) | ${yes(c.redrawsPerSecond >= 30 && c.historyPoints >= 100000)} |`,
    `| page ready to first training step < 1 s (navigation start to the first progress with step >= 1; default page, \`?steps=1\`, fresh context each) | median ${q.firstStepMs} ms of ${q.runs.length} (each: ${q.runs.map((e) => e.firstStepMs).join(', ')} ms; DOMContentLoaded at ${q.domContentLoadedMs} ms) | ${yes(q.firstStepMs < 1000)} |`,
  ].join('\n');
}

async function main() {
  const dist = path.join(root, 'dist', 'index.html');
  if (!existsSync(dist)) execFileSync('bash', ['scripts/build.sh', 'site'], { cwd: root, stdio: 'inherit' });
  const descent = await loadDescent();
  const link = (partial, query = '') => {
    const { spec, issues } = normalizeSpec(partial, descent.registry());
    if (issues.length) throw new Error(`bench spec adjusted: ${JSON.stringify(issues)}`);
    return `${query}${specToHash(spec)}`;
  };
  const server = await startServer();
  const browser = await launch();
  const load0 = os.loadavg()[0];
  try {
    const runs = [];
    for (let i = 0; i < repeats; i++) {
      log(`training a W2-sized model for ${seconds} s (run ${i + 1} of ${repeats})`);
      const r = await training(browser, `${server.url}${link(W2)}`);
      log(`${r.longTasks} tasks > 50 ms (longest ${r.longestTaskMs} ms), ${r.cpuLongTasks} over 50 ms of CPU, ${r.fps} fps, ${r.steps} steps`);
      runs.push(r);
    }
    const t = summarize(runs);
    const netRuns = [];
    for (let i = 0; i < repeats; i++) {
      log(`the same with the network view in view (run ${i + 1} of ${repeats})`);
      const r = await training(browser, `${server.url}${link(W2)}`, 'network');
      log(`${r.longTasks} tasks > 50 ms (longest ${r.longestTaskMs} ms), ${r.cpuLongTasks} over 50 ms of CPU, ${r.fps} fps, ${r.steps} steps`);
      netRuns.push(r);
    }
    const tn = summarize(netRuns);
    const ready = [];
    for (let i = 0; i < repeats; i++) ready.push(await readyToFirstStep(browser, `${server.url}?steps=1`));
    const mid = (k) => [...ready.map((e) => e[k])].sort((a, b) => a - b)[(ready.length - 1) >> 1];
    const q = { firstStepMs: mid('firstStepMs'), domContentLoadedMs: mid('domContentLoadedMs'), loadMs: mid('loadMs'), runs: ready };
    log(`ready to first step: ${ready.map((e) => e.firstStepMs).join(', ')} ms`);
    log(`charts with ${HISTORY_STEPS} steps of history, redrawn every frame for ${seconds} s`);
    const c = await charts(browser, `${server.url}${link(CHART, `?steps=${HISTORY_STEPS}`)}`);
    log(`${c.redrawsPerSecond} redraws/s from ${Math.round(c.historyPoints)} points (worst ${c.worstRedrawMs} ms)`);
    const r = { date: new Date().toISOString().slice(0, 10), chromium: browser.version(), cpu: os.cpus()[0]?.model ?? 'unknown CPU', loadavg: [load0, os.loadavg()[0]].map((v) => v.toFixed(1)), seconds, training: t, trainingNetwork: tn, charts: c, ready: q };
    const out = outArg ?? path.join(root, 'bench', 'results', 'page.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(r, null, 1)}\n`);
    const table = render(r);
    process.stdout.write(`${table}\n`);
    if (doc) {
      const file = path.join(root, 'docs', 'performance.md');
      const text = readFileSync(file, 'utf8');
      const block = `<!-- page:begin (bench/page.mjs writes this block) -->\n${table}\n<!-- page:end -->`;
      const re = /<!-- page:begin[^]*?<!-- page:end -->/;
      const next = re.test(text) ? text.replace(re, block) : text.replace('<!-- bench:end -->', `<!-- bench:end -->\n\n## The page\n\n${block}`);
      writeFileSync(file, next);
      log('updated docs/performance.md');
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => { log(e.stack || String(e)); process.exit(1); });
