/** 抽查 (rule 12): the scope form, 确认范围, 抽取, the sample list, the checker's score of a sample. */

import {
  buildSpotCheckCreatedCard,
  buildSpotCheckFormCard,
  buildSpotCheckSamplesCard,
  type ScopeView,
} from '../../cards/spot-check';
import { buildSpotCheckListCard } from '../../cards/spot-check-list';
import { buildComparisonCard, buildSampleFormCard } from '../../cards/spot-check-sample';
import { buildSpotCheckVerifyCard } from '../../cards/spot-check-verify';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { contractNumber } from '../../domain/contract-format';
import { formText } from '../../domain/form';
import { lateNote } from '../../domain/late-score';
import { typedFromForm } from '../../domain/score-entry';
import { checkerUnits, requireChecker, unitOptions } from '../../features/spot-checks/access';
import { createSpotCheck, type SpotCheckRow } from '../../features/spot-checks/create';
import { drawSpotCheck } from '../../features/spot-checks/draw';
import { spotCheckList } from '../../features/spot-checks/list';
import { recordCheckerScore } from '../../features/spot-checks/record';
import { unitNames } from '../../features/spot-checks/units';
import { verifySpotCheck } from '../../features/spot-checks/verify';
import { PAGE, sampleView, spotCheckView } from '../../features/spot-checks/view';
import { raw } from '../types';
import { withTypedChoices } from './typed-choice';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

async function scopeView(db: DbOrTx, c: SpotCheckRow): Promise<ScopeView> {
  const s = c.scope;
  return {
    units: s.unitIds === null ? null : await unitNames(db, s.unitIds),
    categories: s.categories,
    fromMonth: s.fromMonth,
    toMonth: s.toMonth,
    sampleSize: c.sampleSize,
    sampleBp: c.sampleBp,
  };
}

/** The drawn sample, a page of it, for a checker within the check's scope. */
async function samplesCard(db: DbOrTx, ctx: { actor: ReadContext['actor'] }, id: number, page = 0) {
  const v = await spotCheckView(db, ctx.actor, id, page);
  // Before the draw the seed stays secret (known early, a correction could steer a score out of the
  // sample): the card shows the committed hash and 抽取.
  if (!v.check.drawnAt)
    return raw(
      buildSpotCheckCreatedCard({ id, scope: await scopeView(db, v.check), seedHash: v.check.seedHash }),
    );
  const stands =
    (await loadPolicy(db, v.check.policyVersion)).spotCheck.onGapAboveTolerance === 'checker_score_stands';
  return raw(
    buildSpotCheckSamplesCard({
      id: v.check.id,
      scope: await scopeView(db, v.check),
      seed: v.check.seed,
      seedHash: v.check.seedHash,
      population: v.check.population ?? 0,
      total: v.total,
      page,
      pageSize: PAGE,
      samples: v.samples.map(({ s, signedOn, vendor, unit, late, dueOn }) => ({
        scoreId: s.scoreId,
        contractId: s.contractId,
        contractNo: contractNumber({ id: s.contractId, signedOn }),
        unit,
        vendor,
        month: s.month,
        assessorTenths: s.assessorFinalTenths,
        checkerTenths: s.checkerFinalTenths,
        exceeds: s.exceedsTolerance,
        stands: stands && s.exceedsTolerance === true,
        ...(late ? { late: lateNote({ late, dueOn, month: s.month }) } : {}),
      })),
    }),
  );
}

/**
 * The latest checks shown under the 抽查 form: fewer than a page of 以往抽查, so the form's unit
 * list (up to 50 options) and the rows fit one card; 下一页 goes on with full pages.
 */
const EARLIER_ON_FORM = 10;

/** 抽查 from the menu: the scope form, with the units of the checker's grants; below, the earlier checks. */
export const openSpotCheck = async (ctx: ReadContext) => {
  const actor = requireChecker(ctx.actor);
  const [units, policy, earlier] = await Promise.all([
    unitOptions(ctx.tx, actor),
    loadPolicy(ctx.tx),
    spotCheckList(ctx.tx, actor, {}, EARLIER_ON_FORM),
  ]);
  return {
    card: raw(
      buildSpotCheckFormCard({
        units,
        zone: checkerUnits(actor) === null,
        defaultBp: policy.spotCheck.sampleBp,
        earlier,
      }),
    ),
  };
};

/** 以往抽查 上一页 / 下一页: a page of the checks the clicker may open now (the cursor grants nothing). */
export const listSpotChecks = async (ctx: ReadContext, v: ValueOf<'spotcheck.list'>) => {
  const cursor = { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) };
  return { card: raw(buildSpotCheckListCard(await spotCheckList(ctx.tx, ctx.actor, cursor))) };
};

/** 确认范围: the check and its seed hash are recorded (nothing of the population is read). */
export const createSpotCheckFromCard = async (ctx: ActionWriteContext) => {
  // The checker's scope first, so a typed unit name is resolved only among the units it covers.
  const actor = requireChecker(ctx.actor);
  const row = await createSpotCheck(ctx.tx, {
    actor,
    form: await withTypedChoices(ctx.tx, ctx.event.formValue, [
      { name: 'units', typed: 'units_name', kind: 'units', within: checkerUnits(actor) },
    ]),
    now: ctx.deps.now(),
  });
  return {
    toast: { type: 'success' as const, content: `抽查 #${row.id} 已登记种子哈希` },
    card: raw(
      buildSpotCheckCreatedCard({ id: row.id, scope: await scopeView(ctx.tx, row), seedHash: row.seedHash }),
    ),
  };
};

/** 抽取: draws once; a second click shows the same sample. */
export const drawSpotCheckFromCard = async (ctx: ActionWriteContext, v: ValueOf<'spotcheck.draw'>) => {
  const r = await drawSpotCheck(ctx.tx, { actor: ctx.actor, id: v.check, now: ctx.deps.now() });
  const content = r.fresh
    ? `已从 ${r.population} 条考核记录中抽取 ${r.sample.length} 条`
    : '该抽查已抽取,结果不变';
  return {
    toast: { type: r.fresh ? ('success' as const) : ('info' as const), content },
    card: await samplesCard(ctx.tx, ctx, v.check),
  };
};

export const showSpotCheck = async (ctx: ReadContext, v: ValueOf<'spotcheck.show'>) => ({
  card: await samplesCard(ctx.tx, ctx, v.check, v.page ?? 0),
});

/** The checker's entry form of one sample (the score card's fields, blind to the assessor's score). */
export const openSampleForm = async (ctx: ReadContext, v: ValueOf<'spotcheck.form'>) => {
  const s = await sampleView(ctx.tx, ctx.actor, v.check, v.score);
  if (s.sample.checkedAt)
    return {
      toast: { type: 'info' as const, content: '该样本已录入抽查评分' },
      card: await samplesCard(ctx.tx, ctx, v.check),
    };
  const head = {
    checkId: v.check,
    scoreId: v.score,
    contractId: s.contract.id,
    signedOn: s.contract.signedOn,
    category: s.contract.category,
    vendorName: s.vendorName,
    month: s.sample.month,
    rubric: s.contract.rubric,
  };
  return { card: raw(buildSampleFormCard({ head, typed: {} })) };
};

/** 提交抽查评分: recorded once, compared, flagged when the gap exceeds the tolerance. */
export const scoreSampleFromCard = async (ctx: ActionWriteContext, v: ValueOf<'spotcheck.score'>) => {
  const form = ctx.event.formValue;
  const r = await recordCheckerScore(ctx.tx, {
    actor: ctx.actor,
    checkId: v.check,
    scoreId: v.score,
    typed: typedFromForm(form),
    notes: formText(form, 'notes'),
    evidence: formText(form, 'evidence'),
    now: ctx.deps.now(),
    out: ctx.out,
  });
  const content = r.view.exceeds
    ? '抽查评分已录入:差距超出容差,已通报单位领导班子和纪检监察'
    : '抽查评分已录入';
  return { toast: { type: 'success' as const, content }, card: raw(buildComparisonCard(r.view, 'checker')) };
};

/**
 * 验证抽样: re-draws the check from its audit trail, as `spotcheck:verify` does, for whoever may see
 * the check (the action's scope, checked against the clicker's grants now). Read-only.
 */
export const verifySpotCheckFromCard = async (ctx: ReadContext, v: ValueOf<'spotcheck.verify'>) => {
  const r = await verifySpotCheck(ctx.tx, v.check);
  return { card: raw(buildSpotCheckVerifyCard({ id: v.check, ok: r.ok, checks: r.checks })) };
};
