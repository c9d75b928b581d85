/**
 * The spot check's scope form (rule 12): units, service categories, a month range and a sample size
 * or rate. Every problem is reported at once, as the filing form does.
 */
import { SERVICE_CATEGORIES, type ServiceCategory } from './categories';
import { type FormValues, formList, formText } from './form';
import { monthIndex } from './months';

export type SpotCheckRequest = {
  /** Units asked for; empty means every unit the checker may see. */
  unitIds: number[];
  categories: ServiceCategory[] | null;
  fromMonth: string;
  toMonth: string;
  sampleSize: number | null;
  /** The rate in basis points (10.5 % is 1050). */
  sampleBp: number | null;
};

export type SpotCheckFormResult = { ok: true; value: SpotCheckRequest } | { ok: false; errors: string[] };

/** The most a checker may draw at once: each sampled assessment is re-scored by hand. */
export const MAX_SAMPLE_SIZE = 500;
/** Months the range may span: ten years. */
const MAX_MONTHS = 120;

const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

export function parseSpotCheckForm(form: FormValues): SpotCheckFormResult {
  const errors: string[] = [];
  const unitIds: number[] = [];
  for (const u of formList(form, 'units')) {
    if (/^\d{1,12}$/.test(u)) unitIds.push(Number(u));
    else errors.push('所选单位无效,请重新打开抽查表');
  }
  const cats = formList(form, 'categories');
  const known = new Set<string>(SERVICE_CATEGORIES);
  if (cats.some((c) => !known.has(c))) errors.push('所选服务类别无效,请重新打开抽查表');
  const fromMonth = formText(form, 'from_month');
  const toMonth = formText(form, 'to_month');
  if (!isMonth(fromMonth)) errors.push('请填写起始月份,格式为 YYYY-MM,如 2026-01');
  if (!isMonth(toMonth)) errors.push('请填写截止月份,格式为 YYYY-MM,如 2026-12');
  if (isMonth(fromMonth) && isMonth(toMonth)) {
    const span = monthIndex(toMonth) - monthIndex(fromMonth);
    if (span < 0) errors.push('截止月份不能早于起始月份');
    else if (span >= MAX_MONTHS) errors.push(`月份范围不能超过${MAX_MONTHS}个月`);
  }
  const sizeText = formText(form, 'size');
  const rateText = formText(form, 'rate');
  let sampleSize: number | null = null;
  let sampleBp: number | null = null;
  if (sizeText !== '' && rateText !== '') errors.push('抽查数量和抽查比例只能填写一项');
  else if (sizeText !== '') {
    if (!/^\d{1,4}$/.test(sizeText) || Number(sizeText) < 1 || Number(sizeText) > MAX_SAMPLE_SIZE)
      errors.push(`抽查数量须为1到${MAX_SAMPLE_SIZE}之间的整数`);
    else sampleSize = Number(sizeText);
  } else if (rateText !== '') {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(rateText);
    const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
    if (!(bp >= 1 && bp <= 10_000)) errors.push('抽查比例须在0.01%到100%之间,最多两位小数,如 10 或 2.5');
    else sampleBp = bp;
  } else errors.push('请填写抽查数量或抽查比例');
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      unitIds: [...new Set(unitIds)],
      categories: cats.length ? [...new Set(cats as ServiceCategory[])] : null,
      fromMonth,
      toMonth,
      sampleSize,
      sampleBp,
    },
  };
}
