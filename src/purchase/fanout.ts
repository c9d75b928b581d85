import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { buildApprovalCard } from '../bot/cards/approval';
import type { Db, DbOrTx } from '../db/client';
import { approvalCards, approvalStages } from '../db/schema';
import { formatWan } from '../domain/money';
import { OutboxWriter } from '../outbox/write';
import { openStage } from './stages';
import { buildView, STAGE_LABELS, viewQueries } from './view';

/**
 * The effects of a decision that the clicker need not wait for, in one transaction after the
 * decision's commit: every holder's card shows the outcome, the filer is told, and the next stage
 * opens. The stage row is locked and `fanned_out_at` set in the same transaction, so a second run
 * (a retried job, a sweep racing the job, two sweeps) finds it done and writes nothing: each
 * effect happens exactly once. Returns the outbox ids to hand to the relay after commit.
 */
export async function fanOutDecision(db: Db, stageId: number, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [[stage], held, ...rows] = await Promise.all([
      tx.select().from(approvalStages).where(eq(approvalStages.id, stageId)).for('update'),
      tx.select().from(approvalCards).where(eq(approvalCards.stageId, stageId)),
      ...viewQueries(tx, stageId),
    ]);
    if (!stage?.decidedAt || stage.fannedOutAt) return [];
    const out = new OutboxWriter(tx);
    const [[main], stages, , named] = rows;
    const req = main!.r;
    const decider = stages.find((x) => x.s.id === stageId)!.by;
    await out.patchAll(
      held.map((h) => ({ outboxId: h.outboxId })),
      buildApprovalCard(buildView(rows, stageId)),
    );
    const approved = stage.status === 'approved';
    const next = stages.find((x) => x.s.seq === stage.seq + 1)?.s;
    // The next stage opens as of the decision, so the chase counts its working days from then.
    if (approved && next) await openStage(tx, out, next.id, stage.decidedAt);
    const what = `您的采购申请 #${req.id}(${formatWan(req.amountFen)})`;
    const text = !approved
      ? `${what}在「${STAGE_LABELS[stage.kind]}」环节被${decider}驳回。理由:${stage.reason}`
      : next
        ? `${what}已通过「${STAGE_LABELS[stage.kind]}」,已提交「${STAGE_LABELS[next.kind]}」。`
        : `${what}已审批通过(${decider}),可以组织采购。`;
    const filer = named.find((p) => p.id === req.filerId)!.openId;
    await Promise.all([
      out.send({ type: 'open_id', id: filer }, { text }),
      tx.update(approvalStages).set({ fannedOutAt: now }).where(eq(approvalStages.id, stageId)),
    ]);
    return out.ids;
  });
}

/** Decided stages whose fan-out has not been written, decided before `before` (oldest first). */
export async function stagesOwingFanOut(db: DbOrTx, before: Date, limit = 500): Promise<number[]> {
  const rows = await db
    .select({ id: approvalStages.id })
    .from(approvalStages)
    .where(
      and(
        sql`${approvalStages.decidedAt} is not null`,
        isNull(approvalStages.fannedOutAt),
        lt(approvalStages.decidedAt, before),
      ),
    )
    .orderBy(asc(approvalStages.decidedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
