import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../../../src/cards/kit';
import { checkCard } from '../../../src/sandbox/card-check';
import { fixtures, typedOverride } from './hostile-views';

// Issue 21: whatever is typed, text() must not produce what makes Feishu refuse or misread a card:
// a link glued to CJK text (the card FAQ names it among the causes of a failed send), a legacy
// entity name after a bare `&` (`&copy` shows as ©), or a mention (`<at ...>`) the bot did not write.

/** CJK as this test reads it (ideographs incl. extension B+, kana, hangul, CJK and full-width punctuation). */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** The names an HTML parser reads without `;` (WHATWG legacy list), spelled out here on their own. */
const LEGACY =
  'AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml'.split(
    ' ',
  );

/** Every link in `out` with the characters on either side of it. */
function links(out: string): { before: string; url: string; after: string }[] {
  return [...out.matchAll(/https?:\/\/[\x21-\x7e]*/gi)].map((m) => {
    const i = m.index;
    const prev = [...out.slice(Math.max(0, i - 2), i)].pop() ?? '';
    const after = [...out.slice(i + m[0].length, i + m[0].length + 2)][0] ?? '';
    return { before: prev, url: m[0], after };
  });
}

/** What follows each `&` that does not open one of text()'s own entities. */
function bareAmps(out: string): string[] {
  return [...out.matchAll(/&(?:#\d+|amp|lt|gt|nbsp);|&/g)]
    .filter((m) => m[0] === '&')
    .map((m) => out.slice(m.index + 1));
}

const piece = fc.oneof(
  fc.constantFrom(
    '详见',
    '附件',
    '。',
    ',',
    '𠀀',
    'ア',
    '한',
    'https://x.cn',
    'http://a.b/c_d?e=1&f=2',
    'HTTPS://X.CN/路径',
    'https://',
    '&copy',
    '&reg',
    '&amp',
    '&COPY2026',
    '&#42',
    '&#x2a',
    '&lt;',
    '=>',
    'function (',
    '&',
    'A&B',
    '<at id=all></at>',
    '<at id=ou_x>',
    '<at user_id="ou_y">名</at>',
    '**粗**',
    '[链](http://x)',
    '`c`',
    ':OK:',
    '# ',
    '- ',
    '1. ',
    '> ',
    '\n',
    '\r\n',
    '  ',
    ' ',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const typed = fc.array(piece, { maxLength: 24 }).map((ps) => ps.join(''));

describe('text(): arbitrary typed text', () => {
  it('never glues a link to CJK, never leaves a legacy entity after a bare &, never writes a mention', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const out = text(s);
        for (const l of links(out)) {
          expect(CJK.test(l.before), `${JSON.stringify(out)}: CJK before ${l.url}`).toBe(false);
          expect(CJK.test(l.after), `${JSON.stringify(out)}: CJK after ${l.url}`).toBe(false);
        }
        for (const rest of bareAmps(out)) {
          expect(rest.startsWith('#'), `${JSON.stringify(out)}: &#`).toBe(false);
          const name = LEGACY.find((n) => rest.startsWith(n));
          expect(name, `${JSON.stringify(out)}: &${name}`).toBeUndefined();
        }
        expect(out).not.toMatch(/<at/i);
        expect(out).not.toContain('<');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text(): the three cases of issue 21', () => {
  it('puts a space between a typed link and the CJK text around it, the link itself as typed', () => {
    expect(text('详见https://x.cn附件')).toBe('详见 https://x.cn 附件');
    expect(text('见http://a.b/c?d=1。')).toBe('见 http://a.b/c?d=1 。');
    // At either end of the value too: what the builder puts around it is not known to text().
    expect(text('𠀀https://x.cn')).toBe('𠀀 https://x.cn ');
    expect(text('https://x.cn)')).toBe('&nbsp;https://x.cn) ');
    // Already apart, or next to ASCII: unchanged.
    expect(text('详见 https://x.cn 附件')).toBe('详见 https://x.cn 附件');
    expect(text('see https://x.cn, ok')).toBe('see https://x.cn, ok');
  });
  it('escapes & before a legacy entity name typed without ;, and leaves other & as typed', () => {
    expect(text('&copy 2026 &reg')).toBe('&amp;copy 2026 &amp;reg');
    expect(text('&COPY2026 &amp &#42 &#x2a')).toBe('&amp;COPY2026 &amp;amp &amp;#42 &amp;#x2a');
    expect(text('A&B(北京)! A & B')).toBe('A&B(北京)! A & B');
  });
  it('never turns a typed <at> into a mention', () => {
    expect(text('<at id=all></at>')).toBe('&lt;at id=all&gt;&lt;/at&gt;');
    expect(text('请<at user_id="ou_x">张三</at>看')).not.toContain('<');
  });
});

describe('arbitrary typed text in every field of every card builder', () => {
  afterEach(() => {
    typedOverride.text = undefined;
  });

  it('the sandbox finds no glued link, legacy entity, mention or any other fault in any card', () => {
    const none = new Set<string>();
    fc.assert(
      fc.property(typed, (s) => {
        typedOverride.text = s;
        for (const [name, f] of Object.entries(fixtures))
          for (const card of f.cards())
            // No known open_id: every <at> a typed value could smuggle in is a finding (100290).
            expect(checkCard(card, { knownOpenIds: none }), `${name} with ${JSON.stringify(s)}`).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
