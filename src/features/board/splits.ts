/**
 * Signal 4, 拆分采购预警: the split-purchase warnings (化整为零) that purchase/split-warning.ts raised, this
 * business year and the last (its rule decides; the board only reads what it recorded). One line per
 * unit; the rows behind it are the non-open procurements of each warned category and year.
 */
import { and, asc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { procurements, purchaseRequests, splitWarnings, units, vendors } from '../../db/schema';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatYuan } from '../../domain/money';
import { type BoardScope, unitList } from './scope';

export async function splitPurchases(db: DbOrTx, s: BoardScope, year: number): Promise<BoardLine[]> {
  const warnings = await db
    .select({ w: splitWarnings, unitName: units.name })
    .from(splitWarnings)
    .innerJoin(units, eq(units.id, splitWarnings.unitId))
    .where(
      and(
        gte(splitWarnings.year, year - 1),
        s.units === null ? undefined : inArray(splitWarnings.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(splitWarnings.unitId), asc(splitWarnings.year), asc(splitWarnings.category));
  const byUnit = new Map<number, typeof warnings>();
  for (const r of warnings) byUnit.set(r.w.unitId, [...(byUnit.get(r.w.unitId) ?? []), r]);
  const lines: BoardLine[] = [];
  for (const [unitId, list] of byUnit) {
    const rows: string[] = [];
    for (const { w } of list) {
      rows.push(`${w.year} 年${CATEGORY_LABELS[w.category]}:非公开方式采购合计 ${formatYuan(w.totalFen)}`);
      const items = await db
        .select({ p: procurements, vendor: vendors.name })
        .from(procurements)
        .innerJoin(purchaseRequests, eq(purchaseRequests.id, procurements.requestId))
        .innerJoin(vendors, eq(vendors.id, procurements.vendorId))
        .where(
          and(
            eq(purchaseRequests.unitId, unitId),
            eq(purchaseRequests.category, w.category),
            ne(procurements.method, 'open_tender'),
            sql`${procurements.awardDate} like ${`${w.year}-%`}`,
          ),
        )
        .orderBy(asc(procurements.awardDate), asc(procurements.id));
      for (const i of items)
        rows.push(`  ${i.p.awardDate} ${i.p.referenceNo} ${i.vendor}:${formatYuan(i.p.awardedFen)}`);
    }
    const what = list.map(({ w }) => `${w.year} 年${CATEGORY_LABELS[w.category]}`).join('、');
    lines.push({
      key: 'split',
      id: unitId,
      unitId,
      text: `${list[0]!.unitName}:${what} 非公开方式小额采购累计达到公开招标限额`,
      detailTitle: `拆分采购预警 · ${list[0]!.unitName}`,
      rows,
    });
  }
  return lines;
}
