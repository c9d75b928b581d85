// Checks a Feishu Card JSON 2.0 card before it is sent: returns [] when valid, else readable errors
// with a JSON path. Pure: no I/O. The property tables and limits live in card-rules.
import {
  BEHAVIOR_KEYS,
  BODY_KEYS,
  CARD_LINK_KEYS,
  CONFIG_KEYS,
  CONTAINERS,
  FORM_FIELDS,
  HEADER_KEYS,
  ICON_KEYS,
  ICON_TAGS,
  MAX_BYTES,
  MAX_ELEMENTS,
  MAX_TABLES,
  NOT_IN_FORM,
  REMOVED_TAGS,
  TAG_PROPS,
  TEMPLATES,
  TEXT_KEYS,
  TEXT_SLOTS,
  TEXT_TAGS,
  TOP_KEYS,
} from './card-rules';
import { checkCharts } from './chart-check';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

interface Form {
  path: string;
  submit: boolean;
}
interface Ctx {
  errors: string[];
  count: number;
  tables: number;
  names: Map<string, string>;
}
interface Scope {
  depth: number;
  form?: Form;
  inColumns?: boolean;
}

export function checkCard(card: unknown): string[] {
  if (!isObj(card)) return ['card: must be a JSON object'];
  const ctx: Ctx = { errors: [], count: 0, tables: 0, names: new Map() };
  const err = (m: string) => ctx.errors.push(m);
  if (card.schema !== '2.0') err(`schema: must be "2.0" (got ${show(card.schema)})`);
  for (const k of Object.keys(card)) {
    if (TOP_KEYS.has(k)) continue;
    if (k === 'elements') err('elements: JSON 1.0 shape; in 2.0 elements go under body.elements');
    else if (k.startsWith('i18n_')) err(`${k}: not supported in 2.0; use i18n_content on each text`);
    else err(`${k}: unknown top-level property`);
  }
  if (card.config !== undefined) {
    checkKeys(card.config, CONFIG_KEYS, 'config', ctx);
    if (isObj(card.config) && card.config.update_multi === false)
      err('config.update_multi: 2.0 supports only true (shared cards)');
  }
  if (card.card_link !== undefined) checkKeys(card.card_link, CARD_LINK_KEYS, 'card_link', ctx);
  if (card.header !== undefined) checkHeader(card.header, ctx);
  if (!isObj(card.body)) err('body: required, an object with an elements array');
  else {
    checkKeys(card.body, BODY_KEYS, 'body', ctx);
    walkList(card.body.elements, 'body.elements', ctx, { depth: 0 });
  }
  if (ctx.count > MAX_ELEMENTS) err(`card: ${ctx.count} elements, at most ${MAX_ELEMENTS} allowed`);
  if (ctx.tables > MAX_TABLES) err(`card: ${ctx.tables} tables, at most ${MAX_TABLES} allowed`);
  ctx.errors.push(...checkCharts(card));
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_BYTES) err(`card: serialized size ${bytes} bytes exceeds 30 KB (${MAX_BYTES} bytes)`);
  return ctx.errors;
}

function checkKeys(v: unknown, allowed: Set<string>, path: string, ctx: Ctx): v is Obj {
  if (!isObj(v)) {
    ctx.errors.push(`${path}: must be an object`);
    return false;
  }
  for (const k of Object.keys(v)) if (!allowed.has(k)) ctx.errors.push(`${path}.${k}: unknown property`);
  return true;
}

function checkHeader(h: unknown, ctx: Ctx): void {
  if (!checkKeys(h, HEADER_KEYS, 'header', ctx)) return;
  if (h.title === undefined) ctx.errors.push('header.title: required when a header is given');
  for (const k of ['title', 'subtitle']) if (h[k] !== undefined) checkText(h[k], `header.${k}`, ctx);
  if (h.template !== undefined && !TEMPLATES.has(String(h.template)))
    ctx.errors.push(`header.template: ${show(h.template)} is not one of ${[...TEMPLATES].join(', ')}`);
  if (h.icon !== undefined) checkIcon(h.icon, 'header.icon', ctx);
  if (h.text_tag_list !== undefined && !Array.isArray(h.text_tag_list))
    ctx.errors.push('header.text_tag_list: must be an array');
}

function checkText(t: unknown, path: string, ctx: Ctx): void {
  if (!isObj(t)) {
    ctx.errors.push(`${path}: must be a text object {tag, content}`);
    return;
  }
  ctx.count++;
  if (!TEXT_TAGS.has(String(t.tag))) ctx.errors.push(`${path}.tag: must be plain_text or lark_md`);
  for (const k of Object.keys(t)) if (!TEXT_KEYS.has(k)) ctx.errors.push(`${path}.${k}: unknown property`);
}

function checkIcon(i: unknown, path: string, ctx: Ctx): void {
  if (!checkKeys(i, ICON_KEYS, path, ctx)) return;
  if (!ICON_TAGS.has(String(i.tag))) ctx.errors.push(`${path}.tag: must be standard_icon or custom_icon`);
}

/** Checks behaviors; returns true when one of them submits a form. */
function checkBehaviors(b: unknown, path: string, ctx: Ctx): boolean {
  if (!Array.isArray(b)) {
    ctx.errors.push(`${path}: must be an array`);
    return false;
  }
  let submit = false;
  b.forEach((x, i) => {
    const p = `${path}[${i}]`;
    const keys = isObj(x) ? BEHAVIOR_KEYS[String(x.type)] : undefined;
    if (!isObj(x) || !keys) {
      const types = Object.keys(BEHAVIOR_KEYS).join(', ');
      ctx.errors.push(`${p}.type: unknown behavior type ${show(isObj(x) ? x.type : x)} (${types})`);
      return;
    }
    for (const k of Object.keys(x)) if (!keys.has(k)) ctx.errors.push(`${p}.${k}: unknown property`);
    if (x.type === 'form_action' && x.behavior === 'submit') submit = true;
  });
  return submit;
}

function walkList(list: unknown, path: string, ctx: Ctx, scope: Scope): void {
  if (!Array.isArray(list)) {
    ctx.errors.push(`${path}: must be an array`);
    return;
  }
  for (const [i, el] of list.entries()) walkElement(el, `${path}[${i}]`, ctx, scope);
}

function walkElement(el: unknown, path: string, ctx: Ctx, scope: Scope): void {
  const err = (m: string) => ctx.errors.push(m);
  if (!isObj(el) || typeof el.tag !== 'string') return void err(`${path}.tag: missing component tag`);
  const tag = el.tag;
  ctx.count++;
  const removed = REMOVED_TAGS[tag];
  if (removed) return void err(`${path}.tag: ${removed}`);
  if (!(tag in TAG_PROPS)) return void err(`${path}.tag: unknown tag '${tag}'`);
  if ((tag === 'column') !== Boolean(scope.inColumns))
    err(`${path}.tag: '${tag}' ${tag === 'column' ? 'only belongs in' : 'cannot be in'} column_set.columns`);
  const props = TAG_PROPS[tag];
  if (props)
    for (const k of Object.keys(el)) if (!props.has(k)) err(`${path}.${k}: unknown property of ${tag}`);
  for (const k of TEXT_SLOTS) if (isObj(el[k])) checkText(el[k], `${path}.${k}`, ctx);
  if (el.icon !== undefined) checkIcon(el.icon, `${path}.icon`, ctx);
  const submits = el.behaviors !== undefined && checkBehaviors(el.behaviors, `${path}.behaviors`, ctx);

  if (tag === 'form' && scope.depth > 0) err(`${path}: form is only allowed at the root of body.elements`);
  else if (scope.form && NOT_IN_FORM.has(tag)) err(`${path}: ${tag} is not allowed inside a form`);
  else if (tag === 'table' && scope.depth > 0)
    err(`${path}: table is only allowed at the root of body.elements`);
  if (tag === 'table') checkTable(el, path, ctx);
  if (PERSON_PICKERS.has(tag) && !(Array.isArray(el.options) && el.options.length > 0))
    err(`${path}.options: ${tag} without candidates offers every member of the chat (${PERSON_PAGE})`);
  if (el.required !== undefined && !scope.form) err(`${path}.required: only works inside a form`);
  if (el.form_action_type !== undefined) {
    if (!scope.form) err(`${path}.form_action_type: only for buttons inside a form`);
    else if (el.form_action_type !== 'submit' && el.form_action_type !== 'reset')
      err(`${path}.form_action_type: must be submit or reset (got ${show(el.form_action_type)})`);
  }
  if (scope.form && FORM_FIELDS.has(tag)) checkFormField(el, path, ctx, scope.form, submits);
  else if (tag === 'form' && typeof el.name === 'string') claimName(el.name, path, ctx);
  if (Array.isArray(el.options)) countOptions(el.options, `${path}.options`, ctx);

  if (tag === 'column_set') {
    walkList(el.columns ?? [], `${path}.columns`, ctx, { ...scope, depth: scope.depth + 1, inColumns: true });
  } else if (CONTAINERS.has(tag)) {
    const form = tag === 'form' ? { path, submit: false } : scope.form;
    if (tag === 'form' && typeof el.name !== 'string') err(`${path}.name: a form needs a name`);
    walkList(el.elements ?? [], `${path}.elements`, ctx, { depth: scope.depth + 1, form });
    if (tag === 'form' && !form?.submit)
      err(`${path}: form has no submit button (a button with form_action_type:'submit')`);
  }
}

/**
 * The person picker pages: when `options` is empty or holds no valid open_id, the candidates are all
 * members of the chat. A card that means to offer nobody must not show a picker at all.
 */
const PERSON_PICKERS = new Set(['select_person', 'multi_select_person']);
const PERSON_PAGE =
  'https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/person-selector';

function checkFormField(el: Obj, path: string, ctx: Ctx, form: Form, submits: boolean): void {
  if (el.tag === 'button') {
    if (el.form_action_type === 'submit' || el.action_type === 'form_submit' || submits) form.submit = true;
  }
  if (typeof el.name !== 'string' || el.name === '') {
    ctx.errors.push(`${path}.name: ${el.tag} inside a form needs a name`);
    return;
  }
  claimName(el.name, path, ctx);
}

/**
 * A component's `name` must be unique in the whole card, forms and their fields alike, "否则数据会发送失败"
 * (表单容器 / form container page, https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/form-container).
 * Read strictly: forms and their fields share one namespace. (Names on components outside forms
 * are not checked here.)
 */
function claimName(name: string, path: string, ctx: Ctx): void {
  const seen = ctx.names.get(name);
  if (seen) ctx.errors.push(`${path}.name: duplicate name '${name}' (also at ${seen}); names are card-wide`);
  else ctx.names.set(name, path);
}

/**
 * Each option's text is an element of its own: "一张卡片最多支持 200 个元素(如 tag 为 plain_text 的文本元素)
 * 或组件" (卡片 JSON 2.0 结构, https://open.feishu.cn/document/feishu-cards/card-json-v2-structure); a long
 * option list is what pushed real cards past the limit (error 11310).
 */
function countOptions(options: unknown[], path: string, ctx: Ctx): void {
  options.forEach((o, i) => {
    if (isObj(o) && o.text !== undefined) checkText(o.text, `${path}[${i}].text`, ctx);
  });
}

function checkTable(el: Obj, path: string, ctx: Ctx): void {
  ctx.tables++;
  const ps = el.page_size;
  if (ps !== undefined && !(Number.isInteger(ps) && (ps as number) >= 1 && (ps as number) <= 10))
    ctx.errors.push(`${path}.page_size: must be an integer from 1 to 10 (got ${show(ps)})`);
  if (!Array.isArray(el.columns)) ctx.errors.push(`${path}.columns: must be an array`);
  if (el.rows !== undefined && !Array.isArray(el.rows)) ctx.errors.push(`${path}.rows: must be an array`);
}
