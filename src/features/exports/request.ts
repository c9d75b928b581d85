/**
 * 导出, the click (issue 13): the exports row and its audit entry, in the click's transaction. While
 * the same person has the same sheet pending, a second click finds that row (the partial unique
 * index) and makes no second file. Who may ask is the action's scope (`authorizeExport`), checked in
 * the same transaction before this runs.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import type { Actor } from '../../domain/actor';
import { type ExportKind, type ExportParams, paramsKey } from './kinds';

export type ExportRequested = { id: string; fresh: boolean };

export async function requestExport(
  tx: Tx,
  actor: Actor,
  kind: ExportKind,
  params: ExportParams,
): Promise<ExportRequested> {
  const sql = rawSql(tx);
  const key = paramsKey(params);
  const clean = JSON.parse(key) as Record<string, unknown>;
  const [row] = await sql<{ id: string }[]>`
    insert into exports (requested_by, kind, params, params_key)
    values (${actor.openId}, ${kind}, ${key}::jsonb, ${key})
    on conflict (requested_by, kind, params_key) where status = 'pending' do nothing
    returning id`;
  if (!row) {
    const [pending] = await sql<{ id: string }[]>`
      select id from exports
      where requested_by = ${actor.openId} and kind = ${kind} and params_key = ${key} and status = 'pending'`;
    return { id: pending?.id ?? '', fresh: false };
  }
  await appendAudit(tx, {
    aggregateType: 'export',
    aggregateId: row.id,
    actor: actor.openId,
    action: 'export.requested',
    data: { kind, params: clean },
  });
  return { id: row.id, fresh: true };
}
