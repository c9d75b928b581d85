import type { RouteRequest } from './api-route';
import { knownOpenIds, parseContent } from './content-check';
import { receiverRule, type SandboxCore } from './core';
import { p2pChatId, RECEIVE_ID_TYPES, type ReceiveIdType } from './directory';
import { faultsOf } from './faults';
import { botNotInChat, invalidParam, noAvailability } from './feishu-errors';
import { fileStoreOf } from './file-store';
import { currentContent } from './message-store';
import type { StoredMessage } from './types';

/** POST /open-apis/im/v1/messages?receive_id_type=… */
export function createMessage(req: RouteRequest, core: SandboxCore): unknown {
  const idType = req.query.get('receive_id_type');
  if (!idType || !RECEIVE_ID_TYPES.includes(idType as ReceiveIdType)) {
    throw invalidParam(`receive_id_type ${JSON.stringify(idType)} is invalid`);
  }
  const receiveId = req.body.receive_id;
  if (typeof receiveId !== 'string' || receiveId === '') throw invalidParam('receive_id is required');
  const chatId = resolveReceiver(core, idType as ReceiveIdType, receiveId);
  return send(req, core, chatId);
}

/** POST /open-apis/im/v1/messages/:message_id/reply — lands in the parent's chat. */
export function replyMessage(req: RouteRequest, core: SandboxCore): unknown {
  const parentId = req.params.message_id ?? '';
  const parent = core.store.get(parentId);
  if (!parent) throw invalidParam(`message_id ${parentId} not found`);
  const chat = core.directory.chat(parent.chatId);
  if (!chat?.botIsMember) throw botNotInChat();
  return send(req, core, parent.chatId, parentId);
}

function send(req: RouteRequest, core: SandboxCore, chatId: string, parentId?: string): unknown {
  const uuid = req.body.uuid;
  if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50)) {
    throw invalidParam('uuid must be a string of at most 50 characters');
  }
  // A refusal a test asked for (faults.ts) comes before the receiver's window, which it does not use.
  const fault = faultsOf(core).take('send', chatId);
  if (fault) throw fault;
  req.admit([receiverRule(core, chatId)]);
  if (uuid) {
    const earlier = core.store.byIdempotencyKey(uuid);
    if (earlier) {
      core.journal.uuidDedup();
      return { code: 0, msg: 'success', data: messageData(core, earlier) };
    }
  }
  const msgType = req.body.msg_type;
  const content = parseContent(msgType, req.body.content, {
    limits: core.limits,
    journal: core.journal,
    bodyBytes: req.bodyBytes,
    files: fileStoreOf(core),
    knownOpenIds: knownOpenIds(core),
  });
  const stored = core.store.add({
    chatId,
    msgType: msgType as string,
    content,
    sender: 'bot',
    ...(uuid ? { uuid } : {}),
    ...(parentId ? { parentId } : {}),
  });
  core.journal.messageCreated();
  return { code: 0, msg: 'success', data: messageData(core, stored) };
}

function resolveReceiver(core: SandboxCore, idType: ReceiveIdType, id: string): string {
  if (idType === 'chat_id') {
    const chat = core.directory.chat(id);
    // A chat the bot is not in looks, to the bot, exactly like one that does not exist.
    if (!chat?.botIsMember) throw botNotInChat();
    return chat.chatId;
  }
  const user = core.directory.userBy(idType, id);
  if (!user) throw noAvailability();
  return p2pChatId(user.openId);
}

/** The `data` Feishu answers a send with (message create / reply docs, "响应体示例"). */
export function messageData(core: SandboxCore, m: StoredMessage): Record<string, unknown> {
  return {
    message_id: m.messageId,
    ...(m.parentId ? { root_id: m.parentId, parent_id: m.parentId } : {}),
    msg_type: m.msgType,
    create_time: String(m.createdAt),
    update_time: String(m.updatedAt),
    deleted: false,
    updated: m.versions.length > 1,
    chat_id: m.chatId,
    sender: { id: core.appId, id_type: 'app_id', sender_type: 'app', tenant_key: core.tenantKey },
    body: { content: JSON.stringify(currentContent(m)) },
  };
}
