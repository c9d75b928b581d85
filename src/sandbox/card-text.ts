// Renders a Feishu card (JSON 2.0) as plain text for a terminal: header on top, markdown as text,
// column sets flattened, tables as aligned rows, and every interactive control numbered [1], [2]...
// in document order. Pure: no I/O.

import {
  arr,
  HR,
  isObj,
  type NameOf,
  type Obj,
  renderTable,
  str,
  stripMarkdown,
  textOf,
} from './card-text-parts';

export { stripMarkdown } from './card-text-parts';
export type ControlKind = 'button' | 'input' | 'select' | 'multi_select' | 'person' | 'date' | 'other';

export interface Control {
  n: number;
  kind: ControlKind;
  label: string;
  name?: string;
  form?: string;
  submit?: boolean;
  /** The button's callback value. */
  value?: unknown;
  options?: { text: string; value: string }[];
  required?: boolean;
  placeholder?: string;
  defaultValue?: string;
  /** A text box that takes several lines. */
  multiline?: boolean;
  /** A picker that takes several choices. */
  multiple?: boolean;
}

export interface RenderOptions {
  /** A person's display name by open_id, so pickers and mentions show names instead of ids. */
  nameOf?: NameOf;
}

const FIELDS: Record<string, [ControlKind, string, string?]> = {
  input: ['input', '输入', 'default_value'],
  select_static: ['select', '单选', 'initial_option'],
  multi_select_static: ['multi_select', '多选', 'selected_values'],
  select_person: ['person', '选人', 'initial_option'],
  multi_select_person: ['person', '多选人', 'selected_values'],
  date_picker: ['date', '日期', 'initial_date'],
  picker_time: ['date', '时间', 'initial_time'],
  picker_datetime: ['date', '日期时间', 'initial_datetime'],
  overflow: ['other', '更多'],
  select_img: ['other', '选图'],
};

function behaviorOf(el: Obj, type: string): Obj | undefined {
  return arr(el.behaviors).find((b): b is Obj => isObj(b) && b.type === type);
}

interface State {
  lines: string[];
  controls: Control[];
  nameOf: NameOf;
}

const DATE_HINT: Record<string, string> = {
  date_picker: '格式 YYYY-MM-DD,例如 2026-12-01',
  picker_time: '格式 HH:mm,例如 09:30',
  picker_datetime: '格式 YYYY-MM-DD HH:mm,例如 2026-12-01 09:30',
};

function addControl(st: State, ctl: Omit<Control, 'n'>, line: string, indent: string): void {
  const n = st.controls.length + 1;
  const clean = Object.fromEntries(Object.entries(ctl).filter(([, v]) => v !== undefined && v !== ''));
  st.controls.push({ n, ...(clean as Omit<Control, 'n'>) });
  st.lines.push(`${indent}[${n}] ${line}`);
}

function renderField(st: State, el: Obj, form: string | undefined, indent: string): boolean {
  const field = FIELDS[str(el.tag)];
  if (!field) return false;
  const [kind, word, defKey] = field;
  const label = textOf(el.label);
  const placeholder = textOf(el.placeholder);
  const def = defKey ? el[defKey] : undefined;
  const defaultValue = Array.isArray(def) ? def.map(str).join(', ') : str(def);
  const person = kind === 'person';
  // A person option's text is the name Feishu would show; a card usually gives only the open_id.
  const options = arr(el.options)
    .filter(isObj)
    .map((o) => {
      const value = str(o.value);
      return { text: textOf(o.text) || (person ? st.nameOf(value) : undefined) || value, value };
    });
  // Shown as people read them: the option's text (or the person's name), never the raw value.
  const shownDefault = (Array.isArray(def) ? def.map(str) : defaultValue ? [defaultValue] : [])
    .map((v) => options.find((o) => o.value === v)?.text ?? (person ? (st.nameOf(v) ?? v) : v))
    .join('、');
  const opts = options.map((o, i) => `${i + 1}.${o.text}`).join(' | ');
  const required = el.required === true ? true : undefined;
  const multiline = el.input_type === 'multiline_text' ? true : undefined;
  let line = `(${word}${label ? ` ${label}` : ''})`;
  if (placeholder) line += ` ${placeholder}`;
  if (shownDefault) line += ` / 当前:${shownDefault}`;
  if (DATE_HINT[str(el.tag)]) line += ` (${DATE_HINT[str(el.tag)]})`;
  if (multiline) line += ' (可多行:用 | 分行,或行末加 \\ 续行)';
  const several = str(el.tag).startsWith('multi_') ? ',多个用逗号分隔' : '';
  if (opts) line += ` — 选项(填编号${several}):${opts}`;
  else if (person) line += ` (填姓名${several ? ',多人用逗号分隔' : ''})`;
  if (required) line += ' *必填';
  const name = str(el.name);
  const ctl = {
    kind,
    label: label || placeholder || name,
    name,
    form,
    required,
    placeholder,
    defaultValue,
    multiline,
    multiple: str(el.tag).startsWith('multi_') ? true : undefined,
  };
  addControl(st, { ...ctl, options: options.length ? options : undefined }, line, indent);
  return true;
}

function renderButton(st: State, el: Obj, form: string | undefined, indent: string): void {
  const cb = behaviorOf(el, 'callback');
  const url = behaviorOf(el, 'open_url');
  const icon = isObj(el.icon) ? str(el.icon.token) : '';
  const label = textOf(el.text) || textOf(el.hover_tips) || icon || '按钮';
  const submit =
    el.form_action_type === 'submit' ||
    el.action_type === 'form_submit' ||
    behaviorOf(el, 'form_action')?.behavior === 'submit';
  const reset = el.form_action_type === 'reset' || el.action_type === 'form_reset';
  const to = url ? str(url.default_url) || str(url.pc_url) : str(el.url);
  const line = `(按钮) ${label}${submit ? ' ⟨提交⟩' : reset ? ' ⟨重置⟩' : ''}${to ? ` → ${to}` : ''}`;
  const value = cb ? cb.value : el.value;
  addControl(st, { kind: 'button', label, name: str(el.name), form, submit, value }, line, indent);
}

/** A container with behaviors is one clickable control, labelled by its first line of text. */
function renderClickable(st: State, el: Obj, form: string | undefined, indent: string): void {
  const at = st.lines.length;
  const n = st.controls.length + 1;
  const ctl: Control = { n, kind: 'other', label: '', value: behaviorOf(el, 'callback')?.value };
  if (form) ctl.form = form;
  st.controls.push(ctl);
  st.lines.push(`${indent}[${n}] (可点击区域)`);
  renderList(st, el.elements, form, `${indent}  `);
  ctl.label =
    st.lines
      .slice(at + 1)
      .find((l) => l.trim())
      ?.trim() ?? '';
}

function renderList(st: State, els: unknown, form: string | undefined, indent: string): void {
  for (const el of arr(els)) if (isObj(el)) render(st, el, form, indent);
}

function render(st: State, el: Obj, form: string | undefined, indent: string): void {
  const push = (s: string) => {
    for (const l of s.split('\n')) st.lines.push(indent + l);
  };
  if (renderField(st, el, form, indent)) return;
  switch (str(el.tag)) {
    case 'markdown':
      if (str(el.content)) push(stripMarkdown(str(el.content), st.nameOf));
      break;
    case 'div':
      push(textOf(el.text));
      for (const f of arr(el.fields)) if (isObj(f)) push(textOf(f.text));
      break;
    case 'hr':
      push(HR);
      break;
    case 'img':
      push(`[图片${textOf(el.alt) ? `: ${textOf(el.alt)}` : ''}]`);
      break;
    case 'img_combination':
      push(`[图片 ×${arr(el.img_list).length}]`);
      break;
    case 'chart': {
      const title = isObj(el.chart_spec) && isObj(el.chart_spec.title) ? str(el.chart_spec.title.text) : '';
      push(`[图表${title ? `: ${title}` : ''}]`);
      break;
    }
    case 'audio':
      push('[音频]');
      break;
    case 'table':
      push(renderTable(el, st.nameOf).join('\n'));
      break;
    case 'person':
      push(`@${st.nameOf(str(el.user_id)) ?? str(el.user_id)}`);
      break;
    case 'person_list':
      push(
        arr(el.persons)
          .map((p) => `@${isObj(p) ? (st.nameOf(str(p.id)) ?? str(p.id)) : ''}`)
          .join(' '),
      );
      break;
    case 'column_set':
      for (const col of arr(el.columns)) if (isObj(col)) renderList(st, col.elements, form, indent);
      break;
    case 'collapsible_panel':
      push(`▸ ${isObj(el.header) ? textOf(el.header.title) : ''}`);
      renderList(st, el.elements, form, `${indent}  `);
      break;
    case 'form':
      renderList(st, el.elements, str(el.name) || 'form', indent);
      break;
    case 'button':
      renderButton(st, el, form, indent);
      break;
    case 'checker': {
      const label = textOf(el.text);
      const line = `(勾选) ${el.checked === true ? '☑' : '☐'} ${label}`;
      addControl(st, { kind: 'other', label, name: str(el.name), form }, line, indent);
      break;
    }
    case 'interactive_container':
      if (behaviorOf(el, 'callback') || behaviorOf(el, 'open_url')) renderClickable(st, el, form, indent);
      else renderList(st, el.elements, form, indent);
      break;
    default:
      renderList(st, el.elements, form, indent);
  }
}

export function renderCardText(
  card: unknown,
  opts: RenderOptions = {},
): { text: string; controls: Control[] } {
  const c = isObj(card) && card.schema === undefined && isObj(card.card) ? card.card : card;
  const st: State = { lines: [], controls: [], nameOf: opts.nameOf ?? (() => undefined) };
  if (isObj(c) && isObj(c.header)) {
    const tags = arr(c.header.text_tag_list)
      .map((t) => (isObj(t) ? textOf(t.text) : ''))
      .filter(Boolean)
      .map((t) => ` [${t}]`)
      .join('');
    st.lines.push(`【${textOf(c.header.title)}】${tags}`);
    const sub = textOf(c.header.subtitle);
    if (sub) st.lines.push(sub);
    st.lines.push('');
  }
  if (isObj(c) && isObj(c.body)) renderList(st, c.body.elements, undefined, '');
  const text = st.lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, controls: st.controls };
}
