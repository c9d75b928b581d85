/**
 * A month's score entry as the card collects it: rubric deductions (each with a note), the management
 * line and, for a correction, the reason. The same check runs on preview and again on confirm, where
 * the values come back from the button and may have been forged.
 */

import type { ContractClauseValues, RubricItem, ScoreDeduction } from './contract';
import { charCount, type FormValues, formTexts, tooLongRefusal } from './form';
import {
  type Band,
  bandOf,
  dailyLineTenths,
  FULL_MARKS_TENTHS,
  finalTenths,
  formatPoints,
  parseTenths,
} from './score';
import type { SurveyShown } from './survey-share';

export const NOTE_MAX = 100;
export const REASON_MAX = 200;

/** What was typed, by form field name: `d_<key>`, `n_<key>`, `management`, `reason`. */
export type Typed = Record<string, string>;

export type Entry = {
  /** Only the items with a deduction above 0, in rubric order. */
  deductions: ScoreDeduction[];
  dailyTenths: number;
  managementTenths: number;
  finalTenths: number;
  band: Band;
  reason?: string;
  /**
   * Set when a survey's share is in `managementTenths` (the line): the assessor's own management
   * score, which the buttons carry back so confirm computes the line again.
   */
  assessedManagementTenths?: number;
  /** The month's closed survey round as the cards show it (applied or 样本不足). */
  survey?: SurveyShown;
};

export type EntryResult = { ok: true; entry: Entry } | { ok: false; error: string };

/** The card's form values as strings (a forged callback may send anything). */
export function typedFromForm(formValue: FormValues): Typed {
  return formTexts(formValue);
}

/** The button payload back into typed values, so confirm runs exactly the preview's check. */
export function typedFromPayload(p: {
  d: Record<string, [number, string]>;
  m: number;
  reason?: string;
}): Typed {
  const out: Typed = { management: tenthsText(p.m) };
  for (const [key, [tenths, note]] of Object.entries(p.d)) {
    out[`d_${key}`] = tenthsText(tenths);
    out[`n_${key}`] = note;
  }
  if (p.reason !== undefined) out.reason = p.reason;
  return out;
}

// A forged negative or fractional number must stay refusable, so it is written out as typed.
const tenthsText = (t: number) => (Number.isInteger(t) && t >= 0 ? formatPoints(t) : String(t / 10));

/** The payload the preview puts on its buttons for an entry. */
export function payloadOf(entry: Entry): { d: Record<string, [number, string]>; m: number; reason?: string } {
  return {
    d: Object.fromEntries(entry.deductions.map((x) => [x.item, [x.tenths, x.note]])),
    m: entry.assessedManagementTenths ?? entry.managementTenths,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
  };
}

/** An entry's values as form defaults, for 返回修改 and the correction form. */
export function typedOf(entry: {
  deductions: ScoreDeduction[];
  managementTenths: number;
  assessedManagementTenths?: number | null;
}): Typed {
  return typedFromPayload({
    d: Object.fromEntries(entry.deductions.map((x) => [x.item, [x.tenths, x.note]])),
    // A row with a survey applied holds the line; the form is filled with the assessor's own score.
    m: entry.assessedManagementTenths ?? entry.managementTenths,
  });
}

/**
 * Validates an entry against the contract's rubric and computes its lines, final score and band with
 * the contract's own weights and bands. Every problem of the form is reported at once, in Chinese,
 * joined with ';' (a form is fixed in one go, not one fault per preview). A field name the rubric does
 * not know (a stale or forged form) is answered alone: the form must be reopened, not corrected.
 */
export function validateEntry(
  rubric: readonly RubricItem[],
  clauses: ContractClauseValues,
  typed: Typed,
  correction: boolean,
): EntryResult {
  const known = new Set(rubric.map((i) => i.key));
  for (const k of Object.keys(typed)) {
    const key = /^[dn]_(.+)$/.exec(k)?.[1];
    if (key !== undefined && !known.has(key))
      return { ok: false, error: '考核细则中没有该扣分项,请重新打开考核表填写' };
  }
  const errors: string[] = [];
  const deductions: ScoreDeduction[] = [];
  let itemsOk = true;
  let total = 0;
  for (const item of rubric) {
    const raw = (typed[`d_${item.key}`] ?? '').trim();
    const note = (typed[`n_${item.key}`] ?? '').trim();
    const label = `「${item.name}」扣分`;
    const parsed = raw === '' ? { ok: true as const, tenths: 0 } : parseTenths(raw, label);
    if (!parsed.ok) {
      errors.push(parsed.error);
      itemsOk = false;
      continue;
    }
    if (parsed.tenths > item.maxDeductTenths) {
      errors.push(`${label}不能超过该项上限 ${formatPoints(item.maxDeductTenths)} 分`);
      itemsOk = false;
      continue;
    }
    total += parsed.tenths;
    if (parsed.tenths === 0) continue;
    if (note === '') {
      errors.push(`「${item.name}」扣了 ${formatPoints(parsed.tenths)} 分,请填写扣分说明`);
      continue;
    }
    // Counted as the card's counter counts (code points); the button payload's 400 units hold it.
    const noteChars = charCount(note);
    if (noteChars > NOTE_MAX) {
      errors.push(`「${item.name}」的扣分说明最多${NOTE_MAX}字,当前${noteChars}字,请精简后重试`);
      continue;
    }
    deductions.push({ item: item.key, tenths: parsed.tenths, note });
  }
  // The total is only meaningful once every item's points were read (an item missing its note counts).
  if (itemsOk && total > FULL_MARKS_TENTHS)
    errors.push(`扣分合计 ${formatPoints(total)} 分,超过100分:日常考核得分不能低于0`);
  const management = parseTenths(typed.management ?? '', '管理考核得分');
  if (!management.ok) errors.push(management.error);
  else if (management.tenths > FULL_MARKS_TENTHS) errors.push('管理考核得分须在0到100分之间');
  let reason: string | undefined;
  if (correction) {
    reason = (typed.reason ?? '').trim();
    if (reason === '') errors.push('更正已录入的成绩须填写更正原因');
    else if (charCount(reason) > REASON_MAX)
      errors.push(tooLongRefusal('更正原因', REASON_MAX, charCount(reason)));
  }
  if (errors.length || !management.ok) return { ok: false, error: errors.join(';') };
  const daily = dailyLineTenths(deductions.map((d) => d.tenths));
  const final = finalTenths(daily, management.tenths, clauses.scoring);
  return {
    ok: true,
    entry: {
      deductions,
      dailyTenths: daily,
      managementTenths: management.tenths,
      finalTenths: final,
      band: bandOf(clauses.deduction.bands, final),
      ...(reason !== undefined ? { reason } : {}),
    },
  };
}
