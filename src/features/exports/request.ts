/**
 * 导出, the click: the exports row and its audit entry, in the click's transaction. While
 * the same person has the same sheet pending, a second click finds that row (the partial unique
 * index) and makes no second file. A second click on the same card within DOUBLE_CLICK_SECONDS is
 * the same click even when the first one's file was already built and sent. Who may ask is the action's scope (`authorizeExport`), checked in
 * the same transaction before this runs.
 */
import { appendAudit } from '../../audit/append';
import { rawSql } from '../../db/client';
import { insertPendingExportOn, pendingExportOfOn, sameClickExportOn } from '../../db/sql/exports';
import type { UseCase } from '../use-case';
import { type ExportKind, type ExportParams, paramsKey } from './kinds';

export type ExportRequested = { id: string; fresh: boolean };

/** How long a second click on the same button of the same card counts as the same click. */
export const DOUBLE_CLICK_SECONDS = 10;

export async function requestExport(
  uc: Pick<UseCase, 'tx' | 'actor'>,
  input: {
    kind: ExportKind;
    params: ExportParams;
    /** The card the button sits on (its message id), recorded with the request. */
    card?: string;
  },
): Promise<ExportRequested> {
  const { tx, actor } = uc;
  const { kind, params, card = '' } = input;
  const sql = rawSql(tx);
  const key = paramsKey(params);
  const clean = JSON.parse(key) as Record<string, unknown>;
  const ask = { by: actor.openId, kind, key };
  if (card) {
    // requested_at is the database's default, so its age is taken on the database's clock.
    const twice = await sameClickExportOn(sql, ask, card, DOUBLE_CLICK_SECONDS);
    if (twice) return { id: twice, fresh: false };
  }
  const id = await insertPendingExportOn(sql, ask);
  if (!id) return { id: (await pendingExportOfOn(sql, ask)) ?? '', fresh: false };
  await appendAudit(tx, {
    aggregateType: 'export',
    aggregateId: id,
    actor: actor.openId,
    action: 'export.requested',
    data: { kind, params: clean, ...(card ? { card } : {}) },
  });
  return { id, fresh: true };
}
