import { createHash } from 'node:crypto';
import type { OutboxRow } from '../db/sql/outbox';
import type { FeishuClient } from '../feishu/client';
import { classifyError, classifyResponse, type FeishuOutcome } from '../feishu/errors';

export type Delivery = FeishuOutcome & { messageId?: string; chatId?: string };

/** The `content` string of the call, exactly as sent. */
function content(row: Pick<OutboxRow, 'content'>): string {
  return JSON.stringify(row.content ?? {});
}

/**
 * The first 12 hex digits of the sha256 of a row's content as the relay sends it: names a refused
 * card on the 发送失败 card and in the log, and finds its row (`outbox.card_hash`).
 */
export function contentHash(row: Pick<OutboxRow, 'content'>): string {
  return createHash('sha256').update(content(row)).digest('hex').slice(0, 12);
}

/** One Feishu call for one outbox row. `uuid` = the row id makes a resend after a crash a no-op. */
async function call(row: OutboxRow, target: string | null, client: FeishuClient): Promise<unknown> {
  const im = client.sdk.im.v1.message;
  switch (row.kind) {
    case 'send':
      return im.create({
        params: { receive_id_type: row.receiveIdType as 'open_id' },
        data: { receive_id: row.receiveId!, msg_type: row.msgType!, content: content(row), uuid: row.id },
      });
    case 'reply':
      return im.reply({
        path: { message_id: target! },
        data: { msg_type: row.msgType!, content: content(row), uuid: row.id },
      });
    case 'patch':
      return im.patch({ path: { message_id: target! }, data: { content: content(row) } });
    case 'urgent':
      return im.urgentApp({
        path: { message_id: target! },
        params: { user_id_type: 'open_id' },
        data: { user_id_list: row.urgentUserIds ?? [] },
      });
  }
}

export async function deliver(
  row: OutboxRow,
  target: string | null,
  client: FeishuClient,
): Promise<Delivery> {
  try {
    const res = (await call(row, target, client)) as
      | { data?: { message_id?: string; chat_id?: string } }
      | undefined;
    const outcome = classifyResponse(res);
    return outcome.kind === 'ok'
      ? { kind: 'ok', messageId: res?.data?.message_id ?? target ?? undefined, chatId: res?.data?.chat_id }
      : outcome;
  } catch (err) {
    return classifyError(err);
  }
}
