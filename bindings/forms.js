// The registry's templates, filled: the PyTorch/Keras forms of the exports and the lines of
// "explain this step" are strings in the engine's registry rows (the language is described in
// core/registry/forms.hpp); this module parses them, decides their conditions and fills their
// slots, and evaluates the small arithmetic of their checks and derived numbers. Pure functions,
// shared by bindings/export.js and web/views/explain-lines.js. Not here: how a number is written
// (each caller passes its formatter) or any knowledge of a particular row.

const cache = new Map();
const NAME = /[A-Za-z0-9_@]/;

/** A template as nodes: { text } | { slot, mod } | { cond, then, else }. Throws on bad syntax. */
export function parse(template) {
  if (typeof template !== 'string') throw new TypeError(`a template must be a string, got ${typeof template}`);
  let nodes = cache.get(template);
  if (nodes) return nodes;
  let i = 0;
  const fail = (why) => { throw new SyntaxError(`template ${JSON.stringify(template)}: ${why} at ${i}`); };
  // Reads nodes up to ${else}/${end} (returned as the stopper) or the end of the template.
  const block = (inner) => {
    const out = [];
    let text = '';
    const flush = () => { if (text) out.push({ text }); text = ''; };
    while (i < template.length) {
      const c = template[i];
      if (c !== '$') { text += c; i++; continue; }
      const next = template[i + 1];
      if (next === '$') { text += '$'; i += 2; continue; }
      if (next === '{') {
        const close = template.indexOf('}', i + 2);
        if (close < 0) fail('unclosed "${"');
        const body = template.slice(i + 2, close).trim();
        i = close + 1;
        if (body === 'else' || body === 'end') {
          if (!inner) fail(`"\${${body}}" without "\${if}"`);
          flush();
          return { nodes: out, stop: body };
        }
        flush();
        if (body.startsWith('if ')) {
          const cond = body.slice(3).trim();
          if (!cond) fail('empty condition');
          conditionTerms(cond);  // syntax check
          const a = block(true);
          let b = { nodes: [], stop: a.stop };
          if (a.stop === 'else') b = block(true);
          if (b.stop !== 'end') fail('"${if}" without "${end}"');
          out.push({ cond, then: a.nodes, else: b.nodes });
          continue;
        }
        const [name, mod = '', extra] = body.split('|').map((s) => s.trim());
        if (!/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(name) || extra !== undefined) fail(`bad slot "\${${body}}"`);
        out.push({ slot: name, mod });
        continue;
      }
      let j = i + 1;
      while (j < template.length && NAME.test(template[j])) j++;
      if (j === i + 1) fail('"$" without a name (write "$$" for a dollar sign)');
      flush();
      out.push({ slot: template.slice(i + 1, j), mod: '' });
      i = j;
    }
    if (inner) fail('"${if}" without "${end}"');
    flush();
    return { nodes: out, stop: null };
  };
  nodes = block(false).nodes;
  cache.set(template, nodes);
  return nodes;
}

function conditionTerms(cond) {
  return cond.split(',').map((raw) => {
    let s = raw.trim();
    const negate = s.startsWith('!') && !s.startsWith('!=');
    if (negate) s = s.slice(1).trim();
    const present = s.startsWith('?');
    if (present) s = s.slice(1).trim();
    const m = s.match(/^([A-Za-z_@][A-Za-z0-9_.@]*)\s*(?:(!=|=)\s*(.*))?$/);
    if (!m || (present && m[2])) throw new SyntaxError(`bad condition term "${raw.trim()}" in "${cond}"`);
    return { negate, present, name: m[1], op: m[2] ?? null, value: m[3]?.trim() };
  });
}

const truthy = (v) => v !== undefined && v !== null && v !== 0 && v !== false && v !== '' && !Number.isNaN(v);
const same = (v, text) => (typeof v === 'number' ? v === Number(text) : String(v) === text);

/** Whether COND holds for the values (a map of names to numbers, booleans or strings). */
export function holds(cond, values) {
  if (!cond) return true;
  return conditionTerms(cond).every(({ negate, present, name, op, value }) => {
    const v = values[name];
    let r;
    if (present) r = v !== undefined && v !== null;
    else if (op === '=') r = v !== undefined && same(v, value);
    else if (op === '!=') r = !(v !== undefined && same(v, value));
    else r = truthy(v);
    return negate ? !r : r;
  });
}

/** Every name a template or condition reads (slots and condition terms), in order, once. */
export function names(template) {
  const out = new Set();
  const walk = (nodes) => {
    for (const n of nodes) {
      if (n.slot) out.add(n.slot);
      else if (n.cond) {
        for (const t of conditionTerms(n.cond)) out.add(t.name);
        walk(n.then);
        walk(n.else);
      }
    }
  };
  walk(parse(template));
  return [...out];
}

/**
 * The template with its conditions decided and its slots filled: format(value, name, mod) writes
 * one slot (value undefined when the map has none; the formatter decides what that means).
 * Returns { text, slots } with slots: the names filled, in order.
 */
export function fillWith(template, values, format) {
  const slots = [];
  const walk = (nodes) => nodes.map((n) => {
    if (n.text !== undefined) return n.text;
    if (n.slot) {
      slots.push(n.slot);
      return format(values[n.slot], n.slot, n.mod);
    }
    return walk(holds(n.cond, values) ? n.then : n.else);
  }).join('');
  return { text: walk(parse(template)), slots };
}

/** fillWith's text only. */
export const fill = (template, values, format) => fillWith(template, values, format).text;

// ---- arithmetic of checks and derived numbers -------------------------------------------------
const FUNCS = { sqrt: Math.sqrt, abs: Math.abs, max: Math.max, min: Math.min };

/**
 * Evaluates an expression over named numbers: numbers, names (as in templates), + - * / ^
 * (power, right-associative), unary minus, parentheses, sqrt() abs() max() min(). An unknown name
 * or a syntax error throws, naming it.
 */
export function evaluate(expr, values) {
  const tokens = expr.match(/\d+\.?\d*(?:e[+-]?\d+)?|\.\d+|[A-Za-z_@][A-Za-z0-9_.@]*|\S/gi) ?? [];
  let k = 0;
  const fail = (why) => { throw new SyntaxError(`expression "${expr}": ${why}`); };
  const peek = () => tokens[k];
  const take = (t) => { if (tokens[k] !== t) fail(`expected "${t}", got "${tokens[k] ?? 'the end'}"`); k++; };
  const primary = () => {
    const t = tokens[k++];
    if (t === undefined) fail('unexpected end');
    if (t === '(') { const v = sum(); take(')'); return v; }
    if (t === '-') return -power();
    if (/^[\d.]/.test(t)) return Number(t);
    if (FUNCS[t]) {
      take('(');
      const args = [sum()];
      while (peek() === ',') { k++; args.push(sum()); }
      take(')');
      return FUNCS[t](...args);
    }
    if (/^[A-Za-z_@]/.test(t)) {
      const v = values[t];
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v !== 'number') fail(`no number named "${t}"`);
      return v;
    }
    return fail(`unexpected "${t}"`);
  };
  const power = () => {
    const b = primary();
    if (peek() === '^') { k++; return b ** power(); }
    return b;
  };
  const product = () => {
    let v = power();
    while (peek() === '*' || peek() === '/') v = tokens[k++] === '*' ? v * power() : v / power();
    return v;
  };
  const sum = () => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = tokens[k++] === '+' ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (k !== tokens.length) fail(`unexpected "${tokens[k]}"`);
  return v;
}

/** "a = expr; b = expr" as [{ name, expr }] (a let or the identities of a check). */
export function equations(text) {
  return text.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = s.match(/^([A-Za-z_@][A-Za-z0-9_.@]*)\s*=\s*(.+)$/);
    if (!m) throw new SyntaxError(`"${s}" is not "name = expression"`);
    return { name: m[1], expr: m[2] };
  });
}
