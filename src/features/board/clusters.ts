/**
 * Signal 2, 评分扎堆: assessors whose final scores of the last business months sit just above 80 or 85
 * (board-rules.ts). The assessor's own stored value (exact tenths, never floats), as entered: a
 * checker's score standing in for it says nothing about how the assessor scores.
 */
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, monthlyScores, people } from '../../db/schema';
import { CLUSTER_WINDOW_MONTHS, inClusterBand, isClustered } from '../../domain/board-rules';
import { contractNumber } from '../../domain/contract-format';
import { addMonths, monthOfDate } from '../../domain/months';
import { formatTenths } from '../../domain/ratio';
import { type BoardScope, unitList } from './scope';

export async function scoreClusters(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const to = monthOfDate(today);
  const from = addMonths(to, -(CLUSTER_WINDOW_MONTHS - 1));
  const rows = await db
    .select({
      personId: people.id,
      name: people.name,
      month: monthlyScores.month,
      tenths: monthlyScores.finalTenths,
      contract: { id: contracts.id, signedOn: contracts.signedOn, unitId: contracts.unitId },
    })
    .from(monthlyScores)
    .innerJoin(contracts, eq(contracts.id, monthlyScores.contractId))
    .innerJoin(people, eq(people.id, monthlyScores.enteredBy))
    .where(
      and(
        eq(monthlyScores.current, true),
        gte(monthlyScores.month, from),
        lte(monthlyScores.month, to),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(people.id), asc(monthlyScores.month), asc(contracts.id));
  const byPerson = new Map<number, typeof rows>();
  for (const r of rows) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const lines: BoardLine[] = [];
  for (const [personId, scores] of byPerson) {
    const clustered = scores.filter((x) => inClusterBand(x.tenths)).length;
    if (!isClustered(scores.length, clustered)) continue;
    const name = scores[0]!.name;
    lines.push({
      key: 'cluster',
      id: personId,
      // The unit of the assessor's first score in scope: a person's scores may span units.
      unitId: scores[0]!.contract.unitId,
      text: `考核人 ${name}:近 ${CLUSTER_WINDOW_MONTHS} 个月 ${scores.length} 次评分中 ${clustered} 次落在 80.0–80.9 或 85.0–85.9`,
      detailTitle: `评分明细 · ${name}`,
      rows: scores.map(
        (x) =>
          `合同 ${contractNumber(x.contract)} ${x.month}:${formatTenths(x.tenths)} 分${inClusterBand(x.tenths) ? '(临界)' : ''}`,
      ),
    });
  }
  return lines;
}
