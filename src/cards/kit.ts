import { fieldMax, MAX_FIELD_CHARS } from '../domain/form';
import { hardBreaks } from './breaks';
import { confirmInForms } from './confirm-forms';
import { fitToLimits } from './fit';
import type { ActionValue } from './values';

/** Small pure builders for Card JSON 2.0; every card of the bot is made from these. */
export type Element = Record<string, unknown>;
export type Template = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'turquoise' | 'wathet' | 'yellow';

export function card(opts: {
  title: string;
  subtitle?: string;
  template?: Template;
  elements: Element[];
  summary?: string;
}) {
  // Under 30 KB and 200 elements whatever the data: see fit.ts.
  return fitToLimits({
    schema: '2.0',
    config: { update_multi: true, ...(opts.summary ? { summary: { content: opts.summary } } : {}) },
    header: {
      title: { tag: 'plain_text', content: opts.title },
      ...(opts.subtitle ? { subtitle: { tag: 'plain_text', content: opts.subtitle } } : {}),
      template: opts.template ?? 'blue',
    },
    body: { elements: confirmInForms(opts.elements) },
  });
}

/** A markdown element; a line break inside a paragraph is written `<br>` (breaks.ts). */
export const md = (content: string): Element => ({ tag: 'markdown', content: hardBreaks(content) });
export const hr = (): Element => ({ tag: 'hr' });

export { text } from './text';

export function button(opts: {
  text: string;
  value: ActionValue;
  type?: 'primary' | 'default' | 'danger';
  confirm?: { title: string; text: string };
  submit?: boolean;
  /** A form's submit button's name (the button page lists `name` only for buttons inside a form). */
  name?: string;
}): Element {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: opts.text },
    type: opts.type ?? 'default',
    ...(opts.name && opts.submit ? { name: opts.name } : {}),
    ...(opts.submit ? { form_action_type: 'submit' } : {}),
    behaviors: [{ type: 'callback', value: opts.value }],
    ...(opts.confirm
      ? {
          confirm: {
            title: { tag: 'plain_text', content: opts.confirm.title },
            text: { tag: 'plain_text', content: opts.confirm.text },
          },
        }
      : {}),
  };
}

/** Buttons side by side; on a phone they wrap. */
export function buttons(items: Element[]): Element {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: items.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/** One option per value (the select pages): a list joined from several sources may repeat one. */
function uniqueOptions<O extends { value: string }>(options: O[]): O[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.value) && Boolean(seen.add(o.value)));
}

export function select(opts: {
  name: string;
  placeholder: string;
  options: { text: string; value: string }[];
  initial?: string;
  required?: boolean;
}): Element {
  return {
    tag: 'select_static',
    name: opts.name,
    placeholder: { tag: 'plain_text', content: opts.placeholder },
    options: uniqueOptions(opts.options).map((o) => ({
      text: { tag: 'plain_text', content: o.text },
      value: o.value,
    })),
    ...(opts.initial ? { initial_option: opts.initial } : {}),
    required: opts.required ?? false,
  };
}

/**
 * The visible label of a person picker: Card JSON 2.0 gives select_person and multi_select_person no
 * `label` (only a placeholder, gone once someone is chosen), so a markdown line above says what the
 * field is, and a multi-select says that several may be chosen.
 */
export function pickerLabel(label: string, multi = false): Element {
  return md(`**${label}**${multi ? '(可选择多人)' : ''}`);
}

export function personPicker(opts: {
  name: string;
  placeholder: string;
  openIds: string[];
  required?: boolean;
  initial?: string;
}): Element {
  return {
    tag: 'select_person',
    name: opts.name,
    placeholder: { tag: 'plain_text', content: opts.placeholder },
    options: opts.openIds.map((value) => ({ value })),
    ...(opts.initial ? { initial_option: opts.initial } : {}),
    required: opts.required ?? false,
  };
}

export function form(name: string, elements: Element[]): Element {
  return { tag: 'form', name, elements };
}

export function input(opts: {
  name: string;
  label: string;
  placeholder: string;
  value?: string;
  multiline?: boolean;
  /** A tighter limit than the field's (domain/form) for this form, checked by its feature too. */
  max?: number;
  required?: boolean;
}): Element {
  const max = Math.min(opts.max ?? MAX_FIELD_CHARS, fieldMax(opts.name));
  return {
    tag: 'input',
    name: opts.name,
    label: { tag: 'plain_text', content: opts.label },
    placeholder: { tag: 'plain_text', content: opts.placeholder },
    // A stored value longer than the field (older data) is cut so the card stays valid.
    ...(opts.value ? { default_value: [...opts.value].slice(0, max).join('') } : {}),
    // The parser's limit for this field (domain/form): a real card cannot send what it would refuse.
    max_length: max,
    ...(opts.multiline ? { input_type: 'multiline_text', rows: 3 } : {}),
    required: opts.required ?? false,
  };
}

export function multiPersonPicker(opts: {
  name: string;
  placeholder: string;
  openIds: string[];
  selected?: string[];
  required?: boolean;
}): Element {
  return {
    tag: 'multi_select_person',
    name: opts.name,
    placeholder: { tag: 'plain_text', content: opts.placeholder },
    options: opts.openIds.map((value) => ({ value })),
    ...(opts.selected?.length ? { selected_values: opts.selected } : {}),
    required: opts.required ?? false,
  };
}

export function datePicker(opts: {
  name: string;
  placeholder: string;
  initial?: string;
  required?: boolean;
}): Element {
  return {
    tag: 'date_picker',
    name: opts.name,
    placeholder: { tag: 'plain_text', content: opts.placeholder },
    ...(opts.initial ? { initial_date: opts.initial } : {}),
    required: opts.required ?? false,
  };
}

/**
 * The first `max` of a list that can grow with the data, and a note saying how many are not shown:
 * a list card stays small by design (fit.ts is only the last resort).
 */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; note: Element[] } {
  if (items.length <= max) return { shown: [...items], note: [] };
  return { shown: items.slice(0, max), note: [md(`仅显示前 ${max} 条,共 ${items.length} 条。`)] };
}

/**
 * The most options one list offers: each option's text is an element, and a card holds 200
 * (卡片 JSON 2.0 结构), so a list that grows with the zone (units, budget lines) is cut here and a
 * text field beside it takes what the list does not show.
 */
export const MAX_LIST_OPTIONS = 50;

/**
 * A select (or multi-select) that stays small however long the list: up to MAX_LIST_OPTIONS options;
 * past that, a text field `<name>_name` for the rest (bot/actions/typed-choice.ts resolves it) and a
 * note that says so. The list, when picked, wins over the text.
 */
export function longSelect(opts: {
  name: string;
  placeholder: string;
  options: { text: string; value: string }[];
  initial?: string;
  multi?: boolean;
  /** Label, placeholder and name (default `<name>_name`) of the text field shown when the list is cut. */
  typed: { label: string; placeholder: string; field?: string };
  required?: boolean;
}): Element[] {
  const all = uniqueOptions(opts.options);
  const cut = all.length > MAX_LIST_OPTIONS;
  const shown = all.slice(0, MAX_LIST_OPTIONS);
  const list = opts.multi
    ? {
        tag: 'multi_select_static',
        name: opts.name,
        placeholder: { tag: 'plain_text', content: opts.placeholder },
        options: shown.map((o) => ({ text: { tag: 'plain_text', content: o.text }, value: o.value })),
        required: false,
      }
    : select({
        name: opts.name,
        placeholder: opts.placeholder,
        options: shown,
        ...(opts.initial && shown.some((o) => o.value === opts.initial) ? { initial: opts.initial } : {}),
        required: !cut && (opts.required ?? false),
      });
  if (!cut) return [list];
  return [
    list,
    input({
      name: opts.typed.field ?? `${opts.name}_name`,
      label: opts.typed.label,
      placeholder: opts.typed.placeholder,
    }),
    md(`列表仅显示前 ${MAX_LIST_OPTIONS} 项(共 ${all.length} 项);其他请在下方输入。`),
  ];
}
