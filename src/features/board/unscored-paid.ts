/**
 * 日期异常 · 无评分已付: one line per confirmed (paid) settlement period with a month of the contract's
 * term that had no score when it was confirmed: no score row at all, or a first score entered on a
 * later day (the reading of domain/date-anomalies.ts, shared with the settlement audit). Listed by the
 * day the period was confirmed, within the date-anomaly window.
 */
import { and, asc, eq, gte, inArray, min } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, monthlyScores, settlements, units, vendors } from '../../db/schema';
import { dateAnomalyWindowStart } from '../../domain/board-rules';
import { shanghaiDate, shanghaiMidnight } from '../../domain/business-date';
import { contractNumber } from '../../domain/contract-format';
import { unscoredAtPayment } from '../../domain/date-anomalies';
import { monthOfDate } from '../../domain/months';
import { monthLabel } from '../../domain/score-window';
import { type BoardScope, unitList } from './scope';

export async function unscoredPaidPeriods(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const paid = await db
    .select({ st: settlements, c: contracts, vendor: vendors.name, unitName: units.name })
    .from(settlements)
    .innerJoin(contracts, eq(contracts.id, settlements.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        gte(settlements.createdAt, shanghaiMidnight(dateAnomalyWindowStart(today))),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(settlements.createdAt), asc(settlements.id));
  if (paid.length === 0) return [];
  // Each month's first score: the earliest row of the month, current or superseded.
  const first = await db
    .select({ c: monthlyScores.contractId, m: monthlyScores.month, at: min(monthlyScores.enteredAt) })
    .from(monthlyScores)
    .where(inArray(monthlyScores.contractId, [...new Set(paid.map((p) => p.c.id))]))
    .groupBy(monthlyScores.contractId, monthlyScores.month);
  const firstOn = new Map<number, Map<string, string>>();
  for (const f of first) {
    if (!f.at) continue;
    const byMonth = firstOn.get(f.c) ?? new Map<string, string>();
    byMonth.set(f.m, shanghaiDate(new Date(f.at)));
    firstOn.set(f.c, byMonth);
  }
  const lines: BoardLine[] = [];
  for (const { st, c, vendor, unitName } of paid) {
    const [from, to] = [monthOfDate(c.startsOn), monthOfDate(c.endsOn)];
    const paidOn = shanghaiDate(st.createdAt);
    const inTerm = st.months.filter((m) => m >= from && m <= to);
    const missing = unscoredAtPayment(inTerm, paidOn, firstOn.get(c.id) ?? new Map());
    if (missing.length === 0) continue;
    const no = contractNumber(c);
    lines.push({
      key: 'unscored_paid',
      id: st.id,
      unitId: c.unitId,
      text:
        `${unitName} 合同 ${no}(${vendor})「${st.periodLabel}」${paidOn} 确认结算,` +
        `${missing.map((u) => monthLabel(u.month)).join('、')} 当时尚无评分`,
      detailTitle: `无评分已付 · 合同 ${no}`,
      rows: missing.map(
        (u) =>
          `${monthLabel(u.month)}:${u.scoredOn ? `确认结算时尚无评分,${u.scoredOn} 才录入` : '至今无评分'}`,
      ),
    });
  }
  return lines;
}
