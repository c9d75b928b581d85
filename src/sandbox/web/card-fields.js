/**
 * Form fields of Card JSON 2.0 as HTML controls. Each control carries data-name / data-tag so a
 * submit button can read the form as Feishu's form_value: text as typed, one option value, a list
 * of option values, an open_id, a date as YYYY-MM-DD.
 */
export const textOf = (t) => (typeof t === 'string' ? t : (t?.content ?? ''));

function field(el, control) {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  // A date box cannot show a placeholder, so it is shown above the box instead.
  const label =
    textOf(el.label) ||
    (el.tag.startsWith('date') || el.tag.startsWith('picker') ? textOf(el.placeholder) : '');
  if (label) {
    const l = document.createElement('label');
    l.textContent = el.required ? `${label} *` : label;
    wrap.append(l);
  }
  control.dataset.name = el.name ?? '';
  control.dataset.tag = el.tag;
  if (el.required) control.dataset.required = '1';
  const ph = textOf(el.placeholder);
  if (ph) control.setAttribute('aria-label', label || ph);
  wrap.append(control);
  return wrap;
}

export function inputNode(el) {
  const multi = el.input_type === 'multiline_text' || Number(el.rows) > 1;
  const c = document.createElement(multi ? 'textarea' : 'input');
  if (multi) c.rows = Number(el.rows) || 3;
  else c.type = el.input_type === 'password' ? 'password' : 'text';
  c.placeholder = textOf(el.placeholder);
  if (el.default_value !== undefined) c.value = String(el.default_value);
  if (el.max_length) c.maxLength = Number(el.max_length);
  return field(el, c);
}

function option(value, text, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = Boolean(selected);
  return o;
}

/** select_static, multi_select_static, select_person, multi_select_person. */
export function selectNode(el, names) {
  const multi = el.tag.startsWith('multi_');
  const person = el.tag.endsWith('_person');
  const c = document.createElement('select');
  c.multiple = multi;
  const picked = new Set(multi ? (el.selected_values ?? []) : [el.initial_option].filter(Boolean));
  if (!multi) c.append(option('', textOf(el.placeholder) || '请选择', picked.size === 0));
  for (const o of el.options ?? []) {
    const text = person ? (names.get(o.value) ?? o.value) : textOf(o.text) || o.value;
    c.append(option(o.value, text, picked.has(o.value)));
  }
  return field(el, c);
}

export function dateNode(el) {
  const c = document.createElement('input');
  const kind = { date_picker: 'date', picker_datetime: 'datetime-local', picker_time: 'time' }[el.tag];
  c.type = kind;
  const initial = el.initial_date ?? el.initial_datetime ?? el.initial_time;
  if (initial) c.value = kind === 'datetime-local' ? String(initial).replace(' ', 'T').slice(0, 16) : initial;
  return field(el, c);
}

/** What Feishu would put in form_value for the controls inside `form`. */
export function formValues(form) {
  const out = {};
  for (const c of form.querySelectorAll('[data-tag]')) {
    const name = c.dataset.name;
    if (!name) continue;
    if (c.tag === 'input' || c.dataset.tag === 'input') out[name] = c.value;
    else if (c.multiple) out[name] = [...c.selectedOptions].map((o) => o.value);
    else if (c.value !== '')
      out[name] = c.dataset.tag === 'picker_datetime' ? c.value.replace('T', ' ') : c.value;
  }
  return out;
}
