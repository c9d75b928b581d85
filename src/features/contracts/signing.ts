import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import {
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  units,
  vendors,
} from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';

import { shanghaiDate } from '../../domain/calendar';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import {
  type SigningForm,
  type SigningTerms,
  validateSigning,
  withManagementPeriod,
} from '../../domain/contract-form';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import type { Policy } from '../../domain/policy';
import { REQUEST_STATUS_LABELS } from '../../domain/request-list-filter';
import { surveyRecipientsChoice } from '../../domain/survey';
import { saveSurveyRecipients, surveyCandidates, surveyPeopleRefusal } from '../surveys/signing';
import type { UseCaseOfAnyone } from '../use-case';
import { reviewRefusal } from './draft-check';

/** A request with its procurement, vendor and contract (each null until recorded). */
export async function loadSigning(db: DbOrTx, requestId: number) {
  const [row] = await db
    .select({
      request: purchaseRequests,
      unit: units.name,
      procurement: procurements,
      vendor: vendors,
      contract: contracts,
    })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .leftJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id))
    .where(eq(purchaseRequests.id, requestId));
  // Whom the form's 满意度测评对象 picker offers: the people of the request's unit.
  return row && { ...row, surveyCandidates: await surveyCandidates(db, row.request.unitId) };
}
export type Signing = NonNullable<Awaited<ReturnType<typeof loadSigning>>>;
export type Signable = Signing & {
  procurement: NonNullable<Signing['procurement']>;
  vendor: NonNullable<Signing['vendor']>;
};

/**
 * Who may sign and when: a filer of the request's unit, on an approved request whose procurement is
 * recorded and which has no contract yet. Throws the refusal (nothing is written).
 */
export function assertSignable(
  s: Signing | undefined,
  requestId: number,
  actor: Actor | undefined,
): Signable {
  if (!s) throw new DomainError('no_request', `采购申请 #${requestId} 不存在`);
  if (!actor || !grantsAllow(actor.grants, 'filer', s.request.unitId))
    throw new DomainError('not_unit_filer', `只有${s.unit}的经办人可以签订该合同`);
  if (s.request.status !== 'approved')
    throw new DomainError(
      'not_approved',
      `采购申请 #${requestId} ${REQUEST_STATUS_LABELS[s.request.status]},只有审批通过的申请才能签订合同`,
    );
  if (!s.procurement || !s.vendor)
    throw new DomainError(
      'no_procurement',
      `采购申请 #${requestId} 尚未登记采购结果(采购方式、承接主体、中标价),请先登记再签订合同`,
    );
  if (s.contract)
    throw new DomainError(
      'already_signed',
      `采购申请 #${requestId} 已签订合同 ${contractNumber(s.contract)},不能重复签订`,
    );
  return s as Signable;
}

/**
 * The form checked against the procurement (awarded price, award date), the current policy (which
 * also gives the rubric) and `today`, the business date the contract would be recorded on (补签).
 */
export function checkForm(s: Signable, form: SigningForm, policy: Policy, today: string) {
  return validateSigning(form, s.procurement.awardedFen, policy.contract, s.procurement.awardDate, today);
}

/** checkForm, and the named 满意度测评 people known to the organisation (a forged open_id is refused). */
export async function checkFormWithPeople(
  db: DbOrTx,
  s: Signable,
  { form, policy, today }: { form: SigningForm; policy: Policy; today: string },
): Promise<ReturnType<typeof checkForm>> {
  const checked = checkForm(s, form, policy, today);
  const named = policy.survey && form.survey_to !== 'group' ? (form.survey_people ?? []) : [];
  const refusal = await surveyPeopleRefusal(db, [...new Set(named)], s.request.unitId);
  if (!refusal) return checked;
  const errors = [...(checked.ok ? [] : checked.errors), refusal];
  return { ok: false, error: errors.join(';'), errors };
}

/**
 * The start of both 提交法务审核 and 确认签订: the procurement row locked first (so a submission and a
 * signature, or two clicks, never interleave), the request signable by the actor, and the typed form
 * checked against the procurement and the policy current now.
 */
export async function lockAndCheck(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  { requestId, form }: { requestId: number; form: SigningForm },
) {
  await tx
    .select({ id: procurements.id })
    .from(procurements)
    .where(eq(procurements.requestId, requestId))
    .for('update');
  const s = assertSignable(await loadSigning(tx, requestId), requestId, actor);
  const policy = await loadPolicy(tx);
  const today = shanghaiDate(now);
  return { s, policy, today, checked: await checkFormWithPeople(tx, s, { form, policy, today }) };
}

export type Signed = {
  contract: typeof contracts.$inferSelect;
  terms: SigningTerms;
  /** Leader and assessors (open ids), who are told of the contract. */
  told: { openId: string; leader: boolean; assessor: boolean }[];
};

/**
 * Signs the contract in the caller's transaction: the procurement row is locked first, so of two
 * clicks at once the second finds the contract and is refused (the unique index on procurement_id
 * backs this up). The clause values and the rubric are copied from the policy current now, with its
 * version; nothing read later comes from the policy again. Assessors are copied from the request.
 */
export async function signContract(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  { requestId, form }: { requestId: number; form: SigningForm },
): Promise<{ ok: true; signed: Signed } | { ok: false; error: string; s: Signable; policy: Policy }> {
  const { s, policy, today, checked } = await lockAndCheck({ tx, actor, now }, { requestId, form });
  if (!checked.ok) return { ok: false, error: checked.error, s, policy };
  // 法务审核: only the latest draft version, approved, and this very form (rule 6).
  const refusal = await reviewRefusal(tx, s, { typed: form, terms: checked.terms, policy });
  if (refusal) return { ok: false, error: refusal, s, policy };
  const t = checked.terms;
  const r = s.request;
  const survey = surveyRecipientsChoice(form);
  const clauses = clausesFromPolicy(policy, { category: r.category, recipients: survey.recipients });
  const [contract] = await tx
    .insert(contracts)
    .values({
      procurementId: s.procurement.id,
      requestId: r.id,
      unitId: r.unitId,
      vendorId: s.vendor.id,
      category: r.category,
      amountFen: t.amountFen,
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      paymentSchedule: t.periods,
      targets: t.targets,
      rubric: rubricTemplate(policy, r.category),
      clauses: withManagementPeriod(clauses, t.managementPeriod),
      policyVersion: policy.version,
      leaderId: r.leaderId,
      signedOn: today,
      signedBy: actor!.personId,
      lateSigningReason: t.late?.reason ?? null,
    })
    .returning();
  const c = contract!;
  const assessors = await tx
    .select({ id: people.id, openId: people.openId })
    .from(purchaseAssessors)
    .innerJoin(people, eq(people.id, purchaseAssessors.personId))
    .where(eq(purchaseAssessors.requestId, r.id));
  if (assessors.length)
    await tx.insert(contractAssessors).values(assessors.map((a) => ({ contractId: c.id, personId: a.id })));
  const named = clauses.survey ? await saveSurveyRecipients(tx, c.id, survey.people, c.unitId) : 0;
  await appendAudit(tx, {
    aggregateType: 'contract',
    aggregateId: c.id,
    actor: actor!.openId,
    action: 'contract.signed',
    data: {
      requestId: r.id,
      procurementId: s.procurement.id,
      vendorId: s.vendor.id,
      amountFen: String(t.amountFen),
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      payments: t.periods.length,
      policyVersion: policy.version,
      assessors: assessors.map((a) => a.id),
      longTerm: t.longTerm,
      // 满意度测评对象: how many are named, never who (the audit is read widely).
      ...(clauses.survey ? { survey: { recipients: survey.recipients, named } } : {}),
      ...(t.managementPeriod === 'quarter' ? { managementPeriod: 'quarter' } : {}),
      // 补签: recorded after the term started (afterEnd: after it ended), with the reason stated.
      ...(t.late
        ? { lateSigning: { reason: t.late.reason, afterEnd: t.late.afterEnd, signedOn: today } }
        : {}),
    },
  });
  const [leader] = await tx.select({ openId: people.openId }).from(people).where(eq(people.id, r.leaderId));
  const told = new Map<string, { openId: string; leader: boolean; assessor: boolean }>();
  const add = (openId: string, role: 'leader' | 'assessor') => {
    const e = told.get(openId) ?? { openId, leader: false, assessor: false };
    e[role] = true;
    told.set(openId, e);
  };
  if (leader) add(leader.openId, 'leader');
  for (const a of assessors) add(a.openId, 'assessor');
  told.delete(actor!.openId); // the signer sees the result card
  return { ok: true, signed: { contract: c, terms: t, told: [...told.values()] } };
}
