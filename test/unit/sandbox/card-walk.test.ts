import { describe, expect, it } from 'vitest';
import { buildFormValue, findSelect } from '../../../src/sandbox/card-form';
import { buttonsOf, findButton, isSubset } from '../../../src/sandbox/card-walk';

const text = (content: string) => ({ tag: 'plain_text', content });
const cb = (value: unknown) => [{ type: 'callback', value }];

const nested = {
  schema: '2.0',
  body: {
    elements: [
      {
        tag: 'collapsible_panel',
        header: { title: text('明细') },
        elements: [
          {
            tag: 'interactive_container',
            elements: [{ tag: 'button', text: text('查看详情'), behaviors: cb({ action: 'detail', id: 1 }) }],
          },
        ],
      },
      {
        tag: 'column_set',
        columns: [
          {
            tag: 'column',
            elements: [{ tag: 'button', text: text('通过'), behaviors: cb({ action: 'approve', id: 1 }) }],
          },
          {
            tag: 'column',
            elements: [{ tag: 'button', text: text('通过'), behaviors: cb({ action: 'approve', id: 2 }) }],
          },
        ],
      },
      { tag: 'button', text: text('打开系统'), behaviors: [{ type: 'open_url', default_url: 'https://x' }] },
    ],
  },
};

describe('finding buttons', () => {
  it('walks collapsible panels, interactive containers and columns', () => {
    expect(buttonsOf(nested).map((b) => b.text)).toEqual(['查看详情', '通过', '通过', '打开系统']);
    expect(findButton(nested, '查看详情').value).toEqual({ action: 'detail', id: 1 });
    expect(findButton(nested, '详情').text).toBe('查看详情'); // unique partial match
    expect(findButton(nested, '打开系统').callsBack).toBe(false);
  });

  it('an ambiguous text asks for a value; a value subset picks one', () => {
    expect(() => findButton(nested, '通过')).toThrow('不唯一');
    expect(findButton(nested, { action: 'approve', id: 2 }).value).toEqual({ action: 'approve', id: 2 });
    expect(() => findButton(nested, { action: 'delete' })).toThrow(/找不到按钮.*查看详情/);
  });

  it("a button's whole value picks it, though it is a subset of its neighbours' values", () => {
    const report = (value: Record<string, unknown>) => ({ tag: 'button', text: '整改情况报告', value });
    const card = {
      body: {
        elements: [report({ a: 'r' }), report({ a: 'r', contract: 1 }), report({ a: 'r', contract: 2 })],
      },
    };
    expect(findButton(card, { a: 'r' }).value).toEqual({ a: 'r' });
    expect(findButton(card, { a: 'r', contract: 2 }).value).toEqual({ a: 'r', contract: 2 });
    // Without a whole match, a subset of several is still ambiguous (a stale click from another card).
    const other = { body: { elements: [report({ a: 'r', contract: 1 }), report({ a: 'r', contract: 2 })] } };
    expect(() => findButton(other, { a: 'r' })).toThrow('不唯一');
  });

  it('understands 1.0 cards (action blocks, legacy value)', () => {
    const v1 = {
      elements: [
        {
          tag: 'action',
          actions: [{ tag: 'button', text: { tag: 'lark_md', content: '确认' }, value: { ok: true } }],
        },
      ],
    };
    expect(findButton(v1, '确认')).toMatchObject({ value: { ok: true }, callsBack: true });
  });

  it('isSubset compares objects by their listed keys only', () => {
    expect(isSubset({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(isSubset({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toBe(true);
    expect(isSubset({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(isSubset({ a: 1 }, 'a')).toBe(false);
  });
});

describe('form values', () => {
  const form = {
    tag: 'form',
    name: 'f',
    elements: [
      {
        tag: 'column_set',
        columns: [
          {
            tag: 'column',
            elements: [{ tag: 'input', name: 'amount', required: true, label: text('金额') }],
          },
        ],
      },
      {
        tag: 'multi_select_static',
        name: 'tags',
        selected_values: ['a'],
        options: [
          { text: text('甲'), value: 'a' },
          { text: text('乙'), value: 'b' },
        ],
      },
      { tag: 'date_picker', name: 'day', initial_date: '2025-05-01' },
      { tag: 'checker', name: 'agree', checked: false, text: text('同意') },
      { tag: 'select_person', name: 'who' },
      { tag: 'button', text: text('提交'), form_action_type: 'submit', name: 'go' },
    ],
  };

  it('collects every named field, defaults overridden by what the user entered', () => {
    expect(buildFormValue(form, { amount: '100', tags: ['a', 'b'] })).toEqual({
      amount: '100',
      tags: ['a', 'b'],
      day: '2025-05-01',
      agree: false,
    });
  });

  it('refuses what the client would refuse', () => {
    expect(() => buildFormValue(form, {})).toThrow('必填项「金额」');
    expect(() => buildFormValue(form, { amount: '1', tags: ['z'] })).toThrow('没有选项');
  });

  it('a submit button inside a form is recognised as one', () => {
    const b = findButton({ body: { elements: [form] } }, '提交');
    expect(b).toMatchObject({ submitsForm: true, callsBack: true, name: 'go' });
  });

  it('findSelect only sees selects outside forms', () => {
    const card = { body: { elements: [form, { tag: 'select_person', name: 'owner' }] } };
    expect(findSelect(card, 'owner').tag).toBe('select_person');
    expect(() => findSelect(card, 'who')).toThrow('找不到表单外的选择器');
  });
});
