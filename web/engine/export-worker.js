// The worker's side of the download buttons: turns the open session (and the spec it was opened
// with) into the text of one export, through bindings/export.js. Pure functions over the facade;
// the worker calls makeExport() and posts the text, the page turns it into a file.
// Not here: file names, Blobs or anything about the DOM (panels/export/), chart pictures.
import { exportTorch, exportKeras, datasetCsv, historyCsv, epochCsv, paramsJson } from '../../bindings/export.js';

/** What can be exported from the worker, and what each needs. */
export const EXPORT_KINDS = Object.freeze({
  spec: { session: false },
  params: { session: true },
  history: { session: true },
  epochs: { session: true },
  dataset: { session: true },
  torch: { session: false },
  keras: { session: false },
});

/**
 * The spec as a file holds it: a CSV-backed spec carries the CSV text in data.text (the engine and
 * the CLI read it there), so the file alone reproduces the run.
 */
export function fileSpec(spec, csvText) {
  const out = structuredClone(spec);
  if (out?.data?.source === 'csv' && typeof csvText === 'string') out.data.text = csvText;
  return out;
}

/**
 * One export: { ok: true, text, notes? } or { ok: false, error }. spec is the spec the session was
 * opened with (it may hold model.params); csvText the uploaded CSV when the spec reads one.
 */
export function makeExport(descent, session, spec, csvText, kind) {
  const need = EXPORT_KINDS[kind];
  if (!need) return { ok: false, error: `unknown export "${String(kind)}"` };
  if (!spec) return { ok: false, error: 'nothing to export yet: the engine has no setup' };
  if (need.session && !session) return { ok: false, error: 'this setup cannot train, so it has no parameters, history or data to export' };
  const csv = spec.data?.source === 'csv' ? csvText : undefined;
  try {
    switch (kind) {
      case 'spec': return { ok: true, text: `${JSON.stringify(fileSpec(spec, csv), null, 2)}\n` };
      case 'params': return { ok: true, text: paramsJson(descent, session, fileSpec(spec, csv)) };
      case 'history': return { ok: true, text: historyCsv(session) };
      case 'epochs': return { ok: true, text: epochCsv(session) };
      case 'dataset': return { ok: true, text: datasetCsv(session) };
      case 'torch': {
        const r = exportTorch(descent, spec, { csv });
        return r.ok ? { ok: true, text: r.text, notes: r.notes ?? [] } : { ok: false, error: r.error };
      }
      case 'keras': {
        const r = exportKeras(descent, spec, { csv });
        return r.ok ? { ok: true, text: r.text } : { ok: false, error: r.error };
      }
      default: return { ok: false, error: `unknown export "${kind}"` };
    }
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

/**
 * Checks an imported spec in the engine: { ok, errors: [{ path, message }] }. csv: the CSV text
 * when the spec reads one and does not carry it.
 */
export function validateImport(descent, spec, csvText) {
  try {
    const r = descent.validate(spec, typeof csvText === 'string' ? { csv: csvText } : {});
    return { ok: !!r.ok, errors: r.errors ?? [] };
  } catch (e) {
    return { ok: false, errors: [{ path: '', message: String(e?.message ?? e) }] };
  }
}
