// The text pieces of a card as a terminal shows them: the Feishu markdown dialect stripped to plain
// text (people by name when known), and tables as aligned rows. Pure: no I/O.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
export const HR = '─'.repeat(24);

/** A person's display name by open_id, or undefined when unknown. */
export type NameOf = (openId: string) => string | undefined;

/** Strips the Feishu markdown dialect to readable text, keeping line breaks. */
export function stripMarkdown(s: string, nameOf: NameOf = () => undefined): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<hr\s*\/?>/gi, `\n${HR}\n`)
    .replace(/<at\s+id=["']?all["']?\s*>\s*<\/at>/gi, '@所有人')
    .replace(
      /<at\s+id=["']?([^"'\s>]+)["']?[^>]*>(.*?)<\/at>/gi,
      (_m, id: string, t: string) => `@${t || nameOf(id) || id}`,
    )
    .replace(
      /<person\s+id=["']?([^"'\s>]+)["']?[^>]*>(?:[^<]*<\/person>)?/gi,
      (_m, id: string) => `@${nameOf(id) ?? id}`,
    )
    .replace(/<number_tag[^>]*>(.*?)<\/number_tag>/gi, '($1)')
    .replace(/<text_tag[^>]*>(.*?)<\/text_tag>/gi, (_m, t: string) => (t.trim() ? `[${t.trim()}]` : ''))
    .replace(/<\/?[a-z_]+(?:\s[^<>]*)?\/?>/gi, '')
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, '$1')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d{1,7});/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

export function textOf(t: unknown): string {
  if (typeof t === 'string') return t;
  if (!isObj(t)) return '';
  const c = str(t.content);
  return t.tag === 'lark_md' ? stripMarkdown(c) : c;
}

/** Terminal display width: CJK, full-width forms and emoji take two columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;
const ZERO = /\p{Mn}|[\u200b-\u200f]/u;
const width = (s: string): number =>
  [...s].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : ZERO.test(ch) || ch < ' ' ? 0 : 1), 0);

function cell(v: unknown, persons: boolean, nameOf: NameOf): string {
  if (Array.isArray(v)) return v.map((x) => cell(x, persons, nameOf)).join(', ');
  if (isObj(v)) return str(v.text) || textOf(v) || JSON.stringify(v);
  const s = stripMarkdown(str(v), nameOf).replace(/\s*\n\s*/g, ' ');
  return persons && s ? `@${nameOf(s) ?? s}` : s;
}

export function renderTable(el: Obj, nameOf: NameOf): string[] {
  const cols = arr(el.columns).filter(isObj);
  const head = cols.map((c) => str(c.display_name) || str(c.name));
  const rows = arr(el.rows)
    .filter(isObj)
    .map((r) => cols.map((c) => cell(r[str(c.name)], String(c.data_type).startsWith('person'), nameOf)));
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c))))
      .join(' │ ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(fmt)];
}
