import type { DeliveryFailuresView } from '../../cards/delivery-failures';
import { failureReason } from '../../cards/failure-reasons';
import type { DbOrTx } from '../../db/client';
import { failedDeliveries, missingScopes } from '../../db/sql/delivery-failures';
import { isResendable, missingScopeOf } from '../../feishu/errors';

/** How far back the 发送失败 card looks, and how many rows it lists (newest first). */
export const FAILURE_DAYS = 30;
const SHOWN = 20;

/** 2026-12-06 21:30 in Asia/Shanghai. */
const shanghaiMinute = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Only a message of its own (a send or a reply) is offered for a resend: a card update sent late
 * could put back an older state over a newer one, and an urgent long after its message is noise.
 */
const RESENDS: ReadonlySet<string> = new Set(['send', 'reply']);

/**
 * What the 发送失败 card shows: the failed rows not yet resent, and the scopes 加急 lacks. The rows'
 * times are the database's (it writes them), so the window is taken on its clock too.
 */
export async function deliveryFailuresView(db: DbOrTx): Promise<DeliveryFailuresView> {
  const [{ rows, total }, scopes] = await Promise.all([
    failedDeliveries(db, FAILURE_DAYS, SHOWN),
    missingScopes(db),
  ]);
  return {
    days: FAILURE_DAYS,
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      msgType: r.msgType,
      title: r.title,
      to:
        r.receiverType === 'person'
          ? (r.receiverName ?? '未登记的人员')
          : r.receiverType === 'group'
            ? `群「${r.receiverName ?? '名称未记录'}」`
            : '原消息的接收方',
      at: shanghaiMinute(r.createdAt),
      reason: failureReason({
        code: r.errorCode,
        ...(r.errorCode !== null && r.lastError ? { scope: missingScopeOf(r.lastError) } : {}),
        throttled: r.throttled,
        targetFailed: r.errorCode === null && (r.lastError ?? '').startsWith('target message'),
      }),
      resendable: RESENDS.has(r.kind) && isResendable(r.errorCode),
      ...(r.cardHash && r.errorCode !== null
        ? { refused: { hash: r.cardHash, code: r.errorCode, notice: r.noticeStatus } }
        : {}),
    })),
    scopes: scopes
      .filter((s) => s.kind === 'urgent')
      .map((s) => ({ scope: s.scope, refusals: s.refusals, lastSeen: shanghaiMinute(s.lastSeenAt) })),
  };
}
