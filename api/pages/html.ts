/**
 * HTML built by a tagged template that escapes every interpolation: `html\`<td>${name}</td>\``
 * shows a name like `<script>alert(1)</script>` as text, and the same escaping makes a value
 * safe inside a quoted attribute (`title="${x}"`). Only a SafeHtml (another html`` result, or
 * markup explicitly passed through `trusted()`) goes in as it is. Attributes must be quoted.
 */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An interpolated value: text is escaped, arrays are joined, null/undefined/false show nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let k = 0; k < values.length; k++) out += render(values[k]) + strings[k + 1];
  return new SafeHtml(out);
}

/** Markup we made ourselves and checked (the inline stylesheet, a chart's SVG): not escaped. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
