/**
 * Signal 1, 临近或已达阈值: an early warning (rule 9) that was sent and still holds, a termination right
 * (rule 8) put to the leader and not yet decided, a bidding ban (rule 10) in force.
 */
import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import {
  banFlags,
  contracts,
  procurements,
  terminationCases,
  thresholdNotices,
  units,
  vendorBans,
  vendors,
} from '../../db/schema';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber } from '../../domain/contract-format';
import { formatYuan } from '../../domain/money';
import { formatTenths } from '../../domain/ratio';
import { evaluateContract, type MonthlyScore, type Warning } from '../../domain/threshold';
import { currentScores, loadFacts } from '../contracts/facts';
import { type BoardScope, unitList } from './scope';

const unitFilter = (s: BoardScope) => (s.units === null ? undefined : inArray(contracts.unitId, unitList(s)));
const scoreRows = (scores: MonthlyScore[]) =>
  scores.map((x) => `${x.month}:${formatTenths(x.finalTenths)} 分`);

function warningText(w: Warning, belowTenths: number): string {
  const line = formatTenths(belowTenths);
  if (w.kind === 'consecutive')
    return `已连续 ${w.months.length} 个月低于 ${line} 分(${w.months.join('、')})`;
  if (w.kind === 'cumulative') return `累计 ${w.months.length} 个月低于 ${line} 分(${w.months.join('、')})`;
  return `${w.standing.year} 年平均分已无法达到禁投线`;
}

/** Active contracts whose sent warnings the evaluator, run again today, still gives. */
export async function openWarnings(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await db
    .select({ id: contracts.id, key: thresholdNotices.key, unitName: units.name })
    .from(thresholdNotices)
    .innerJoin(contracts, eq(contracts.id, thresholdNotices.contractId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(and(eq(contracts.status, 'active'), unitFilter(s)))
    .orderBy(asc(contracts.id));
  const sent = new Map<number, { keys: Set<string>; unitName: string }>();
  for (const r of rows) {
    const e = sent.get(r.id) ?? { keys: new Set<string>(), unitName: r.unitName };
    e.keys.add(r.key);
    sent.set(r.id, e);
  }
  const lines: BoardLine[] = [];
  for (const [id, e] of sent) {
    const [facts, scores] = await Promise.all([loadFacts(db, id), currentScores(db, id)]);
    if (!facts) continue;
    const evaluation = evaluateContract({ clauses: facts.clauses, term: facts.term, scores, asOf: today });
    const open = evaluation.warnings.filter((w) => e.keys.has(w.key));
    if (open.length === 0) continue;
    const below = facts.clauses.termination.belowTenths;
    const no = contractNumber(facts.contract);
    lines.push({
      key: 'warning',
      id,
      unitId: facts.contract.unitId,
      text: `${e.unitName} 合同 ${no}(${facts.vendorName}):${open.map((w) => warningText(w, below)).join(';')}`,
      detailTitle: `预警明细 · 合同 ${no}`,
      rows: scoreRows(scores),
    });
  }
  return lines;
}

/** Termination rights put to the responsible leader and not decided yet. */
export async function pendingTerminations(db: DbOrTx, s: BoardScope): Promise<BoardLine[]> {
  const rows = await db
    .select({ c: terminationCases, contract: contracts, vendor: vendors.name, unitName: units.name })
    .from(terminationCases)
    .innerJoin(contracts, eq(contracts.id, terminationCases.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(and(eq(terminationCases.status, 'pending'), unitFilter(s)))
    .orderBy(asc(terminationCases.id));
  const lines: BoardLine[] = [];
  for (const r of rows) {
    const no = contractNumber(r.contract);
    const rule = r.c.rule === 'consecutive' ? '连续' : '累计';
    lines.push({
      key: 'termination',
      id: r.c.id,
      unitId: r.contract.unitId,
      text: `${r.unitName} 合同 ${no}(${r.vendor}):已达清退条件(${rule} ${r.c.months.join('、')}),待分管领导决策`,
      detailTitle: `清退待决策 · 合同 ${no}`,
      rows: scoreRows(await currentScores(db, r.contract.id)),
    });
  }
  return lines;
}

/** Bans not lifted for this year or later, with the procurements flagged against them. */
export async function bansInForce(db: DbOrTx, s: BoardScope, year: number): Promise<BoardLine[]> {
  const rows = await db
    .select({ ban: vendorBans, vendor: vendors.name, unitName: units.name })
    .from(vendorBans)
    .innerJoin(vendors, eq(vendors.id, vendorBans.vendorId))
    .innerJoin(units, eq(units.id, vendorBans.unitId))
    .where(
      and(
        isNull(vendorBans.liftedAt),
        gte(vendorBans.year, year),
        s.units === null ? undefined : inArray(vendorBans.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(vendorBans.id));
  if (rows.length === 0) return [];
  const flags = await db
    .select({ banId: banFlags.banId, p: procurements })
    .from(banFlags)
    .innerJoin(procurements, sql`${procurements.id} = ${banFlags.procurementId}`)
    .where(
      inArray(
        banFlags.banId,
        rows.map((r) => r.ban.id),
      ),
    )
    .orderBy(asc(procurements.id));
  return rows.map((r) => ({
    key: 'ban' as const,
    id: r.ban.id,
    unitId: r.ban.unitId,
    text: `${r.vendor} 不得参与 ${r.unitName}${CATEGORY_LABELS[r.ban.category]}项目 ${r.ban.year} 年投标`,
    detailTitle: `禁投在执行 · ${r.vendor}`,
    rows: [
      `原因:${r.ban.reason}`,
      ...flags
        .filter((f) => f.banId === r.ban.id)
        .map(
          (f) => `已登记采购 ${f.p.referenceNo}(${f.p.awardDate},${formatYuan(f.p.awardedFen)})涉及该供应商`,
        ),
    ],
  }));
}
