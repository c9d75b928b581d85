import { cardFindings, formatFinding } from './card-check';
import { type Finding, MAX_BODY_BYTES } from './card-rules';
import type { SandboxCore } from './core';
import {
  type ApiError,
  cardElementsExceeded,
  cardInvalid,
  cardInvalidUser,
  contentTooLong,
  invalidParam,
} from './feishu-errors';
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

export interface ContentContext {
  limits: SandboxLimits;
  journal: Journal;
  /** Bytes of the whole request body: the send page's 30 KB (150 KB for text) is the body's. */
  bodyBytes: number;
  /** The uploads the sandbox issued keys for: a file message must name one of them. */
  files?: { has(fileKey: string): boolean };
  /** The open_ids this app knows: a card may mention no other. */
  knownOpenIds?: ReadonlySet<string>;
}

/** The users the sandbox's tenant has: the only open_ids this app can mention. */
export function knownOpenIds(core: SandboxCore): Set<string> {
  return new Set(core.directory.users().map((u) => u.openId));
}

/**
 * Validates a message's `content` (a JSON *string*, a classic mistake is sending the object) for its
 * msg_type and returns it parsed. Bad cards are also journaled with every problem the check found,
 * because the 230099 message only has room for a few.
 */
export function parseContent(msgType: unknown, content: unknown, cx: ContentContext): unknown {
  const { limits, journal } = cx;
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) {
    throw invalidParam(`msg_type ${JSON.stringify(msgType)} is not supported`);
  }
  if (typeof content !== 'string') throw invalidParam('content must be a JSON string');
  // 发送消息, content: "文本消息请求体最大不能超过 150 KB。卡片消息、富文本消息请求体最大不能超过 30 KB" —
  // the request body, in which the content string is JSON-escaped once more.
  const max = msgType === 'text' ? limits.textMaxBytes : limits.cardMaxBytes;
  if (cx.bodyBytes > max) {
    journal.error('bad_card', `${msgType} request body is ${cx.bodyBytes} bytes, over the ${max} byte limit`);
    throw contentTooLong(cx.bodyBytes, max);
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
  if (msgType === 'interactive') assertValidCard(parsed, journal, 'send', cx.knownOpenIds);
  if (msgType === 'file' && (typeof parsed.file_key !== 'string' || !cx.files?.has(parsed.file_key))) {
    throw invalidParam('file content must have a "file_key" returned by POST /open-apis/im/v1/files');
  }
  return parsed;
}

/** Shared by sends, patches and delayed updates: one card check, one way to report it. */
export function assertValidCard(
  card: unknown,
  journal: Journal,
  where: string,
  known?: ReadonlySet<string>,
): void {
  const findings = cardFindings(card, known ? { knownOpenIds: known } : {});
  if (findings.length === 0) return;
  const problems = findings.map(formatFinding);
  journal.error('bad_card', `card refused (${where}): ${problems.join('; ')}`, { problems, card });
  throw refusalFor(findings);
}

/**
 * The answer Feishu documents for the kind of problem (发送消息, 错误码 and 230099 子错误码): a body over
 * 30 KB is 230025; over 200 elements 230099 with ErrCode 11310; an id the app cannot see 230099 with
 * ErrCode 100290; anything else 230099. One answer per card, in that order.
 */
export function refusalFor(findings: Finding[]): ApiError {
  const size = findings.find((f) => f.rule === 'size');
  if (size) return contentTooLong(Number(/(\d+) bytes/.exec(size.message)?.[1] ?? 0), MAX_BODY_BYTES);
  if (findings.some((f) => f.rule === 'elements')) return cardElementsExceeded();
  const person = findings.find((f) => f.rule === 'mention');
  if (person) return cardInvalidUser(mentionedId(person.message));
  return cardInvalid(findings.map(formatFinding));
}

/** The id a mention finding names: `<at id=ou_x>` or `"ou_x"`. */
const mentionedId = (message: string): string =>
  /^<at \w+=([^>\s]*)>/.exec(message)?.[1] ?? /^"([^"]*)"/.exec(message)?.[1] ?? '';

/** For a card that arrives as an object (delayed update, callback answer) rather than a string. */
export function assertCardSize(card: unknown, limits: SandboxLimits, journal: Journal, where: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(card) ?? '');
  if (bytes <= limits.cardMaxBytes) return;
  journal.error('bad_card', `card (${where}) is ${bytes} bytes, over the ${limits.cardMaxBytes} byte limit`);
  throw contentTooLong(bytes, limits.cardMaxBytes);
}
