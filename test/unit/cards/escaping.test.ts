import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { text } from '../../../src/cards/kit';
import { checkCard } from '../../../src/sandbox/card-check';
import { renderCardText } from '../../../src/sandbox/card-text';
import { fixtures, HOSTILE } from './hostile-views';

const dir = fileURLToPath(new URL('../../../src/cards/', import.meta.url));
const modules = await Promise.all(
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map(async (f) => [f, (await import(`${dir}${f}`)) as Record<string, unknown>] as const),
);
/** Every exported card builder of src/cards, found by name so a new one cannot be forgotten. */
const builders = modules.flatMap(([f, m]) =>
  Object.entries(m)
    .filter(([name, v]) => typeof v === 'function' && /Card$/.test(name))
    .map(([name]) => `${name} (${f})`),
);

function markdownOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) markdownOf(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.tag === 'markdown') out.push(String(o.content));
    for (const v of Object.values(o)) markdownOf(v, out);
  }
  return out;
}

/** What the client shows for an entity (the rich-text page's 特殊字符转义说明). */
const decode = (s: string) =>
  s
    .replace(/<br>/g, '\n')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

// The builders' own markup: a red error or ban, bold labels, `- ` list lines and `<br>` line breaks.
const OWN_TAGS = /<font color='red'>|<\/font>|<br>/g;

function expectInert(content: string) {
  expect(content).not.toContain('红</font>');
  expect(content.replace(OWN_TAGS, '')).not.toContain('<');
  expect(content).not.toMatch(/\*(粗体|斜)|(粗体|斜)\*|__下|下__/);
  expect(content).not.toMatch(/\[链接\]|\]\(http/);
  expect(content).not.toMatch(/~删|删~/);
  expect(content).not.toContain('`');
  expect(content).not.toMatch(/:OK:|\| 表 \|/);
  for (const line of content.split(/\n|<br>/)) {
    expect(line).not.toMatch(/^\s*#/);
    expect(line).not.toMatch(/^\s*([-+*>]|\d+[.)])\s*(项|引用|序号)/);
    expect(line).not.toMatch(/^\s*(-{3,}|={3,}|\*{3,}|_{3,})\s*$/);
  }
}

describe('typed text in every card shows as text', () => {
  it('every exported card builder has a hostile fixture', () => {
    const names = builders.map((b) => b.split(' ')[0]).sort();
    expect(names).toEqual(Object.keys(fixtures).sort());
  });

  const cases = Object.entries(fixtures).flatMap(([name, f]) =>
    f.cards().map((card, i) => ({ name: `${name} #${i + 1}`, card, typed: f.typed !== false })),
  );

  it.each(cases)('$name: valid, under 30 KB, no tag or markdown from the typed text', ({ card, typed }) => {
    expect(checkCard(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(30 * 1024);
    const contents = markdownOf(card);
    for (const c of contents) expectInert(c);
    if (typed) expect(decode(contents.join('\n'))).toContain(HOSTILE);
    const shown = renderCardText(card).text;
    expect(shown).not.toContain('@所有人');
    expect(shown).not.toContain('@ou_x');
    if (typed)
      for (const word of ['粗体', '链接', '红', '标题', '项', '代码', '删']) expect(shown).toContain(word);
  });
});

describe('text', () => {
  it('leaves ordinary data as typed', () => {
    for (const s of [
      '昆山洁美物业服务有限公司',
      '2026-03-01',
      '合同 #12',
      '#12 号',
      'HT-2026-0012',
      '¥1,200.00',
      '180,000.00元 ~ 220,000.00元',
      '2026-第12次',
      '13:42',
      '覆盖率100%,每日两次。',
      'A&B(北京)!',
      '-5',
      '2026.03 总结',
      '0512-57671234',
    ])
      expect(text(s)).toBe(s);
  });

  it('writes what could form markup as the entities the rich-text page lists', () => {
    expect(text('<at id=all></at>')).toBe('&lt;at id=all&gt;&lt;/at&gt;');
    expect(text('**粗** ~~删~~')).toBe('&#42;&#42;粗&#42;&#42; &#126;&#126;删&#126;&#126;');
    expect(text('a\n# 标题\n  - 项\n1. 一\n---\n\n> 引')).toBe(
      'a\n&#35; 标题\n&nbsp;&nbsp;&#45; 项\n1&#46; 一\n&#45;--\n&gt; 引',
    );
    expect(text('[链](http://x) `c` :OK: a_b | &lt;')).toBe(
      '&#91;链&#93;(http://x) &#96;c&#96; &#58;OK: a&#95;b &#124; &amp;lt;',
    );
  });
});
