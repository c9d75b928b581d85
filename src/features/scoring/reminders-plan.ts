/**
 * What the scoring reminder sweep should send today, read outside any transaction: active contracts
 * page by page, and for each month of a term whose window has opened the kind due today. The claim in
 * reminders.ts is the truth; this only keeps months already settled out of it.
 */

import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  contractAssessors,
  contracts,
  monthlyScores,
  people,
  scoreReminders,
  vendors,
} from '../../db/schema';
import type { BusinessDate } from '../../domain/calendar';
import type { ServiceCategory } from '../../domain/categories';
import type { ContractClauseValues, ReminderKind } from '../../domain/contract';
import { type Month, monthOfDate, termMonths } from '../../domain/months';
import { type Quarter, quarterMonths, quarterOf } from '../../domain/quarters';
import { isQuarterly, kindDue } from '../../domain/score-window';

export type SweepContract = {
  id: number;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  clauses: ContractClauseValues;
  leaderId: number;
  leaderOpenId: string;
  vendorName: string;
  category: ServiceCategory;
};

export type Assessor = { personId: number; openId: string; name: string; seen: boolean };

/**
 * One reminder to claim: (contract, month, person, kind) is the primary key of score_reminders. For a
 * quarterly contract `month` is the quarter's key month (reminderPeriods) and `months` its months.
 */
export type Candidate = {
  contractId: number;
  month: Month;
  personId: number;
  kind: ReminderKind;
  months?: Month[];
};

/** The next page of active contracts that have begun by `today`, in id order. */
export function activeContracts(
  db: Db,
  today: BusinessDate,
  afterId: number,
  limit: number,
): Promise<SweepContract[]> {
  return db
    .select({
      id: contracts.id,
      signedOn: contracts.signedOn,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      clauses: contracts.clauses,
      leaderId: contracts.leaderId,
      leaderOpenId: people.openId,
      vendorName: vendors.name,
      category: contracts.category,
    })
    .from(contracts)
    .innerJoin(people, eq(people.id, contracts.leaderId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(and(eq(contracts.status, 'active'), lte(contracts.startsOn, today), gt(contracts.id, afterId)))
    .orderBy(asc(contracts.id))
    .limit(limit);
}

/** The assessors of each contract, by contract id. */
export async function assessorsOf(db: Db, ids: number[]): Promise<Map<number, Assessor[]>> {
  const byContract = new Map<number, Assessor[]>();
  if (ids.length === 0) return byContract;
  const rows = await db
    .select({
      contractId: contractAssessors.contractId,
      personId: people.id,
      openId: people.openId,
      name: people.name,
      seen: sql<boolean>`${people.seenAt} is not null`,
    })
    .from(contractAssessors)
    .innerJoin(people, eq(people.id, contractAssessors.personId))
    .where(inArray(contractAssessors.contractId, ids))
    .orderBy(contractAssessors.contractId, people.id);
  for (const r of rows) {
    const list = byContract.get(r.contractId) ?? [];
    list.push({ personId: r.personId, openId: r.openId, name: r.name, seen: r.seen });
    byContract.set(r.contractId, list);
  }
  return byContract;
}

/** `contract:month` of the months that need nothing more: scored, or already escalated. */
export async function settledMonths(db: Db, ids: number[]): Promise<Set<string>> {
  const { scored, escalated } = await scoredAndEscalated(db, ids);
  return new Set([...scored, ...escalated]);
}

/** `contract:month` of the months scored (a current row), and of those already escalated. */
export async function scoredAndEscalated(db: Db, ids: number[]) {
  const [scored, escalated] = await Promise.all([
    db
      .select({ c: monthlyScores.contractId, m: monthlyScores.month })
      .from(monthlyScores)
      .where(and(inArray(monthlyScores.contractId, ids), sql`${monthlyScores.current}`)),
    db
      .select({ c: scoreReminders.contractId, m: scoreReminders.month })
      .from(scoreReminders)
      .where(and(inArray(scoreReminders.contractId, ids), eq(scoreReminders.kind, 'escalate'))),
  ]);
  const keys = (rows: { c: number; m: string }[]) => new Set(rows.map((r) => `${r.c}:${r.m}`));
  return { scored: keys(scored), escalated: keys(escalated) };
}

/**
 * What is reminded of, up to `today`'s month: each month, or for a quarterly contract each quarter
 * once (not three times), keyed on its last month in the term (its reminders' `month`) with the
 * quarter's months in the term. The quarter's window is its third month's (score-window.ts).
 */
export type ReminderPeriod = { month: Month; months: Month[]; quarter?: Quarter };
export function reminderPeriods(
  c: Pick<SweepContract, 'startsOn' | 'endsOn' | 'clauses'>,
  today: BusinessDate,
): ReminderPeriod[] {
  const soFar = monthsSoFar(c, today);
  if (!isQuarterly(c.clauses.scoring)) return soFar.map((m) => ({ month: m, months: [m] }));
  const inTerm = new Set(
    termMonths({ startMonth: monthOfDate(c.startsOn), endMonth: monthOfDate(c.endsOn) }),
  );
  const quarters = [...new Set(soFar.map(quarterOf))];
  return quarters.map((quarter) => {
    const months = quarterMonths(quarter).filter((m) => inTerm.has(m));
    return { month: months[months.length - 1]!, months, quarter };
  });
}

/** Whether a period needs nothing more: every month scored, or its key month already escalated. */
export function periodSettled(
  contractId: number,
  p: ReminderPeriod,
  s: { scored: Set<string>; escalated: Set<string> },
): boolean {
  return (
    s.escalated.has(`${contractId}:${p.month}`) || p.months.every((m) => s.scored.has(`${contractId}:${m}`))
  );
}

/** Months of the term (a month counts if any of its days is in it) up to `today`'s month. */
export function monthsSoFar(c: Pick<SweepContract, 'startsOn' | 'endsOn'>, today: BusinessDate): Month[] {
  const last = [monthOfDate(c.endsOn), monthOfDate(today)].sort()[0]!;
  const first = monthOfDate(c.startsOn);
  return last < first ? [] : termMonths({ startMonth: first, endMonth: last });
}

/**
 * Today's candidates of a page: for each unsettled month with a kind due, that kind to each assessor
 * (an escalation day still owes the assessors their 逾期 notice) and, when it is time, the escalation
 * to the contract's responsible leader. Sorted by the primary key so concurrent claims lock rows in
 * the same order.
 */
export async function candidatesOf(
  db: Db,
  page: SweepContract[],
  assessors: Map<number, Assessor[]>,
  today: BusinessDate,
): Promise<Candidate[]> {
  const settled = await scoredAndEscalated(
    db,
    page.map((c) => c.id),
  );
  const out: Candidate[] = [];
  for (const c of page) {
    for (const period of reminderPeriods(c, today)) {
      if (periodSettled(c.id, period, settled)) continue;
      const { month, months } = period;
      const kind = kindDue(month, today, c.clauses.scoring);
      if (!kind) continue;
      const assessorKind = kind === 'escalate' ? 'overdue' : kind;
      for (const a of assessors.get(c.id) ?? [])
        out.push({ contractId: c.id, month, months, personId: a.personId, kind: assessorKind });
      if (kind === 'escalate') out.push({ contractId: c.id, month, months, personId: c.leaderId, kind });
    }
  }
  const key = (x: Candidate) => [x.contractId, x.month, x.personId, x.kind] as const;
  return out.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}
