/**
 * Signal 5, 单一来源占比: per unit, this business year (award dates), the share of the awarded amount
 * procured by single source (单一来源), in integer fen; a unit above SINGLE_SOURCE_SHARE_BP is flagged.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { procurements, purchaseRequests, units, vendors } from '../../db/schema';
import { formatShare, SINGLE_SOURCE_SHARE_BP, shareAbove } from '../../domain/board-rules';
import { formatYuan } from '../../domain/money';
import { type BoardScope, unitList } from './scope';

export async function singleSourceShares(db: DbOrTx, s: BoardScope, year: number): Promise<BoardLine[]> {
  const rows = await db
    .select({ p: procurements, unitId: purchaseRequests.unitId, unitName: units.name, vendor: vendors.name })
    .from(procurements)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, procurements.requestId))
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .innerJoin(vendors, eq(vendors.id, procurements.vendorId))
    .where(
      and(
        sql`${procurements.awardDate} like ${`${year}-%`}`,
        s.units === null ? undefined : inArray(purchaseRequests.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(purchaseRequests.unitId), asc(procurements.awardDate), asc(procurements.id));
  const byUnit = new Map<number, typeof rows>();
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const lines: BoardLine[] = [];
  for (const [unitId, list] of byUnit) {
    const total = list.reduce((sum, r) => sum + r.p.awardedFen, 0n);
    const single = list.filter((r) => r.p.method === 'single_source');
    const part = single.reduce((sum, r) => sum + r.p.awardedFen, 0n);
    if (!shareAbove(part, total)) continue;
    const name = list[0]!.unitName;
    lines.push({
      key: 'single_source',
      id: unitId,
      unitId,
      text: `${name}:${year} 年单一来源成交 ${formatYuan(part)},占成交总额 ${formatYuan(total)} 的 ${formatShare(part, total)}(超过 ${SINGLE_SOURCE_SHARE_BP / 100}%)`,
      detailTitle: `单一来源明细 · ${name}`,
      rows: single.map(
        (r) =>
          `${r.p.awardDate} ${r.p.referenceNo} ${r.vendor}:${formatYuan(r.p.awardedFen)};理由:${r.p.singleSourceReason ?? '—'}`,
      ),
    });
  }
  return lines;
}
