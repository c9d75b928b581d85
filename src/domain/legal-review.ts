/** 法务审核 (rule 6): the vocabulary of contract drafts sent to legal before signing. */
import type { ContractClauseValues, PaymentPeriod, RubricItem } from './contract';
import type { SigningForm, SigningTerms } from './contract-form';

export type DraftStatus = 'pending' | 'returned' | 'approved' | 'superseded';
export const DRAFT_STATUS_LABELS: Record<DraftStatus, string> = {
  pending: '待法务审核',
  returned: '已退回修改',
  approved: '法务审核通过',
  superseded: '已被新版本取代',
};

/** The terms as they would be signed, normalised (amounts in fen as strings, the late reason or ''). */
export type DraftTerms = {
  amountFen: string;
  startsOn: string;
  endsOn: string;
  periods: PaymentPeriod[];
  targets: string;
  lateReason: string;
};

/** What a draft version stores: the form as typed (to prefill it again) and what it would sign. */
export type DraftForm = {
  typed: SigningForm;
  terms: DraftTerms;
  rubric: RubricItem[];
  clauses: ContractClauseValues;
  policyVersion: number;
  /** 满意度测评: the named recipients' open_ids, sorted (absent when none are named). */
  surveyPeople?: string[];
};

/** Legal's comments: per rubric item (by key), per clause (by key) and a general one. */
export type DraftComments = {
  rubric: Record<string, string>;
  clauses: Record<string, string>;
  general: string;
};

/** The clauses legal comments on one by one, in `clauseLines` order: rules 8 to 11 and the scoring rules. */
export const CLAUSE_LABELS: Record<keyof ContractClauseValues, string> = {
  termination: '清退条款',
  bidBan: '禁投条款',
  deduction: '阶梯扣款',
  scoring: '双线考核',
  survey: '满意度测评',
};
export const CLAUSE_KEYS = Object.keys(CLAUSE_LABELS) as (keyof ContractClauseValues)[];

export const MAX_COMMENT_CHARS = 500;
export const DRAFT_CHANGED = '合同草案已修改,需重新提交法务审核';

export function draftTerms(t: SigningTerms): DraftTerms {
  return {
    amountFen: String(t.amountFen),
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    periods: t.periods.map((p) => ({ label: p.label, dueOn: p.dueOn, amountFen: String(p.amountFen) })),
    targets: t.targets,
    lateReason: t.late?.reason ?? '',
  };
}

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x && typeof x === 'object')
    return `{${Object.keys(x)
      .sort()
      .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((x as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(x);
}

/**
 * What the hash covers: what would be signed (terms, rubric, clauses, policy version), not how it was
 * typed (18万 and 180000 are the same amount).
 */
export const canonicalDraft = (f: Omit<DraftForm, 'typed'>) =>
  canonicalJson({
    terms: f.terms,
    rubric: f.rubric,
    clauses: f.clauses,
    policyVersion: f.policyVersion,
    // Who is asked is part of what is signed; a draft naming nobody hashes as before surveys.
    ...(f.surveyPeople?.length ? { surveyPeople: f.surveyPeople } : {}),
  });

/** Whether any comment was written. */
export const hasComments = (c: DraftComments) =>
  c.general.trim() !== '' ||
  Object.values(c.rubric).some((v) => v.trim() !== '') ||
  Object.values(c.clauses).some((v) => v.trim() !== '');
