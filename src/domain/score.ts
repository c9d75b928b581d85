/**
 * The monthly dual-line score (rule 7) as pure integer arithmetic. Every score is integer tenths of a
 * point (0-1000 = 0.0-100.0) and every weight is basis points, so nothing here is ever a float.
 */
import { dateParts } from './business-date';
import type { DeductionBand } from './deduction';
import { divideHalfUp } from './money';
import { FULL_MARKS_TENTHS } from './monthly-scores';
import { monthParts } from './months';

export { FULL_MARKS_TENTHS };

export type ParsedTenths = { ok: true; tenths: number } | { ok: false; error: string };
export type Weights = { dailyWeightBp: number; managementWeightBp: number };

// Phones and Chinese IMEs type full-width digits and points; they mean the same number.
const normalise = (s: string) =>
  s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[－—]/g, '-')
    .trim()
    .replace(/\s*分$/, '');

/**
 * Points as typed (`92`, `92.5`, `１.５分`) into tenths. At most one decimal, never negative; the upper
 * bound is the caller's (a deduction's maximum, or 100 for the management line). `label` names the
 * field in the Chinese message. An empty input is an error here; callers that allow it check first.
 */
export function parseTenths(input: string, label: string): ParsedTenths {
  const text = normalise(input);
  if (text === '') return { ok: false, error: `请填写${label}` };
  const m = /^(-)?(\d{1,7})(?:\.(\d+))?$/.exec(text);
  if (!m) return { ok: false, error: `${label}须为数字,如 2 或 1.5,您填写的是“${input.trim()}”` };
  if (m[1] && /[1-9]/.test(text)) return { ok: false, error: `${label}不能为负数` };
  const fraction = m[3] ?? '';
  if (fraction.length > 1) return { ok: false, error: `${label}最多保留一位小数` };
  return { ok: true, tenths: Number(m[2]) * 10 + Number(fraction || '0') };
}

/** The daily-assessment line: 100.0 minus the rubric deductions. Throws if they pass 100 points. */
export function dailyLineTenths(deductionTenths: readonly number[]): number {
  const total = deductionTenths.reduce((a, b) => a + b, 0);
  if (deductionTenths.some((t) => !Number.isInteger(t) || t < 0) || total > FULL_MARKS_TENTHS)
    throw new RangeError(`deductions must be whole tenths ≥ 0 totalling at most 1000, got ${total}`);
  return FULL_MARKS_TENTHS - total;
}

/**
 * The final score: `(daily × dailyWeightBp + management × managementWeightBp) / 10000`, half up to a
 * whole tenth (one decimal). Weights are the contract's, copied at signing, and must sum to 10000.
 */
export function finalTenths(daily: number, management: number, w: Weights): number {
  for (const t of [daily, management])
    if (!Number.isInteger(t) || t < 0 || t > FULL_MARKS_TENTHS)
      throw new RangeError(`a line score must be whole tenths 0-1000, got ${t}`);
  if (w.dailyWeightBp + w.managementWeightBp !== 10_000 || w.dailyWeightBp < 0 || w.managementWeightBp < 0)
    throw new RangeError('weights must be ≥ 0 and sum to 10000 bp');
  const weighted =
    BigInt(daily) * BigInt(w.dailyWeightBp) + BigInt(management) * BigInt(w.managementWeightBp);
  return Number(divideHalfUp(weighted, 10_000n));
}

/** Tenths as points with one decimal: 875 → `87.5`, 900 → `90.0`. */
export function formatTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** Points without a trailing `.0`, for band labels and form defaults: 900 → `90`, 15 → `1.5`. */
export function formatPoints(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : formatTenths(tenths);
}

/** Basis points as a percentage: 200 → `2%`, 250 → `2.5%`, 1 → `0.01%`. */
export function formatPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

export type Band = { index: number; minTenths: number; deductBp: number; label: string };

/**
 * The contract's deduction band of a final score (first band, top-down, with score ≥ minTenths), and
 * its label as cards show it: `90分及以上:不扣减`, `85–90分:扣减2%`, `低于80分:扣减10%`.
 */
export function bandOf(bands: readonly DeductionBand[], score: number): Band {
  const index = bands.findIndex((b) => score >= b.minTenths);
  const band = bands[index];
  if (!band) throw new RangeError('deduction bands must end with a band starting at 0');
  const above = bands[index - 1];
  const range =
    index === 0
      ? band.minTenths === 0
        ? '全部分数'
        : `${formatPoints(band.minTenths)}分及以上`
      : band.minTenths === 0
        ? `低于${formatPoints(above!.minTenths)}分`
        : `${formatPoints(band.minTenths)}–${formatPoints(above!.minTenths)}分`;
  const effect = band.deductBp === 0 ? '不扣减' : `扣减${formatPercent(band.deductBp)}`;
  return { index, minTenths: band.minTenths, deductBp: band.deductBp, label: `${range}:${effect}` };
}

/**
 * The business date the scoring window of `month` opens: day `opensDay` of that month, or its last
 * day when the month is shorter (a window "from the 31st" opens on 30 April).
 */
export function windowOpensOn(month: string, opensDay: number): string {
  const { year, month: m } = monthParts(month);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const day = Math.min(Math.max(1, opensDay), last);
  const date = `${month}-${String(day).padStart(2, '0')}`;
  dateParts(date);
  return date;
}

/** Whether the scoring window of `month` has opened on business date `today`. */
export function windowOpen(month: string, opensDay: number, today: string): boolean {
  return windowOpensOn(month, opensDay) <= today;
}
