/**
 * Card JSON 2.0 → DOM, as the Feishu client shows it. Anything this renderer does not know, or any
 * exception while drawing, marks the card box with data-render-error and is pushed to
 * window.__renderErrors: the browser tests fail on it.
 */

import { dateNode, formValues, inputNode, selectNode, textOf } from './card-fields.js';
import { chartNode, markdownNode } from './card-parts.js';

window.__renderErrors = window.__renderErrors ?? [];

const h = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function callbackValue(el) {
  const cb = (el.behaviors ?? []).find((b) => b?.type === 'callback');
  return cb ? cb.value : el.value;
}

/** How the control API finds this button again: its callback value, else its name, else its text. */
function buttonTarget(el) {
  const v = callbackValue(el);
  if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  return el.name || (typeof v === 'string' ? v : textOf(el.text));
}

const ELEMENTS = {
  markdown: (el, c) => markdownNode(el.content, c.names),
  lark_md: (el, c) => markdownNode(el.content, c.names),
  plain_text: (el) => h('div', 'md', el.content ?? ''),
  div: (el, c) => {
    const d = h('div', 'md');
    if (el.text)
      d.append(
        el.text.tag === 'lark_md' ? markdownNode(el.text.content, c.names) : h('div', '', textOf(el.text)),
      );
    for (const f of el.fields ?? []) d.append(render(f.text, c));
    return d;
  },
  note: (el, c) => container(h('div', 'md'), el.elements, c),
  hr: () => h('hr', 'card-hr'),
  column_set: (el, c) => {
    const set = h('div', `colset${el.flex_mode && el.flex_mode !== 'none' ? ' flow' : ''}`);
    for (const col of el.columns ?? []) set.append(render(col, c));
    return set;
  },
  column: (el, c) => {
    const col = container(h('div', `col${el.width === 'auto' ? '' : ' weighted'}`), el.elements, c);
    if (el.weight) col.style.flexGrow = String(el.weight);
    return col;
  },
  form: (el, c) => {
    const f = container(h('form', 'card-form'), el.elements, c);
    f.dataset.formName = el.name ?? '';
    f.addEventListener('submit', (e) => e.preventDefault());
    return f;
  },
  interactive_container: (el, c) => container(h('div', 'col'), el.elements, c),
  collapsible_panel: (el, c) => {
    const d = h('details', 'panel');
    d.open = Boolean(el.expanded);
    d.append(h('summary', '', textOf(el.header?.title) || '展开'));
    return container(d, el.elements, c);
  },
  button: (el, c) => {
    const b = h('button', `card-btn ${el.type ?? 'default'}`, textOf(el.text));
    b.type = 'button';
    b.disabled = el.disabled === true;
    // The action a callback button asks for (its value's `a`), so a test can tell buttons apart by kind.
    const v = callbackValue(el);
    if (v && typeof v === 'object' && typeof v.a === 'string') b.dataset.action = v.a;
    b.addEventListener('click', () => {
      if (el.confirm && !window.confirm(`${textOf(el.confirm.title)}\n${textOf(el.confirm.text)}`)) return;
      const form = el.form_action_type === 'submit' ? b.closest('form') : null;
      c.actions.click(buttonTarget(el), form ? formValues(form) : undefined);
    });
    return b;
  },
  input: (el) => inputNode(el),
  select_static: (el, c) => standalone(selectNode(el, c.names), el, c),
  multi_select_static: (el, c) => selectNode(el, c.names),
  select_person: (el, c) => standalone(selectNode(el, c.names), el, c),
  multi_select_person: (el, c) => selectNode(el, c.names),
  date_picker: (el) => dateNode(el),
  picker_datetime: (el) => dateNode(el),
  picker_time: (el) => dateNode(el),
  img: (el) => h('div', 'img-box', textOf(el.alt) || '[图片]'),
  chart: (el, c) => chartNode(el, c.later),
  table: (el) => tableNode(el),
};

/** A select outside any form calls back as soon as something is picked (the `select` control verb). */
function standalone(node, el, c) {
  const sel = node.querySelector('select');
  sel.addEventListener('change', () => {
    if (!sel.closest('form') && sel.value) c.actions.select(el.name, sel.value);
  });
  return node;
}

function tableNode(el) {
  const t = h('table', 'card-table');
  const cols = el.columns ?? [];
  const head = h('tr');
  for (const col of cols) head.append(h('th', '', col.display_name ?? col.name));
  t.append(head);
  for (const row of el.rows ?? []) {
    const tr = h('tr');
    for (const col of cols) tr.append(h('td', '', String(row[col.name] ?? '')));
    t.append(tr);
  }
  return t;
}

function container(node, elements, c) {
  for (const child of elements ?? []) node.append(render(child, c));
  return node;
}

function render(el, c) {
  const make = ELEMENTS[el?.tag];
  if (!make) {
    c.fail(`未知元素 ${JSON.stringify(el?.tag)}`);
    return h('div', 'md', `[不支持的元素 ${el?.tag}]`);
  }
  return make(el, c);
}

function fail(box, messageId, msg) {
  box.setAttribute('data-render-error', msg);
  window.__renderErrors.push({ messageId, error: msg });
}

/** Draws one card; `actions` is { click(target, form), select(name, option) }. Call `box.__after()` once it is in the page. */
export function renderCard(card, { names, actions, messageId }) {
  const box = h('div', 'card');
  box.dataset.messageId = messageId ?? '';
  const later = [];
  const c = { names, actions, later, fail: (msg) => fail(box, messageId, msg) };
  try {
    const header = card?.header;
    if (header) {
      const head = h('div', `card-header tpl-${header.template ?? 'default'}`);
      head.append(h('div', 'title', textOf(header.title)));
      if (header.subtitle) head.append(h('div', 'subtitle', textOf(header.subtitle)));
      box.append(head);
    }
    const elements = card?.body?.elements ?? card?.elements;
    if (!Array.isArray(elements)) c.fail('卡片没有 body.elements');
    box.append(container(h('div', 'card-body'), elements, c));
  } catch (e) {
    c.fail(`渲染异常：${e?.message ?? e}`);
  }
  box.__after = () => {
    for (const task of later) {
      try {
        task();
      } catch (e) {
        c.fail(`图表渲染异常：${e?.message ?? e}`);
      }
    }
  };
  return box;
}
