import { isRealDate } from './business-date';
import { AWARD_LABEL } from './chain-dates';
import type { ContractClauseValues, ManagementPeriod, PaymentPeriod } from './contract';
import { isLateSigning, signedAfterEnd } from './date-anomalies';
import { dateOrderMessage, shortDate } from './date-order';
import { charCount, type FormValues, fieldMax, formList, formText, tooLongRefusal } from './form';
import { formatYuan, parseAmount } from './money';
import { parsePaymentSchedule } from './schedule';
import { checkTerm, type TermLimits } from './term';

/** What the signing form sends, as typed (kept on a refusal so nobody types it twice). */
export type SigningForm = {
  amount: string;
  starts_on: string;
  ends_on: string;
  schedule: string;
  targets: string;
  /** 补签原因: why the contract is recorded only after its term started (empty when it is not). */
  late_reason?: string;
  /** 管理考核周期: 'month' (the default, also when empty) or 'quarter'. */
  management_period?: string;
  /** 满意度测评对象 (policy v4 on): 'named' (the default) or 'group' (the project group's members). */
  survey_to?: string;
  /** The named recipients' open_ids (a person multi-picker). */
  survey_people?: string[];
};

/** A 补签 (DOMAIN.md "The order of dates"): recorded after the term started, with its stated reason. */
export type LateSigning = { reason: string; afterEnd: boolean };

export type SigningTerms = {
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  periods: PaymentPeriod[];
  targets: string;
  /** The term is longer than the policy's warning length (allowed, but flagged). */
  longTerm: boolean;
  /** Set when recorded after the term started (补签); absent otherwise (a typed reason is then dropped). */
  late?: LateSigning;
  /** The management line's period (rule 7), chosen on the form (always set by validateSigning; absent = 按月). */
  managementPeriod?: ManagementPeriod;
};

/** A 满意度测评对象 that is neither choice (a forged form). */
export const SURVEY_TO_REFUSAL = '满意度测评对象只能选择「指定人员」或「项目群成员」';

export const MANAGEMENT_PERIOD_LABELS: Record<ManagementPeriod, string> = {
  month: '按月',
  quarter: '按季度',
};

/** The form's 管理考核周期: empty or 'month' is monthly, 'quarter' quarterly, anything else undefined. */
export function parseManagementPeriod(typed: string | undefined): ManagementPeriod | undefined {
  const v = (typed ?? '').trim();
  if (v === '' || v === 'month') return 'month';
  return v === 'quarter' ? 'quarter' : undefined;
}

/**
 * The clauses a contract is signed with, given its management period: a quarterly one records
 * scoring.managementPeriod = 'quarter'; a monthly one stays exactly as before the choice existed
 * (no key), so its clauses and its legal-review draft hash are unchanged.
 */
export function withManagementPeriod(
  c: ContractClauseValues,
  period: ManagementPeriod | undefined,
): ContractClauseValues {
  return period === 'quarter' ? { ...c, scoring: { ...c.scoring, managementPeriod: 'quarter' } } : c;
}

/** A stated reason is at least this long: 补签 is what an inspector reads first. */
export const MIN_LATE_REASON_CHARS = 4;

/** The performance targets' limit: their field's (the card's max_length), so the check and the card agree. */
export const MAX_TARGETS_CHARS = fieldMax('targets');

export function readSigningForm(f: FormValues): SigningForm {
  return {
    amount: formText(f, 'amount'),
    starts_on: formText(f, 'starts_on').slice(0, 10),
    ends_on: formText(f, 'ends_on').slice(0, 10),
    schedule: formText(f, 'schedule'),
    targets: formText(f, 'targets'),
    late_reason: formText(f, 'late_reason'),
    management_period: formText(f, 'management_period'),
    ...surveyFields(f),
  };
}

/** 满意度测评对象 as typed; absent keys when untouched, so forms from before surveys read the same. */
function surveyFields(f: FormValues): Pick<SigningForm, 'survey_to' | 'survey_people'> {
  const to = formText(f, 'survey_to');
  const people = formList(f, 'survey_people');
  return { ...(to ? { survey_to: to } : {}), ...(people.length ? { survey_people: people } : {}) };
}

/**
 * Whether a contract of the term `startsOn`..`endsOn` recorded on `signedOn` (today, a business date)
 * is a 补签, and if so the fact in words (`合同服务期 08-01 起,今天(12-07)才登记,属补签`). Recorded on
 * the start day is not a 补签 (the same rule as the board's); after the end it is one 登记时服务期已结束.
 */
export function lateSigningRule(signedOn: string, startsOn: string, endsOn: string) {
  if (!isLateSigning({ signedOn, startsOn })) return undefined;
  const afterEnd = signedAfterEnd({ signedOn, endsOn });
  const [start, today] = shortDate(startsOn, signedOn);
  const [end] = shortDate(endsOn, signedOn);
  const term = afterEnd ? `合同服务期 ${start} 至 ${end} 已结束` : `合同服务期 ${start} 起`;
  return {
    afterEnd,
    text: `${term},今天(${today})才登记,属补签${afterEnd ? '(登记时服务期已结束)' : ''}`,
  };
}

/**
 * The contract's terms from the form, checked against the procurement and the policy: the amount is
 * above 0 and not above the awarded price, the term fits the policy and starts no earlier than the
 * award date (rule 6), a contract recorded `today` after its term started (补签) states why, the
 * schedule adds up exactly and the performance targets are written. Every
 * problem is reported at once (`errors`, each in Chinese; `error` joins them for a toast).
 */
export function validateSigning(
  form: SigningForm,
  awardedFen: bigint,
  limits: TermLimits,
  awardDate?: string,
  today?: string,
): { ok: true; terms: SigningTerms } | { ok: false; error: string; errors: string[] } {
  const errors: string[] = [];
  const amount = parseAmount(form.amount);
  if (!amount.ok) errors.push(`合同金额有误:${amount.error}`);
  else if (amount.fen > awardedFen)
    errors.push(`合同金额 ${formatYuan(amount.fen)} 超过中标价 ${formatYuan(awardedFen)},不能签订`);
  const term = checkTerm(form.starts_on, form.ends_on, limits);
  if (!term.ok) errors.push(term.error);
  const before =
    awardDate && isRealDate(form.starts_on)
      ? dateOrderMessage(
          { label: '服务开始日期', date: form.starts_on },
          { label: AWARD_LABEL, date: awardDate },
        )
      : null;
  if (before) errors.push(`${before},合同不能在成交前开始`);
  // 补签: recorded (today) after the term started needs a stated reason; after it ended, too.
  const datesReal = isRealDate(form.starts_on) && isRealDate(form.ends_on);
  // A start refused as before the award must change anyway: no reason is asked for it.
  const late =
    today && datesReal && !before ? lateSigningRule(today, form.starts_on, form.ends_on) : undefined;
  const reason = (form.late_reason ?? '').trim();
  if (late && reason === '') errors.push(`${late.text},请填写补签原因`);
  else if (late && charCount(reason) < MIN_LATE_REASON_CHARS)
    errors.push(`补签原因请写明实际情况(不少于${MIN_LATE_REASON_CHARS}个字)`);
  // The schedule is checked against the amount it must add up to; without a valid amount it cannot be.
  const schedule = amount.ok ? parsePaymentSchedule(form.schedule, amount.fen) : undefined;
  if (schedule && !schedule.ok) errors.push(schedule.error);
  const managementPeriod = parseManagementPeriod(form.management_period);
  if (!managementPeriod) errors.push('管理考核周期只能选择「按月」或「按季度」');
  const surveyTo = (form.survey_to ?? '').trim();
  if (surveyTo !== '' && surveyTo !== 'named' && surveyTo !== 'group') errors.push(SURVEY_TO_REFUSAL);
  if (form.targets === '') errors.push('请填写绩效目标(服务标准与考核要求)');
  else if (charCount(form.targets) > MAX_TARGETS_CHARS)
    errors.push(tooLongRefusal('绩效目标', MAX_TARGETS_CHARS, charCount(form.targets)));
  if (errors.length || !amount.ok || !term.ok || !schedule?.ok || !managementPeriod)
    return { ok: false, error: errors.join(';'), errors };
  return {
    ok: true,
    terms: {
      amountFen: amount.fen,
      startsOn: form.starts_on,
      endsOn: form.ends_on,
      periods: schedule.periods,
      targets: form.targets,
      longTerm: term.longerThanWarn,
      ...(late ? { late: { reason, afterEnd: late.afterEnd } } : {}),
      managementPeriod,
    },
  };
}
