/**
 * Image and file messages a user sends the bot, and the route that serves their bytes:
 * GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image
 * (/document/server-docs/im-v1/message/get-2). Bytes are kept per message and key; any other pair
 * is a 404 with Feishu's 234003 (file not in the message).
 */

import type { RouteRequest } from './api-route';
import type { SandboxCore } from './core';
import { randomHex } from './credentials';
import { type Envelope, type EnvelopeApp, envelope } from './envelopes';
import { ApiError, invalidParam } from './feishu-errors';
import { fileStoreOf } from './file-store';
import { BinaryBody } from './image-store';
import { currentContent } from './message-store';
import type { SandboxChat, SandboxUser } from './types';

export const newImageKey = () => `img_v3_${randomHex(16)}`;

type Sent = { user: SandboxUser; chat: SandboxChat; messageId: string; createdAt: number };

export function imageMessageReceived(
  app: EnvelopeApp,
  m: Sent & { imageKey: string },
  eventId?: string,
): Envelope {
  return mediaMessageReceived(app, m, 'image', { image_key: m.imageKey }, eventId);
}

/** A file a person sends: content `{file_key, file_name}`, as receive_v1 documents for message_type file. */
export function fileMessageReceived(
  app: EnvelopeApp,
  m: Sent & { fileKey: string; fileName: string },
  eventId?: string,
): Envelope {
  return mediaMessageReceived(app, m, 'file', { file_key: m.fileKey, file_name: m.fileName }, eventId);
}

function mediaMessageReceived(
  app: EnvelopeApp,
  m: Sent,
  type: 'image' | 'file',
  content: Record<string, string>,
  eventId?: string,
): Envelope {
  return envelope(
    app,
    'im.message.receive_v1',
    {
      sender: {
        sender_id: { union_id: m.user.unionId, user_id: m.user.userId, open_id: m.user.openId },
        sender_type: 'user',
        tenant_key: app.tenantKey,
      },
      message: {
        message_id: m.messageId,
        create_time: String(m.createdAt),
        update_time: String(m.createdAt),
        chat_id: m.chat.chatId,
        chat_type: m.chat.type,
        message_type: type,
        content: JSON.stringify(content),
      },
    },
    eventId,
  );
}

/** GET .../messages/:message_id/resources/:file_key: the stored bytes, or 404 (234003). */
export function getMessageResource(req: RouteRequest, core: SandboxCore): BinaryBody {
  req.admit();
  const type = req.query.get('type');
  if (type !== 'image' && type !== 'file') throw invalidParam('type must be image or file');
  const messageId = req.params.message_id ?? '';
  const fileKey = req.params.file_key ?? '';
  const m = core.store.get(messageId);
  // A file message (the bot's own upload) serves the uploaded bytes; an image, the user's image.
  const fileOfMessage =
    type === 'file' &&
    m?.msgType === 'file' &&
    (currentContent(m) as { file_key?: unknown }).file_key === fileKey
      ? fileStoreOf(core).get(fileKey)?.bytes
      : undefined;
  const bytes = fileOfMessage ?? core.images.get(messageId, fileKey);
  if (!m || !bytes || !core.directory.chat(m.chatId)?.botIsMember)
    throw new ApiError(404, 234003, 'File not in msg.');
  return new BinaryBody(bytes, fileOfMessage ? 'application/octet-stream' : 'image/png');
}
