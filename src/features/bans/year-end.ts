/**
 * Year end (rule 10): every project (a vendor's contracts of a unit's service category) with a
 * contract whose term overlaps the calendar year is judged by that year's current monthly final
 * scores of all those contracts (domain/project-year.ts: the mean of every contract-month); an
 * average below the bar bans the vendor from the project in the next year. The unit leadership is
 * told of each new ban, once: the ban's unique key makes a re-run (or a second worker) record and
 * send nothing. A procurement already recorded with the vendor for the project in the banned year is
 * flagged to discipline inspection, once (the same flag a re-judgement raises: project.ts).
 *
 * Projects go in batches by their first contract's id, one transaction per batch, with one query for
 * the batch's projects, one for their contracts and one for all their scores, so 50,000 contracts
 * take about 50 short transactions.
 *
 * A run records 'year_end.started' before its first batch and 'year_end.finished' after its last.
 * judgeEndedYears runs the year end for every ended year with no finished run: the scheduled job
 * calls it daily, so a year whose 1 January run never happened (the bot was down, deployed later,
 * the run died mid-way) is judged the next day, for every contract, not only those scored again.
 */

import { appendAudit } from '../../audit/append';
import { type Db, rawSql } from '../../db/client';
import {
  type BatchContract,
  batchContractsOn,
  insertBansOn,
  projectContractsOn,
  projectKey,
  unitLeadershipOn,
  unjudgedYearsOn,
  yearScoresOn,
} from '../../db/sql/bans';
import { shanghaiYear } from '../../domain/business-date';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import type { UseCase } from '../use-case';
import { banAuditData, banReason, flagBannedPurchases, judgeProject, projectName } from './project';

export const YEAR_END_ACTOR = 'job:year-end';
/** The audit chain of the year-end runs, one per judged year: the record that a year was judged. */
export const YEAR_END_CHAIN = 'year_end';

export type YearEndCounts = {
  year: number;
  contracts: number;
  batches: number;
  bans: number;
  told: number;
  /** Procurements already recorded with a vendor banned now, flagged to discipline inspection. */
  flagged: number;
};

type NewBan = { contract: BatchContract; year: number; reason: string; judged: number[] };

/**
 * One batch of projects in its transaction: judge, record new bans, audit, tell and flag. The batch
 * is the `size` projects of `year` whose first contract's id comes after `after`.
 */
async function runBatch(
  uc: Pick<UseCase, 'tx' | 'out' | 'now'>,
  batch: { year: number; after: number; size: number },
) {
  const { tx, out, now } = uc;
  const { year, after, size } = batch;
  const sql = rawSql(tx);
  const firsts = await batchContractsOn(sql, year, after, size);
  if (firsts.length === 0) return undefined;
  const contracts = await projectContractsOn(
    sql,
    firsts.map((c) => c.id),
    year,
  );
  const scores = await yearScoresOn(
    sql,
    contracts.map((c) => c.id),
    year,
  );
  const byProject = new Map<string, BatchContract[]>();
  for (const c of contracts) byProject.set(projectKey(c), [...(byProject.get(projectKey(c)) ?? []), c]);
  const bans: NewBan[] = [];
  for (const members of byProject.values()) {
    const p = judgeProject(members, scores, year);
    if (p.ban)
      bans.push({
        contract: p.barContract,
        year: p.ban.year,
        reason: banReason(p, year),
        judged: members.map((c) => c.id),
      });
  }
  const fresh = await insertBansOn(sql, bans, YEAR_END_ACTOR);
  const leaders = fresh.length
    ? await unitLeadershipOn(sql, [...new Set(fresh.map((b) => b.contract.unitId))])
    : new Map();
  const writes: Promise<unknown>[] = [];
  let told = 0;
  for (const b of fresh) {
    const c = b.contract;
    const recipients: string[] = leaders.get(c.unitId) ?? [];
    writes.push(
      appendAudit(tx, {
        aggregateType: 'contract',
        aggregateId: c.id,
        actor: YEAR_END_ACTOR,
        action: 'vendor.banned',
        data: banAuditData(c, { ...b, recipients }),
        at: now,
      }),
    );
    const text = `【禁投通知】${projectName(c)}:${b.reason}。采购登记时系统将拒绝该供应商。`;
    for (const openId of recipients) writes.push(out.send({ type: 'open_id', id: openId }, { text }));
    told += recipients.length;
  }
  // Distinct contracts' audit chains and the outbox rows are independent: pipelined together.
  await Promise.all(writes);
  // Rule 10: a procurement already recorded with a vendor banned now goes to discipline inspection.
  let flagged = 0;
  for (const b of fresh)
    flagged += (
      await flagBannedPurchases(
        tx,
        { out, now, actor: YEAR_END_ACTOR },
        { id: b.banId, year: b.year, reason: b.reason, contract: b.contract, judged: b.judged },
      )
    ).length;
  return { last: firsts.at(-1)!.id, contracts: contracts.length, bans: fresh.length, told, flagged };
}

/**
 * Judges every project with a contract overlapping `year` and records the bans for `year + 1`. Each batch commits
 * on its own and its messages are handed to the relay right after; a crash mid-way is finished by
 * running again (done batches insert nothing new and send nothing).
 */
export async function runYearEnd(
  db: Db,
  year: number,
  deps: OutboxRelay,
  opts: { batchSize?: number; now?: Date } = {},
): Promise<YearEndCounts> {
  if (!Number.isInteger(year) || year < 2000 || year > 9998)
    throw new RangeError(`year-end: bad year ${year}`);
  const size = opts.batchSize ?? 1000;
  const counts: YearEndCounts = { year, contracts: 0, batches: 0, bans: 0, told: 0, flagged: 0 };
  // Recorded before the first batch reads any score: from here on a score of the year re-judges it
  // (rejudge.ts), so a score arriving during the run is judged either here or there.
  await inOutboxTransaction(db, deps, (tx) =>
    appendAudit(tx, {
      aggregateType: YEAR_END_CHAIN,
      aggregateId: year,
      actor: YEAR_END_ACTOR,
      action: 'year_end.started',
      data: { year },
      at: opts.now ?? new Date(),
    }),
  );
  let after = 0;
  for (;;) {
    const now = opts.now ?? new Date();
    const r = await inOutboxTransaction(db, deps, (tx, out) =>
      runBatch({ tx, out, now }, { year, after, size }),
    );
    if (!r) break;
    counts.contracts += r.contracts;
    counts.batches++;
    counts.bans += r.bans;
    counts.told += r.told;
    counts.flagged += r.flagged;
    after = r.last;
  }
  await inOutboxTransaction(db, deps, (tx) =>
    appendAudit(tx, {
      aggregateType: YEAR_END_CHAIN,
      aggregateId: year,
      actor: YEAR_END_ACTOR,
      action: 'year_end.finished',
      data: { year, contracts: counts.contracts, bans: counts.bans },
      at: opts.now ?? new Date(),
    }),
  );
  return counts;
}

/**
 * Judges every year before `now`'s business year that no run has finished, oldest first (see the
 * file comment). On 1 January that is the year just ended; on other days usually nothing, in one query.
 */
export async function judgeEndedYears(
  db: Db,
  deps: OutboxRelay,
  opts: { batchSize?: number; now?: Date } = {},
): Promise<YearEndCounts[]> {
  const now = opts.now ?? new Date();
  const years = await unjudgedYearsOn(rawSql(db), shanghaiYear(now));
  const runs: YearEndCounts[] = [];
  for (const year of years) runs.push(await runYearEnd(db, year, deps, { ...opts, now }));
  return runs;
}
