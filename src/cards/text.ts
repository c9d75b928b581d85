const ENTITY: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '|': '&#124;',
  ':': '&#58;',
  '#': '&#35;',
  '-': '&#45;',
  '+': '&#43;',
  '=': '&#61;',
  '.': '&#46;',
  ')': '&#41;',
};
const entity = (c: string) => ENTITY[c] ?? c;
/** What opens a tag, emphasis, code, a link, a table cell, an emoji (`:OK:`) or a typed entity. */
const INLINE = /&(?=#?\w+;)|:(?=[A-Za-z][\w+-]*:)|[<>*_~`[\]\\|]/g;
/** A line's indent, then a marker that makes it a heading, list item, rule or setext underline. */
const BLOCK = /^([ \t]*)(#{1,6}(?=[ \t]|$)|([-+=])(?=[ \t]|\3|$)|\d{1,9}[.)](?=[ \t]|$))?/;
const blank = (c: string | undefined) => c === ' ' || c === '\t';

function inline(s: string): string {
  return s.replace(INLINE, (c, i: number) =>
    // Between two spaces `*`, `_` and `~` can neither open nor close: `¥1 ~ ¥2` stays as typed.
    '*_~'.includes(c) && blank(s[i - 1]) && blank(s[i + 1]) ? c : entity(c),
  );
}

function line(s: string): string {
  const m = BLOCK.exec(s)!;
  const indent = (m[1] ?? '').replace(/[ \t]/g, '&nbsp;');
  return indent + (m[2] ?? '').replace(/[^\d]/g, entity) + inline(s.slice(m[0].length));
}

/**
 * Typed text (a name, a reason, a number someone entered, anything read back from the database) as it
 * must go into a `markdown` element's content: shown as the characters typed, never as a mention
 * (`<at id=all></at>`), tag, emphasis, link, code, heading, list, quote or rule. Builders wrap every
 * such value, and only the value (`**单位**:${text(unit)}`). Plain_text (titles, buttons, options,
 * inputs, placeholders) is not markdown and must not be escaped: it would show `&#42;` as typed.
 *
 * Follows 特殊字符转义说明 of the JSON 2.0 rich-text component
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text):
 * a character Markdown would read is written as an HTML entity, which the client shows as the
 * character (`&#42;` for `*`, `&lt;` for `<`, `&nbsp;` for an indent; `~` as `&#126;`, the page's
 * `&#number;` form, as its `&sim;` is `∼` in HTML). Only what could form markup is
 * escaped, so CJK text, dates, amounts, `#12` and ordinary punctuation read the same. Blank lines
 * collapse to one line break, so a value cannot end the paragraph its label's `**` or `<font>` opened.
 */
export function text(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .split('\n')
    .map(line)
    .join('\n');
}
