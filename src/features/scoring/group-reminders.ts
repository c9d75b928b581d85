/**
 * The project groups' part of the scoring reminder sweep: a contract bound to a
 * project group (项目工作群) has its month's notices posted there too, one message per group per
 * run, @mentioning the assessors who have not scored. The private cards (reminders.ts) are
 * unchanged; this pass runs before them, so the few group messages are not queued behind them.
 *
 * What a group is told is what the private pass is about to send: a (contract, month, kind) whose
 * assessor notice no assessor has had yet (score_reminders). So a group hears each round (已开放,
 * 评分提醒, 已逾期) once, like the assessors, and nothing on the days between. The run is the sweep's
 * business date: the claim (chat_id, `score.reminders:<date>`) in group_reminder_runs is written in
 * the same transaction as the message's outbox row, so a retried run, two workers at once and the
 * 14:00 run after a restart send a group at most one message that day. A round that falls due for a
 * group after its message that day (a contract signed at noon) is left to the private cards.
 */

import { and, asc, eq, gt, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import {
  type GroupReminderItem,
  type GroupReminderKind,
  groupReminderCard,
} from '../../cards/group-reminder';
import type { Db, Tx } from '../../db/client';
import {
  contracts,
  groupBindings,
  groupReminderRuns,
  monthlyScores,
  scoreReminders,
  units,
} from '../../db/schema';
import { yearOf } from '../../domain/business-date';
import { type BusinessDate, calendarCovers } from '../../domain/calendar';
import { CATEGORY_LABELS, type ServiceCategory } from '../../domain/categories';
import type { ContractClauseValues, ReminderKind } from '../../domain/contract';
import { contractNumber } from '../../domain/contract-format';
import type { Month } from '../../domain/months';
import { quarterLongLabel, quarterOf } from '../../domain/quarters';
import { dueDate, isQuarterly, kindDue, REMINDER_KINDS } from '../../domain/score-window';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { shareLockActive } from './live-contracts';
import {
  type Assessor,
  assessorsOf,
  periodSettled,
  reminderPeriods,
  scoredAndEscalated,
} from './reminders-plan';

const ACTOR = 'job:score.reminders';

/** The claim key of a group's message for the run of business date `today`. */
export const groupRunKey = (today: BusinessDate) => `score.reminders:${today}`;

type BoundContract = {
  chatId: string;
  id: number;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  clauses: ContractClauseValues;
  unitName: string;
  category: ServiceCategory;
};

/** `months`: the months the item stands for (a quarter's, for a quarterly contract). */
type Item = GroupReminderItem & { chatId: string; months: Month[] };

/** The next page of chats with a live project binding, in chat id order. */
async function boundChats(db: Db, afterChat: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ chatId: groupBindings.chatId })
    .from(groupBindings)
    .where(
      and(
        eq(groupBindings.kind, 'project'),
        isNull(groupBindings.unboundAt),
        gt(groupBindings.chatId, afterChat),
      ),
    )
    .orderBy(asc(groupBindings.chatId))
    .limit(limit);
  return rows.map((r) => r.chatId);
}

/** The active contracts, begun by `today`, bound to those chats as their project group. */
function boundContracts(db: Db, chats: string[], today: BusinessDate): Promise<BoundContract[]> {
  return db
    .select({
      chatId: groupBindings.chatId,
      id: contracts.id,
      signedOn: contracts.signedOn,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      clauses: contracts.clauses,
      unitName: units.name,
      category: contracts.category,
    })
    .from(groupBindings)
    .innerJoin(contracts, eq(contracts.id, groupBindings.contractId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        inArray(groupBindings.chatId, chats),
        eq(groupBindings.kind, 'project'),
        isNull(groupBindings.unboundAt),
        eq(contracts.status, 'active'),
        lte(contracts.startsOn, today),
      ),
    )
    .orderBy(asc(groupBindings.chatId), asc(contracts.id));
}

const KIND_INDEX = (k: ReminderKind) => REMINDER_KINDS.indexOf(k);

/**
 * `contract:month` -> the most advanced assessor kind any assessor has already been sent, for the
 * given contracts and months (the escalation, the leader's, is another track).
 */
async function toldKinds(db: Db, ids: number[], months: Month[]): Promise<Map<string, number>> {
  if (ids.length === 0 || months.length === 0) return new Map();
  const rows = await db
    .selectDistinct({ c: scoreReminders.contractId, m: scoreReminders.month, kind: scoreReminders.kind })
    .from(scoreReminders)
    .where(
      and(
        inArray(scoreReminders.contractId, ids),
        inArray(scoreReminders.month, months),
        ne(scoreReminders.kind, 'escalate'),
      ),
    );
  const told = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.c}:${r.m}`;
    told.set(key, Math.max(told.get(key) ?? -1, KIND_INDEX(r.kind)));
  }
  return told;
}

/** Each bound contract's months with an assessor round due today, before the date's claims. */
function roundsDue(
  page: BoundContract[],
  settled: { scored: Set<string>; escalated: Set<string> },
  today: BusinessDate,
) {
  const out: { c: BoundContract; month: Month; months: Month[]; kind: GroupReminderKind }[] = [];
  // A quarterly contract's quarter is one round (keyed on its last month), not three.
  for (const c of page)
    for (const period of reminderPeriods(c, today)) {
      if (periodSettled(c.id, period, settled)) continue;
      const month = period.month;
      const kind = kindDue(month, today, c.clauses.scoring);
      if (kind) out.push({ c, month, months: period.months, kind: kind === 'escalate' ? 'overdue' : kind });
    }
  return out;
}

/** The items of a page of chats: rounds due that no assessor has been told of, with their assessors. */
async function itemsOf(db: Db, page: BoundContract[], today: BusinessDate): Promise<Item[]> {
  const ids = [...new Set(page.map((c) => c.id))];
  const [settled, assessors] = await Promise.all([scoredAndEscalated(db, ids), assessorsOf(db, ids)]);
  const rounds = roundsDue(page, settled, today);
  const told = await toldKinds(
    db,
    [...new Set(rounds.map((r) => r.c.id))],
    [...new Set(rounds.map((r) => r.month))],
  );
  return rounds.flatMap(({ c, month, months, kind }) => {
    const already = told.get(`${c.id}:${month}`);
    const people: Assessor[] = assessors.get(c.id) ?? [];
    if ((already !== undefined && already >= KIND_INDEX(kind)) || people.length === 0) return [];
    const due = dueDate(month, c.clauses.scoring);
    return [
      {
        chatId: c.chatId,
        kind,
        contractId: c.id,
        contractNo: contractNumber(c),
        unitName: c.unitName,
        categoryLabel: CATEGORY_LABELS[c.category] ?? c.category,
        month,
        months,
        due,
        calendarCovers: calendarCovers(yearOf(due)),
        ...(isQuarterly(c.clauses.scoring) ? { quarter: quarterLongLabel(quarterOf(month)) } : {}),
        assessors: people.map((a) => ({ openId: a.openId, name: a.name, seen: a.seen })),
      },
    ];
  });
}

/**
 * One page in one transaction: the contracts share-locked (a score being recorded holds the row
 * lock, so a month scored meanwhile is seen and dropped), each group's claim for the run, and only
 * the claimed groups get their outbox row and a line in the page's audit row. Returns the chats told.
 */
function sendPage(
  db: Db,
  relay: OutboxRelay,
  { items, now, today }: { items: Item[]; now: Date; today: BusinessDate },
) {
  return inOutboxTransaction(db, relay, async (tx: Tx, out) => {
    const ids = [...new Set(items.map((i) => i.contractId))];
    const liveIds = await shareLockActive(tx, ids);
    const scored = await tx
      .select({ c: monthlyScores.contractId, m: monthlyScores.month })
      .from(monthlyScores)
      .where(and(inArray(monthlyScores.contractId, ids), sql`${monthlyScores.current}`));
    const scoredKeys = new Set(scored.map((r) => `${r.c}:${r.m}`));
    const byChat = new Map<string, Item[]>();
    for (const i of items) {
      // Dropped once every month it stands for is scored (a quarter: all three).
      if (!liveIds.has(i.contractId) || i.months.every((m) => scoredKeys.has(`${i.contractId}:${m}`)))
        continue;
      byChat.set(i.chatId, [...(byChat.get(i.chatId) ?? []), i]);
    }
    if (byChat.size === 0) return [];
    const runKey = groupRunKey(today);
    // In chat order, so two sweeps claiming the same groups wait on each other instead of deadlocking.
    const claimed = await tx
      .insert(groupReminderRuns)
      .values([...byChat.keys()].sort().map((chatId) => ({ chatId, runKey, sentAt: now })))
      .onConflictDoNothing()
      .returning({ chatId: groupReminderRuns.chatId });
    const chats = claimed.map((r) => r.chatId).sort();
    await out.sendCards(
      chats.map((chatId) => ({
        to: { type: 'chat_id' as const, id: chatId },
        card: groupReminderCard({ items: byChat.get(chatId)! }),
      })),
    );
    if (chats.length > 0) {
      await appendAudit(tx, {
        aggregateType: 'group_reminders',
        aggregateId: today,
        actor: ACTOR,
        action: 'score.group_reminded',
        data: {
          runKey,
          groups: chats.map((chatId) => [
            chatId,
            byChat.get(chatId)!.map((i) => [i.contractId, i.month, i.kind, i.assessors.map((a) => a.openId)]),
          ]),
        },
        at: now,
      });
    }
    return chats;
  });
}

/**
 * Posts today's scoring notices to the bound project groups, `batchSize` groups per transaction.
 * Called by `sweepScoreReminders` on working days, before the private cards. Returns the number of
 * groups this call told (another sweep may have told the rest).
 */
export async function sweepGroupReminders(
  db: Db,
  run: { now: Date; today: BusinessDate; relay: OutboxRelay; batchSize?: number },
): Promise<number> {
  const { now, today, relay } = run;
  const batchSize = run.batchSize ?? 100;
  let told = 0;
  for (let after = ''; ; ) {
    const chats = await boundChats(db, after, batchSize);
    if (chats.length === 0) break;
    after = chats[chats.length - 1]!;
    const items = await itemsOf(db, await boundContracts(db, chats, today), today);
    if (items.length > 0) told += (await sendPage(db, relay, { items, now, today })).length;
  }
  return told;
}
