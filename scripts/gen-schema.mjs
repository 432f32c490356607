#!/usr/bin/env node
// Writes spec.schema.json: a JSON Schema (draft 2020-12) of the experiment spec, generated from the
// engine's registry (every kind, parameter, default, range and choice comes from registry(); a test
// fails when the file is stale), so editors can validate and complete spec files.
// Usage: node scripts/gen-schema.mjs. Not a validator: the engine stays the judge (cross-field rules
// such as "this loss does not fit this model" are the engine's alone; the schema is never stricter).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDescent } from '../bindings/index.js';

const target = fileURLToPath(new URL('../spec.schema.json', import.meta.url));


function describe(p) {
  const text = [p.help, p.range && p.type !== 'choice' && p.type !== 'boolean' ? `Valid: ${p.range}.` : ''].filter(Boolean).join(' ');
  return text ? { description: text } : {};
}

/** One ParamSpec (registry row parameter or spec field) as a schema. */
function param(p) {
  const s = { ...describe(p) };
  if (p.type === 'boolean') s.type = 'boolean';
  else if (p.type === 'choice') { s.type = 'string'; if (p.choices) s.enum = p.choices; }
  else {
    s.type = p.type === 'integer' ? 'integer' : 'number';
    if (p.min !== null && p.min !== undefined) s[p.minExclusive ? 'exclusiveMinimum' : 'minimum'] = p.min;
    if (p.max !== null && p.max !== undefined) s[p.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = p.max;
  }
  if (!p.required && p.default !== undefined) s.default = p.default;
  return s;
}

function params(list) {
  return Object.fromEntries(list.map((p) => [p.name, param(p)]));
}

/** { required: [names] } for the params without a default, or nothing. */
function requiredOf(list) {
  const required = list.filter((p) => p.required).map((p) => p.name);
  return required.length ? { required } : {};
}

const strict = (properties, extra = {}) => ({ type: 'object', properties, additionalProperties: false, ...extra });

/**
 * A registry component as the parser reads it: { kind, ...that kind's params } or the bare id.
 * One if/then per kind names that kind's params, so another kind's params are rejected (and the
 * error points at the stray field, as the engine's does). defaultKind: what a missing kind means.
 * extraTypes: what else the field may be (training.line_search: null, true or false).
 */
function component(entries, what, defaultKind, { extraTypes = [], description } = {}) {
  const ids = entries.map((e) => e.id);
  // A bare id is read as { kind: id }: only ids without required params make a complete component.
  const bare = entries.filter((e) => !e.params.some((p) => p.required)).map((e) => e.id);
  const branches = entries.map((e) => ({
    if: { properties: { kind: { const: e.id } }, ...(e.id === defaultKind ? {} : { required: ['kind'] }) },
    then: strict({ kind: true, ...params(e.params) }, requiredOf(e.params)),
  }));
  return {
    ...(description ? { description } : {}),
    type: [...extraTypes, 'string', 'object'],
    allOf: [
      { if: { type: 'string' }, then: { enum: bare } },
      {
        if: { type: 'object' },
        then: {
          properties: { kind: { description: `The ${what}${defaultKind ? ` (default "${defaultKind}")` : ''}.`, type: 'string', enum: ids } },
          ...(defaultKind ? {} : { required: ['kind'] }),
          allOf: branches,
        },
      },
    ],
  };
}

/** A section whose member `key` picks a registry entry, each with its own params beside `key`. */
function picked(key, entries, defaultId, common) {
  return {
    properties: { [key]: { type: 'string', enum: entries.map((e) => e.id), default: defaultId } },
    allOf: entries.map((e) => ({
      if: { properties: { [key]: { const: e.id } }, ...(e.id === defaultId ? {} : { required: [key] }) },
      then: strict({ ...common, [key]: true, ...params(e.params) }, requiredOf(e.params)),
    })),
  };
}

export async function generate() {
  const d = await loadDescent();
  const r = d.registry();
  const spec = Object.fromEntries(r.spec.map((p) => [p.name, p]));
  const field = (name) => {
    const p = spec[name];
    if (!p) throw new Error(`registry().spec has no field ${name} (a core bug: every scalar spec field is published there)`);
    return { ...p, name };
  };
  // Components are not spec fields: the kind a section takes when it names none is what the engine
  // fills into an empty spec (the line search: into a spec that only turns it on).
  const empty = d.validate({}).spec;
  const searchOn = d.validate({ training: { line_search: true } }).spec;
  const componentDefaults = {
    'optimizer.kind': empty.optimizer.kind,
    'schedule.kind': empty.schedule.kind,
    'training.line_search.kind': searchOn.training.line_search?.kind,
  };
  const kindDefault = (name) => {
    const v = componentDefaults[name] ?? field(name).default;
    if (typeof v !== 'string') throw new Error(`no default kind for ${name}`);
    return v;
  };
  const f = (name) => param(field(name));

  // ---- data: one branch per source ----------------------------------------------------------------
  const numberRow = { type: 'array', items: { type: 'number' }, minItems: 1 };
  const matrix = (what) => ({ description: what, type: 'array', items: { anyOf: [{ type: 'number' }, numberRow] } });
  const column = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 1 }] };
  const base = { source: true, seed: true };
  const bySource = {
    synthetic: picked('generator', r.generators, kindDefault('data.generator'), base),
    csv: strict({
      ...base,
      path: { description: 'A CSV file, relative to the spec file (CLI only; or give the CSV beside the spec).', type: 'string' },
      text: { description: 'The CSV itself.', type: 'string' },
      header: f('data.header'),
      target: { description: 'The target column: a name or a 1-based number (default: the last column).', ...column },
      features: { description: 'The input columns: names or 1-based numbers (default: all but the target).', type: 'array', items: column },
      task: f('data.task'),
    }),
    inline: strict({ ...base, x: matrix('Inputs: one number or one array of numbers per row.'), y: matrix('Targets: one number or one array of numbers per row.'), task: f('data.task') }, { required: ['x', 'y'] }),
    function: picked('function', r.functions, kindDefault('data.function'), {
      ...base,
      start: { description: 'Where the optimizer starts, [x, y].', type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    }),
  };
  const data = {
    description: 'The rows to learn from: synthetic (a generator), csv, inline rows, or a 2-D test function (function mode).',
    type: 'object',
    properties: { source: f('data.source'), seed: f('data.seed') },
    allOf: [
      ...Object.entries(bySource).map(([s, then]) => ({ if: { properties: { source: { const: s } }, required: ['source'] }, then })),
      // No source: the default, or csv when a CSV comes beside the spec (the CLI's --csv, the API's
      // options.csv: core/train/run.cpp), so a spec file for --csv may leave the source out.
      { if: { not: { required: ['source'] } }, then: { anyOf: [...new Set([bySource[field('data.source').default], bySource.csv])] } },
    ],
  };

  // ---- model: one branch per kind ---------------------------------------------------------------
  const width = field('model.hidden[]');
  const layers = field('model.hidden.length');
  const model = {
    description: 'The model; hidden layers, their activation and dropout belong to models with hidden layers (mlp).',
    type: 'object',
    properties: { kind: { type: 'string', enum: r.models.map((m) => m.id), default: kindDefault('model.kind') } },
    allOf: r.models.map((m) => ({
      if: { properties: { kind: { const: m.id } }, ...(m.id === kindDefault('model.kind') ? {} : { required: ['kind'] }) },
      then: strict({
        kind: true,
        ...(m.hiddenLayers
          ? { hidden: { ...describe(width), type: 'array', items: param(width), minItems: layers.min, maxItems: layers.max, default: Array(layers.default).fill(width.default) } }
          : { hidden: { description: `${m.id} has no hidden layers.`, type: 'array', maxItems: 0 } }),
        ...params(m.params),
        params: { description: 'Initial parameters (as the result\'s "params" lists them).', type: 'array', items: { type: 'number' } },
      }),
    })),
  };

  // ---- training ----------------------------------------------------------------------------------
  const nested = (prefix) => Object.fromEntries(r.spec.filter((p) => p.name.startsWith(prefix) && !p.name.slice(prefix.length).includes('.'))
    .map((p) => [p.name.slice(prefix.length), param(p)]));
  const training = strict({
    ...nested('training.'),
    early_stopping: {
      description: 'Stop when the validation (else training) loss stops improving: an object, true (defaults) or false.',
      type: ['boolean', 'null', 'object'], properties: nested('training.early_stopping.'), additionalProperties: false,
    },
    tolerance: strict(nested('training.tolerance.')),
    line_search: component(r.lineSearches, 'line search', kindDefault('training.line_search.kind'), {
      extraTypes: ['null', 'boolean'],
      description: 'Choose each step\'s size by a line search (optimizer "sgd" only): an object, an id, true (defaults) or false/null.',
    }),
  });

  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Descent experiment spec',
    description: `Generated by scripts/gen-schema.mjs from the registry of Descent ${d.version}; docs/spec.md explains every field. The engine checks more (e.g. that a loss fits the model); it never accepts what this schema rejects.`,
    type: 'object',
    properties: {
      $schema: { description: 'This schema, for editors (e.g. "node_modules/descent-playground/spec.schema.json").', type: 'string' },
      seed: f('seed'),
      data,
      preprocess: strict(nested('preprocess.')),
      model,
      loss: component(r.losses, 'loss', null, { description: 'Default: the engine picks the loss that fits the model and the data.' }),
      optimizer: component(r.optimizers, 'optimizer', kindDefault('optimizer.kind'), { description: 'Without an optimizer section: plain sgd (docs/spec.md gives its learning rate).' }),
      schedule: component(r.schedules, 'schedule', kindDefault('schedule.kind')),
      training,
    },
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(target, await generate());
  console.log(`wrote ${target}`);
}
