/**
 * 导出, the click (issue 13): the exports row and its audit entry, in the click's transaction. While
 * the same person has the same sheet pending, a second click finds that row (the partial unique
 * index) and makes no second file. A second click on the same card within DOUBLE_CLICK_SECONDS is
 * the same click even when the first one's file was already built and sent. Who may ask is the action's scope (`authorizeExport`), checked in
 * the same transaction before this runs.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import type { Actor } from '../../domain/actor';
import { type ExportKind, type ExportParams, paramsKey } from './kinds';

export type ExportRequested = { id: string; fresh: boolean };

/** How long a second click on the same button of the same card counts as the same click. */
export const DOUBLE_CLICK_SECONDS = 10;

export async function requestExport(
  tx: Tx,
  actor: Actor,
  kind: ExportKind,
  params: ExportParams,
  /** The card the button sits on (its message id), recorded with the request. */
  card = '',
): Promise<ExportRequested> {
  const sql = rawSql(tx);
  const key = paramsKey(params);
  const clean = JSON.parse(key) as Record<string, unknown>;
  if (card) {
    // requested_at is the database's default, so its age is taken on the database's clock.
    const [twice] = await sql<{ id: string }[]>`
      select e.id from exports e
      join audit_log a on a.aggregate_type = 'export' and a.aggregate_id = e.id::text
        and a.action = 'export.requested' and a.data->>'card' = ${card}
      where e.requested_by = ${actor.openId} and e.kind = ${kind} and e.params_key = ${key}
        and e.requested_at > now() - make_interval(secs => ${DOUBLE_CLICK_SECONDS})
      order by e.requested_at desc limit 1`;
    if (twice) return { id: twice.id, fresh: false };
  }
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
    data: { kind, params: clean, ...(card ? { card } : {}) },
  });
  return { id: row.id, fresh: true };
}
