// The first rows of a CSV text, split into cells (RFC 4180 quoting, CRLF, a UTF-8 BOM), for the
// upload preview only. The worker runs it; the engine does the real parse and the validation.
// Not here: numbers, types, targets, errors (the engine's messages name the row and column).

/**
 * Splits up to maxRows rows (blank lines skipped) from the start of text; stops early, so a huge
 * file costs only what it shows. Returns { rows: string[][], complete: boolean }.
 */
export function previewRows(text, maxRows = 9, maxCells = 64, maxCellChars = 80) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const clip = (s) => (s.length > maxCellChars ? `${s.slice(0, maxCellChars - 1)}…` : s);
  const endCell = () => { if (row.length < maxCells) row.push(clip(cell.trim())); cell = ''; };
  const endRow = () => {
    endCell();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') endRow();
    else if (c !== '\r') cell += c;
  }
  const complete = i >= text.length;
  if (complete && rows.length < maxRows && (cell !== '' || row.length)) endRow();
  return { rows, complete };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether the first row looks like a header: a non-numeric cell above a numeric one. */
export function looksLikeHeader(rows) {
  if (rows.length < 2) return rows.length === 1 && rows[0].some((c) => c !== '' && !NUMBER.test(c));
  return rows[0].some((c, j) => c !== '' && !NUMBER.test(c) && NUMBER.test(rows[1][j] ?? ''))
    || rows[0].every((c) => c !== '' && !NUMBER.test(c));
}

/** Counts the data rows of a text roughly (newlines outside quotes), for the summary line. */
export function countLines(text) {
  let n = 0;
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    if (c === 10 && !quoted) { if (!blank) n++; blank = true; } else if (c !== 13 && c !== 32) blank = false;
  }
  if (!blank) n++;
  return n;
}
