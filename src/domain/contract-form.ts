import type { PaymentPeriod } from './contract';
import { charCount, type FormValues, fieldMax, formText, tooLongRefusal } from './form';
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
};

export type SigningTerms = {
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  periods: PaymentPeriod[];
  targets: string;
  /** The term is longer than the policy's warning length (allowed, but flagged). */
  longTerm: boolean;
};

/** The performance targets' limit: their field's (the card's max_length), so the check and the card agree. */
export const MAX_TARGETS_CHARS = fieldMax('targets');

export function readSigningForm(f: FormValues): SigningForm {
  return {
    amount: formText(f, 'amount'),
    starts_on: formText(f, 'starts_on').slice(0, 10),
    ends_on: formText(f, 'ends_on').slice(0, 10),
    schedule: formText(f, 'schedule'),
    targets: formText(f, 'targets'),
  };
}

/**
 * The contract's terms from the form, checked against the procurement and the policy: the amount is
 * above 0 and not above the awarded price, the term fits the policy and starts no earlier than the
 * award date (rule 6), the schedule adds up exactly and the performance targets are written. Every
 * problem is reported at once (`errors`, each in Chinese; `error` joins them for a toast).
 */
export function validateSigning(
  form: SigningForm,
  awardedFen: bigint,
  limits: TermLimits,
  awardDate?: string,
): { ok: true; terms: SigningTerms } | { ok: false; error: string; errors: string[] } {
  const errors: string[] = [];
  const amount = parseAmount(form.amount);
  if (!amount.ok) errors.push(`合同金额有误:${amount.error}`);
  else if (amount.fen > awardedFen)
    errors.push(`合同金额 ${formatYuan(amount.fen)} 超过中标价 ${formatYuan(awardedFen)},不能签订`);
  const term = checkTerm(form.starts_on, form.ends_on, limits);
  if (!term.ok) errors.push(term.error);
  if (awardDate && /^\d{4}-\d{2}-\d{2}$/.test(form.starts_on) && form.starts_on < awardDate)
    errors.push(`服务开始日期 ${form.starts_on} 早于成交(中标)日期 ${awardDate},合同不能在成交前开始`);
  // The schedule is checked against the amount it must add up to; without a valid amount it cannot be.
  const schedule = amount.ok ? parsePaymentSchedule(form.schedule, amount.fen) : undefined;
  if (schedule && !schedule.ok) errors.push(schedule.error);
  if (form.targets === '') errors.push('请填写绩效目标(服务标准与考核要求)');
  else if (charCount(form.targets) > MAX_TARGETS_CHARS)
    errors.push(tooLongRefusal('绩效目标', MAX_TARGETS_CHARS, charCount(form.targets)));
  if (errors.length || !amount.ok || !term.ok || !schedule?.ok)
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
    },
  };
}
