/**
 * 月度考核: the contracts a person assesses, with the months they can score now (months of the term
 * whose window has opened and that have no score yet) and the scored months, which can be corrected.
 */

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AssessedContract } from '../../cards/score-list';
import { type DbOrTx, rawSql } from '../../db/client';
import { contractAssessors, contracts, monthlyScores, vendors } from '../../db/schema';
import { standingScoresOn } from '../../db/sql/contracts';
import { contractStatusLabel } from '../../domain/contract-status';
import { lateNote } from '../../domain/late-score';
import { monthOfDate, termMonths } from '../../domain/months';
import { windowOpens } from '../../domain/score-window';
import { lastServedDay } from './access';

export async function assessedContracts(
  db: DbOrTx,
  personId: number,
  today: string,
): Promise<AssessedContract[]> {
  const rows = await db
    .select({ contract: contracts, vendorName: vendors.name })
    .from(contractAssessors)
    .innerJoin(contracts, eq(contracts.id, contractAssessors.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(eq(contractAssessors.personId, personId))
    .orderBy(asc(contracts.id));
  if (rows.length === 0) return [];
  const scores = await db
    .select({
      contractId: monthlyScores.contractId,
      month: monthlyScores.month,
      finalTenths: monthlyScores.finalTenths,
      late: monthlyScores.late,
      dueOn: monthlyScores.dueOn,
    })
    .from(monthlyScores)
    .where(
      and(
        inArray(
          monthlyScores.contractId,
          rows.map((r) => r.contract.id),
        ),
        sql`${monthlyScores.current}`,
      ),
    );
  // A month whose spot check's score stands shows both scores (rule 12): the card says which counts.
  const standing = new Map(
    (
      await standingScoresOn(
        rawSql(db),
        rows.map((r) => r.contract.id),
      )
    ).map((s) => [`${s.contractId}:${s.month}`, s.checkerTenths]),
  );
  const out: AssessedContract[] = [];
  for (const { contract: c, vendorName } of rows) {
    const lastDay = lastServedDay(c);
    const mine = scores.filter((s) => s.contractId === c.id);
    const scoredMonths = new Set(mine.map((s) => s.month));
    const months = termMonths({ startMonth: monthOfDate(c.startsOn), endMonth: monthOfDate(lastDay) });
    const open = months.filter(
      // A quarterly contract's months open together, in the quarter's last month's window.
      (m) => !scoredMonths.has(m) && windowOpens(m, c.clauses.scoring) <= today,
    );
    const scored = mine
      .map((s) => {
        const checker = standing.get(`${c.id}:${s.month}`);
        const late = lateNote(s);
        return {
          month: s.month,
          finalTenths: s.finalTenths,
          ...(checker === undefined ? {} : { checkerTenths: checker }),
          ...(late ? { late } : {}),
        };
      })
      .sort((a, b) => (a.month < b.month ? 1 : -1));
    // A finished contract with nothing left to score has no business on the card.
    if (open.length === 0 && c.status !== 'active' && c.status !== 'terminating') continue;
    const status = contractStatusLabel(c, today);
    out.push({
      id: c.id,
      signedOn: c.signedOn,
      vendorName,
      category: c.category,
      startsOn: c.startsOn,
      lastDay,
      status,
      open,
      scored,
    });
  }
  return out;
}
