import { dayNumber, isRealDate } from './business-date';
import type { PaymentPeriod } from './contract';
import { formatYuan, parseAmount } from './money';

export type ParsedSchedule = { ok: true; periods: PaymentPeriod[] } | { ok: false; error: string };

/** A contract pays in at most this many instalments (monthly over the longest term fits easily). */
export const MAX_PERIODS = 60;

export const SCHEDULE_HINT = '每行一期:期次名称,付款日期,金额。例如:第一季度,2027-03-31,4.5万';

const fail = (error: string): ParsedSchedule => ({ ok: false, error });

/**
 * The payment schedule as staff type it: one instalment per line, `名称,YYYY-MM-DD,金额` (a comma or
 * a full-width comma between the parts; the amount may itself contain thousands commas, so only the
 * first two separate). Strict: every line must parse, dates must be real and in order, names must be
 * distinct, and the amounts must add up to `totalFen` exactly, to the fen. Blank lines are ignored.
 * Every fault of every line is reported at once, joined with ';' (the total only once each amount
 * was read), so the plan is fixed in one go.
 */
export function parsePaymentSchedule(text: string, totalFen: bigint): ParsedSchedule {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return fail(`请填写付款计划。${SCHEDULE_HINT}`);
  if (lines.length > MAX_PERIODS) return fail(`付款计划最多${MAX_PERIODS}期,当前${lines.length}期`);
  const errors: string[] = [];
  const periods: PaymentPeriod[] = [];
  const labels = new Set<string>();
  let lastDue: string | undefined;
  let amountsRead = true;
  let badFormat = false;
  let sum = 0n;
  for (const [i, line] of lines.entries()) {
    const where = `付款计划第${i + 1}行「${line}」`;
    const m = /^([^,，]*)[,，]([^,，]*)[,，](.*)$/.exec(line);
    if (!m) {
      errors.push(`${where}格式不对`);
      badFormat = true;
      amountsRead = false;
      continue;
    }
    const label = m[1]!.trim();
    const dueOn = m[2]!.trim();
    const before = errors.length;
    if (label === '') errors.push(`${where}缺少期次名称`);
    else if (label.length > 30) errors.push(`${where}期次名称过长(最多30字)`);
    else if (labels.has(label)) errors.push(`${where}期次名称与前面重复`);
    labels.add(label);
    if (!isRealDate(dueOn)) errors.push(`${where}付款日期应为真实日期,格式 YYYY-MM-DD,如 2027-03-31`);
    else {
      if (lastDue && dayNumber(dueOn) < dayNumber(lastDue))
        errors.push(`${where}付款日期早于上一期(${lastDue}),请按时间顺序填写`);
      lastDue = dueOn;
    }
    const amount = parseAmount(m[3]!);
    if (!amount.ok) {
      errors.push(`${where}金额有误:${amount.error}`);
      amountsRead = false;
      continue;
    }
    sum += amount.fen;
    if (errors.length === before) periods.push({ label, dueOn, amountFen: amount.fen.toString() });
  }
  if (amountsRead && sum !== totalFen) {
    const gap = totalFen - sum;
    const how = gap > 0n ? `少 ${formatYuan(gap)}` : `多 ${formatYuan(-gap)}`;
    errors.push(`付款计划合计 ${formatYuan(sum)},与合同金额 ${formatYuan(totalFen)} 不一致(${how})`);
  }
  if (errors.length) return fail(errors.join(';') + (badFormat ? `。${SCHEDULE_HINT}` : ''));
  return { ok: true, periods };
}

/** The schedule written back as the lines it was typed as (for a form's default value). */
export function scheduleText(periods: PaymentPeriod[]): string {
  return periods.map((p) => `${p.label},${p.dueOn},${formatYuan(BigInt(p.amountFen))}`).join('\n');
}
