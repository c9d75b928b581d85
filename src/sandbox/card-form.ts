/**
 * What the Feishu client puts in `form_value` when a form's submit button is pressed: every field
 * of that form keyed by its `name`, holding what the user entered or the card's default. The client
 * refuses to submit while a `required` field is empty, so we throw instead of sending.
 */
import { callbackValue, textOf, walkCard } from './card-walk';
import { isRecord } from './http-io';

type Node = Record<string, unknown>;

/** Field tag → the property holding its default, from the 2.0 component docs. */
const DEFAULT_KEY: Record<string, string> = {
  input: 'default_value',
  select_static: 'initial_option',
  select_person: 'initial_option',
  select_img: 'initial_option',
  multi_select_static: 'selected_values',
  multi_select_person: 'selected_values',
  date_picker: 'initial_date',
  picker_time: 'initial_time',
  picker_datetime: 'initial_datetime',
  checker: 'checked',
};

export type FormValues = Record<string, unknown>;

function fieldsOf(form: Node): Node[] {
  return walkCard(form.elements).flatMap(({ node, tag }) =>
    tag in DEFAULT_KEY && typeof node.name === 'string' ? [node] : [],
  );
}

function labelOf(field: Node): string {
  return textOf(field.label) || textOf(field.placeholder) || String(field.name);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function optionValues(field: Node): string[] | undefined {
  if (!Array.isArray(field.options)) return undefined;
  return field.options.flatMap((o) => (isRecord(o) && typeof o.value === 'string' ? [o.value] : []));
}

/** A user can only pick listed options; a test that picks another is wrong, not the bot. */
function checkChoice(field: Node, value: unknown): void {
  const allowed = optionValues(field);
  if (!allowed || value === undefined) return;
  const picked = Array.isArray(value) ? value : [value];
  for (const p of picked) {
    if (typeof p !== 'string' || !allowed.includes(p)) {
      throw new Error(`「${labelOf(field)}」没有选项 ${JSON.stringify(p)}，可选：${allowed.join('、')}`);
    }
  }
}

export function buildFormValue(form: Node, overrides: FormValues = {}): FormValues {
  const fields = fieldsOf(form);
  const names = fields.map((f) => String(f.name));
  for (const key of Object.keys(overrides)) {
    if (!names.includes(key))
      throw new Error(`表单中没有字段 ${key}，可用字段：${names.join('、') || '（无）'}`);
  }
  const formValue: FormValues = {};
  for (const field of fields) {
    const name = String(field.name);
    const tag = String(field.tag);
    const value = name in overrides ? overrides[name] : field[DEFAULT_KEY[tag] ?? ''];
    if (field.required === true && isEmpty(value))
      throw new Error(`必填项「${labelOf(field)}」未填写，飞书客户端不会提交`);
    if (tag.includes('select') && tag !== 'select_person' && tag !== 'multi_select_person')
      checkChoice(field, value);
    // An untouched text box still submits its (empty) text; an untouched picker submits nothing.
    if (value !== undefined) formValue[name] = value;
    else if (tag === 'input') formValue[name] = '';
  }
  return formValue;
}

/** A stand-alone (not in a form) select element with this `name`, for `select()`. */
export function findSelect(card: unknown, name: string): { node: Node; tag: string; value: unknown } {
  const selectable = walkCard(card).filter(
    (e) => !e.form && ['select_static', 'select_person', 'overflow'].includes(e.tag),
  );
  const hit = selectable.find((e) => e.node.name === name);
  if (!hit) {
    const names = selectable.map((e) => `${e.tag}:${String(e.node.name ?? '(无 name)')}`).join('、');
    throw new Error(`找不到表单外的选择器 ${name}。可用：${names || '（无）'}`);
  }
  return { node: hit.node, tag: hit.tag, value: callbackValue(hit.node).value };
}

export function assertOption(node: Node, option: string): void {
  checkChoice(node, option);
}
