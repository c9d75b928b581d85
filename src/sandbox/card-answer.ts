import { checkCard } from './card-check';
import { knownOpenIds } from './content-check';
import type { SandboxCore } from './core';
import { isRecord } from './http-io';
import type { ClickResult, DeliveryRecord } from './types';

const TOAST_TYPES = new Set(['info', 'success', 'error', 'warning']);

/**
 * What the Feishu client does with the bot's answer to a card callback: `{toast}` pops up,
 * `{card:{type:'raw', data}}` replaces the card (if it is a valid card), `{}` changes nothing.
 * Anything else is a bot bug (returning the bare card is the classic one) and is journaled.
 */
export function applyCardAnswer(core: SandboxCore, messageId: string, delivery: DeliveryRecord): ClickResult {
  const result: ClickResult = { delivery };
  if (delivery.status !== 'ok') return result;
  const answer = delivery.answer;
  if (answer === undefined || answer === null) return result;
  const bad = (why: string): void =>
    core.journal.error('bad_answer', `card callback answer: ${why}`, { answer });
  if (!isRecord(answer)) {
    bad('not a JSON object');
    return result;
  }
  const unknown = Object.keys(answer).filter((k) => k !== 'toast' && k !== 'card');
  if (unknown.length > 0) bad(`unexpected keys ${unknown.join(', ')} (expected toast and/or card)`);
  if (answer.toast !== undefined) {
    const t = answer.toast;
    const hasText = isRecord(t) && (typeof t.content === 'string' || isRecord(t.i18n));
    if (!isRecord(t) || !hasText || (t.type !== undefined && !TOAST_TYPES.has(String(t.type)))) {
      bad('toast must be {type: info|success|error|warning, content}');
    }
    result.toast = t;
  }
  if (answer.card !== undefined) {
    const c = answer.card;
    if (!isRecord(c) || c.type !== 'raw' || !isRecord(c.data)) {
      bad("card must be {type:'raw', data:<card JSON>} (the sandbox does not render templates)");
      return result;
    }
    const bytes = Buffer.byteLength(JSON.stringify(c.data));
    const problems = checkCard(c.data, { knownOpenIds: knownOpenIds(core) });
    if (bytes > core.limits.cardMaxBytes)
      problems.push(`card is ${bytes} bytes, over ${core.limits.cardMaxBytes}`);
    if (problems.length > 0) {
      core.journal.error('bad_answer', `card in callback answer refused: ${problems.join('; ')}`, {
        problems,
        card: c.data,
      });
      return result;
    }
    core.store.update(messageId, c.data);
    result.card = c.data;
  }
  return result;
}
