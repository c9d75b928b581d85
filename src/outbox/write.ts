import type { Tx } from '../db/client';
import { outbox } from '../db/schema';

export type Receiver = { type: 'open_id' | 'chat_id'; id: string };
export type Target = { messageId: string } | { outboxId: string };
export type Content = { card: object } | { text: string };

function body(c: Content) {
  return 'card' in c
    ? { msgType: 'interactive', content: c.card }
    : { msgType: 'text', content: { text: c.text } };
}

function target(t: Target) {
  return 'messageId' in t
    ? { targetMessageId: t.messageId, targetOutboxId: null }
    : { targetMessageId: null, targetOutboxId: t.outboxId };
}

/**
 * Messages written inside the transaction of the change that causes them. `ids` is what the
 * caller hands to the relay after commit; anything missed is picked up by the relay's sweep.
 */
export class OutboxWriter {
  readonly ids: string[] = [];
  constructor(private readonly tx: Tx) {}

  /** Every write goes through here (one statement for many rows), so a read-only writer can refuse them all. */
  protected async insertRows(values: (typeof outbox.$inferInsert)[]): Promise<string[]> {
    const rows = await this.tx.insert(outbox).values(values).returning({ id: outbox.id });
    const ids = rows.map((r) => r.id);
    this.ids.push(...ids);
    return ids;
  }

  private async insert(values: typeof outbox.$inferInsert): Promise<string> {
    const [id] = await this.insertRows([values]);
    return id!;
  }

  send(to: Receiver, content: Content) {
    return this.insert({ kind: 'send', receiveIdType: to.type, receiveId: to.id, ...body(content) });
  }

  reply(to: Target, content: Content) {
    return this.insert({ kind: 'reply', ...target(to), ...body(content) });
  }

  /** Replaces a card already sent (or about to be) with a new one. */
  patch(to: Target, card: object) {
    return this.insert({ kind: 'patch', ...target(to), msgType: 'interactive', content: card });
  }

  /** The same new card for many holders, in one statement. */
  async patchAll(targets: Target[], card: object): Promise<string[]> {
    if (targets.length === 0) return [];
    return this.insertRows(
      targets.map((t) => ({ kind: 'patch' as const, ...target(t), msgType: 'interactive', content: card })),
    );
  }

  /** 加急: an in-app urgent push of an existing message to the named users. */
  urgent(to: Target, openIds: string[]) {
    return this.insert({ kind: 'urgent', ...target(to), urgentUserIds: openIds });
  }
}

/** Given to read-only handlers: sending from one is a programming error, caught at once. */
export class ReadOnlyOutbox extends OutboxWriter {
  constructor() {
    super(undefined as never);
  }
  protected override async insertRows(): Promise<string[]> {
    throw new Error('a read-only action tried to send a message');
  }
}
