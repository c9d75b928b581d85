import { buildApprovalCard } from '../../cards/approval';
import { type Db, pipelinedTransaction } from '../../db/client';
import { fanOutReadsOn, markFannedOutOn } from '../../db/sql/purchase';
import { STAGE_LABELS } from '../../domain/approval-route';
import { formatWan, formatYuan } from '../../domain/money';
import { OutboxWriter } from '../../outbox/write';
import { openStage } from './stages';
import { buildView, reapprovalOf } from './view';

// The sweep's read is a statement of db/sql, re-exported for the fan-out job that runs both.

/**
 * The effects of decisions that the clicker need not wait for, in one transaction after the
 * decisions' commit: every holder's card shows the outcome, the filer is told, and the next stage
 * opens. Each stage row is locked and `fanned_out_at` set in the same transaction, so a second run
 * (a retried job, a sweep racing the job, two sweeps) finds it done and writes nothing: each
 * effect happens exactly once. Returns the outbox ids to hand to the relay after commit.
 * Three round trips for the whole batch when no stage follows: BEGIN with every stage's reads (the
 * stages locked in id order, as any other batch does), the writes, COMMIT.
 */
export async function fanOutDecisions(db: Db, stageIds: number[], now: Date): Promise<string[]> {
  const ids = [...new Set(stageIds)].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  return pipelinedTransaction(
    db,
    (sql) => Promise.all(ids.map((id) => fanOutReadsOn(sql, id))),
    async (tx, sql, all) => {
      const out = new OutboxWriter(tx);
      const writes: Promise<unknown>[] = [];
      const opening: { id: number; at: Date }[] = [];
      for (const [i, [stage, held, ...rows]] of all.entries()) {
        const stageId = ids[i]!;
        if (!stage?.decidedAt || stage.fannedOut) continue;
        const [[main], stages, named] = rows;
        const req = main!.r;
        const decider = stages.find((x) => x.s.id === stageId)!.by;
        const approved = stage.status === 'approved';
        const next = stages.find((x) => x.s.seq === stage.seq + 1)?.s;
        // A re-approval round's stage (rule 4): its card and message name the new amount (one more
        // read, on this rare path only).
        const re = await reapprovalOf(sql, rows, stageId);
        const what = re
          ? `您的采购申请 #${req.id} 的重新报批(成交金额 ${formatYuan(re.amountFen)},原批准金额 ${formatYuan(re.fromFen)})`
          : `您的采购申请 #${req.id}(${formatWan(req.amountFen)})`;
        const text = !approved
          ? `${what}在「${STAGE_LABELS[stage.kind]}」环节被${decider}驳回。理由:${stage.reason}${re ? '。原批准金额不变,本次采购结果未登记。' : ''}`
          : next
            ? `${what}已通过「${STAGE_LABELS[stage.kind]}」,已提交「${STAGE_LABELS[next.kind]}」。`
            : re
              ? `${what}已审批通过(${decider}):批准金额调整为 ${formatYuan(re.amountFen)},采购结果已登记,可以签订合同。`
              : `${what}已审批通过(${decider}),可以组织采购。`;
        const filer = named.find((p) => p.id === req.filerId)!.openId;
        // The holders' patches, the filer's message and the mark, for every stage: one round trip.
        writes.push(
          out.patchAll(held, buildApprovalCard(buildView(rows, stageId, re))),
          out.send({ type: 'open_id', id: filer }, { text }),
          markFannedOutOn(sql, stageId, now),
        );
        // The next stage opens as of the decision, so the chase counts its working days from then.
        if (approved && next) opening.push({ id: next.id, at: new Date(stage.decidedAt) });
      }
      await Promise.all(writes);
      for (const o of opening) await openStage(tx, out, o.id, o.at);
      return out.ids;
    },
  );
}
