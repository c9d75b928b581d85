import { describe, expect, it } from 'vitest';
import { controlCharsOf } from '../../../src/bot/event-guard';
import { normalizeEvent } from '../../../src/bot/normalize';
import { CONTROL_CHARS_REFUSAL } from '../../../src/domain/form';

const header = (type: string, id = 'ev_1') => ({ event_id: id, event_type: type });
const card = (over: { openId?: string; value?: unknown; form?: unknown; chat?: string } = {}) =>
  normalizeEvent({
    schema: '2.0',
    header: header('card.action.trigger'),
    event: {
      operator: { open_id: over.openId ?? 'ou_a' },
      token: 'c-1',
      action: { tag: 'button', value: over.value ?? { a: 'menu.show' }, form_value: over.form },
      context: { open_message_id: 'om_1', open_chat_id: over.chat ?? 'oc_1' },
    },
  })!;
const message = (over: { openId?: string; text?: string; chat?: string; mention?: string } = {}) =>
  normalizeEvent({
    schema: '2.0',
    header: header('im.message.receive_v1'),
    event: {
      sender: { sender_id: { open_id: over.openId ?? 'ou_a' } },
      message: {
        message_id: 'om_1',
        chat_id: over.chat ?? 'oc_1',
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({ text: over.text ?? '菜单' }),
        mentions: [{ key: '@_user_1', id: { open_id: over.mention ?? 'ou_bot' } }],
      },
    },
  })!;

const BAD_IDS = [
  'ou_a\u0000',
  '\u0000',
  'ou\u0007',
  'ou\u007f',
  'ou\u0085',
  'ou\ufffe',
  'ou\uffff',
  'ou\ud800',
  'ou\n',
];

describe('control characters in event fields (bot/event-guard)', () => {
  it('ordinary events pass, tab and line breaks in typed text too', () => {
    expect(controlCharsOf(card())).toBeUndefined();
    expect(
      controlCharsOf(card({ form: { checked: '第一行\n第二行\t😀', units: ['1', '2'] } })),
    ).toBeUndefined();
    expect(controlCharsOf(message({ text: '菜单\n' }))).toBeUndefined();
  });

  it('an identifier with any control character is refused, naming the field for the log', () => {
    for (const bad of BAD_IDS) {
      expect(controlCharsOf(card({ openId: bad })), JSON.stringify(bad)).toEqual({
        field: 'open_id',
        refusal: CONTROL_CHARS_REFUSAL,
      });
      expect(controlCharsOf(card({ chat: bad }))?.field).toBe('open_chat_id');
      expect(controlCharsOf(message({ openId: bad }))?.field).toBe('open_id');
      expect(controlCharsOf(message({ chat: bad }))?.field).toBe('chat_id');
      expect(controlCharsOf(message({ mention: bad }))?.field).toBe('mentions');
    }
  });

  it('a button value or a form with NUL anywhere is refused; a form field is named', () => {
    expect(controlCharsOf(card({ value: { a: 'menu.show', x: [{ y: 'a\u0000' }] } }))?.refusal).toBe(
      CONTROL_CHARS_REFUSAL,
    );
    expect(controlCharsOf(card({ form: { finding_1: 'a\u0000b' } }))?.refusal).toBe(
      '「问题1的描述」含有不可见的控制字符,请删除后重试',
    );
    expect(controlCharsOf(card({ form: { units: ['1', '2\u0000'] } }))?.refusal).toBe(
      '「单位」含有不可见的控制字符,请删除后重试',
    );
    // A forged field name is never echoed.
    expect(controlCharsOf(card({ form: { ['z'.repeat(50)]: '\u0000' } }))?.refusal).toBe(
      '「填写的内容」含有不可见的控制字符,请删除后重试',
    );
    expect(controlCharsOf(card({ form: { 'a\u0000': 'x' } }))?.refusal).toBe(CONTROL_CHARS_REFUSAL);
  });

  it('a deeply nested forged value is walked without recursion', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(controlCharsOf(card({ value: deep }))?.field).toBe('value');
  });

  it("a message's own text is left to its handler (which answers it)", () => {
    expect(controlCharsOf(message({ text: '菜单\u0000' }))).toBeUndefined();
  });
});
