// HTML text building without a DOM: escaping for text and attributes, and safe embedding of JSON
// and script text inside <script> elements (no "</script", "<!--" or U+2028/2029 can break out).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** JSON for a <script type="application/json"> element: "<" and the JS line separators escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text (a library) made safe to inline: any "</script" becomes "<\/script". */
export function inlineScriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Attributes from a record, in the record's key order; null/undefined/false values are omitted. */
export function attrs(record: Record<string, string | number | boolean | null | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${key}` : ` ${key}="${escapeHtml(String(value))}"`;
  }
  return out;
}
