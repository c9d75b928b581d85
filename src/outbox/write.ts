import { rawSql, type Tx } from '../db/client';
import type { outbox } from '../db/schema';
import { insertOutboxRowsOn, type NewOutboxRow } from '../db/sql/outbox';

export type Receiver = { type: 'open_id' | 'chat_id'; id: string };
export type Target = { messageId: string } | { outboxId: string };
export type Content = { card: object } | { text: string } | { file: { fileKey: string } };

const NONE = {
  receive_id_type: null,
  receive_id: null,
  target_message_id: null,
  target_outbox_id: null,
  msg_type: null,
  content: null,
  urgent_user_ids: null,
};

function body(c: Content) {
  if ('file' in c) return { msg_type: 'file', content: JSON.stringify({ file_key: c.file.fileKey }) };
  return 'card' in c
    ? { msg_type: 'interactive', content: JSON.stringify(c.card) }
    : { msg_type: 'text', content: JSON.stringify({ text: c.text }) };
}

function target(t: Target) {
  return 'messageId' in t
    ? { target_message_id: t.messageId, target_outbox_id: null }
    : { target_message_id: null, target_outbox_id: t.outboxId };
}

/**
 * Messages written inside the transaction of the change that causes them. `ids` is what the
 * caller hands to the relay after commit; anything missed is picked up by the relay's sweep.
 * Each call is one statement, sent at once: calls made together (not awaited one by one) go out in
 * one round trip, and `ids` keeps the order of the calls.
 */
export class OutboxWriter {
  /** The ids of each call's rows, in the order of the calls (a failed call leaves its entry empty). */
  private readonly parts: string[][] = [];
  constructor(private readonly tx: Tx) {}

  get ids(): string[] {
    return this.parts.flat();
  }

  /** Rows in the shape of the schema (`content` as an object), for subclasses that build their own. */
  protected insertRows(values: (typeof outbox.$inferInsert)[]): Promise<string[]> {
    return this.insertRaw(
      values.map((v) => ({
        kind: v.kind,
        receive_id_type: v.receiveIdType ?? null,
        receive_id: v.receiveId ?? null,
        target_message_id: v.targetMessageId ?? null,
        target_outbox_id: v.targetOutboxId ?? null,
        msg_type: v.msgType ?? null,
        content: v.content == null ? null : JSON.stringify(v.content),
        urgent_user_ids: v.urgentUserIds == null ? null : JSON.stringify(v.urgentUserIds),
      })),
    );
  }

  /** Every write goes through here: one statement for many rows, sent at once. */
  protected async insertRaw(values: NewOutboxRow[]): Promise<string[]> {
    // Take the place now, so calls made together keep their order in `ids` whatever the timing.
    const slot = this.parts.push([]) - 1;
    const ids = await insertOutboxRowsOn(rawSql(this.tx), values);
    this.parts[slot] = ids;
    return ids;
  }

  private async insert(values: Partial<NewOutboxRow> & Pick<NewOutboxRow, 'kind'>): Promise<string> {
    const [id] = await this.insertRaw([{ ...NONE, ...values }]);
    return id!;
  }

  /** Many cards, each to its own receiver (people or groups), in one statement. */
  sendCards(items: { to: Receiver; card: object }[]): Promise<string[]> {
    if (items.length === 0) return Promise.resolve([]);
    return this.insertRows(
      items.map((c) => ({
        kind: 'send' as const,
        receiveIdType: c.to.type,
        receiveId: c.to.id,
        msgType: 'interactive',
        content: c.card,
      })),
    );
  }

  send(to: Receiver, content: Content) {
    return this.insert({ kind: 'send', receive_id_type: to.type, receive_id: to.id, ...body(content) });
  }

  reply(to: Target, content: Content) {
    return this.insert({ kind: 'reply', ...target(to), ...body(content) });
  }

  /** Replaces a card already sent (or about to be) with a new one. */
  patch(to: Target, card: object) {
    return this.insert({
      kind: 'patch',
      ...target(to),
      msg_type: 'interactive',
      content: JSON.stringify(card),
    });
  }

  /** The same new card for many holders, in one statement. */
  async patchAll(targets: Target[], card: object): Promise<string[]> {
    if (targets.length === 0) return [];
    const content = JSON.stringify(card);
    return this.insertRaw(
      targets.map((t) => ({
        ...NONE,
        kind: 'patch' as const,
        ...target(t),
        msg_type: 'interactive',
        content,
      })),
    );
  }

  /** 加急: an in-app urgent push of an existing message to the named users. */
  urgent(to: Target, openIds: string[]) {
    return this.insert({ kind: 'urgent', ...target(to), urgent_user_ids: JSON.stringify(openIds) });
  }
}
