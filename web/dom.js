// The one DOM helper of web/: el() makes an element with its text and attributes. Text always goes
// in as textContent (never HTML), so user text (file names, CSV headers, links) cannot become markup.
// Not here: layout, styles, events, or anything a panel draws.

/**
 * A new element. text: its textContent (null/undefined: none). attrs: an object of attributes
 * ("class" sets className; false/null/undefined values are left out, true gives an empty value),
 * or a string, which is the class name.
 */
export function el(tag, text = null, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (typeof attrs === 'string') {
    if (attrs) e.className = attrs;
    return e;
  }
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  return e;
}
