/**
 * The assessor's management score A of a month (rule 7): typed on the month's form for a monthly
 * contract; for a quarterly one (clauses.scoring.managementPeriod = 'quarter') the quarter's current
 * `quarter_scores` row, typed once per quarter and standing for each of its months. The survey share
 * (survey-share.ts) is applied to A afterwards, by the caller.
 */

import { and, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { monthlyScores, quarterScores } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import type { ContractClauseValues } from '../../domain/contract';
import { DomainError } from '../../domain/errors';
import { type Quarter, quarterLabel, quarterMonths, quarterOf } from '../../domain/quarters';
import { formatPoints, formatTenths, parseTenths } from '../../domain/score';
import type { Typed } from '../../domain/score-entry';
import { isQuarterly } from '../../domain/score-window';

export type QuarterScoreRow = typeof quarterScores.$inferSelect;

/** The quarter a month's management line comes from, or undefined for a monthly contract. */
export function managementQuarter(clauses: ContractClauseValues, month: string): Quarter | undefined {
  return isQuarterly(clauses.scoring) ? quarterOf(month) : undefined;
}

export async function currentQuarterScore(
  db: DbOrTx,
  contractId: number,
  quarter: Quarter,
): Promise<QuarterScoreRow | undefined> {
  const [row] = await db
    .select()
    .from(quarterScores)
    .where(
      and(
        eq(quarterScores.contractId, contractId),
        eq(quarterScores.quarter, quarter),
        sql`${quarterScores.current}`,
      ),
    );
  return row;
}

/** What the score form shows of a quarterly contract's management line. */
export type QuarterOnForm = { quarter: Quarter; label: string; tenths?: number };

/** The quarter of `month` for the form (its current score if any), or undefined for a monthly contract. */
export async function quarterOnForm(
  db: DbOrTx,
  c: { id: number; clauses: ContractClauseValues },
  month: string,
): Promise<QuarterOnForm | undefined> {
  const quarter = managementQuarter(c.clauses, month);
  if (!quarter) return undefined;
  const row = await currentQuarterScore(db, c.id, quarter);
  return { quarter, label: quarterLabel(quarter), ...(row ? { tenths: row.managementTenths } : {}) };
}

/**
 * The typed values with A resolved: a monthly contract's as typed; a quarterly contract's new entry
 * takes the quarter's current score when the quarter has one (the form shows it read-only, and a
 * forged value is ignored). A correction keeps what was typed: changing it corrects the quarter.
 */
export async function managementTyped(
  db: DbOrTx,
  c: { id: number; clauses: ContractClauseValues },
  entry: { month: string; typed: Typed; correcting: boolean },
): Promise<Typed> {
  const { month, typed, correcting } = entry;
  const quarter = managementQuarter(c.clauses, month);
  if (!quarter || correcting) return typed;
  const row = await currentQuarterScore(db, c.id, quarter);
  if (!row) return typed;
  // A value typed while the quarter had no score, confirmed after someone else recorded it: refused.
  const sent = parseTenths(typed.management ?? '', '管理考核得分');
  if ((typed.management ?? '').trim() !== '' && (!sent.ok || sent.tenths !== row.managementTenths))
    throw new DomainError(
      'score_changed',
      `${quarterLabel(quarter)}的管理考核已录入为 ${formatTenths(row.managementTenths)} 分,请从「月度考核」重新打开该月考核表`,
    );
  return { ...typed, management: formatPoints(row.managementTenths) };
}

/** The quarter score a month's row uses, and the row it superseded when this entry corrected it. */
export type QuarterSettled = { row: QuarterScoreRow; superseded?: QuarterScoreRow };

/**
 * Writes the quarter's score when the month's entry brings one, in the caller's transaction under the
 * contract's lock: the quarter's first entry records it (`quarter_score.recorded`); a correction with
 * another value supersedes it (`quarter_score.superseded` / `quarter_score.corrected`, with the
 * reason). The same value reuses the current row. Undefined for a monthly contract.
 */
export async function settleQuarterScore(
  tx: Tx,
  input: {
    contractId: number;
    clauses: ContractClauseValues;
    month: string;
    tenths: number;
    reason?: string;
    actor: Actor;
    now: Date;
  },
): Promise<QuarterSettled | undefined> {
  const quarter = managementQuarter(input.clauses, input.month);
  if (!quarter) return undefined;
  const current = await currentQuarterScore(tx, input.contractId, quarter);
  if (current && current.managementTenths === input.tenths) return { row: current };
  if (current && input.reason === undefined)
    throw new DomainError('score_changed', `${quarterLabel(quarter)}的管理考核已录入,请刷新考核表后再录入`);
  if (current) await tx.update(quarterScores).set({ current: false }).where(eq(quarterScores.id, current.id));
  const [row] = (await tx
    .insert(quarterScores)
    .values({
      contractId: input.contractId,
      quarter,
      managementTenths: input.tenths,
      enteredBy: input.actor.personId,
      enteredAt: input.now,
      supersedesId: current?.id ?? null,
      correctionReason: current ? (input.reason ?? null) : null,
      current: true,
    })
    .returning()) as [QuarterScoreRow];
  const base = { contractId: input.contractId, quarter, month: input.month };
  if (current)
    await appendAudit(tx, {
      aggregateType: 'quarter_score',
      aggregateId: current.id,
      actor: input.actor.openId,
      action: 'quarter_score.superseded',
      data: { ...base, by: row.id, reason: input.reason },
      at: input.now,
    });
  await appendAudit(tx, {
    aggregateType: 'quarter_score',
    aggregateId: row.id,
    actor: input.actor.openId,
    action: current ? 'quarter_score.corrected' : 'quarter_score.recorded',
    data: {
      ...base,
      managementTenths: input.tenths,
      ...(current
        ? { supersedes: current.id, previousTenths: current.managementTenths, reason: input.reason }
        : {}),
    },
    at: input.now,
  });
  return { row, ...(current ? { superseded: current } : {}) };
}

/** The current month rows of the quarter other than `month`: each gets a correction when the quarter's changes. */
export async function otherScoredMonths(db: DbOrTx, contractId: number, quarter: Quarter, month: string) {
  const rows = await db
    .select()
    .from(monthlyScores)
    .where(and(eq(monthlyScores.contractId, contractId), sql`${monthlyScores.current}`));
  const months = new Set(quarterMonths(quarter));
  return rows
    .filter((r) => months.has(r.month) && r.month !== month)
    .sort((a, b) => (a.month < b.month ? -1 : 1));
}

/**
 * The seam for the survey share: A of `month` with the quarter score's id. Monthly: `typedTenths`
 * (undefined when nothing was typed yet); quarterly: the quarter's current row (undefined before the
 * quarter is scored).
 */
export async function assessorManagement(
  db: DbOrTx,
  c: { id: number; clauses: ContractClauseValues },
  month: string,
  typedTenths?: number,
): Promise<{ tenths: number | undefined; quarterScoreId: number | null }> {
  const quarter = managementQuarter(c.clauses, month);
  if (!quarter) return { tenths: typedTenths, quarterScoreId: null };
  const row = await currentQuarterScore(db, c.id, quarter);
  return { tenths: row?.managementTenths, quarterScoreId: row?.id ?? null };
}
