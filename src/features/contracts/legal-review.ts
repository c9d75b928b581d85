import { and, eq, isNull, or } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { commentLines, type DraftView, MAX_RUBRIC_FIELDS } from '../../cards/legal-review';
import type { DbOrTx } from '../../db/client';
import { contractDrafts, people, purchaseRequests, roleGrants, units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import type { SigningForm, SigningTerms } from '../../domain/contract-form';
import { DomainError } from '../../domain/errors';
import { type FormValues, formText } from '../../domain/form';
import {
  CLAUSE_KEYS,
  DRAFT_STATUS_LABELS,
  type DraftComments,
  hasComments,
  MAX_COMMENT_CHARS,
} from '../../domain/legal-review';
import type { Policy } from '../../domain/policy';
import type { UseCaseOfAnyone } from '../use-case';
import { type Draft, draftOf, latestDraft } from './draft-check';
import { lockAndCheck, type Signable } from './signing';

export { type Draft, draftOf, latestDraft, signingRefusal } from './draft-check';

/** The legal people (open ids) of a unit: unit-scoped legal grants of that unit and zone-wide ones. */
export async function legalReviewers(db: DbOrTx, unitId: number) {
  const rows = await db
    .selectDistinct({ id: people.id, openId: people.openId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(
      and(
        eq(roleGrants.role, 'legal'),
        isNull(roleGrants.revokedAt),
        or(eq(roleGrants.unitId, unitId), isNull(roleGrants.unitId)),
      ),
    );
  return rows;
}

export type Submitted = { draft: Draft; s: Signable; reviewers: { id: number; openId: string }[] };

/**
 * 提交法务审核: the checked form becomes version n+1 (pending), a still pending earlier one superseded,
 * audited (`contract.draft_submitted`). The procurement row is locked first, as signing does, so a
 * submission and a signature never interleave; a second click with the same form is refused.
 */
export async function submitDraft(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  { requestId, typed }: { requestId: number; typed: SigningForm },
): Promise<{ ok: true; submitted: Submitted } | { ok: false; error: string; s: Signable; policy: Policy }> {
  const { s, policy, checked } = await lockAndCheck({ tx, actor, now }, { requestId, form: typed });
  if (!checked.ok) return { ok: false, error: checked.error, s, policy };
  const { form, hash } = draftOf(s, typed, checked.terms, policy);
  const latest = await latestDraft(tx, requestId, true);
  if (latest?.formHash === hash && latest.status === 'pending')
    return { ok: false, error: `合同草案第${latest.version}版已提交法务审核,请等待审核结果`, s, policy };
  if (latest?.formHash === hash && latest.status === 'approved')
    return { ok: false, error: `合同草案第${latest.version}版已通过法务审核,可直接确认签订`, s, policy };
  const reviewers = await legalReviewers(tx, s.request.unitId);
  if (reviewers.length === 0)
    return { ok: false, error: `${s.unit}及全区均未设置法务人员,请联系管理员授予法务角色`, s, policy };
  // A version still pending when another is submitted is superseded (it can no longer be decided);
  // returned and approved ones keep their status: signing reads the latest version only.
  if (latest?.status === 'pending')
    await tx.update(contractDrafts).set({ status: 'superseded' }).where(eq(contractDrafts.id, latest.id));
  const version = (latest?.version ?? 0) + 1;
  const [draft] = await tx
    .insert(contractDrafts)
    .values({
      requestId,
      version,
      form,
      formHash: hash,
      status: 'pending',
      submittedBy: actor!.personId,
      submittedAt: now,
    })
    .returning();
  await appendAudit(tx, {
    aggregateType: 'contract_draft',
    aggregateId: draft!.id,
    actor: actor!.openId,
    action: 'contract.draft_submitted',
    data: {
      requestId,
      version,
      formHash: hash,
      form: { ...form.terms, policyVersion: form.policyVersion },
      previous: latest ? { id: latest.id, version: latest.version, status: latest.status } : null,
      reviewers: reviewers.map((r) => r.id),
    },
    at: now,
  });
  return { ok: true, submitted: { draft: draft!, s, reviewers } };
}

/** The draft with its request's unit and filer, for the review card and the decision. */
export async function loadDraft(db: DbOrTx, draftId: number, lock = false) {
  const q = db
    .select({
      draft: contractDrafts,
      unitId: purchaseRequests.unitId,
      unit: units.name,
      filer: { id: people.id, openId: people.openId, name: people.name },
    })
    .from(contractDrafts)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, contractDrafts.requestId))
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .innerJoin(people, eq(people.id, contractDrafts.submittedBy))
    .where(eq(contractDrafts.id, draftId));
  const [row] = lock ? await q.for('update', { of: contractDrafts }) : await q;
  return row;
}
export type DraftRow = NonNullable<Awaited<ReturnType<typeof loadDraft>>>;

export const NOT_LEGAL = '只有该单位或全区的法务可以审核该合同草案';

/** Whether the actor is legal of the draft's unit (or zone-wide). */
export const mayReview = (actor: Actor | undefined, unitId: number) =>
  !!actor && grantsAllow(actor.grants, 'legal', unitId);

/** The comments as typed on the review card: `r_<i>` per rubric item, `c_<key>` per clause, `comment`. */
export function readComments(
  f: FormValues,
  rubricKeys: string[],
): { ok: true; comments: DraftComments; opinion: string } | { ok: false; error: string } {
  const t = (k: string) => formText(f, k);
  const comments: DraftComments = { rubric: {}, clauses: {}, general: t('comment') };
  // `r_<i>`: the i-th rubric item's field (the card offers the first MAX_RUBRIC_FIELDS).
  rubricKeys.slice(0, MAX_RUBRIC_FIELDS).forEach((k, i) => {
    if (t(`r_${i}`)) comments.rubric[k] = t(`r_${i}`);
  });
  for (const k of CLAUSE_KEYS) if (t(`c_${k}`)) comments.clauses[k] = t(`c_${k}`);
  const opinion = t('counsel_opinion');
  const all = [
    comments.general,
    opinion,
    ...Object.values(comments.rubric),
    ...Object.values(comments.clauses),
  ];
  if (all.some((x) => [...x].length > MAX_COMMENT_CHARS))
    return { ok: false, error: `每条意见最多 ${MAX_COMMENT_CHARS} 字` };
  return { ok: true, comments, opinion };
}

const STATUS_DONE = { approved: '已审核通过', returned: '已退回修改', superseded: '已被新版本取代' } as const;

/**
 * 通过 / 退回修改: decided once, under the draft's row lock; only legal of the request's unit (or
 * zone-wide); a return needs at least one comment. Audited as `contract.draft_approved` or
 * `contract.draft_returned` with the comments and the counsel's opinion.
 */
export async function decideDraft(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  {
    draftId,
    decision,
    formValue,
  }: { draftId: number; decision: 'approved' | 'returned'; formValue: FormValues },
): Promise<DraftRow> {
  const row = await loadDraft(tx, draftId, true);
  if (!row) throw new DomainError('no_draft', '合同草案不存在');
  if (!mayReview(actor, row.unitId)) throw new DomainError('not_legal', NOT_LEGAL);
  const d = row.draft;
  if (d.submittedBy === actor!.personId) throw new DomainError('not_legal', '不能审核自己提交的合同草案');
  if (d.status !== 'pending')
    throw new DomainError('already_decided', `合同草案第${d.version}版${STATUS_DONE[d.status]},无需重复处理`);
  const read = readComments(
    formValue,
    d.form.rubric.map((r) => r.key),
  );
  if (!read.ok) throw new DomainError('bad_input', read.error);
  if (decision === 'returned' && !hasComments(read.comments))
    throw new DomainError('bad_input', '退回修改须填写修改意见(逐项意见或总体意见至少一条)');
  const [updated] = await tx
    .update(contractDrafts)
    .set({
      status: decision,
      decidedBy: actor!.personId,
      decidedAt: now,
      comments: read.comments,
      counselOpinion: read.opinion || null,
    })
    .where(and(eq(contractDrafts.id, draftId), eq(contractDrafts.status, 'pending')))
    .returning();
  await appendAudit(tx, {
    aggregateType: 'contract_draft',
    aggregateId: d.id,
    actor: actor!.openId,
    action: decision === 'approved' ? 'contract.draft_approved' : 'contract.draft_returned',
    data: {
      requestId: d.requestId,
      version: d.version,
      formHash: d.formHash,
      comments: read.comments,
      counselOpinion: read.opinion || null,
    },
    at: now,
  });
  return { ...row, draft: updated! };
}

/** What legal review allows for a checked form: sign it, wait for the review, or submit it. */
export async function reviewMode(
  db: DbOrTx,
  s: Signable,
  { typed, terms, policy }: { typed: SigningForm; terms: SigningTerms; policy: Policy },
): Promise<'sign' | 'submit' | 'wait'> {
  const { hash } = draftOf(s, typed, terms, policy);
  const latest = await latestDraft(db, s.request.id);
  if (latest?.formHash !== hash) return 'submit';
  return latest.status === 'approved' ? 'sign' : latest.status === 'pending' ? 'wait' : 'submit';
}

async function nameOf(db: DbOrTx, personId: number | null) {
  if (personId === null) return '';
  const [p] = await db.select({ name: people.name }).from(people).where(eq(people.id, personId));
  return p?.name ?? '';
}

/** The latest version's line on the signing card: its status, and legal's comments once decided. */
export async function reviewLineOf(db: DbOrTx, d: Draft | undefined) {
  if (!d) return undefined;
  const on = d.decidedAt ? shanghaiDate(d.decidedAt) : shanghaiDate(d.submittedAt);
  const by = await nameOf(db, d.decidedBy);
  return {
    line: `第${d.version}版 ${DRAFT_STATUS_LABELS[d.status]}(${by ? `${by} ` : ''}${on})`,
    comments: d.comments ? commentLines(d.form.rubric, d.comments, d.counselOpinion ?? undefined) : [],
  };
}

/** A draft version as the review card and the filer's notice show it. */
export async function draftView(
  db: DbOrTx,
  row: DraftRow,
  s: { service: string; vendor: string },
): Promise<DraftView> {
  const d = row.draft;
  const f = d.form;
  return {
    draftId: d.id,
    requestId: d.requestId,
    version: d.version,
    unit: row.unit,
    service: s.service,
    vendor: s.vendor,
    filer: row.filer.name,
    submittedOn: shanghaiDate(d.submittedAt),
    amountFen: BigInt(f.terms.amountFen),
    startsOn: f.terms.startsOn,
    endsOn: f.terms.endsOn,
    periods: f.terms.periods,
    targets: f.terms.targets,
    lateReason: f.terms.lateReason,
    rubric: f.rubric,
    clauses: f.clauses,
    policyVersion: f.policyVersion,
    status: d.status,
    ...(d.comments && d.decidedAt
      ? {
          decided: {
            by: await nameOf(db, d.decidedBy),
            on: shanghaiDate(d.decidedAt),
            comments: d.comments,
            ...(d.counselOpinion ? { counselOpinion: d.counselOpinion } : {}),
          },
        }
      : {}),
  };
}
