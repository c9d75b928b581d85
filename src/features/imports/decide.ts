/**
 * 确认导入 / 取消 / the kind chosen for an ambiguous file. Each takes the pending import's row lock
 * first: a double click, or Feishu's retry of the callback, waits for the first and then finds the
 * status it left (imported once; the second click answers as the first did). Only the person who sent
 * the file decides, and only while they still hold a role that imports its kind.
 */
import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Db, Tx } from '../../db/client';
import { pendingImports } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { ImportContext, ImportKind } from '../import-kind/kind';
import type { UseCaseOfAnyone } from '../use-case';
import { type ImportAnswer, previewFor, previewKey, refusal } from './receive';
import { detectKinds, importKind, mayImport } from './registry';

type Pending = typeof pendingImports.$inferSelect;

export type Decided = {
  status: 'applied' | 'cancelled' | 'stale';
  kind: string;
  fileName: string;
  summary: string;
  /** Whether this click made the change (false: a repeated click found it done). */
  fresh: boolean;
};

async function lockPending(
  tx: Tx,
  actor: Actor | undefined,
  id: number,
): Promise<{ row: Pending; actor: Actor }> {
  const [row] = await tx.select().from(pendingImports).where(eq(pendingImports.id, id)).for('update');
  if (!row) throw new DomainError('bad_input', '该导入不存在,请重新发送文件');
  if (!actor || row.requestedBy !== actor.openId)
    throw new DomainError('not_owner', '只有发送该文件的人可以确认或取消导入');
  return { row, actor };
}

function kindOf(row: Pending, actor: Actor): ImportKind<unknown> {
  const kind = importKind(row.kind);
  if (!kind) throw new DomainError('bad_input', '该导入类型已不再支持,请重新发送文件');
  // The grants as they are now: a role revoked since the file was sent imports nothing.
  if (!mayImport(kind, actor)) throw new DomainError('not_allowed', refusal(kind));
  return kind;
}

const label = (row: Pending) => importKind(row.kind)?.label ?? row.kind;

function done(row: Pending, fresh = false): Decided {
  const status = row.status === 'pending' ? 'stale' : row.status;
  return { status, kind: label(row), fileName: row.fileName, summary: row.outcome ?? '', fresh };
}

async function finish(
  tx: Tx,
  {
    row,
    actor,
    status,
    outcome,
    now,
    data = {},
  }: {
    row: Pending;
    actor: Actor;
    status: 'applied' | 'cancelled' | 'stale';
    outcome: string;
    now: Date;
    data?: Record<string, unknown>;
  },
): Promise<Decided> {
  await tx
    .update(pendingImports)
    .set({ status, outcome, decidedAt: now, decidedBy: actor.openId })
    .where(eq(pendingImports.id, row.id));
  await appendAudit(tx, {
    aggregateType: 'import',
    aggregateId: row.id,
    actor: actor.openId,
    action: `import.${status}`,
    data: { kind: row.kind, fileName: row.fileName, rows: row.rowCount, ...data },
    at: now,
  });
  return { status, kind: label(row), fileName: row.fileName, summary: outcome, fresh: true };
}

/**
 * 确认导入: the kind's lock, its plan again in this transaction (what the preview showed must still
 * hold, or nothing is imported and the sender is asked to send the file again), then its apply, all
 * in the click's transaction: any failure rolls every row back.
 */
export async function confirmImport(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  {
    pendingId: id,
    afterCommit,
    db,
  }: { pendingId: number; afterCommit: (task: () => Promise<void>) => void; db: Db },
): Promise<Decided> {
  const locked = await lockPending(tx, actor, id);
  const { row } = locked;
  if (row.status !== 'pending' || row.kind === '') {
    if (row.status === 'pending') throw new DomainError('not_confirmable', '请先选择导入类型');
    return done(row);
  }
  const kind = kindOf(row, locked.actor);
  const ctx: ImportContext = {
    actor: locked.actor,
    now,
    afterCommit: (task) => afterCommit(() => task(db)),
  };
  await kind.lock?.(tx);
  const plan = await kind.plan(tx, row.rows, ctx);
  if (plan.errors.length > 0 || previewKey(plan) !== row.previewKey)
    return finish(tx, {
      row,
      actor: locked.actor,
      status: 'stale',
      outcome: '自预览以来数据已发生变化,本文件未导入任何数据。请重新发送文件,按新的预览确认。',
      now,
    });
  const outcome = await kind.apply(tx, plan, ctx);
  return finish(tx, {
    row,
    actor: locked.actor,
    status: 'applied',
    outcome: outcome.summary,
    now,
    data: { counts: outcome.counts },
  });
}

/** 取消: the pending import ends without a write of its rows. */
export async function cancelImport(
  tx: Tx,
  actor: Actor | undefined,
  id: number,
  now: Date,
): Promise<Decided> {
  const locked = await lockPending(tx, actor, id);
  if (locked.row.status !== 'pending') return done(locked.row);
  return finish(tx, {
    row: locked.row,
    actor: locked.actor,
    status: 'cancelled',
    outcome: '已取消,未导入任何数据。',
    now,
  });
}

/** The kind picked for a file whose header fits several: its preview, as if it had been detected. */
export async function chooseImportKind(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  { pendingId: id, key }: { pendingId: number; key: string },
): Promise<ImportAnswer> {
  const locked = await lockPending(tx, actor, id);
  const { row } = locked;
  if (row.status !== 'pending' || row.kind !== '')
    throw new DomainError('not_confirmable', '该文件的导入类型已选定,请查看导入预览');
  // Only a kind the header fits (a forged key for another kind is refused).
  const kind = detectKinds(row.rows[0]?.cells ?? []).find((k) => k.key === key);
  if (!kind) throw new DomainError('bad_input', '该表格不是所选类型');
  if (!mayImport(kind, locked.actor)) throw new DomainError('not_allowed', refusal(kind));
  const f = { messageId: row.sourceMessageId, fileKey: '', fileName: row.fileName };
  const answer = await previewFor(
    { tx, actor: locked.actor, now },
    { kind, file: f, rows: row.rows, pendingId: row.id },
  );
  // Nothing to confirm (errors, or nothing new): the pending row ends here.
  if ('preview' in answer && answer.preview.pendingId === undefined)
    await finish(tx, {
      row,
      actor: locked.actor,
      status: 'cancelled',
      outcome: '预览未通过,未导入任何数据。',
      now,
      data: { chosen: key },
    });
  return answer;
}
