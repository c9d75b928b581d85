/** The markdown rules of the card check, each with cards that break it and cards that do not. */
import { describe, expect, it } from 'vitest';
import { cardFindings } from '../../../src/sandbox/card-check';
import { markdownFindings, mentionedIds } from '../../../src/sandbox/card-markdown-check';
import type { RuleId } from '../../../src/sandbox/card-rules';

const md = (content: string) => ({ schema: '2.0', body: { elements: [{ tag: 'markdown', content }] } });
const lark = (content: string) => ({
  schema: '2.0',
  body: { elements: [{ tag: 'div', text: { tag: 'lark_md', content } }] },
});
const found = (content: string, rule: RuleId, opts = { softBreaks: true }) =>
  markdownFindings(content, 'x', opts).filter((f) => f.rule === rule);

describe('rule soft-break: a single \\n inside a paragraph', () => {
  it.each([
    ['two plain lines', '第一行\n第二行', 1],
    ['three plain lines', 'a\nb\nc', 2],
    ['a label line then its value', '**单位**\n园区一号', 1],
    ['a list item followed by a lazy continuation line', '- 第一项\n续写的一行', 1],
    ['a quote followed by a lazy continuation line', '> 引用\n续写', 1],
    ['a \\n right after <br>', '第一行<br>\n第二行', 1],
    ['a \\n right after <br/>', '第一行<br/>\n第二行', 1],
  ])('finds %s', (_name, content, n) => {
    expect(found(content, 'soft-break')).toHaveLength(n);
  });

  it.each([
    ['<br> between lines', '第一行<br>第二行<br/>第三行'],
    ['a blank line', '第一段\n\n第二段'],
    ['list items', '- 甲\n- 乙\n* 丙\n+ 丁\n1. 一\n2) 二'],
    ['a heading then text, text then a heading', '# 标题\n正文\n## 小标题'],
    ['a table', '| a | b |\n| --- | --- |\n| 1 | 2 |'],
    ['a quote after text', '正文\n> 引用'],
    ['a rule between lines', '上\n---\n下\n<hr>\n尾'],
    ['a fenced code block', '正文\n```\nline 1\nline 2\n```\n后文'],
    ['a trailing \\n', '一行\n'],
  ])('accepts %s', (_name, content) => {
    expect(found(content, 'soft-break')).toEqual([]);
  });

  it('applies to markdown elements, not lark_md (which reads \\n as a new line)', () => {
    expect(cardFindings(md('a\nb')).map((f) => f.rule)).toEqual(['soft-break']);
    expect(cardFindings(md('a\nb'))[0]?.path).toBe('body.elements[0].content');
    expect(cardFindings(lark('a\nb'))).toEqual([]);
  });
});

describe('rule glued-link: an http(s) link touching CJK text', () => {
  it.each([
    ['CJK before', '详见https://x.cn/a'],
    ['CJK after', 'https://x.cn/a附件'],
    ['full-width punctuation after', '见 https://x.cn，谢谢'],
    ['a bare link in ASCII parentheses', '见(https://x.cn)附件'],
  ])('finds %s', (_name, content) => {
    expect(found(content, 'glued-link')).toHaveLength(1);
  });

  it.each([
    ['spaces around', '详见 https://x.cn/a 附件'],
    ['a markdown link', '请看[附件](https://x.cn/a)，谢谢'],
    ['an <a> tag', "请看<a href='https://x.cn/a'>附件</a>"],
    ['an autolink', '见<https://x.cn/a>'],
    ['ASCII around', 'see https://x.cn/a.'],
  ])('accepts %s', (_name, content) => {
    expect(found(content, 'glued-link')).toEqual([]);
  });

  it('checks markdown elements and lark_md text alike', () => {
    expect(cardFindings(md('详见https://x.cn')).map((f) => f.rule)).toEqual(['glued-link']);
    expect(cardFindings(lark('详见https://x.cn')).map((f) => f.path)).toEqual([
      'body.elements[0].text.content',
    ]);
  });
});

describe('rule legacy-entity: & and a legacy entity name without ;', () => {
  it.each(['&copy', '版权&copy2026', '&reg', '&amp', '&lt3', '&nbsp空格', '&COPY', '&not'])(
    'finds %s',
    (s) => {
      expect(found(s, 'legacy-entity')).toHaveLength(1);
    },
  );
  it.each(['&copy;', '&amp;copy', '&#38;reg', '&lt;', '&nbsp;', 'A & B', '&hellip;', '&notin;', '&Copy'])(
    'accepts %s',
    (s) => {
      expect(found(s, 'legacy-entity')).toEqual([]);
    },
  );
});

describe('rule mention: <at> only of open_ids the app knows', () => {
  const known = new Set(['ou_a', 'ou_b']);
  const opts = { knownOpenIds: known };
  const card = (content: string) => cardFindings(md(content), opts).filter((f) => f.rule === 'mention');

  it('reads every form of <at>', () => {
    const ids = mentionedIds(
      `<at id=ou_a></at><at user_id="u1"></at><at open_id='ou_c'></at><at ids=ou_a,ou_d></at><at email=a@b.cn></at>`,
    );
    expect(ids).toEqual([
      { attr: 'id', id: 'ou_a' },
      { attr: 'user_id', id: 'u1' },
      { attr: 'open_id', id: 'ou_c' },
      { attr: 'ids', id: 'ou_a' },
      { attr: 'ids', id: 'ou_d' },
      { attr: 'email', id: 'a@b.cn' },
    ]);
  });

  it('refuses an id the app does not know, wherever it is mentioned', () => {
    expect(card('请 <at id=ou_x></at> 处理')).toHaveLength(1);
    expect(card('<at ids=ou_a,ou_x></at>')).toHaveLength(1);
    expect(card('<at email=a@b.cn></at>')).toHaveLength(1);
    expect(cardFindings(lark('<at id=ou_x></at>'), opts).map((f) => f.rule)).toEqual(['mention']);
    const person = { schema: '2.0', body: { elements: [{ tag: 'person', user_id: 'ou_x' }] } };
    expect(cardFindings(person, opts).map((f) => f.rule)).toEqual(['mention']);
    const list = { tag: 'person_list', persons: [{ id: 'ou_a' }, { id: 'ou_x' }] };
    expect(cardFindings({ schema: '2.0', body: { elements: [list] } }, opts).map((f) => f.path)).toEqual([
      'body.elements[0].persons[1].id',
    ]);
  });

  it('accepts known ids and @all; without knownOpenIds nothing is checked', () => {
    expect(card('<at id=ou_a></at> <at id="ou_b"></at> <at id=all></at> <at ids=ou_a,ou_b></at>')).toEqual(
      [],
    );
    expect(cardFindings(md('<at id=ou_x></at>'))).toEqual([]);
    const list = { tag: 'person_list', drop_invalid_user_id: true, persons: [{ id: 'ou_x' }] };
    expect(cardFindings({ schema: '2.0', body: { elements: [list] } }, opts)).toEqual([]);
  });
});
