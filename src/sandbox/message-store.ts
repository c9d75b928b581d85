import { randomHex } from './credentials';
import type { MessageView, StoredMessage } from './types';

export interface NewMessage {
  chatId: string;
  msgType: string;
  content: unknown;
  sender: 'bot' | 'user';
  senderOpenId?: string;
  uuid?: string;
  parentId?: string;
}

/** Every message in every chat, in send order, plus the `uuid` index that makes sends idempotent. */
export class MessageStore {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly byUuid = new Map<string, { messageId: string; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly uuidTtlMs: () => number,
  ) {}

  /** The message an earlier send with this uuid created, if that was within the dedupe window. */
  byIdempotencyKey(uuid: string): StoredMessage | undefined {
    const hit = this.byUuid.get(uuid);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.byUuid.delete(uuid);
      return undefined;
    }
    return this.messages.get(hit.messageId);
  }

  add(m: NewMessage): StoredMessage {
    const now = this.now();
    const stored: StoredMessage = {
      messageId: `om_${randomHex(16)}`,
      chatId: m.chatId,
      msgType: m.msgType,
      versions: [m.content],
      urgentFor: new Set(),
      createdAt: now,
      updatedAt: now,
      sender: m.sender,
      ...(m.senderOpenId ? { senderOpenId: m.senderOpenId } : {}),
      ...(m.uuid ? { uuid: m.uuid } : {}),
      ...(m.parentId ? { parentId: m.parentId } : {}),
    };
    this.messages.set(stored.messageId, stored);
    if (m.uuid) this.byUuid.set(m.uuid, { messageId: stored.messageId, expiresAt: now + this.uuidTtlMs() });
    return stored;
  }

  get(messageId: string): StoredMessage | undefined {
    return this.messages.get(messageId);
  }

  /** A new version (card patch, callback answer, delayed update); history is kept for tests. */
  update(messageId: string, content: unknown): void {
    const m = this.messages.get(messageId);
    if (!m) return;
    m.versions.push(content);
    m.updatedAt = this.now();
  }

  inChats(chatIds: Set<string>): StoredMessage[] {
    return [...this.messages.values()].filter((m) => chatIds.has(m.chatId));
  }

  all(): StoredMessage[] {
    return [...this.messages.values()];
  }

  clear(): void {
    this.messages.clear();
    this.byUuid.clear();
  }
}

export function currentContent(m: StoredMessage): unknown {
  return m.versions[m.versions.length - 1];
}

/** `viewer` decides the `urgent` flag: whether this particular user was 加急'd. */
export function viewOf(m: StoredMessage, viewer?: string): MessageView {
  return {
    messageId: m.messageId,
    chatId: m.chatId,
    msgType: m.msgType,
    content: currentContent(m),
    versions: [...m.versions],
    urgent: viewer ? m.urgentFor.has(viewer) : m.urgentFor.size > 0,
    urgentFor: [...m.urgentFor],
    createdAt: m.createdAt,
    sender: m.sender,
    ...(m.senderOpenId ? { senderOpenId: m.senderOpenId } : {}),
    ...(m.uuid ? { uuid: m.uuid } : {}),
    ...(m.parentId ? { parentId: m.parentId } : {}),
  };
}
