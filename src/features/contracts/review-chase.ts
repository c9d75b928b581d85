/**
 * 催办 of contract drafts waiting for legal (法务审核, rule 6), like an approval stage's: on each
 * working day, every draft still pending more than CHASE_AFTER_WORKING_DAYS working days after it
 * was submitted is chased: each legal person of its unit (and zone-wide) gets one reminder that day.
 * contract_draft_reminders' unique (draft, person, day) makes it once per day across workers, retries
 * and restarts; nothing is sent on a day off. A draft decided or superseded is no longer chased.
 */
import { asc, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Db, DbOrTx } from '../../db/client';
import { contractDrafts, draftReminders, purchaseRequests, units } from '../../db/schema';
import { isWorkingDay, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { legalReviewers } from './legal-review';

/** A draft is chased once it has waited more than this many working days (2: from the 3rd on). */
export const CHASE_AFTER_WORKING_DAYS = 2;
/** The board lists a review pending more than this many working days as overdue. */
export const OVERDUE_AFTER_WORKING_DAYS = 5;
const ACTOR = 'job:legal.chase';

export type ReviewChaseCounts = { checked: number; reminded: number };

/** Working days a draft submitted at `submittedAt` has waited on `today`. */
export const waitedWorkingDays = (submittedAt: Date, today: string) =>
  workingDaysBetween(shanghaiDate(submittedAt), today);

function pendingDrafts(db: DbOrTx) {
  return db
    .select({
      id: contractDrafts.id,
      requestId: contractDrafts.requestId,
      version: contractDrafts.version,
      submittedAt: contractDrafts.submittedAt,
      unitId: purchaseRequests.unitId,
      unit: units.name,
    })
    .from(contractDrafts)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, contractDrafts.requestId))
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .where(eq(contractDrafts.status, 'pending'))
    .orderBy(asc(contractDrafts.id));
}
type Pending = Awaited<ReturnType<typeof pendingDrafts>>[number];

function chaseDraft(
  db: Db,
  relay: OutboxRelay,
  { draft: d, today, waited, now }: { draft: Pending; today: string; waited: number; now: Date },
) {
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const [live] = await tx
      .select({ status: contractDrafts.status })
      .from(contractDrafts)
      .where(eq(contractDrafts.id, d.id))
      .for('update');
    if (live?.status !== 'pending') return 0;
    const reviewers = await legalReviewers(tx, d.unitId);
    if (reviewers.length === 0) return 0;
    const claimed = await tx
      .insert(draftReminders)
      .values(reviewers.map((r) => ({ draftId: d.id, personId: r.id, day: today, sentAt: now })))
      .onConflictDoNothing()
      .returning({ personId: draftReminders.personId });
    if (claimed.length === 0) return 0;
    const told = reviewers.filter((r) => claimed.some((c) => c.personId === r.id));
    for (const r of told)
      await out.send(
        { type: 'open_id', id: r.openId },
        {
          text: `【催办】${d.unit} 采购申请 #${d.requestId} 的合同草案第${d.version}版已提交 ${waited} 个工作日,尚待法务审核。请在「法务审核」卡片上审核通过或退回修改。`,
        },
      );
    await appendAudit(tx, {
      aggregateType: 'contract_draft',
      aggregateId: d.id,
      actor: ACTOR,
      action: 'contract.draft_chased',
      data: {
        requestId: d.requestId,
        version: d.version,
        onDate: today,
        waitedWorkingDays: waited,
        to: told.map((r) => r.id),
      },
      at: now,
    });
    return told.length;
  });
}

export async function chaseLegalReviews(db: Db, now: Date, deps: OutboxRelay): Promise<ReviewChaseCounts> {
  const counts: ReviewChaseCounts = { checked: 0, reminded: 0 };
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return counts;
  for (const d of await pendingDrafts(db)) {
    const waited = waitedWorkingDays(d.submittedAt, today);
    if (waited <= CHASE_AFTER_WORKING_DAYS) continue;
    counts.checked++;
    counts.reminded += await chaseDraft(db, deps, { draft: d, today, waited, now });
  }
  return counts;
}

/** Pending drafts of `unitIds` (all when null) waiting more than OVERDUE_AFTER_WORKING_DAYS working days. */
export async function overdueReviews(db: DbOrTx, today: string, unitIds: number[] | null) {
  const rows = await pendingDrafts(db);
  return rows
    .filter((d) => unitIds === null || unitIds.includes(d.unitId))
    .map((d) => ({ ...d, waited: waitedWorkingDays(d.submittedAt, today) }))
    .filter((d) => d.waited > OVERDUE_AFTER_WORKING_DAYS);
}
