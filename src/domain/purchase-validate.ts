import { CATEGORY_LABELS, type ServiceCategory } from './categories';
import { formatYuan, parseAmount } from './money';
import { keyOf } from './one-of';
import { type DraftData, METHODS } from './purchase-fields';

/** What validation needs from the database, loaded by the caller. */
export interface FilingRefs {
  /** A request's service category is its line's (rule 1): the line carries it. */
  lines: Map<string, { unitId: number; remainingFen: bigint; category: ServiceCategory }>;
  /** open_id → the roles this person holds in the line's unit (zone grants included). */
  rolesIn(openId: string, unitId: number): Set<string>;
}

export type FieldErrors = Partial<Record<keyof DraftData, string>>;

function money(v: string | undefined, errors: FieldErrors, field: keyof DraftData, label: string) {
  const r = parseAmount(v ?? '');
  if (!r.ok) errors[field] = `${label}:${r.error}`;
  return r.ok ? r.fen : undefined;
}

/** Rules 1 to 3 for one step of the filing: every problem, keyed by field, in Chinese. */
export function validateStep(step: number, d: DraftData, refs: FilingRefs): FieldErrors {
  const e: FieldErrors = {};
  const line = d.line ? refs.lines.get(d.line) : undefined;
  if (step === 1) {
    if (!line) e.line = '请选择本单位本年度的预算额度';
    // The category is not a choice: a form that sends another one (a forged click, an old draft) is refused.
    else if (d.category && d.category !== line.category)
      e.category = `服务类别须与所选预算额度一致:该额度为「${CATEGORY_LABELS[line.category]}」`;
    if (line?.category === 'other' && !d.category_other)
      e.category_other = '预算额度类别为“其他”时请说明具体服务';
    if (!d.description || d.description.length < 4) e.description = '请填写服务内容(至少4个字)';
  }
  if (step === 2) {
    if (!d.why || d.why.length < 4) e.why = '请说明为何外包而非自行承担(至少4个字)';
    if (!/^[1-9]\d{0,2}$/.test(d.suppliers ?? '')) e.suppliers = '询价供应商数量应为1至999的整数';
    const low = money(d.price_low, e, 'price_low', '市场价格下限');
    const high = money(d.price_high, e, 'price_high', '市场价格上限');
    if (low !== undefined && high !== undefined && low > high) e.price_high = '市场价格上限不能低于下限';
  }
  if (step === 3) {
    const amount = money(d.amount, e, 'amount', '预估金额');
    if (!keyOf(METHODS, d.method)) e.method = '请选择拟采用的采购方式';
    if (amount !== undefined && line && amount > line.remainingFen)
      e.amount = `超出预算:该预算额度剩余 ${formatYuan(line.remainingFen)},本次预估 ${formatYuan(amount)}`;
  }
  if (step === 4 && line) {
    if (!d.leader || !refs.rolesIn(d.leader, line.unitId).has('responsible_leader')) {
      e.leader = '分管班子成员须为本单位的分管领导';
    }
    if (!d.department || !refs.rolesIn(d.department, line.unitId).has('responsible_department')) {
      e.department = '职能科室须选择本单位职能科室人员';
    }
    const assessors = d.assessors ?? [];
    if (assessors.length === 0) e.assessors = '请至少指定一名考核人';
    else if (assessors.some((a) => !refs.rolesIn(a, line.unitId).has('assessor'))) {
      e.assessors = '考核人须为本单位的考核人员';
    }
  }
  return e;
}

/** The draft with its category taken from its line (rule 1), once step 1 has been checked. */
export function withLineCategory(d: DraftData, refs: FilingRefs): DraftData {
  const line = d.line ? refs.lines.get(d.line) : undefined;
  if (!line) return d;
  return { ...d, category: line.category, category_other: line.category === 'other' ? d.category_other : '' };
}
