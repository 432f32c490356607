#!/usr/bin/env node
// Writes docs/spec.md: the experiment spec's schema, with every registry entry's parameters,
// defaults and ranges taken from the engine's registry (so the document cannot drift; a test
// compares the file with this script's output). Usage: node scripts/gen-spec-doc.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDescent } from '../bindings/index.js';

const target = fileURLToPath(new URL('../docs/spec.md', import.meta.url));

function paramRows(params) {
  if (!params.length) return '_no parameters_\n';
  let t = '| name | default | valid values | meaning |\n| --- | --- | --- | --- |\n';
  for (const p of params) {
    const def = p.required ? `required (UI suggests ${p.default})` : JSON.stringify(p.default);
    t += `| \`${p.name}\` | ${def} | ${p.range}${p.log ? ', log scale' : ''} | ${(p.help || p.label || '').replace(/\|/g, '\\|')} |\n`;
  }
  return t;
}

// The spec's own scalar fields (registry().spec) under `prefix`, as a table; `skip`: sub-objects
// with a table of their own.
function fieldRows(fields, prefix, skip = []) {
  const rows = fields.filter((f) => (prefix ? f.name.startsWith(`${prefix}.`) : !f.name.includes('.')) && !skip.some((k) => f.name.startsWith(`${k}.`)));
  let t = '| field | default | valid values | meaning |\n| --- | --- | --- | --- |\n';
  for (const f of rows) {
    const values = f.type === 'choice' ? f.choices.map((c) => `"${c}"`).join(', ') : `${f.type === 'boolean' ? 'true or false' : f.range}${f.log ? ', log scale' : ''}`;
    t += `| \`${prefix ? f.name.slice(prefix.length + 1) : f.name}\` | ${JSON.stringify(f.default)} | ${values} | ${f.help.replace(/\|/g, '\\|')} |\n`;
  }
  return t;
}

function section(title, entries, extra = () => '') {
  let s = `### ${title}\n\n`;
  for (const e of entries) {
    s += `#### \`${e.id}\` — ${e.label}\n\n`;
    if (e.formula) s += `${e.formula.includes('\n') ? '```\n' + e.formula + '\n```' : '`' + e.formula + '`'}\n\n`;
    if (e.source) s += `Source: ${e.source}\n\n`;
    if (e.description) s += `${e.description}\n\n`;
    s += extra(e);
    s += paramRows(e.params);
    s += '\n';
  }
  return s;
}

// The example at the top of the page: checked against the engine so it cannot go stale.
const EXAMPLE = `{ "seed": 42,
  "data":       { "source": "synthetic", "generator": "spiral", "samples": 500, "noise": 0.1, "classes": 2 },
  "preprocess": { "normalize": "zscore", "validation_split": 0.2 },
  "model":      { "kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier_uniform", "dropout": 0.0 },
  "loss":       { "kind": "bce_logits" },
  "optimizer":  { "kind": "adam", "lr": 0.001, "beta1": 0.9 },
  "schedule":   { "kind": "step", "step_size": 10, "gamma": 0.1 },
  "training":   { "batch_size": 32, "epochs": 100, "steps": 0, "shuffle": true, "l1": 0, "l2": 0,
                  "clip_norm": 0, "clip_value": 0,
                  "early_stopping": { "patience": 10, "min_delta": 0, "restore_best": true },
                  "tolerance": { "loss_delta": 0, "grad_norm": 0 },
                  "metrics": "epoch", "history_limit": 100000 } }`;

export async function generate() {
  const d = await loadDescent();
  const r = d.registry();
  const example = d.validate(EXAMPLE);
  if (!example.ok) throw new Error(`the example spec in gen-spec-doc.mjs is refused: ${example.errors.map((e) => e.message).join('; ')}`);
  const F = r.spec;
  const byId = (list) => list.map((e) => `\`${e.id}\``).join(', ');
  // What the engine does when the spec says nothing, in its own words.
  const noOptimizer = d.validate({}).spec.optimizer;
  const lrRequired = r.optimizers.filter((o) => o.params.find((p) => p.name === 'lr')?.required);
  const lineSearchRule = d.validate({ optimizer: { kind: r.optimizers.find((o) => !lrRequired.includes(o)).id }, training: { line_search: r.lineSearches[0].id } }).errors.map((e) => e.message.replace(/ \(got .*\)$/, ''))[0];
  const perStep = r.schedules.filter((x) => x.torchStep === 'step');
  const onMetric = r.schedules.filter((x) => x.torchStep === 'metric');
  let md = `# The experiment spec

One JSON object describes a run: data, preprocessing, model, loss, optimizer, schedule, training
options and seed. The web UI state, the shared URL, the \`descent\` CLI, the JavaScript API and the
tests all speak it. A spec plus its seed gives the same numbers in every browser, in Node and in the
native build. This page is generated from the engine's registry by \`scripts/gen-spec-doc.mjs\`
(a test fails when it is stale): every default and range below is the one the engine enforces.

Validation reports every problem at once, each with its JSON path and a message
(\`optimizer.beta1 must be in [0, 1), got 1.2\`). Unknown fields are errors, not ignored. Missing
fields take the defaults below. Registry components (\`loss\`, \`optimizer\`, \`schedule\`,
\`training.line_search\`) are objects \`{ "kind": id, ...parameters }\`; a bare id string is accepted.

\`\`\`json
${EXAMPLE}
\`\`\`

## Top level

${fieldRows(F, '')}
## \`data\`

${fieldRows(F, 'data')}
- **synthetic**: \`generator\` and that generator's parameters (below).
- **csv**: \`text\` (the CSV itself; API and UI) or \`path\` (a file relative to the spec; CLI only),
  \`target\` (column name or 1-based number; default the last column), \`features\` (names or numbers;
  default all other columns), \`header\` and \`task\` (above). RFC 4180 quoting, CRLF, a UTF-8 BOM. Errors name the row and column
  (\`row 5, column "price": "abc" is not a number\`). Limits: ${'1,000,000'} rows, ${'10,000'} columns,
  20,000,000 cells, 256 MB.
- **inline**: \`x\` (an array of rows, or of numbers for one input), \`y\` (numbers, or rows for
  several outputs), \`task\` as for csv. Classification labels may be any numbers: their sorted
  distinct values become classes 0, 1, ...
- **function**: \`function\`, its parameters, \`start\` ([x, y]; default the
  function's own). Function mode ignores \`model\`, \`loss\` and \`preprocess\`, and runs \`training.steps\`
  optimizer steps (default 200); every step counts as an epoch for schedules.

## \`preprocess\`

${fieldRows(F, 'preprocess')}
## \`model\`

${fieldRows(F, 'model')}
\`hidden\` is an array of layer widths (mlp only; \`hidden.length\` layers of \`hidden[]\` units each;
default [8, 8]). \`params\`: explicit initial parameters, flat, PyTorch layout: per layer W (out x in,
row-major) then b.

Every kind is an MLP: linear/logistic/softmax/svm have no hidden layers. The output layer follows
the loss: linear outputs (values, logits, scores), or a sigmoid when the loss reads probabilities.
Parameter limit: 5,000,000.

${r.models.map((m) => `- \`${m.id}\` (${m.label}): ${m.description} Tasks: ${m.tasks.join(', ')}.`).join('\n')}

Activations: ${r.activations.map((a) => `\`${a.id}\` = ${a.formula}`).join('; ')}.

Initializers: ${r.inits.map((a) => `\`${a.id}\`: ${a.formula}`).join('; ')}.

## \`loss\`

Default: chosen from the model and the data (${r.models.map((m) => `${m.id}: ${[...new Set(Object.values(m.defaultLoss))].join(' or ')}`).join('; ')}). Means over the batch, PyTorch conventions.
Which losses fit which task and model is part of each entry ("recommended", or "allowed" with a note);
other combinations are rejected with the list of losses that fit.

${section('Losses', r.losses, (e) => `Input: ${e.input}; target: ${e.target}. Fits: ${e.fits.map((f) => `${f.task}${f.models.length ? ` (${f.models.join(', ')})` : ''} ${f.fit}${f.note ? ` — ${f.note}` : ''}`).join('; ')}.\n\n`)}
## \`optimizer\`

Default when absent: \`{ "kind": "${noOptimizer.kind}", "lr": ${noOptimizer.lr} }\` (a csv source: chosen from the data, see
[data-inference.md](data-inference.md)). PyTorch's formulas and defaults
(torch.optim); ${byId(lrRequired)} need \`lr\` as torch.optim.SGD does.

${section('Optimizers', r.optimizers)}
## \`schedule\`

Default: "${d.validate({}).spec.schedule.kind}". torch.optim.lr_scheduler semantics: stepped at each epoch end, except
${byId(perStep)} (after every optimizer step); ${byId(onMetric)} watches the validation loss (the training loss
without a validation split). A live LR change (UI, \`setLearningRate\`) lasts until the schedule next
sets the LR.

${section('Schedules', r.schedules)}
## \`training\`

${fieldRows(F, 'training', ['training.early_stopping', 'training.tolerance'])}
\`early_stopping\`: \`true\`, or an object with these fields:

${fieldRows(F, 'training.early_stopping')}
\`tolerance\`: an object with these fields:

${fieldRows(F, 'training.tolerance')}
\`line_search\`: null (off), a line search id, or \`{ "kind": id, ...parameters }\` (below). ${lineSearchRule}.

${section('Line searches', r.lineSearches)}
## Synthetic generators

${section('Generators', r.generators, (e) => `Task: ${e.task}.\n\n`)}
## Test functions (function mode)

${section('Functions', r.functions, (e) => `View [${e.view.join(', ')}], default start (${e.start.join(', ')}), minima / stationary points: ${e.minima.map((m) => `(${m.map((v) => Number(v.toFixed(4))).join(', ')})`).join(', ') || 'none'}.\n\n`)}
## The result

\`\`\`
{ "status": "done" | "converged" | "early_stopped" | "diverged" | "invalid", "message": "...",
  "steps": 1000, "epochs": 10, "samples_seen": 32000,
  "task": "binary", "classes": 2, "loss": "bce_logits", "output": "logit", "rows": { "train", "validation" },
  "batch_size": 32, "notes": [ ... ],
  "history": { "stride": 1, "loss": [/* per step, before the update */], "grad_norm": [...], "update_norm": [...],
               "lr": [...], "step_size": [/* line search */], "trials": [...], "penalty": [/* l1/l2 */],
               "epoch_train_loss": [...], "epoch_val_loss": [...], "epoch_lr": [...], "epoch_step": [...],
               "epoch_train_accuracy" | "epoch_train_r2": [...], "epoch_val_accuracy" | "epoch_val_r2": [...] },
  "params": [/* final, flat, torch layout */],
  "trajectory_stride": 1, "trajectory": [[x, y], ...]  /* function mode and 2-parameter models: after k updates, k = 0.. */,
  "values": [ ... ]  /* function mode: f along the trajectory */,
  "metrics": { "train": {...}, "validation": {...} } }
\`\`\`
An invalid spec gives \`{ "status": "invalid", "message", "errors": [{ "path", "message" }] }\`.
Floats are float32 printed with the fewest digits that read back exactly, so the WebAssembly and
native engines print byte-identical results.
`;
  return md.replace(/\n{3,}/g, '\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const md = await generate();
  if (process.argv.includes('--check')) {
    const cur = readFileSync(target, 'utf8');
    if (cur !== md) { console.error('docs/spec.md is stale: run node scripts/gen-spec-doc.mjs'); process.exit(1); }
  } else {
    writeFileSync(target, md);
    console.log(`wrote ${target}`);
  }
}
