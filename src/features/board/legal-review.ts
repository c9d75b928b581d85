/**
 * 法务审核 on the board (rule 6): drafts waiting for legal more than
 * OVERDUE_AFTER_WORKING_DAYS working days, and contracts still running (or not yet started) that
 * never had an approved legal review: the imported ones (contract.imported), recorded outside the
 * signing form. Read-only.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { auditLog, contractDrafts, contracts, people, units, vendors } from '../../db/schema';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber, termText } from '../../domain/contract-format';
import { contractStatusLabel, contractStatusOf } from '../../domain/contract-status';
import { formatYuan } from '../../domain/money';
import { legalReviewers } from '../contracts/legal-review';
import { OVERDUE_AFTER_WORKING_DAYS, overdueReviews } from '../contracts/review-chase';
import { type BoardScope, unitList } from './scope';

export async function overdueLegalReviews(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await overdueReviews(db, today, s.units === null ? null : unitList(s));
  const out: BoardLine[] = [];
  for (const d of rows) {
    const [filer] = await db
      .select({ name: people.name })
      .from(contractDrafts)
      .innerJoin(people, eq(people.id, contractDrafts.submittedBy))
      .where(eq(contractDrafts.id, d.id));
    const reviewers = await legalReviewers(db, d.unitId);
    const names = await Promise.all(
      reviewers.map(
        async (r) => (await db.select({ n: people.name }).from(people).where(eq(people.id, r.id)))[0]?.n,
      ),
    );
    const submitted = shanghaiDate(d.submittedAt);
    out.push({
      key: 'review_overdue',
      id: d.id,
      unitId: d.unitId,
      text: `${d.unit} 采购申请 #${d.requestId} 合同草案第${d.version}版:${submitted} 提交法务审核,已等待 ${d.waited} 个工作日(超过 ${OVERDUE_AFTER_WORKING_DAYS} 个工作日)`,
      detailTitle: `法务审核逾期 · 采购申请 #${d.requestId}`,
      rows: [
        `采购申请:#${d.requestId}`,
        `单位:${d.unit}`,
        `草案版本:第${d.version}版`,
        `提交人:${filer?.name ?? ''}`,
        `提交日期:${submitted}`,
        `已等待:${d.waited} 个工作日`,
        `法务:${names.filter(Boolean).join('、') || '未设置'}`,
      ],
    });
  }
  return out;
}

export async function unreviewedContracts(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await db
    .select({ c: contracts, vendor: vendors.name, unitName: units.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        sql`exists (select 1 from ${auditLog} where ${auditLog.aggregateType} = 'contract'
          and ${auditLog.aggregateId} = ${contracts.id}::text and ${auditLog.action} = 'contract.imported')`,
        sql`not exists (select 1 from ${contractDrafts} where ${contractDrafts.requestId} = ${contracts.requestId}
          and ${contractDrafts.status} = 'approved')`,
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(contracts.id));
  return rows
    .filter(({ c }) => ['running', 'not_started'].includes(contractStatusOf(c, today)))
    .map(({ c, vendor, unitName }) => {
      const no = contractNumber(c);
      return {
        key: 'unreviewed' as const,
        id: c.id,
        unitId: c.unitId,
        text: `${unitName} 合同 ${no}(${vendor}):导入登记,${contractStatusLabel(c, today)},未经法务审核`,
        detailTitle: `未经法务审核 · 合同 ${no}`,
        rows: [
          `合同编号:${no}`,
          `单位:${unitName}`,
          `供应商:${vendor}`,
          `合同金额:${formatYuan(c.amountFen)}`,
          `服务期:${termText(c)}`,
          `登记日期:${c.signedOn}(导入)`,
          '法务审核:无通过的审核记录',
        ],
      };
    });
}
