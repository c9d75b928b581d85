/**
 * One history import from rows to commit, all or nothing: the zone-wide history lock, the plan made
 * again under it, then nothing written when any row is bad, or the kind's apply. The CLI
 * (cli/history-import.ts) and the tests use it; the chat's 确认导入 runs the same plan and apply
 * through the import framework (features/imports), which takes `lockHistoryImports` as the kinds' lock.
 */
import { type Db, rawSql, type Tx } from '../../db/client';
import { advisoryXactLock } from '../../db/sql/locks';
import type { ImportContext, ImportKind, ImportOutcome, ImportPlan, ImportRow } from '../import-kind/kind';
import { hasHeaders } from './sheet';

export function lockHistoryImports(tx: Tx): Promise<void> {
  return advisoryXactLock(rawSql(tx), { kind: 'history-import' }).then(() => undefined);
}

export type HistoryRun<P> =
  | { ok: true; plan: ImportPlan<P>; outcome: ImportOutcome }
  | { ok: false; plan: ImportPlan<P> };

export function runHistoryImport<P>(
  db: Db,
  kind: ImportKind<P>,
  rows: ImportRow[],
  ctx: ImportContext,
): Promise<HistoryRun<P>> {
  return db.transaction(async (tx) => {
    await (kind.lock ?? lockHistoryImports)(tx);
    const plan = await kind.plan(tx, rows, ctx);
    if (plan.errors.length) return { ok: false as const, plan };
    return { ok: true as const, plan, outcome: await kind.apply(tx, plan, ctx) };
  });
}

/**
 * A history kind: its sheet is named as its label, it runs under the zone-wide history lock, and a
 * file is of this kind when its header has every one of `headers`.
 */
export function historyKind<P>(k: {
  key: string;
  label: string;
  roles: ImportKind<P>['roles'];
  columns: ImportKind<P>['template']['columns'];
  headers: readonly string[];
  plan: ImportKind<P>['plan'];
  apply: ImportKind<P>['apply'];
}): ImportKind<P> {
  return {
    key: k.key,
    label: k.label,
    roles: k.roles,
    template: { sheet: k.label, columns: k.columns },
    lock: lockHistoryImports,
    detect: (header) => hasHeaders(header, k.headers),
    plan: k.plan,
    apply: k.apply,
  };
}
