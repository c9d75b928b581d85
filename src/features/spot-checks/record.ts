/**
 * The checker's own score of a sampled assessment (rule 12), under the sample's row lock: recorded
 * once with the contract's rubric (the score entry's own validation), compared with the assessor's,
 * and a gap larger than the tolerance of the check's policy (equal is not larger) flagged once to
 * the unit leadership and discipline inspection (the checker among them excepted: the card he
 * submitted from shows it), with the assessors told. When the policy's funding
 * rule makes the checker's score stand, the threshold engine re-evaluates the contract in the same
 * transaction, reading the effective scores (db/sql/contracts.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import {
  buildAssessorNoticeCard,
  buildComparisonCard,
  CHECK_NOTES_MAX,
  type ComparisonView,
} from '../../cards/spot-check-sample';
import { rawSql, type Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { spotCheckSamples, spotChecks, units } from '../../db/schema';
import { assessorOpenIdsOn, gapRecipientsOn } from '../../db/sql/spot-checks';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { charCount, tooLongRefusal } from '../../domain/form';
import { type Typed, validateEntry } from '../../domain/score-entry';
import { gapExceeds } from '../../domain/spot-check-draw';
import type { OutboxWriter } from '../../outbox/write';
import { afterScoreRecorded } from '../scoring/after-score';
import { sampleView } from './view';

export type CheckerInput = {
  actor: Actor | undefined;
  checkId: number;
  scoreId: number;
  typed: Typed;
  notes: string;
  evidence: string;
  now: Date;
  out: OutboxWriter;
};

export type CheckerResult = { view: ComparisonView; flaggedTo: string[] };

export async function recordCheckerScore(tx: Tx, input: CheckerInput): Promise<CheckerResult> {
  // The row lock first: a double click waits here and then finds the sample scored.
  await tx
    .select({ id: spotCheckSamples.scoreId })
    .from(spotCheckSamples)
    .where(and(eq(spotCheckSamples.spotCheckId, input.checkId), eq(spotCheckSamples.scoreId, input.scoreId)))
    .for('update');
  const v = await sampleView(tx, input.actor, input.checkId, input.scoreId);
  if (v.sample.checkedAt) throw new DomainError('already_recorded', '该样本已录入抽查评分,不能重复录入');
  const checked = validateEntry(v.contract.rubric, v.contract.clauses, input.typed, false);
  if (!checked.ok) throw new DomainError('bad_score', checked.error);
  for (const [label, typed] of [
    ['抽查说明', input.notes],
    ['证据', input.evidence],
  ] as const)
    if (charCount(typed) > CHECK_NOTES_MAX)
      throw new DomainError('bad_score', tooLongRefusal(label, CHECK_NOTES_MAX, charCount(typed)));
  const e = checked.entry;
  const [[check], [unit]] = await Promise.all([
    tx.select().from(spotChecks).where(eq(spotChecks.id, input.checkId)),
    tx.select({ name: units.name }).from(units).where(eq(units.id, v.contract.unitId)),
  ]);
  const policy = await loadPolicy(tx, check!.policyVersion);
  const tolerance = policy.spotCheck.toleranceTenths;
  const gap = Math.abs(e.finalTenths - v.sample.assessorFinalTenths);
  const exceeds = gapExceeds(gap, tolerance);
  const stands = exceeds && policy.spotCheck.onGapAboveTolerance === 'checker_score_stands';
  await tx
    .update(spotCheckSamples)
    .set({
      checkerDeductions: e.deductions,
      checkerDailyTenths: e.dailyTenths,
      checkerManagementTenths: e.managementTenths,
      checkerFinalTenths: e.finalTenths,
      notes: input.notes,
      evidence: input.evidence,
      checkedBy: v.actor.personId,
      checkedAt: input.now,
      gapTenths: gap,
      exceedsTolerance: exceeds,
      flaggedAt: exceeds ? input.now : null,
    })
    .where(
      and(
        eq(spotCheckSamples.spotCheckId, input.checkId),
        eq(spotCheckSamples.scoreId, input.scoreId),
        isNull(spotCheckSamples.checkedAt),
      ),
    );
  const view: ComparisonView = {
    head: {
      checkId: input.checkId,
      scoreId: input.scoreId,
      contractId: v.contract.id,
      signedOn: v.contract.signedOn,
      category: v.contract.category,
      vendorName: v.vendorName,
      month: v.sample.month,
      rubric: v.contract.rubric,
    },
    unit: unit?.name ?? '',
    assessor: v.score,
    checker: e,
    checkerName: v.actor.name,
    gapTenths: gap,
    toleranceTenths: tolerance,
    exceeds,
    stands,
    notes: input.notes,
    evidence: input.evidence,
  };
  const facts = {
    contractId: v.contract.id,
    month: v.sample.month,
    scoreId: input.scoreId,
    assessorFinalTenths: v.sample.assessorFinalTenths,
    checkerFinalTenths: e.finalTenths,
    deductions: e.deductions,
    dailyTenths: e.dailyTenths,
    managementTenths: e.managementTenths,
    gapTenths: gap,
    toleranceTenths: tolerance,
    exceedsTolerance: exceeds,
    checkerScoreStands: stands,
    notes: input.notes,
    evidence: input.evidence,
  };
  await appendAudit(tx, {
    aggregateType: 'spot_check',
    aggregateId: input.checkId,
    actor: v.actor.openId,
    action: 'spot_check.scored',
    data: facts,
    at: input.now,
  });
  if (!exceeds) return { view, flaggedTo: [] };
  const sql = rawSql(tx);
  const [told, assessorIds] = await Promise.all([
    gapRecipientsOn(sql, v.contract.unitId),
    assessorOpenIdsOn(sql, v.contract.id),
  ]);
  // One card per event per person: the checker (often discipline inspection, so among those told)
  // has the comparison already, on the card he submitted from; an assessor who is also told as
  // leadership gets the comparison, not the assessor's notice as well.
  const to = told.filter((id) => id !== v.actor.openId);
  const assessors = assessorIds.filter((id) => id !== v.actor.openId && !to.includes(id));
  const flagCard = buildComparisonCard(view, 'flag');
  const notice = buildAssessorNoticeCard(view);
  await Promise.all([
    ...to.map((id) => input.out.send({ type: 'open_id', id }, { card: flagCard })),
    ...assessors.map((id) => input.out.send({ type: 'open_id', id }, { card: notice })),
  ]);
  await appendAudit(tx, {
    aggregateType: 'spot_check',
    aggregateId: input.checkId,
    actor: v.actor.openId,
    action: 'spot_check.flagged',
    data: {
      contractId: v.contract.id,
      month: v.sample.month,
      scoreId: input.scoreId,
      to,
      assessors,
      gapTenths: gap,
    },
    at: input.now,
  });
  // The funding rule: the checker's score now stands for the month; warnings and the termination
  // right follow it at once.
  if (stands)
    await afterScoreRecorded(
      tx,
      { contractId: v.contract.id, month: v.sample.month, scoreId: input.scoreId },
      { out: input.out, now: input.now },
    );
  return { view, flaggedTo: to };
}
