/**
 * Who may score which month (rule 7): only the contract's assessors, only months of its term whose
 * scoring window has opened, once per month (a second entry is a correction). Checked when a form
 * opens, on preview and again under the contract's row lock on confirm, so a forged or stale callback
 * gets the same refusal as a click.
 */

import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, rawSql, type Tx } from '../../db/client';
import { contractAssessors, contracts, monthlyScores, vendors } from '../../db/schema';
import { standingScoresOn } from '../../db/sql/contracts';
import type { Actor } from '../../domain/actor';
import { scoreWindowError } from '../../domain/after-signing';
import { DomainError } from '../../domain/errors';
import { monthOfDate, monthParts } from '../../domain/months';
import { quarterLabel, quarterOf } from '../../domain/quarters';
import { formatTenths, windowOpensOn } from '../../domain/score';
import { isQuarterly, windowOpens } from '../../domain/score-window';
import type { ContractRow } from '../contracts/facts';

export type ScoreRow = typeof monthlyScores.$inferSelect;
export type Scorable = { contract: ContractRow; vendorName: string; current: ScoreRow | undefined };

/**
 * The last day scores can be entered for: a terminated contract stops at its termination date (the
 * months before it were served and still get their score); otherwise the end of the term.
 */
export function lastServedDay(c: Pick<ContractRow, 'status' | 'endsOn' | 'endedOn'>): string {
  return c.status === 'terminated' && c.endedOn && c.endedOn < c.endsOn ? c.endedOn : c.endsOn;
}

/** Takes the contract's row lock: two confirms for one contract run one after the other. */
export async function lockContract(tx: Tx, contractId: number): Promise<void> {
  await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).for('update');
}

export async function currentScore(db: DbOrTx, contractId: number, month: string) {
  const [row] = await db
    .select()
    .from(monthlyScores)
    .where(
      and(
        eq(monthlyScores.contractId, contractId),
        eq(monthlyScores.month, month),
        sql`${monthlyScores.current}`,
      ),
    );
  return row;
}

/**
 * The checker's score that stands for the month (rule 12: a spot check's gap above the tolerance
 * makes it count instead of the assessor's), or undefined. A correction changes only the
 * assessor's score: the checker's still stands.
 */
export async function standingCheckerTenths(
  db: DbOrTx,
  contractId: number,
  month: string,
): Promise<number | undefined> {
  const rows = await standingScoresOn(rawSql(db), [contractId]);
  return rows.find((r) => r.month === month)?.checkerTenths;
}

export async function isAssessor(db: DbOrTx, contractId: number, personId: number): Promise<boolean> {
  const [row] = await db
    .select({ p: contractAssessors.personId })
    .from(contractAssessors)
    .where(and(eq(contractAssessors.contractId, contractId), eq(contractAssessors.personId, personId)));
  return row !== undefined;
}

/**
 * The contract and the month's current score, once every rule allows `actor` to enter (`new`) or
 * correct (`correct`) the score of `month` on business date `today`; otherwise a DomainError.
 * For a correction, `supersedes` (the score the preview showed) must still be the current one.
 */
export async function loadScorable(
  db: DbOrTx,
  actor: Actor,
  query: { contractId: number; month: string; today: string; mode: 'new' | 'correct'; supersedes?: number },
): Promise<Scorable> {
  const { contractId, month, today } = query;
  const [found] = await db
    .select({ contract: contracts, vendorName: vendors.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(eq(contracts.id, contractId));
  if (!found) throw new DomainError('no_contract', '找不到该合同');
  if (!(await isAssessor(db, contractId, actor.personId)))
    throw new DomainError('not_assessor', '您不是该合同的考核人,不能录入或更正其月度考核成绩');
  const c = found.contract;
  try {
    monthParts(month);
  } catch {
    throw new DomainError('bad_month', '月份格式不正确,应为 YYYY-MM');
  }
  const last = lastServedDay(c);
  if (month < monthOfDate(c.startsOn) || month > monthOfDate(last)) {
    const why = last !== c.endsOn ? `合同已于 ${last} 终止,` : '';
    throw new DomainError(
      'month_outside_term',
      `${why}${month} 不在合同履约期内(${c.startsOn} 至 ${last}),不能录入该月考核`,
    );
  }
  const quarterly = isQuarterly(c.clauses.scoring);
  // A quarterly contract's three months open together, with the quarter's last month's window.
  const opens = quarterly
    ? windowOpens(month, c.clauses.scoring)
    : windowOpensOn(month, c.clauses.scoring.windowOpensDay);
  const early = scoreWindowError(month, opens, today);
  if (early && quarterly)
    throw new DomainError(
      'window_not_open',
      `${month} 属于${quarterLabel(quarterOf(month))}(按季度管理考核),本季度三个月于 ${opens} 起一并录入;${early}`,
    );
  if (early) throw new DomainError('window_not_open', early);
  const current = await currentScore(db, contractId, month);
  if (query.mode === 'new' && current)
    throw new DomainError(
      'already_scored',
      `${month} 已录入考核成绩(最终得分 ${formatTenths(current.finalTenths)} 分),不能重复录入。` +
        '如需修改,请在「月度考核」中点击该月的「更正」,并填写更正原因',
    );
  if (query.mode === 'correct' && !current)
    throw new DomainError('not_scored', `${month} 尚未录入考核成绩,无需更正,请直接录入`);
  if (query.mode === 'correct' && query.supersedes !== undefined && current?.id !== query.supersedes)
    throw new DomainError('score_changed', `${month} 的成绩已被更正过,请从「月度考核」重新打开后再更正`);
  return { contract: c, vendorName: found.vendorName, current };
}
