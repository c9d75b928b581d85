import { checkCard } from './card-check';
import { cardInvalid, contentTooLong, invalidParam } from './feishu-errors';
import { isRecord } from './http-io';
import type { Journal } from './journal';
import type { SandboxLimits } from './types';

const MSG_TYPES = new Set([
  'text',
  'post',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'interactive',
  'share_chat',
  'share_user',
  'system',
]);

/**
 * Validates a message's `content` (a JSON *string*, a classic mistake is sending the object) for its
 * msg_type and returns it parsed. Bad cards are also journaled with every problem the check found,
 * because the 230099 message only has room for a few.
 */
export function parseContent(
  msgType: unknown,
  content: unknown,
  limits: SandboxLimits,
  journal: Journal,
  /** The uploads the sandbox issued keys for: a file message must name one of them. */
  files?: { has(fileKey: string): boolean },
): unknown {
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) {
    throw invalidParam(`msg_type ${JSON.stringify(msgType)} is not supported`);
  }
  if (typeof content !== 'string') throw invalidParam('content must be a JSON string');
  const bytes = Buffer.byteLength(content);
  const max = msgType === 'text' ? limits.textMaxBytes : limits.cardMaxBytes;
  if (bytes > max) {
    journal.error('bad_card', `${msgType} content is ${bytes} bytes, over the ${max} byte limit`);
    throw contentTooLong(bytes, max);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalidParam('invalid content, content is not a valid JSON');
  }
  if (!isRecord(parsed)) throw invalidParam('content must encode a JSON object');
  if (msgType === 'text' && typeof parsed.text !== 'string') {
    throw invalidParam('text content must have a string field "text"');
  }
  if (msgType === 'interactive') assertValidCard(parsed, journal, 'send');
  if (msgType === 'file' && (typeof parsed.file_key !== 'string' || !files?.has(parsed.file_key))) {
    throw invalidParam('file content must have a "file_key" returned by POST /open-apis/im/v1/files');
  }
  return parsed;
}

/** Shared by sends, patches and delayed updates: one card check, one way to report it. */
export function assertValidCard(card: unknown, journal: Journal, where: string): void {
  const problems = checkCard(card);
  if (problems.length === 0) return;
  journal.error('bad_card', `card refused (${where}): ${problems.join('; ')}`, { problems, card });
  throw cardInvalid(problems);
}

/** For a card that arrives as an object (delayed update, callback answer) rather than a string. */
export function assertCardSize(card: unknown, limits: SandboxLimits, journal: Journal, where: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(card) ?? '');
  if (bytes <= limits.cardMaxBytes) return;
  journal.error('bad_card', `card (${where}) is ${bytes} bytes, over the ${limits.cardMaxBytes} byte limit`);
  throw contentTooLong(bytes, limits.cardMaxBytes);
}
