/**
 * The signing side of 法务审核 (rule 6): what a form would sign and its hash, the request's latest
 * draft version, and why a form may not be signed yet. Kept apart from the review itself so signing
 * does not import it.
 */
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contractDrafts } from '../../db/schema';
import type { ServiceCategory } from '../../domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import { type SigningForm, type SigningTerms, withManagementPeriod } from '../../domain/contract-form';
import { canonicalDraft, DRAFT_CHANGED, type DraftForm, draftTerms } from '../../domain/legal-review';
import type { Policy } from '../../domain/policy';
import { surveyRecipientsChoice } from '../../domain/survey';

export type Draft = typeof contractDrafts.$inferSelect;
/** The request a form would sign (a `Signable` is one). */
export type DraftSubject = { request: { id: number; category: ServiceCategory } };

/** What the form would sign, with its rubric and clauses from `policy`, and its hash. */
export function draftOf(s: DraftSubject, typed: SigningForm, terms: SigningTerms, policy: Policy) {
  // 满意度测评对象 (policy v4 on): the clause says named or group; the named people are hashed too.
  const survey = surveyRecipientsChoice(typed);
  const clauses = clausesFromPolicy(policy, { category: s.request.category, recipients: survey.recipients });
  const form: DraftForm = {
    typed,
    terms: draftTerms(terms),
    rubric: rubricTemplate(policy, s.request.category),
    // 管理考核周期 is a clause: choosing 按季度 after approval changes the hash (a new review).
    clauses: withManagementPeriod(clauses, terms.managementPeriod),
    policyVersion: policy.version,
    ...(clauses.survey && survey.people.length ? { surveyPeople: survey.people } : {}),
  };
  return { form, hash: createHash('sha256').update(canonicalDraft(form)).digest('hex') };
}

/** The request's latest draft version, if any (locked with `lock` inside a transaction). */
export async function latestDraft(db: DbOrTx, requestId: number, lock = false): Promise<Draft | undefined> {
  const q = db
    .select()
    .from(contractDrafts)
    .where(eq(contractDrafts.requestId, requestId))
    .orderBy(desc(contractDrafts.version))
    .limit(1);
  const [d] = lock ? await q.for('update') : await q;
  return d;
}

/**
 * Why the form hashed `hash` may not be signed now, or undefined when it may: the latest version is
 * approved and is this very form.
 */
export function signingRefusal(latest: Draft | undefined, hash: string): string | undefined {
  if (!latest) return '合同草案尚未经法务审核:请先点击「提交法务审核」,审核通过后才能签订';
  if (latest.formHash !== hash && latest.status !== 'pending') return DRAFT_CHANGED;
  if (latest.status === 'pending')
    return latest.formHash === hash
      ? `合同草案第${latest.version}版正在法务审核中,审核通过后才能签订`
      : `合同草案第${latest.version}版正在法务审核中,且当前表单与送审版本不一致;审核通过后才能签订`;
  if (latest.status === 'returned')
    return `合同草案第${latest.version}版已被法务退回修改,请按意见修改后重新提交法务审核`;
  return undefined;
}

/** The signing check: the refusal text, or undefined when the latest version is this form, approved. */
export async function reviewRefusal(
  tx: DbOrTx,
  s: DraftSubject,
  { typed, terms, policy }: { typed: SigningForm; terms: SigningTerms; policy: Policy },
) {
  const { hash } = draftOf(s, typed, terms, policy);
  return signingRefusal(await latestDraft(tx, s.request.id, true), hash);
}
