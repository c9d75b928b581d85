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
/**
 * The entity names an HTML parser reads without their `;` (the WHATWG "legacy" ones): typed `&copy`
 * or `&reg2026` would show as © or ®2026 (a legacy name is read as a prefix), so `&` before one is escaped.
 */
const LEGACY =
  `AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute
  Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute
  aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil cent copy curren deg divide eacute
  ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot
  nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1
  sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml`
    .split(/\s+/)
    .join('|');
/**
 * What opens a tag, emphasis, code, a link, a table cell, an emoji (`:OK:`) or an entity: a typed
 * `&name;`, a numeric one (`&#42`, with or without `;`), or a legacy name read without one (`&copy`).
 */
const INLINE = new RegExp(`&(?=#|\\w+;|${LEGACY})|:(?=[A-Za-z][\\w+-]*:)|[<>*_~\`[\\]\\\\|]`, 'g');
/** A line's indent, then a marker that makes it a heading, list item, rule or setext underline. */
const BLOCK = /^([ \t]*)(#{1,6}(?=[ \t]|$)|([-+=])(?=[ \t]|\3|$)|\d{1,9}[.)](?=[ \t]|$))?/;
const blank = (c: string | undefined) => c === ' ' || c === '\t';
/**
 * CJK ideographs, kana, hangul and the CJK and full-width punctuation: the characters a link must not
 * touch. The card FAQ (https://open.feishu.cn/document/common-capabilities/message-card/message-card)
 * lists a URL written right against Chinese text among the causes of a refused send (230099).
 */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
/** A typed link as a client finds it: a scheme, then printable ASCII up to a space or any other character. */
const LINK = /https?:\/\/[\x21-\x7e]*/gi;

/**
 * A space between a typed link and CJK text on either side of it; the link itself stays as typed.
 * A link at either end of the value gets one there too: the builder's text around the value (`:`,
 * then the next value) is not known here, and a client reads a link on through any ASCII up to
 * the first CJK character (`http://x):详见` is one link glued to 详).
 */
function apart(s: string): string {
  const cjk = (c: string | undefined) => c !== undefined && CJK.test(c);
  return s.replace(LINK, (url: string, i: number) => {
    const low = i > 1 && /[\udc00-\udfff]/.test(s[i - 1]!);
    const before = s.slice(low ? i - 2 : i - 1, i);
    const end = i + url.length === s.length;
    const after = String.fromCodePoint(s.codePointAt(i + url.length) ?? 32);
    return `${i === 0 || cjk(before) ? ' ' : ''}${url}${end || cjk(after) ? ' ' : ''}`;
  });
}

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
 * A typed link gets a space on a side where it touches CJK text (`详见 https://x.cn 附件`), and `&`
 * before a legacy entity name (`&copy`) is written `&amp;`.
 */
export function text(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .split('\n')
    .map((l) => line(apart(l)))
    .join('\n');
}
