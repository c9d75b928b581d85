import { buttonsOf, isSubset, textOf, walkCard } from '../sandbox/card-walk';

/**
 * What a person typed into a card, as they would say it: `字段=值` by each field's label, options by
 * their text and people by name, so a transcript never shows the card's raw values or open_ids.
 */
type Node = Record<string, unknown>;
export type NameOf = (openId: string) => string | undefined;

function fieldsByName(card: unknown): Map<string, Node> {
  const fields = new Map<string, Node>();
  for (const { node } of walkCard(card)) if (typeof node.name === 'string') fields.set(node.name, node);
  return fields;
}

function shownValue(field: Node | undefined, v: unknown, nameOf: NameOf): string {
  if (Array.isArray(v)) return v.map((x) => shownValue(field, x, nameOf)).join('、');
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '是' : '否') : String(v ?? '');
  const options = Array.isArray(field?.options) ? (field.options as Node[]) : [];
  const option = options.find((o) => o.value === s);
  if (option && textOf(option.text)) return textOf(option.text);
  if (String(field?.tag ?? '').includes('person')) return nameOf(s) ?? s;
  return s.replace(/\n/g, '|');
}

export function describeForm(card: unknown, form: Record<string, unknown>, nameOf: NameOf): string {
  const fields = fieldsByName(card);
  return Object.entries(form)
    .filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      const f = fields.get(k);
      const label = (f && (textOf(f.label) || textOf(f.placeholder))) || k;
      return `${label}=${shownValue(f, v, nameOf)}`;
    })
    .join(',');
}

/** A button named by the text on it, also when the script picked it by its callback value. */
export function buttonLabel(card: unknown, target: string | Record<string, unknown>): string {
  if (typeof target === 'string') return target;
  const hit = buttonsOf(card).find((b) => isSubset(target, b.value));
  return hit?.text || hit?.name || '(无文字的按钮)';
}
