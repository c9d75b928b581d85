import { isRealDate } from '../../domain/business-date';
import { CATEGORY_LABELS } from '../../domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import {
  lateSigningRule,
  MIN_LATE_REASON_CHARS,
  type SigningForm,
  type SigningTerms,
} from '../../domain/contract-form';
import { contractNumber, termText } from '../../domain/contract-format';
import { contractStatusLabel, contractStatusOf, terminationDay } from '../../domain/contract-status';
import type { Policy } from '../../domain/policy';
import { METHODS } from '../../domain/purchase-fields';
import { surveyRecipientsChoice } from '../../domain/survey';
import { longTermWarning } from '../../domain/term';
import type { Signable } from './signing';
import type { ContractDetail } from './view';

/** The typed 满意度测评对象, or the default when it is not one of the two. */
function typedRecipients(typed: SigningForm) {
  try {
    return surveyRecipientsChoice(typed).recipients;
  } catch {
    return 'named' as const;
  }
}

/** The signing form's 补签 hint: shown when the typed start is before `today`, saying the rule. */
function lateHint(typed: SigningForm, today: string): string | undefined {
  if (!isRealDate(typed.starts_on)) return undefined;
  const ends = isRealDate(typed.ends_on) ? typed.ends_on : typed.starts_on;
  const late = lateSigningRule(today, typed.starts_on, ends);
  if (!late) return undefined;
  return `${late.text}:服务期开始后才登记的合同须填写补签原因(不少于${MIN_LATE_REASON_CHARS}个字),登记后列入纪检监察看板和结算审计`;
}

/**
 * What the signing card shows of a request about to be signed, with the current policy's clauses;
 * `today`: the business date it would be recorded on (a start before it is a 补签).
 */
export function signingView(
  s: Signable,
  {
    policy,
    typed,
    today,
    terms,
  }: { policy: Policy; typed: SigningForm; today: string; terms?: SigningTerms },
) {
  const r = s.request;
  const p = s.procurement;
  const years = policy.contract.warnAboveTermYears;
  return {
    requestId: r.id,
    unit: s.unit,
    service: `${CATEGORY_LABELS[r.category]}${r.categoryOther ? `(${r.categoryOther})` : ''} · ${r.description}`,
    vendor: `${s.vendor.name}(${s.vendor.uscc})`,
    procurement: `${METHODS[p.method]} · ${p.platform} ${p.referenceNo} · ${p.awardDate} 中标`,
    awardedFen: p.awardedFen,
    policyVersion: policy.version,
    category: CATEGORY_LABELS[r.category],
    rubric: rubricTemplate(policy, r.category),
    // 满意度测评 (policy v4 on): the clause follows the typed 满意度测评对象 (a forged one reads as the
    // default; checkForm refuses it when it is previewed or signed).
    clauses: clausesFromPolicy(policy, { category: r.category, recipients: typedRecipients(typed) }),
    ...(policy.survey ? { survey: { candidates: s.surveyCandidates } } : {}),
    maxTermYears: policy.contract.maxTermYears,
    typed,
    lateHint: lateHint(typed, today),
    preview: terms && { terms, warning: terms.longTerm ? longTermWarning(years) : undefined },
  };
}

/** The status the dates give, with the termination's date when one was started. */
function statusText(c: ContractDetail['c'], today: string) {
  const label = contractStatusLabel(c, today);
  if (!terminationDay(c) || !c.endedOn) return label;
  return contractStatusOf(c, today) === 'terminated'
    ? `${label}(${c.endedOn} 起)`
    : `${label}(已启动清退,${c.endedOn} 终止)`;
}

/**
 * The card's 补签 line: a contract recorded after its term started, with the reason stated (rows from
 * before the reason was asked for have none) and whether the term had already ended.
 */
function lateSigningLine(c: ContractDetail['c']) {
  const late = lateSigningRule(c.signedOn, c.startsOn, c.endsOn);
  if (!late) return undefined;
  return {
    afterEnd: late.afterEnd,
    text: `服务期 ${termText(c)},${c.signedOn} 才登记;原因:${c.lateSigningReason?.trim() || '未填写原因'}`,
  };
}

/**
 * Everything the card shows comes from the contract row: clauses included, never the policy. Its
 * status is the one the dates say on `today` (a business date).
 */
export function contractView(row: ContractDetail, today: string, justSigned?: { warning?: string }) {
  const c = row.c;
  return {
    id: c.id,
    number: contractNumber(c),
    unit: row.unit,
    service: `${CATEGORY_LABELS[c.category]} · ${row.description}`,
    vendor: `${row.vendor.name}(${row.vendor.uscc})`,
    amountFen: c.amountFen,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    payments: c.paymentSchedule,
    targets: c.targets,
    rubric: c.rubric,
    clauses: c.clauses,
    policyVersion: c.policyVersion,
    leader: row.leader.name,
    assessors: row.assessors.map((a) => a.name),
    signed: `${row.signer} 于 ${c.signedOn}`,
    lateSigning: lateSigningLine(c),
    status: statusText(c, today),
    justSigned,
  };
}
