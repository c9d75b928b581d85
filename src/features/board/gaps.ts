/**
 * Signal 3, 抽查差异: spot-check samples whose checker-vs-assessor gap is larger than the policy
 * tolerance. Whether it is larger was decided when the checker scored (spot-checks/record.ts stores
 * `exceeds_tolerance`); the board reads that flag and never re-derives it. Samples of the scoring
 * months of the same window as 评分扎堆.
 */
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, spotCheckSamples, units, vendors } from '../../db/schema';
import { CLUSTER_WINDOW_MONTHS } from '../../domain/board-rules';
import { contractNumber } from '../../domain/contract-format';
import { addMonths, monthOfDate } from '../../domain/months';
import { formatTenths } from '../../domain/ratio';
import { type BoardScope, unitList } from './scope';

export async function spotCheckGaps(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const from = addMonths(monthOfDate(today), -(CLUSTER_WINDOW_MONTHS - 1));
  const rows = await db
    .select({ x: spotCheckSamples, contract: contracts, vendor: vendors.name, unitName: units.name })
    .from(spotCheckSamples)
    .innerJoin(contracts, eq(contracts.id, spotCheckSamples.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        eq(spotCheckSamples.exceedsTolerance, true),
        gte(spotCheckSamples.month, from),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(spotCheckSamples.scoreId), asc(spotCheckSamples.spotCheckId));
  const byScore = new Map<number, typeof rows>();
  for (const r of rows) byScore.set(r.x.scoreId, [...(byScore.get(r.x.scoreId) ?? []), r]);
  return [...byScore].map(([scoreId, samples]) => {
    const { contract, vendor, unitName, x } = samples[0]!;
    const no = contractNumber(contract);
    const widest = Math.max(...samples.map((r) => r.x.gapTenths ?? 0));
    return {
      key: 'gap' as const,
      id: scoreId,
      unitId: contract.unitId,
      text: `${unitName} 合同 ${no}(${vendor})${x.month}:抽查评分与考核人相差 ${formatTenths(widest)} 分,超出容差`,
      detailTitle: `抽查差异 · 合同 ${no} ${x.month}`,
      rows: samples.map(
        (r) =>
          `抽查 #${r.x.spotCheckId}:考核人 ${formatTenths(r.x.assessorFinalTenths)} 分,抽查 ${
            r.x.checkerFinalTenths === null ? '—' : formatTenths(r.x.checkerFinalTenths)
          } 分,差 ${formatTenths(r.x.gapTenths ?? 0)} 分${r.x.notes ? `;说明:${r.x.notes}` : ''}`,
      ),
    };
  });
}
