import type { OutboxRow } from '../db/sql/outbox';

/** The per-receiver spacing key: who (or which message) Feishu counts this call against. */
export function spacingKey(
  row: Pick<OutboxRow, 'kind' | 'receiveIdType' | 'receiveId' | 'targetMessageId' | 'targetOutboxId'>,
) {
  if (row.kind === 'send') return `${row.receiveIdType}:${row.receiveId}`;
  return `msg:${row.targetMessageId ?? row.targetOutboxId}`;
}
