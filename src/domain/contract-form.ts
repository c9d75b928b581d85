import type { PaymentPeriod } from './contract';
import { type FormValues, formText } from './form';
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

export const MAX_TARGETS_CHARS = 2000;

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
 * above 0 and not above the awarded price, the term fits the policy, the schedule adds up exactly
 * and the performance targets are written. The first problem is the answer.
 */
export function validateSigning(
  form: SigningForm,
  awardedFen: bigint,
  limits: TermLimits,
): { ok: true; terms: SigningTerms } | { ok: false; error: string } {
  const amount = parseAmount(form.amount);
  if (!amount.ok) return { ok: false, error: `合同金额有误:${amount.error}` };
  if (amount.fen > awardedFen)
    return {
      ok: false,
      error: `合同金额 ${formatYuan(amount.fen)} 超过中标价 ${formatYuan(awardedFen)},不能签订`,
    };
  const term = checkTerm(form.starts_on, form.ends_on, limits);
  if (!term.ok) return term;
  const schedule = parsePaymentSchedule(form.schedule, amount.fen);
  if (!schedule.ok) return schedule;
  if (form.targets === '') return { ok: false, error: '请填写绩效目标(服务标准与考核要求)' };
  if (form.targets.length > MAX_TARGETS_CHARS)
    return { ok: false, error: `绩效目标最多${MAX_TARGETS_CHARS}字` };
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
