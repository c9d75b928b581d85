import {
  CONTROL_CHARS_REFUSAL,
  controlCharsRefusal,
  hasControlChars,
  hasIdControlChars,
} from '../domain/form';
import type { BotEvent } from './normalize';

/** An event field holding a character no real Feishu client sends, and what to tell the person. */
export interface Tainted {
  /** Which field (for the log; never its value). */
  field: string;
  refusal: string;
}

const id = (field: string, s: string | undefined): Tainted | undefined =>
  s && hasIdControlChars(s) ? { field, refusal: CONTROL_CHARS_REFUSAL } : undefined;

/**
 * The first string in a JSON value (keys too) holding control characters other than tab and line
 * breaks. Walked with a stack, not recursion: a forged value may nest deeply.
 */
function taintedJson(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (hasControlChars(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (hasControlChars(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

function taintedForm(form: Record<string, unknown> | undefined): Tainted | undefined {
  if (!form || typeof form !== 'object') return undefined;
  for (const [name, v] of Object.entries(form)) {
    if (hasControlChars(name)) return { field: 'form_value', refusal: CONTROL_CHARS_REFUSAL };
    if (taintedJson(v)) return { field: 'form_value', refusal: controlCharsRefusal(name) };
  }
  return undefined;
}

/**
 * The first field of `event` holding a control character (domain/form decides which), checked before
 * anything is read or written for it: PostgreSQL cannot store NUL (the claim of the event would fail
 * as 系统繁忙), and no real client sends one. Identifiers admit none at all; text admits tab and line
 * breaks. A message's own text is left to its handler, which answers it (bot/events/message-received).
 */
export function controlCharsOf(event: BotEvent): Tainted | undefined {
  const common = id('event_id', event.eventId) ?? id('open_id', event.openId);
  if (common) return common;
  switch (event.kind) {
    case 'message':
      return (
        id('chat_id', event.chatId) ??
        id('chat_type', event.chatType) ??
        id('message_id', event.messageId) ??
        id('image_key', event.imageKey) ??
        event.mentions.map((m) => id('mentions', m)).find(Boolean)
      );
    case 'menu':
      return id('event_key', event.eventKey);
    case 'bot_added':
      return (
        id('chat_id', event.chatId) ??
        (hasControlChars(event.chatName) ? { field: 'chat_name', refusal: CONTROL_CHARS_REFUSAL } : undefined)
      );
    case 'directory_user':
      return taintedJson(event.user) ? { field: 'object', refusal: CONTROL_CHARS_REFUSAL } : undefined;
    case 'directory_department':
      return taintedJson(event.department) ? { field: 'object', refusal: CONTROL_CHARS_REFUSAL } : undefined;
    case 'card':
      return (
        id('token', event.token) ??
        id('open_message_id', event.messageId) ??
        id('open_chat_id', event.chatId) ??
        id('option', event.option) ??
        (taintedJson(event.value) ? { field: 'value', refusal: CONTROL_CHARS_REFUSAL } : undefined) ??
        taintedForm(event.formValue)
      );
  }
}
