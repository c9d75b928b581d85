/**
 * Year end (rule 10): every contract whose term overlaps the calendar year is judged by that year's
 * current monthly final scores; an average below the contract's threshold bans its vendor from the
 * same project (unit and service category) in the next year. The unit leadership is told of each
 * new ban, once: the ban's unique key makes a re-run (or a second worker) record and send nothing.
 *
 * Contracts go in batches by id, one transaction per batch, with one query for the batch's contracts
 * and one for all their scores, so 50,000 contracts take about 50 short transactions.
 */

import { appendAudit } from '../../audit/append';
import { type Db, rawSql, type Tx } from '../../db/client';
import { CATEGORY_LABELS, type ServiceCategory } from '../../domain/categories';
import type { ContractClauseValues } from '../../domain/contract';
import { contractNumber } from '../../domain/contract-format';
import { formatPoints } from '../../domain/score';
import { bidBanFor, type MonthlyScore } from '../../domain/threshold';
import { OutboxWriter } from '../../outbox/write';
import { evaluatorClauses, termOf } from '../thresholds/context';

export const YEAR_END_ACTOR = 'job:year-end';

export type YearEndCounts = { year: number; contracts: number; batches: number; bans: number; told: number };

type BatchContract = {
  id: number;
  unitId: number;
  vendorId: number;
  category: ServiceCategory;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  clauses: ContractClauseValues;
  unitName: string;
  vendorName: string;
};

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

/** The contracts of one batch: id above `after`, term overlapping `year`, in id order. */
function loadBatch(sql: ReturnType<typeof rawSql>, year: number, after: number, size: number) {
  return sql<BatchContract[]>`
    select c.id::int as "id", c.unit_id::int as "unitId", c.vendor_id::int as "vendorId", c.category,
      c.starts_on as "startsOn", c.ends_on as "endsOn", c.signed_on as "signedOn", c.clauses,
      u.name as "unitName", v.name as "vendorName"
    from contracts c
    join units u on u.id = c.unit_id
    join vendors v on v.id = c.vendor_id
    where c.id > ${after} and c.starts_on <= ${`${year}-12-31`} and c.ends_on >= ${`${year}-01-01`}
    order by c.id
    limit ${size}`;
}

/** The current scores of the batch's contracts for the months of `year`, in one query. */
async function loadScores(sql: ReturnType<typeof rawSql>, ids: number[], year: number) {
  const rows = await sql<{ contractId: number; month: string; finalTenths: number }[]>`
    select contract_id::int as "contractId", month, final_tenths as "finalTenths"
    from monthly_scores
    where current and contract_id = any(${ids}::bigint[]) and month between ${`${year}-01`} and ${`${year}-12`}`;
  const byContract = new Map<number, MonthlyScore[]>();
  for (const r of rows) {
    const list = byContract.get(r.contractId) ?? [];
    list.push({ month: r.month, finalTenths: r.finalTenths });
    byContract.set(r.contractId, list);
  }
  return byContract;
}

/** Records the bans (unnest: one statement); returns the ones that were new. */
async function insertBans(sql: ReturnType<typeof rawSql>, bans: NewBan[]) {
  if (bans.length === 0) return [];
  const inserted = await sql<{ id: string; contractId: number }[]>`
    insert into vendor_bans (vendor_id, unit_id, category, year, reason, contract_id, created_by)
    select * from unnest(
      ${bans.map((b) => b.contract.vendorId)}::bigint[], ${bans.map((b) => b.contract.unitId)}::bigint[],
      ${bans.map((b) => b.contract.category)}::text[], ${bans.map((b) => b.year)}::int[],
      ${bans.map((b) => b.reason)}::text[], ${bans.map((b) => b.contract.id)}::bigint[],
      ${bans.map(() => YEAR_END_ACTOR)}::text[])
    on conflict (vendor_id, unit_id, category, year) do nothing
    returning id, contract_id::int as "contractId"`;
  const byContract = new Map(bans.map((b) => [b.contract.id, b]));
  return inserted.map((r) => ({ banId: Number(r.id), ...byContract.get(r.contractId)! }));
}

/** The live unit-scoped unit leadership of the given units, by unit. */
async function leadershipOf(sql: ReturnType<typeof rawSql>, unitIds: number[]) {
  const rows = await sql<{ unitId: number; openId: string }[]>`
    select distinct g.unit_id::int as "unitId", p.open_id as "openId"
    from role_grants g join people p on p.id = g.person_id
    where g.role = 'unit_leadership' and g.revoked_at is null and g.unit_id = any(${unitIds}::bigint[])
    order by 1, 2`;
  const byUnit = new Map<number, string[]>();
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r.openId]);
  return byUnit;
}

/** One batch in its transaction: judge, record new bans, audit and tell. */
async function runBatch(tx: Tx, year: number, after: number, size: number, now: Date) {
  const sql = rawSql(tx);
  const contracts = await loadBatch(sql, year, after, size);
  if (contracts.length === 0) return undefined;
  const scores = await loadScores(
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
  const fresh = await insertBans(sql, bans);
  const out = new OutboxWriter(tx);
  const leaders = fresh.length
    ? await leadershipOf(sql, [...new Set(fresh.map((b) => b.contract.unitId))])
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
  return { last: contracts.at(-1)!.id, contracts: contracts.length, bans: fresh.length, told, ids: out.ids };
}

/**
 * Judges every contract overlapping `year` and records the bans for `year + 1`. Each batch commits
 * on its own and its messages are handed to the relay right after; a crash mid-way is finished by
 * running again (done batches insert nothing new and send nothing).
 */
export async function runYearEnd(
  db: Db,
  year: number,
  deps: { enqueueOutbox(ids: string[]): Promise<void> },
  opts: { batchSize?: number; now?: Date } = {},
): Promise<YearEndCounts> {
  if (!Number.isInteger(year) || year < 2000 || year > 9998)
    throw new RangeError(`year-end: bad year ${year}`);
  const size = opts.batchSize ?? 1000;
  const counts: YearEndCounts = { year, contracts: 0, batches: 0, bans: 0, told: 0 };
  let after = 0;
  for (;;) {
    const r = await db.transaction((tx) => runBatch(tx, year, after, size, opts.now ?? new Date()));
    if (!r) break;
    await deps.enqueueOutbox(r.ids);
    counts.contracts += r.contracts;
    counts.batches++;
    counts.bans += r.bans;
    counts.told += r.told;
    after = r.last;
  }
  return counts;
}
