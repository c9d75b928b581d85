/**
 * Signal 6, 逾期未办: monthly scores past their deadline with no score, decided as the score reminders
 * decide it (a month whose reminder kind due today is 逾期 or beyond: score-window.ts, through the
 * sweep's own `monthsSoFar`), and rectification items past their deadline and not closed (an item
 * due today is not overdue yet).
 */
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, monthlyScores, people, rectificationItems, units, vendors } from '../../db/schema';
import { workingDaysBetween } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { atOrBeyond, dueDate, kindDue, monthLabel } from '../../domain/score-window';
import { monthsSoFar } from '../scoring/reminders-plan';
import { type BoardScope, unitList } from './scope';

export async function overdueScores(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const list = await db
    .select({ c: contracts, vendor: vendors.name, unitName: units.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        eq(contracts.status, 'active'),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(contracts.id));
  if (list.length === 0) return [];
  const scored = await db
    .select({ c: monthlyScores.contractId, m: monthlyScores.month })
    .from(monthlyScores)
    .where(
      and(
        eq(monthlyScores.current, true),
        inArray(
          monthlyScores.contractId,
          list.map((r) => r.c.id),
        ),
      ),
    );
  const done = new Set(scored.map((r) => `${r.c}:${r.m}`));
  const lines: BoardLine[] = [];
  for (const { c, vendor, unitName } of list) {
    if (c.startsOn > today) continue;
    const months = monthsSoFar(c, today).filter((m) => {
      if (done.has(`${c.id}:${m}`)) return false;
      const kind = kindDue(m, today, c.clauses.scoring);
      return kind !== null && atOrBeyond(kind, 'overdue');
    });
    if (months.length === 0) continue;
    const no = contractNumber(c);
    lines.push({
      key: 'overdue_score',
      id: c.id,
      unitId: c.unitId,
      text: `${unitName} 合同 ${no}(${vendor}):${months.map(monthLabel).join('、')} 考核逾期未评分`,
      detailTitle: `逾期未评分 · 合同 ${no}`,
      rows: months.map((m) => `${monthLabel(m)}:应于 ${dueDate(m, c.clauses.scoring)} 前评分,尚无成绩`),
    });
  }
  return lines;
}

export async function overdueRectifications(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await db
    .select({ i: rectificationItems, contract: contracts, owner: people.name, unitName: units.name })
    .from(rectificationItems)
    .innerJoin(contracts, eq(contracts.id, rectificationItems.contractId))
    .innerJoin(people, eq(people.id, rectificationItems.ownerId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        ne(rectificationItems.status, 'closed'),
        lt(rectificationItems.dueOn, today),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(rectificationItems.dueOn), asc(rectificationItems.id));
  return rows.map(({ i, contract, owner, unitName }) => {
    const no = contractNumber(contract);
    const status = i.status === 'submitted' ? '已提交待确认' : '整改中';
    return {
      key: 'overdue_rect' as const,
      id: i.id,
      unitId: contract.unitId,
      // A problem raised from the daily line (问题整改) says so: it has no inspection behind it.
      text: `${unitName} 合同 ${no} ${i.source === 'daily' ? `日常考核问题(${i.month})` : ''}整改「${i.finding}」:应于 ${i.dueOn} 前完成,已逾期 ${workingDaysBetween(i.dueOn, today)} 个工作日`,
      detailTitle: `逾期整改 · 合同 ${no}`,
      rows: [
        `问题:${i.finding}`,
        ...(i.source === 'daily' ? [`来源:${i.month} 日常考核`] : []),
        `责任人:${owner}`,
        `期限:${i.dueOn}`,
        `状态:${status}`,
        `重新整改次数:${i.reopened}`,
      ],
    };
  });
}
