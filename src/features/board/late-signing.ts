/**
 * 日期异常 · 补签: contracts recorded after their term started (DOMAIN.md "The order of dates"), one
 * line each, with the reason given (old rows have none) and whether the term had already ended when
 * it was recorded. Listed by the day they were recorded, within the date-anomaly window.
 */
import { and, asc, eq, gt, gte, inArray } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, people, units, vendors } from '../../db/schema';
import { dateAnomalyWindowStart } from '../../domain/board-rules';
import { dayNumber } from '../../domain/business-date';
import { contractNumber, termText } from '../../domain/contract-format';
import { signedAfterEnd } from '../../domain/date-anomalies';
import { formatYuan } from '../../domain/money';
import { type BoardScope, unitList } from './scope';

export const NO_REASON = '未填写原因';

export async function lateSignings(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await db
    .select({ c: contracts, vendor: vendors.name, unitName: units.name, signer: people.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .innerJoin(people, eq(people.id, contracts.signedBy))
    .where(
      and(
        // The same rule as isLateSigning: recorded on a later day than the term's start.
        gt(contracts.signedOn, contracts.startsOn),
        gte(contracts.signedOn, dateAnomalyWindowStart(today)),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(contracts.signedOn), asc(contracts.id));
  return rows.map(({ c, vendor, unitName, signer }) => {
    const no = contractNumber(c);
    const ended = signedAfterEnd(c);
    const reason = c.lateSigningReason?.trim() || NO_REASON;
    const late = dayNumber(c.signedOn) - dayNumber(c.startsOn);
    return {
      key: 'late_signing' as const,
      id: c.id,
      unitId: c.unitId,
      text:
        `${unitName} 合同 ${no}(${vendor}):服务期 ${termText(c)},${c.signedOn} 才登记` +
        `${ended ? ',登记时服务期已结束' : ''};原因:${reason}`,
      detailTitle: `补签 · 合同 ${no}`,
      rows: [
        `合同编号:${no}`,
        `单位:${unitName}`,
        `供应商:${vendor}`,
        `合同金额:${formatYuan(c.amountFen)}`,
        `服务期:${termText(c)}`,
        `登记日期:${c.signedOn}(晚于服务期开始 ${late} 天)`,
        `登记人:${signer}`,
        `补签原因:${reason}`,
        `登记时服务期:${ended ? '已结束' : '未结束'}`,
      ],
    };
  });
}
