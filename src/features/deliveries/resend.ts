import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { failedRowOn, insertResendOn } from '../../db/sql/delivery-failures';
import { DomainError } from '../../domain/errors';
import { isResendable } from '../../feishu/errors';

/**
 * 重新发送 of a failed message: a new pending copy of the row, keyed by it (the unique `resend_of`),
 * and the audit of who asked. A second click, or Feishu re-pushing the click, finds the copy and
 * changes nothing, so the message goes out once. Returns the new row's id for the relay, or
 * undefined when it had been resent already.
 */
export async function resendDelivery(tx: Tx, rowId: string, actor: string): Promise<string | undefined> {
  const sql = rawSql(tx);
  const row = await failedRowOn(sql, rowId);
  if (row?.status !== 'failed') throw new DomainError('no_delivery', '找不到这条未送达的消息,或它已送达');
  if (row.resent) return undefined;
  if (!(row.kind === 'send' || row.kind === 'reply') || !isResendable(row.errorCode))
    throw new DomainError('not_resendable', '这条消息的失败原因无法通过重新发送解决');
  const id = await insertResendOn(sql, rowId);
  if (!id) return undefined;
  await appendAudit(tx, {
    aggregateType: 'outbox',
    aggregateId: rowId,
    actor,
    action: 'delivery.resent',
    data: { resend: id, code: row.errorCode },
  });
  return id;
}
