// The rules of a card that look beyond one property: forms and their fields, names and element_ids
// across the card, option values, tables and the people a card names. Pure; used by card-check.
import { markdownFindings } from './card-markdown-check';
import {
  ELEMENT_ID,
  type Finding,
  FORM_FIELDS,
  OPAQUE_KEYS,
  PAGES,
  REQUIRED_FIELDS,
  type RuleId,
} from './card-rules';
import { type CheckCtx, isObj, type Obj, show } from './card-shape-check';

export interface Form {
  path: string;
  submit: boolean;
}
export interface Ctx extends CheckCtx {
  findings: Finding[];
  tables: number;
  names: Map<string, string>;
}
export interface Scope {
  depth: number;
  form?: Form;
  inColumns?: boolean;
}

const isSubmit = (el: Obj): boolean => el.form_action_type === 'submit' || el.action_type === 'form_submit';

export function checkFormRules(el: Obj, tag: string, path: string, ctx: Ctx, scope: Scope): void {
  const add = (rule: RuleId, p: string, message: string) => ctx.add({ rule, path: p, message });
  const form = scope.form;
  if (tag === 'form' && typeof el.name !== 'string') add('names', `${path}.name`, 'a form needs a name');
  if (form && FORM_FIELDS.has(tag) && (typeof el.name !== 'string' || el.name === ''))
    add('names', `${path}.name`, `${tag} inside a form needs a name (${PAGES.form})`);
  if (form && tag === 'button' && isSubmit(el)) form.submit = true;
  if (
    form &&
    el.form_action_type !== undefined &&
    el.form_action_type !== 'submit' &&
    el.form_action_type !== 'reset'
  )
    add('form', `${path}.form_action_type`, `must be submit or reset (got ${show(el.form_action_type)})`);
  // 表单容器 / 下拉选择-多选: the multi-select page gives `required` a default of true, the others false.
  if (form && REQUIRED_FIELDS.has(tag) && typeof el.required !== 'boolean')
    add(
      'required-explicit',
      `${path}.required`,
      `set required to true or false inside a form: the multi-select page defaults it to true, the other pages to false, and the card must work under both (${PAGES.multi_select_static})`,
    );
  // "confirm 字段仅在用户点击包含提交属性的按钮时才会触发二次确认弹窗" (button and select pages).
  if (el.confirm !== undefined && !(tag === 'button' && form && isSubmit(el)))
    add(
      'confirm-submit',
      `${path}.confirm`,
      `irreversible action not confirmed under the strict reading (confirm fires only on a button that submits a form, ${PAGES.button}): make it a form's submit button or a second step`,
    );
}

/**
 * A component's `name` must be unique in the whole card, "否则数据会发送失败" (表单容器, PAGES.form):
 * forms, their fields and every other named component share one namespace.
 */
export function claimName(name: string, path: string, ctx: Ctx): void {
  const seen = ctx.names.get(name);
  if (seen)
    ctx.add({
      rule: 'names',
      path: `${path}.name`,
      message: `duplicate name '${name}' (also at ${seen}); names are card-wide (${PAGES.form})`,
    });
  else ctx.names.set(name, path);
}

/** "同一个选择组件内，各选项的 value 值不可重复，否则将导致用户侧交互异常" (select pages). */
export function checkOptionValues(options: unknown[], path: string, ctx: Ctx): void {
  const seen = new Map<string, number>();
  options.forEach((o, i) => {
    if (!isObj(o) || typeof o.value !== 'string') return;
    const first = seen.get(o.value);
    if (first === undefined) seen.set(o.value, i);
    else
      ctx.add({
        rule: 'option-values',
        path: `${path}.options[${i}].value`,
        message: `duplicate option value ${show(o.value)} (also options[${first}])`,
      });
  });
}

/** element_id: unique in the card, letters, digits and _, starting with a letter, at most 20 (structure page). */
export function checkElementIds(card: Obj, ctx: Ctx): void {
  const seen = new Map<string, string>();
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        visit(x, `${path}[${i}]`);
      });
      return;
    }
    if (!isObj(v)) return;
    if (v.element_id !== undefined) {
      const id = v.element_id;
      const p = `${path}.element_id`;
      if (typeof id !== 'string' || !ELEMENT_ID.test(id))
        ctx.add({
          rule: 'element-id',
          path: p,
          message: `${show(id)}: letters, digits and _, a letter first, at most 20`,
        });
      else if (seen.has(id))
        ctx.add({
          rule: 'element-id',
          path: p,
          message: `duplicate element_id '${id}' (also at ${seen.get(id)})`,
        });
      else seen.set(id, p);
    }
    for (const [k, x] of Object.entries(v)) if (!OPAQUE_KEYS.has(k)) visit(x, path ? `${path}.${k}` : k);
  };
  visit({ header: card.header, body: card.body }, '');
}

export function checkTable(el: Obj, path: string, ctx: Ctx): void {
  ctx.tables++;
  const add = (p: string, message: string) => ctx.add({ rule: 'table', path: `${path}.${p}`, message });
  const ps = el.page_size;
  if (ps !== undefined && !(Number.isInteger(ps) && (ps as number) >= 1 && (ps as number) <= 10))
    add('page_size', `must be an integer from 1 to 10 (got ${show(ps)})`);
  if (!Array.isArray(el.columns)) add('columns', 'must be an array');
  if (el.rows !== undefined && !Array.isArray(el.rows)) add('rows', 'must be an array');
  if (!Array.isArray(el.columns) || !Array.isArray(el.rows)) return;
  // Cells of lark_md / markdown columns are markdown text: links, entities and mentions as elsewhere.
  const md = el.columns.filter(
    (c): c is Obj => isObj(c) && (c.data_type === 'lark_md' || c.data_type === 'markdown'),
  );
  const opts = ctx.knownOpenIds ? { knownOpenIds: ctx.knownOpenIds } : {};
  el.rows.forEach((r, i) => {
    for (const c of md) {
      const cell = isObj(r) ? r[String(c.name)] : undefined;
      if (typeof cell === 'string')
        for (const f of markdownFindings(cell, `${path}.rows[${i}].${String(c.name)}`, opts)) ctx.add(f);
    }
  });
}

/** person and person_list name users by id: an id this app does not know is refused with 100290. */
export function checkPeople(el: Obj, tag: string, path: string, ctx: Ctx): void {
  const known = ctx.knownOpenIds;
  if (!known) return;
  const refuse = (p: string, id: string) =>
    ctx.add({
      rule: 'mention',
      path: p,
      message: `${show(id)} is no open_id this app knows (Feishu refuses the card: ErrCode 100290, invalid user resource(at/person))`,
    });
  if (tag === 'person' && typeof el.user_id === 'string' && !known.has(el.user_id))
    refuse(`${path}.user_id`, el.user_id);
  if (tag === 'person_list' && el.drop_invalid_user_id !== true && Array.isArray(el.persons))
    el.persons.forEach((p, i) => {
      if (isObj(p) && typeof p.id === 'string' && !known.has(p.id)) refuse(`${path}.persons[${i}].id`, p.id);
    });
}
