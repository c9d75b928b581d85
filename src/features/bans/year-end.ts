/**
 * Year end (rule 10): every contract whose term overlaps the calendar year is judged by that year's
 * current monthly final scores; an average below the contract's threshold bans its vendor from the
 * same project (unit and service category) in the next year. The unit leadership is told of each
 * new ban, once: the ban's unique key makes a re-run (or a second worker) record and send nothing.
 *
 * Contracts go in batches by id, one transaction per batch, with one query for the batch's contracts
 * and one for all their scores, so 50,000 contracts take about 50 short transactions.
 *
 * A run records 'year_end.started' before its first batch and 'year_end.finished' after its last.
 * judgeEndedYears runs the year end for every ended year with no finished run: the scheduled job
 * calls it daily, so a year whose 1 January run never happened (the bot was down, deployed later,
 * the run died mid-way) is judged the next day, for every contract, not only those scored again.
 */

import { appendAudit } from '../../audit/append';
import { type Db, rawSql, type Tx } from '../../db/client';
import {
  type BatchContract,
  batchContractsOn,
  insertBansOn,
  unitLeadershipOn,
  unjudgedYearsOn,
  yearScoresOn,
} from '../../db/sql/bans';
import { shanghaiDate } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber } from '../../domain/contract-format';
import { formatPoints } from '../../domain/score';
import { bidBanFor } from '../../domain/threshold';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import type { OutboxWriter } from '../../outbox/write';
import { evaluatorClauses, termOf } from '../thresholds/context';

export const YEAR_END_ACTOR = 'job:year-end';
/** The audit chain of the year-end runs, one per judged year: the record that a year was judged. */
export const YEAR_END_CHAIN = 'year_end';

export type YearEndCounts = { year: number; contracts: number; batches: number; bans: number; told: number };

type NewBan = { contract: BatchContract; year: number; reason: string };

/** `合同HT-2026-0001 2026年度考核平均分84.9分,低于85分,2027年度不得参与该项目投标`. */
export function banReason(
  c: { id: number; signedOn: string },
  year: number,
  display: string,
  belowTenths: number,
) {
  return `合同${contractNumber(c)} ${year}年度考核平均分${display}分,低于${formatPoints(belowTenths)}分,${year + 1}年度不得参与该项目投标`;
}

/** One batch in its transaction: judge, record new bans, audit and tell. */
async function runBatch(tx: Tx, out: OutboxWriter, year: number, after: number, size: number, now: Date) {
  const sql = rawSql(tx);
  const contracts = await batchContractsOn(sql, year, after, size);
  if (contracts.length === 0) return undefined;
  const scores = await yearScoresOn(
    sql,
    contracts.map((c) => c.id),
    year,
  );
  const bans: NewBan[] = [];
  for (const c of contracts) {
    const clauses = evaluatorClauses(c.clauses);
    const ban = bidBanFor(clauses, termOf(c), scores.get(c.id) ?? [], year);
    if (ban)
      bans.push({
        contract: c,
        year: ban.year,
        reason: banReason(c, year, ban.display, clauses.bidBan.annualAverageBelowTenths),
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
        data: {
          ban: b.banId,
          vendor: c.vendorId,
          unit: c.unitId,
          category: c.category,
          year: b.year,
          reason: b.reason,
          recipients,
        },
        at: now,
      }),
    );
    const text =
      `【禁投通知】${c.vendorName}(${c.unitName}${CATEGORY_LABELS[c.category]}项目):${b.reason}。` +
      '采购登记时系统将拒绝该供应商。';
    for (const openId of recipients) writes.push(out.send({ type: 'open_id', id: openId }, { text }));
    told += recipients.length;
  }
  // Distinct contracts' audit chains and the outbox rows are independent: pipelined together.
  await Promise.all(writes);
  return { last: contracts.at(-1)!.id, contracts: contracts.length, bans: fresh.length, told };
}

/**
 * Judges every contract overlapping `year` and records the bans for `year + 1`. Each batch commits
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
  const counts: YearEndCounts = { year, contracts: 0, batches: 0, bans: 0, told: 0 };
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
    const r = await inOutboxTransaction(db, deps, (tx, out) => runBatch(tx, out, year, after, size, now));
    if (!r) break;
    counts.contracts += r.contracts;
    counts.batches++;
    counts.bans += r.bans;
    counts.told += r.told;
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
  const years = await unjudgedYearsOn(rawSql(db), Number(shanghaiDate(now).slice(0, 4)));
  const runs: YearEndCounts[] = [];
  for (const year of years) runs.push(await runYearEnd(db, year, deps, { ...opts, now }));
  return runs;
}
