import type { ProcurementMethod } from './contract';
import { type FormValues, formList, formText } from './form';

/** What a draft holds, as typed: every value a string (or list), parsed only when validated. */
export interface DraftData {
  line?: string;
  category?: string;
  category_other?: string;
  description?: string;
  why?: string;
  suppliers?: string;
  price_low?: string;
  price_high?: string;
  amount?: string;
  method?: string;
  leader?: string;
  department?: string;
  assessors?: string[];
}

/** Rule 5's procurement methods as users name them (one label for each method of `PROCUREMENT_METHODS`). */
export const METHODS: Record<ProcurementMethod, string> = {
  open_tender: '公开招标',
  invited_tender: '邀请招标',
  competitive_negotiation: '竞争性谈判',
  competitive_consultation: '竞争性磋商',
  single_source: '单一来源',
  inquiry: '询价',
};
export type Method = ProcurementMethod;

export const STEPS = [
  { n: 1, title: '基本信息', fields: ['line', 'category', 'category_other', 'description'] },
  { n: 2, title: '可行性论证', fields: ['why', 'suppliers', 'price_low', 'price_high'] },
  { n: 3, title: '金额与采购方式', fields: ['amount', 'method'] },
  { n: 4, title: '责任人', fields: ['leader', 'department', 'assessors'] },
  { n: 5, title: '确认提交', fields: [] },
] as const;
export const LAST_STEP = 5;

/** Picks the step's fields out of a submitted form, as strings (lists for multi-selects). */
export function readForm(step: number, form: FormValues): Partial<DraftData> {
  const def = STEPS.find((s) => s.n === step);
  const out: Record<string, unknown> = {};
  for (const f of def?.fields ?? []) out[f] = f === 'assessors' ? formList(form, f) : formText(form, f);
  return out as Partial<DraftData>;
}
