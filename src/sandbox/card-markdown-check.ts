// Checks the text of a `markdown` element (and of lark_md text) against what the official pages say
// about it: soft line breaks, links glued to CJK text, legacy HTML entities and mentions. Pure.
import type { Finding } from './card-rules';

export interface MarkdownOptions {
  /** Look for soft line breaks: markdown elements only (lark_md reads every `\n` as a new line). */
  softBreaks?: boolean;
  /** The open_ids this app knows; a mention of any other id is refused. */
  knownOpenIds?: ReadonlySet<string>;
}

export function markdownFindings(content: string, path: string, opts: MarkdownOptions = {}): Finding[] {
  const found: Finding[] = [];
  if (opts.softBreaks) found.push(...softBreaks(content, path));
  found.push(...gluedLinks(content, path), ...legacyEntities(content, path));
  if (opts.knownOpenIds) found.push(...unknownMentions(content, path, opts.knownOpenIds));
  return found;
}

const snippet = (s: string): string => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

// ---- Soft line breaks -------------------------------------------------------------------------

const FENCE = /^ {0,3}(```|~~~)/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const HR = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|<hr\s*\/?>)[ \t]*$/i;
const TABLE_ROW = /^[ \t]*\|/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const QUOTE = /^[ \t]*>/;
const BR_END = /<br\s*\/?>[ \t]*$/i;

/** Lines after which a `\n` ends a block rather than breaking a paragraph. */
const endsBlock = (l: string): boolean => HEADING.test(l) || HR.test(l) || TABLE_ROW.test(l) || FENCE.test(l);
/** Lines that open a block of their own, so the `\n` before them is not inside a paragraph. */
const startsBlock = (l: string): boolean =>
  LIST_ITEM.test(l) || HEADING.test(l) || QUOTE.test(l) || TABLE_ROW.test(l) || FENCE.test(l) || HR.test(l);

/**
 * 富文本 page (PAGES.markdown): "富文本组件支持使用一个 Enter 键作为软换行（Soft Break）…软换行在渲染时
 * 可能会被忽略". A single `\n` between two lines of one paragraph is such a soft break: one client shows
 * a new line, another runs the lines together. `<br>` (HTML the 2.0 page lists) or a blank line break
 * on every client. A `\n` right after `<br>` is refused too: a client that shows soft breaks would
 * show two line breaks there, one that ignores them one.
 */
function softBreaks(content: string, path: string): Finding[] {
  const lines = content.split('\n');
  const found: Finding[] = [];
  let fenced = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced || line.trim() === '' || next.trim() === '') continue;
    if (endsBlock(line) || startsBlock(next)) continue;
    const after = BR_END.test(line) ? ' right after <br>, which already breaks the line,' : '';
    found.push({
      rule: 'soft-break',
      path: `${path}`,
      message: `line ${i + 1} ${snippet(line)} ends in a single \\n${after} (a soft break, which the rich-text page says may be ignored): write <br> between the lines, without \\n, or a blank line`,
    });
  }
  return found;
}

// ---- Links glued to CJK text ------------------------------------------------------------------

/** CJK ideographs, kana, hangul, CJK and full-width punctuation (as src/cards/text.ts). */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
/** A link as a client finds one in text: a scheme, then printable ASCII up to anything else. */
const LINK = /https?:\/\/[\x21-\x7e]*/gi;

/**
 * The card FAQ (PAGES.faq, 发送卡片问题 5): a plain link written `https://xxxx.xxx中文文本` is read as one
 * invalid link and the send can fail; a space must keep the link apart from Chinese text. A link that
 * is a markdown link's target (`[文字](https://x)`), an attribute value (`<a href='https://x'>`) or an
 * autolink (`<https://x>`) ends at its closing bracket or quote and is not glued.
 */
function gluedLinks(content: string, path: string): Finding[] {
  const found: Finding[] = [];
  for (const m of content.matchAll(LINK)) {
    const at = m.index ?? 0;
    const before = content.slice(0, at);
    if (/\]\($|<$|=\s*["']$/.test(before)) continue;
    const prev = [...before.slice(-2)].pop();
    const next = String.fromCodePoint(content.codePointAt(at + m[0].length) ?? 32);
    const side = prev && CJK.test(prev) ? 'after' : CJK.test(next) ? 'before' : '';
    if (!side) continue;
    found.push({
      rule: 'glued-link',
      path,
      message: `link ${snippet(m[0])} is glued to CJK text (it comes right ${side} ${JSON.stringify(side === 'after' ? prev : next)}); the card FAQ lists this among the causes of a refused send: put a space between them`,
    });
  }
  return found;
}

// ---- Legacy entities --------------------------------------------------------------------------

/** The WHATWG named references a parser reads without their `;` (as src/cards/text.ts LEGACY). */
const LEGACY =
  `AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute
  Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute
  aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil cent copy curren deg divide eacute
  ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot
  nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1
  sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml`.split(/\s+/);
const LEGACY_REF = new RegExp(`&(${LEGACY.join('|')})(?![A-Za-z0-9]*;)`, 'g');

/**
 * The card FAQ (发送卡片问题 10): in a markdown element `&reg`, `&copy` and the like "会被当作 HTML 字符
 * 处理成®、©等特殊符号". A `&` followed by a legacy entity name and no `;` shows a symbol instead of what
 * was written (`&copy2026` → ©2026). `&amp;copy` or `&copy;` say what they mean.
 */
function legacyEntities(content: string, path: string): Finding[] {
  return [...content.matchAll(LEGACY_REF)].map((m) => ({
    rule: 'legacy-entity' as const,
    path,
    message: `${snippet(content.slice(m.index ?? 0, (m.index ?? 0) + 12))}: &${m[1]} without ';' is read as an HTML entity (the card FAQ: &reg, &copy show as ®, ©); write &amp;${m[1]}`,
  }));
}

// ---- Mentions ---------------------------------------------------------------------------------

const AT = /<at\s+([a-z_]+)\s*=\s*(["']?)([^"'\s>]*)\2[^>]*>/gi;

/** The ids an `<at …>` tag names: `id`, `open_id`, `user_id`, `ids` (comma-separated) or an `email`. */
export function mentionedIds(content: string): { attr: string; id: string }[] {
  return [...content.matchAll(AT)].flatMap((m) => {
    const attr = (m[1] ?? '').toLowerCase();
    const raw = m[3] ?? '';
    return (attr === 'ids' ? raw.split(',') : [raw]).map((id) => ({ attr, id: id.trim() }));
  });
}

/**
 * The send page's 230099 sub-code 100290: "There is an invalid user resource(at/person) in your card"
 * (卡片中存在无效的人员 id). A mention must name an open_id of this app (or `all`).
 */
function unknownMentions(content: string, path: string, known: ReadonlySet<string>): Finding[] {
  return mentionedIds(content)
    .filter(({ attr, id }) => !(id === 'all' && attr === 'id') && !known.has(id))
    .map(({ attr, id }) => ({
      rule: 'mention' as const,
      path,
      message: `<at ${attr}=${id}> names no open_id this app knows (Feishu refuses the card: ErrCode 100290, invalid user resource(at/person))`,
    }));
}
