import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildNoticeCard, openApprovalButton } from '../../cards/ways-on';
import type { Db, Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { approvalCards, approvalStages, people, purchaseRequests, stageChases } from '../../db/schema';
import type { StageKind } from '../../domain/approval-route';
import { isWorkingDay, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import type { OutboxWriter } from '../../outbox/write';
import { approversFor } from './approvers';

export type ChaseStep = 'remind' | 'urgent';
export type ChaseThresholds = { remindAfterWorkingDays: number; urgentAfterWorkingDays: number };
/** `checked`: pending stages with a step still to take; `reminded`/`urgent`: steps taken by this call. */
export type ChaseCounts = { checked: number; reminded: number; urgent: number };

const ACTOR = 'job:approval.chase';

/**
 * The chase steps a stage pending for `elapsed` working days has reached: a reminder (催办) after
 * the policy's first delay, then 加急 and escalation to the responsible leader after the second.
 */
export function dueSteps(elapsed: number, t: ChaseThresholds): ChaseStep[] {
  const steps: ChaseStep[] = [];
  if (elapsed >= t.remindAfterWorkingDays) steps.push('remind');
  if (elapsed >= t.urgentAfterWorkingDays) steps.push('urgent');
  return steps;
}

/** The chase delays of a policy version (a request keeps the version it was filed under). */
async function thresholdsOf(db: Db, version: number, cache: Map<number, ChaseThresholds>) {
  const known = cache.get(version);
  if (known) return known;
  const { approvalChase } = await loadPolicy(db, version);
  cache.set(version, approvalChase);
  return approvalChase;
}

type PendingStage = {
  stageId: number;
  kind: StageKind;
  openedOn: string;
  requestId: number;
  description: string;
  policyVersion: number;
  leaderOpenId: string;
};

/** Pending stages of pending requests that still have a chase step left to take. */
function pendingStages(db: Db): Promise<PendingStage[]> {
  const fullyChased = sql`(select count(*) from ${stageChases} where ${stageChases.stageId} = ${approvalStages.id}) >= 2`;
  return db
    .select({
      stageId: approvalStages.id,
      kind: approvalStages.kind,
      openedOn: sql<string>`${approvalStages.openedOn}`,
      requestId: purchaseRequests.id,
      description: purchaseRequests.description,
      policyVersion: purchaseRequests.policyVersion,
      leaderOpenId: people.openId,
    })
    .from(approvalStages)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, approvalStages.requestId))
    .innerJoin(people, eq(people.id, purchaseRequests.leaderId))
    .where(
      and(
        eq(approvalStages.status, 'pending'),
        eq(purchaseRequests.status, 'pending'),
        isNotNull(approvalStages.openedOn),
        sql`not ${fullyChased}`,
      ),
    )
    .orderBy(approvalStages.id);
}

/** Takes the step for this stage; false when another worker or an earlier run already took it. */
async function claim(tx: Tx, stageId: number, step: ChaseStep): Promise<boolean> {
  const rows = await tx
    .insert(stageChases)
    .values({ stageId, step })
    .onConflictDoNothing()
    .returning({ stageId: stageChases.stageId });
  return rows.length > 0;
}

async function remind(tx: Tx, out: OutboxWriter, s: PendingStage, elapsed: number) {
  const approvers = await approversFor(tx, s.requestId, s.kind);
  const text = `【催办】采购申请 #${s.requestId}「${s.description}」已等待您审批 ${elapsed} 个工作日,请尽快处理。`;
  const card = buildNoticeCard({
    title: '审批催办',
    template: 'orange',
    text,
    actions: [openApprovalButton(s.stageId)],
  });
  for (const a of approvers) await out.send({ type: 'open_id', id: a.openId }, { card });
}

async function escalate(tx: Tx, out: OutboxWriter, s: PendingStage, elapsed: number) {
  // 加急 the card each current approver already holds; a holder who lost the role is not pressed.
  const current = new Set((await approversFor(tx, s.requestId, s.kind)).map((a) => a.personId));
  const cards = await tx
    .select({ personId: approvalCards.personId, outboxId: approvalCards.outboxId, openId: people.openId })
    .from(approvalCards)
    .innerJoin(people, eq(people.id, approvalCards.personId))
    .where(eq(approvalCards.stageId, s.stageId))
    .orderBy(approvalCards.personId);
  for (const c of cards) {
    if (current.has(c.personId)) await out.urgent({ outboxId: c.outboxId }, [c.openId]);
  }
  const text =
    `【督办】采购申请 #${s.requestId}「${s.description}」的审批已超过 ${elapsed} 个工作日未办理,` +
    '请督促审批人尽快处理。';
  const card = buildNoticeCard({
    title: '审批督办',
    template: 'red',
    text,
    actions: [openApprovalButton(s.stageId)],
  });
  await out.send({ type: 'open_id', id: s.leaderOpenId }, { card });
}

/**
 * One stage's due steps, in one transaction: each step is claimed (the primary key of
 * stage_chases makes it happen once across workers and restarts) and, only if claimed, its
 * messages and audit row are written. The stage row is locked first so a decision committed in the
 * meantime is seen and the stage is left alone. The messages go to the relay after the commit.
 */
function chaseStage(
  db: Db,
  relay: OutboxRelay,
  chase: { stage: PendingStage; steps: ChaseStep[]; elapsed: number; now: Date },
) {
  const { stage: s, steps, elapsed, now } = chase;
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const [live] = await tx
      .select({ status: approvalStages.status })
      .from(approvalStages)
      .where(eq(approvalStages.id, s.stageId))
      .for('share');
    const taken: ChaseStep[] = [];
    if (live?.status !== 'pending') return taken;
    for (const step of steps) {
      if (!(await claim(tx, s.stageId, step))) continue;
      if (step === 'remind') await remind(tx, out, s, elapsed);
      else await escalate(tx, out, s, elapsed);
      await appendAudit(tx, {
        aggregateType: 'purchase',
        aggregateId: s.requestId,
        actor: ACTOR,
        action: 'stage.chased',
        data: { stage: s.kind, stageId: s.stageId, step, workingDays: elapsed },
        at: now,
      });
      taken.push(step);
    }
    return taken;
  });
}

/**
 * Chases every pending approval stage that has waited long enough (rule 4): working days are
 * counted from the stage's business date `opened_on` to `now`'s date in Asia/Shanghai, by the
 * public holiday calendar with its make-up days. Nothing is sent on a day off. Outbox rows are
 * handed to the relay after each stage's commit.
 */
export async function chaseDueStages(db: Db, now: Date, deps: OutboxRelay): Promise<ChaseCounts> {
  const counts: ChaseCounts = { checked: 0, reminded: 0, urgent: 0 };
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return counts;
  const cache = new Map<number, ChaseThresholds>();
  for (const s of await pendingStages(db)) {
    counts.checked++;
    const elapsed = workingDaysBetween(s.openedOn, today);
    const steps = dueSteps(elapsed, await thresholdsOf(db, s.policyVersion, cache));
    if (steps.length === 0) continue;
    const taken = await chaseStage(db, deps, { stage: s, steps, elapsed, now });
    if (taken.includes('remind')) counts.reminded++;
    if (taken.includes('urgent')) counts.urgent++;
  }
  return counts;
}
