import { parseDate } from './business-date';
import { DomainError } from './errors';

/** What a card's form sends (Feishu's `form_value`): each field by its name. A forged click may send anything. */
export type FormValues = Record<string, unknown> | undefined;

/** Feishu's input component accepts `max_length` 1 to 1000: nobody can type more into a real card. */
export const MAX_FIELD_CHARS = 1000;
/** Short fields (names, numbers, dates, references): enough for any real one, small on every card. */
const SHORT = 100;
/** A vendor's contact person (procurement/vendors checks the same). */
export const CONTACT_NAME_MAX = 40;
/** A vendor's name (procurement/vendors checks the same). */
export const VENDOR_NAME_MAX = SHORT;
/** A multi-select never offers more options than a card can hold (200 elements). */
const MAX_LIST_ITEMS = 200;

/**
 * Each known field's Chinese label (for refusals) and its maximum length in characters. The input
 * builder (`input()` in cards/kit) reads the same table, so the card and the parser agree.
 */
const FIELDS: Record<string, { label: string; max?: number; date?: true }> = {
  amount: { label: '金额', max: SHORT },
  approval_ref: { label: '非公开招标批准文号', max: SHORT },
  assessors: { label: '考核人', max: SHORT },
  award_date: { label: '成交(中标)日期', max: SHORT, date: true },
  bidders: { label: '参与供应商数量', max: SHORT },
  category: { label: '类别', max: SHORT },
  category_other: { label: '其他类别说明', max: SHORT },
  categories: { label: '类别', max: SHORT },
  cause: { label: '节约原因' },
  checked: { label: '督查内容' },
  contact_name: { label: '联系人', max: CONTACT_NAME_MAX },
  contact_phone: { label: '联系电话', max: SHORT },
  department: { label: '部门', max: SHORT },
  description: { label: '服务内容' },
  ends_on: { label: '结束日期', max: SHORT, date: true },
  evidence: { label: '依据' },
  from_month: { label: '起始月份', max: SHORT },
  inspected_on: { label: '督查日期', max: SHORT, date: true },
  late_reason: { label: '补签原因' },
  leader: { label: '分管领导', max: SHORT },
  leadership_unit: { label: '单位', max: SHORT },
  leadership_unit_name: { label: '单位名称', max: SHORT },
  line: { label: '预算项目', max: SHORT },
  line_no: { label: '预算额度编号', max: SHORT },
  line_amount: { label: '金额', max: SHORT },
  line_name: { label: '名称', max: SHORT },
  list_q: { label: '合同编号或名称', max: 40 },
  list_status: { label: '合同状态', max: SHORT },
  list_year: { label: '签订年度', max: SHORT },
  management: { label: '管理考核得分', max: SHORT },
  management_period: { label: '管理考核周期', max: SHORT },
  meeting_date: { label: '会议日期', max: SHORT, date: true },
  method: { label: '采购方式', max: SHORT },
  minutes_no: { label: '会议纪要编号', max: SHORT },
  notes: { label: '抽查说明' },
  override_reason: { label: '超控理由' },
  participants: { label: '参加人员' },
  person: { label: '人员', max: SHORT },
  platform: { label: '交易平台', max: SHORT },
  price: { label: '成交金额', max: SHORT },
  problem: { label: '问题描述' },
  problem_due: { label: '整改期限', max: SHORT, date: true },
  problem_owner: { label: '整改责任人', max: SHORT },
  project_contract: { label: '合同', max: SHORT },
  project_contract_no: { label: '合同编号', max: SHORT },
  price_high: { label: '市场价格上限', max: SHORT },
  price_low: { label: '市场价格下限', max: SHORT },
  rate: { label: '抽查比例', max: SHORT },
  reapproval_ref: { label: '重新审批文号', max: SHORT },
  reason: { label: '理由' },
  reference_no: { label: '项目编号', max: SHORT },
  req_q: { label: '搜索', max: 40 },
  req_status: { label: '状态', max: SHORT },
  req_unit: { label: '单位', max: SHORT },
  req_year: { label: '提交年度', max: SHORT },
  role: { label: '角色', max: SHORT },
  schedule: { label: '付款计划' },
  scope: { label: '服务范围' },
  scope_name: { label: '范围', max: SHORT },
  single_source_reason: { label: '单一来源理由' },
  size: { label: '抽查数量', max: SHORT },
  starts_on: { label: '服务开始日期', max: SHORT, date: true },
  suppliers: { label: '询价供应商数', max: SHORT },
  survey_comment: { label: '意见建议', max: 300 },
  survey_people: { label: '满意度测评人员', max: SHORT },
  survey_to: { label: '满意度测评对象', max: SHORT },
  targets: { label: '绩效目标' },
  to_month: { label: '截止月份', max: SHORT },
  unit: { label: '单位', max: SHORT },
  unit_name: { label: '单位名称', max: SHORT },
  units: { label: '单位', max: SHORT },
  units_name: { label: '单位名称' },
  uscc: { label: '统一社会信用代码', max: SHORT },
  vendor: { label: '供应商', max: SHORT },
  vendor_name: { label: '供应商名称', max: SHORT },
  why: { label: '为何外包' },
  year: { label: '年度', max: SHORT },
};

/** The most characters field `name` accepts (1000 unless the table says less). */
export function fieldMax(name: string): number {
  return (Object.hasOwn(FIELDS, name) ? FIELDS[name]?.max : undefined) ?? MAX_FIELD_CHARS;
}

/** Date picker fields: a real calendar date or nothing (`2027-01-31` or `2027-01-31 +0800`). */
function isDateField(name: string): boolean {
  return (Object.hasOwn(FIELDS, name) && FIELDS[name]?.date === true) || /^due_\d{1,3}$/.test(name);
}

/** The parts of a numbered finding on the inspection form (cards/inspection). */
const SLOT_LABELS = { finding: '描述', owner: '整改责任人', severity: '严重程度' } as const;

/** The Chinese label of field `name`, for refusals; a name the table does not know is never echoed. */
export function fieldLabel(name: string): string {
  const known = Object.hasOwn(FIELDS, name) ? FIELDS[name]?.label : undefined;
  if (known) return known;
  // Rubric items (`d_<key>`, `n_<key>`) and numbered findings are named by data; a forged name is
  // never echoed.
  if (/^d_[a-z0-9_]{1,32}$/.test(name)) return '扣分';
  if (/^n_[a-z0-9_]{1,32}$/.test(name)) return '扣分说明';
  if (/^due_\d{1,3}$/.test(name)) return '整改期限';
  const slot = /^(finding|severity|owner)_(\d{1,3})$/.exec(name);
  if (slot) return `问题${slot[2]}的${SLOT_LABELS[slot[1] as keyof typeof SLOT_LABELS]}`;
  return '填写的内容';
}

// NUL and the other C0/C1 controls, DEL, the noncharacters U+FFFE/U+FFFF and lone surrogates:
// PostgreSQL refuses NUL in text (the click would fail as 系统繁忙), a lone surrogate would be stored
// as U+FFFD (changed in silence), and none of them can be typed into a card. Tab and line breaks are
// what multi-line inputs legitimately send.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ID_CONTROL = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/** What a person is told when a click or a form carries such a character (no field to name). */
export const CONTROL_CHARS_REFUSAL = '输入含有不可见的控制字符,请删除后重试';

/** True when text `s` holds NUL or another control character other than tab and line breaks. */
export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

/** True when an identifier (open_id, chat_id, event id, ...) holds any control character at all. */
export function hasIdControlChars(s: string): boolean {
  return ID_CONTROL.test(s);
}

/** The refusal of a field holding control characters, naming it. */
export function controlCharsRefusal(name: string): string {
  return `「${fieldLabel(name)}」含有不可见的控制字符,请删除后重试`;
}

/** The refusal of a field longer than its limit, naming it, the limit and what was typed. */
export function tooLongRefusal(label: string, max: number, length: number): string {
  return `「${label}」最多${max}字,当前${length}字,请精简后重试`;
}

/** Length in characters as a card's counter shows it (code points: an emoji is one). */
export const charCount = (s: string): number => [...s].length;

/** Refuses a value no real card could send: too long for its field, or holding control characters. */
export function checkFieldText(name: string, s: string): string {
  const max = fieldMax(name);
  // Count code points, as Feishu's counter does; a cheap length check first bounds the work.
  if (s.length > max && charCount(s) > max) {
    throw new DomainError('bad_input', tooLongRefusal(fieldLabel(name), max, charCount(s)));
  }
  if (CONTROL.test(s)) throw new DomainError('bad_input', controlCharsRefusal(name));
  // A picker never sends 2026-02-30; a forged one must not be stored or crash the insert.
  if (isDateField(name) && s.trim() !== '' && !parseDate(s)) {
    throw new DomainError('bad_input', `「${fieldLabel(name)}」不是有效日期,请用日期选择器重新选择`);
  }
  return s;
}

function field(form: FormValues, name: string): unknown {
  return form && typeof form === 'object' && Object.hasOwn(form, name) ? form[name] : undefined;
}

/**
 * One field as the person typed it, trimmed. Inputs and selects send strings, a date picker
 * `2027-01-31 +0800`, a number input may send a number, a multi-select a list (its first value
 * here); anything else (absent, null, an object) reads as ''. Throws `bad_input` (naming the
 * field) when the text is longer than the field allows or holds control characters.
 */
export function formText(form: FormValues, name: string): string {
  const v = field(form, name);
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s === 'string') return checkFieldText(name, s).trim();
  return typeof s === 'number' && Number.isFinite(s) ? String(s) : '';
}

/** A multi-select field as a list of strings; a single value is a list of one. Bounded like formText. */
export function formList(form: FormValues, name: string): string[] {
  const v = field(form, name);
  const items = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
  if (items.length > MAX_LIST_ITEMS) {
    throw new DomainError('bad_input', `「${fieldLabel(name)}」最多选择${MAX_LIST_ITEMS}项`);
  }
  return items
    .filter((x) => typeof x === 'string' || typeof x === 'number')
    .map((x) => checkFieldText(name, String(x)));
}

/** Every named field as text: for forms whose fields depend on the data (the score's rubric items). */
export function formTexts(form: FormValues): Record<string, string> {
  const keys = form && typeof form === 'object' ? Object.keys(form) : [];
  if (keys.length > MAX_LIST_ITEMS) throw new DomainError('bad_input', '表单内容过多,请重新打开卡片');
  // A null-prototype record: a forged `__proto__` field stays an ordinary key, never a prototype.
  const out: Record<string, string> = Object.create(null);
  for (const k of keys) out[k] = formText(form, k);
  return out;
}
