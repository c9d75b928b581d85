/**
 * Finding what a user can press in a card, wherever the layout nested it (form, column_set/columns,
 * collapsible_panel, interactive_container, 1.0 `action` blocks, …): the walk visits every element
 * and remembers the form it sits in, since a submit button sends that form's fields.
 */
import { isRecord } from './http-io';

type Node = Record<string, unknown>;

export interface CardElement {
  node: Node;
  tag: string;
  /** The `form` element this one is inside, if any. */
  form?: Node;
}

/** Keys that hold developer data or dialog text, never layout: not walked, so a `tag` in a value can't fool us. */
const OPAQUE_KEYS = new Set(['value', 'behaviors', 'confirm', 'text', 'placeholder', 'label', 'title']);

export function walkCard(card: unknown): CardElement[] {
  const found: CardElement[] = [];
  const visit = (v: unknown, form: Node | undefined): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item, form);
      return;
    }
    if (!isRecord(v)) return;
    const tag = typeof v.tag === 'string' ? v.tag : undefined;
    if (tag) found.push({ node: v, tag, ...(form ? { form } : {}) });
    const inner = tag === 'form' ? v : form;
    for (const [k, child] of Object.entries(v)) if (!OPAQUE_KEYS.has(k)) visit(child, inner);
  };
  visit(card, undefined);
  return found;
}

export interface CardButton {
  node: Node;
  text: string;
  name?: string;
  /** What Feishu sends as action.value: the callback behavior's value, or a 1.0 button's `value`. */
  value: unknown;
  form?: Node;
  submitsForm: boolean;
  callsBack: boolean;
  disabled: boolean;
}

export function textOf(t: unknown): string {
  if (typeof t === 'string') return t;
  if (!isRecord(t)) return '';
  if (typeof t.content === 'string') return t.content;
  const i18n = t.i18n_content ?? t.i18n;
  if (isRecord(i18n)) {
    const first = i18n.zh_cn ?? Object.values(i18n)[0];
    if (typeof first === 'string') return first;
  }
  return '';
}

/** A 2.0 element's callback value (`behaviors:[{type:'callback', value}]`), else the legacy `value`. */
export function callbackValue(node: Node): { present: boolean; value: unknown } {
  if (Array.isArray(node.behaviors)) {
    const cb = node.behaviors.find((b) => isRecord(b) && b.type === 'callback');
    if (isRecord(cb)) return { present: true, value: cb.value };
  }
  return 'value' in node ? { present: true, value: node.value } : { present: false, value: undefined };
}

export function buttonsOf(card: unknown): CardButton[] {
  return walkCard(card)
    .filter((e) => e.tag === 'button')
    .map(({ node, form }) => {
      const cb = callbackValue(node);
      const submitsForm = Boolean(form) && node.form_action_type === 'submit';
      return {
        node,
        text: textOf(node.text).trim(),
        ...(typeof node.name === 'string' ? { name: node.name } : {}),
        value: cb.value,
        ...(form ? { form } : {}),
        submitsForm,
        callsBack: cb.present || submitsForm,
        disabled: node.disabled === true,
      };
    });
}

/** Deep "sub ⊆ sup": every key of an object pattern must match; arrays and scalars must be equal. */
export function isSubset(sub: unknown, sup: unknown): boolean {
  if (isRecord(sub)) {
    return isRecord(sup) && Object.entries(sub).every(([k, v]) => isSubset(v, sup[k]));
  }
  if (Array.isArray(sub)) {
    return Array.isArray(sup) && sub.length === sup.length && sub.every((v, i) => isSubset(v, sup[i]));
  }
  return sub === sup;
}

function describe(b: CardButton): string {
  const value = b.value === undefined ? '' : ` ${JSON.stringify(b.value)}`;
  return `「${b.text || b.name || '(无文字)'}」${value}`;
}

/** No one button on the card is the one meant: the card has changed since, or the name is wrong. */
export class ButtonNotFoundError extends Error {}
/** Several buttons match what was meant (a callback value that is a subset of each of theirs). */
export class ButtonAmbiguousError extends Error {}

/**
 * The one button a user means by its text (exact, else a unique partial match), its element name,
 * or a subset of its callback value. Throws with the card's buttons listed when there is none or
 * several, so a failing test says what it could have pressed.
 */
export function findButton(card: unknown, target: string | Record<string, unknown>): CardButton {
  const all = buttonsOf(card);
  let matches: CardButton[];
  if (typeof target === 'string') {
    const t = target.trim();
    matches = all.filter((b) => b.text === t || b.name === t || b.value === t);
    if (matches.length === 0) matches = all.filter((b) => t !== '' && b.text.includes(t));
  } else {
    // The whole value of one button is that button, even when it is also a subset of others' (the
    // web chat sends a button's whole value: 整改情况报告(全部) `{a}` beside each contract's `{a, contract}`).
    const exact = all.filter((b) => isSubset(target, b.value) && isSubset(b.value, target));
    matches = exact.length === 1 ? exact : all.filter((b) => isSubset(target, b.value));
  }
  const list = all.map(describe).join('、') || '（卡片上没有按钮）';
  const wanted = typeof target === 'string' ? `「${target}」` : JSON.stringify(target);
  if (matches.length === 0) throw new ButtonNotFoundError(`找不到按钮${wanted}。可用按钮：${list}`);
  if (matches.length > 1) {
    throw new ButtonAmbiguousError(
      `按钮${wanted}不唯一（${matches.map(describe).join('、')}），请用 value 指定`,
    );
  }
  return matches[0] as CardButton;
}
