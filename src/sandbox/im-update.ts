import type { RouteRequest } from './api-route';
import { assertCardSize, assertValidCard, knownOpenIds, parseContent } from './content-check';
import type { SandboxCore } from './core';
import { faultsOf } from './faults';
import { editWindowPassed, invalidParam } from './feishu-errors';
import { isRecord } from './http-io';
import type { StoredMessage } from './types';

/** PATCH /open-apis/im/v1/messages/:message_id — a card the app sent, within 14 days, 5/s per message. */
export function patchMessage(req: RouteRequest, core: SandboxCore): unknown {
  const messageId = req.params.message_id ?? '';
  req.admit([
    { key: `patch:${messageId}`, windows: [{ limit: core.limits.patchPerMessagePerSecond, ms: 1000 }] },
  ]);
  const m = ownMessage(core, messageId);
  const fault = faultsOf(core).take('patch', m.chatId);
  if (fault) throw fault;
  if (m.msgType !== 'interactive') throw invalidParam('only interactive (card) messages can be updated');
  if (core.now() - m.createdAt > core.limits.patchWindowMs) throw editWindowPassed();
  const card = parseContent('interactive', req.body.content, {
    limits: core.limits,
    journal: core.journal,
    bodyBytes: req.bodyBytes,
    knownOpenIds: knownOpenIds(core),
  });
  core.store.update(messageId, card);
  return { code: 0, msg: 'success', data: {} };
}

const URGENT_ID_TYPES = ['open_id', 'user_id', 'union_id'] as const;

/** PATCH /open-apis/im/v1/messages/:message_id/urgent_app — 加急 in the app; only chat members can get it. */
export function urgentApp(req: RouteRequest, core: SandboxCore): unknown {
  const idType = req.query.get('user_id_type') ?? 'open_id';
  const type = URGENT_ID_TYPES.find((t) => t === idType);
  if (!type) throw invalidParam(`user_id_type ${JSON.stringify(idType)} is invalid`);
  const list = req.body.user_id_list;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string')) {
    throw invalidParam('user_id_list must be a non-empty list of ids');
  }
  req.admit();
  const m = ownMessage(core, req.params.message_id ?? '');
  // A scope revoked, or a refusal a test asked for (faults.ts).
  const fault = faultsOf(core).take('urgent', m.chatId);
  if (fault) throw fault;
  const members = core.directory.chat(m.chatId)?.members ?? [];
  const invalid: string[] = [];
  for (const id of list as string[]) {
    const user = core.directory.userBy(type, id);
    if (user && members.includes(user.openId)) m.urgentFor.add(user.openId);
    else invalid.push(id);
  }
  return { code: 0, msg: 'success', data: { invalid_user_id_list: invalid } };
}

/** POST /open-apis/interactive/v1/card/update {token, card} — the delayed update after a callback. */
export function delayedCardUpdate(req: RouteRequest, core: SandboxCore): unknown {
  const { token, card } = req.body;
  if (typeof token !== 'string' || token === '') throw invalidParam('token is required');
  if (!isRecord(card)) throw invalidParam('card must be a JSON object');
  req.admit();
  // `open_ids` addresses a non-shared card's recipients; it is not part of the card itself.
  const { open_ids: _recipients, ...cardOnly } = card;
  assertCardSize(cardOnly, core.limits, core.journal, 'delayed update');
  assertValidCard(cardOnly, core.journal, 'delayed update', knownOpenIds(core));
  const use = core.cardTokens.use(token);
  if (!use.ok) throw invalidParam(`token is invalid: ${use.reason}`);
  core.store.update(use.messageId, cardOnly);
  return { code: 0, msg: 'success', data: {} };
}

function ownMessage(core: SandboxCore, messageId: string): StoredMessage {
  const m = core.store.get(messageId);
  if (!m) throw invalidParam(`message_id ${messageId} not found`);
  if (m.sender !== 'bot') throw invalidParam('only messages sent by this app can be operated on');
  return m;
}
