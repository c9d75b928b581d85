/**
 * The scoring reminder sweep: opens each month's window, reminds the assessors
 * before the due date, chases the overdue and escalates to the responsible leader, from the scoring
 * clauses each contract was signed with. Exactly once per (contract, month, person, kind): the
 * primary key of score_reminders is the claim, across two workers, retries and restarts.
 */

import { sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { scoreReminderCard } from '../../cards/score-reminder';
import type { Db, Tx } from '../../db/client';
import { yearOf } from '../../domain/business-date';
import { calendarCovers, isWorkingDay, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import type { ReminderKind } from '../../domain/contract';
import { contractNumber } from '../../domain/contract-format';
import { quarterLongLabel, quarterOf } from '../../domain/quarters';
import { dueDate, isQuarterly } from '../../domain/score-window';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { sweepGroupReminders } from './group-reminders';
import { shareLockActive } from './live-contracts';
import {
  type Assessor,
  activeContracts,
  assessorsOf,
  type Candidate,
  candidatesOf,
  type SweepContract,
} from './reminders-plan';

export type ReminderCounts = { contracts: number } & Record<ReminderKind, number>;

const ACTOR = 'job:score.reminders';
const KINDS_SQL = sql.raw(`array['open','remind','overdue','escalate']::text[]`);

/**
 * Claims the candidates: a row is inserted only if the month has no current score, the person has
 * not already had this kind or a later one of the same track (assessor kinds, or the escalation),
 * and no other sweep inserted it first. Returns what this call claimed.
 */
async function claim(tx: Tx, candidates: Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const rows = candidates.map((c) => ({
    contract_id: c.contractId,
    month: c.month,
    person_id: c.personId,
    kind: c.kind,
    months: c.months ?? [c.month],
  }));
  const claimed = await tx.execute<{
    contract_id: string;
    month: string;
    person_id: string;
    kind: ReminderKind;
  }>(sql`
    insert into score_reminders (contract_id, month, person_id, kind)
    select v.contract_id, v.month, v.person_id, v.kind
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(contract_id bigint, month text, person_id bigint, kind text, months jsonb)
    where exists (
        select 1 from jsonb_array_elements_text(v.months) as p(month)
        where not exists (
          select 1 from monthly_scores s
          where s.contract_id = v.contract_id and s.month = p.month and s.current))
      and not exists (
        select 1 from score_reminders r
        where r.contract_id = v.contract_id and r.month = v.month and r.person_id = v.person_id
          and (r.kind = 'escalate') = (v.kind = 'escalate')
          and array_position(${KINDS_SQL}, r.kind) >= array_position(${KINDS_SQL}, v.kind))
    order by 1, 2, 3, 4
    on conflict do nothing
    returning contract_id, month, person_id, kind`);
  return claimed.map((r) => ({
    contractId: Number(r.contract_id),
    month: r.month,
    personId: Number(r.person_id),
    kind: r.kind,
  }));
}

/** The card of one claimed reminder, and who receives it. */
function message(c: SweepContract, assessors: Assessor[], r: Candidate, today: string) {
  const due = dueDate(r.month, c.clauses.scoring);
  const base = {
    kind: r.kind,
    contractId: c.id,
    contractNo: contractNumber(c),
    month: r.month,
    vendorName: c.vendorName,
    categoryLabel: CATEGORY_LABELS[c.category] ?? c.category,
    due,
    calendarCovers: calendarCovers(yearOf(due)),
    // A quarterly contract: one reminder for the quarter's months, worded for the quarter.
    ...(isQuarterly(c.clauses.scoring) ? { quarter: quarterLongLabel(quarterOf(r.month)) } : {}),
  };
  if (r.kind === 'escalate') {
    const card = scoreReminderCard({
      ...base,
      assessorNames: assessors.map((a) => a.name),
      overdueWorkingDays: workingDaysBetween(due, today),
    });
    return { to: { type: 'open_id' as const, id: c.leaderOpenId }, card };
  }
  const to = assessors.find((a) => a.personId === r.personId);
  return to ? { to: { type: 'open_id' as const, id: to.openId }, card: scoreReminderCard(base) } : undefined;
}

/**
 * One page in one transaction: the contracts are share-locked (a score being recorded holds the
 * row lock, so the claim sees it once committed, and a contract ended meanwhile is skipped), the
 * reminders claimed, and only claimed rows get their outbox message and a line in the audit row.
 * The messages go to the relay after the commit.
 */
function sendPage(
  db: Db,
  relay: OutboxRelay,
  batch: {
    page: SweepContract[];
    assessors: Map<number, Assessor[]>;
    candidates: Candidate[];
    now: Date;
    today: string;
  },
) {
  const { page, assessors, candidates, now, today } = batch;
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const ids = [...new Set(candidates.map((c) => c.contractId))];
    const liveIds = await shareLockActive(tx, ids);
    const claimed = await claim(
      tx,
      candidates.filter((c) => liveIds.has(c.contractId)),
    );
    const byId = new Map(page.map((c) => [c.id, c]));
    const cards = claimed.flatMap((r) => {
      const m = message(byId.get(r.contractId)!, assessors.get(r.contractId) ?? [], r, today);
      return m ? [m] : [];
    });
    await out.sendCards(cards);
    // One audit row per page (the day's chain): the reminders it claimed, by contract, month, person, kind.
    if (claimed.length > 0) {
      await appendAudit(tx, {
        aggregateType: 'score_reminders',
        aggregateId: today,
        actor: ACTOR,
        action: 'score.reminded',
        data: { reminders: claimed.map((r) => [r.contractId, r.month, r.personId, r.kind]) },
        at: now,
      });
    }
    return claimed;
  });
}

/**
 * Sends today's scoring reminders of every active contract, `batchSize` contracts per transaction;
 * each page's messages go to the relay right after its commit (anything missed is picked up by the
 * relay's sweep). Per (contract, month, person) only the most advanced kind due today is sent, so a
 * sweep that first runs late sends no stale kinds. Like the approval chase, nothing goes out on a day
 * off: the window still opens on its day, the notice follows on the next working day. The bound
 * project groups get their message of the run first (group-reminders.ts).
 */
export async function sweepScoreReminders(
  db: Db,
  now: Date,
  deps: OutboxRelay,
  opts: { batchSize?: number } = {},
): Promise<ReminderCounts> {
  const counts: ReminderCounts = { contracts: 0, open: 0, remind: 0, overdue: 0, escalate: 0 };
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return counts;
  const batchSize = opts.batchSize ?? 200;
  // The bound project groups first: a hundred group messages, not queued behind thousands of cards.
  await sweepGroupReminders(db, { now, today, relay: deps, batchSize });
  for (let afterId = 0; ; ) {
    const page = await activeContracts(db, today, afterId, batchSize);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    counts.contracts += page.length;
    const assessors = await assessorsOf(
      db,
      page.map((c) => c.id),
    );
    const candidates = await candidatesOf(db, page, assessors, today);
    if (candidates.length === 0) continue;
    const claimed = await sendPage(db, deps, { page, assessors, candidates, now, today });
    for (const r of claimed) counts[r.kind]++;
  }
  return counts;
}
