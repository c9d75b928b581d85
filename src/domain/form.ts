/** What a card's form sends (Feishu's `form_value`): each field by its name. A forged click may send anything. */
export type FormValues = Record<string, unknown> | undefined;

function field(form: FormValues, name: string): unknown {
  return form && Object.hasOwn(form, name) ? form[name] : undefined;
}

/**
 * One field as the person typed it, trimmed. Inputs and selects send strings, a date picker
 * `2027-01-31 +0800`, a number input may send a number, a multi-select a list (its first value
 * here); anything else (absent, null, an object) reads as ''.
 */
export function formText(form: FormValues, name: string): string {
  const v = field(form, name);
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s === 'string') return s.trim();
  return typeof s === 'number' && Number.isFinite(s) ? String(s) : '';
}

/** A multi-select field as a list of strings; a single value is a list of one. */
export function formList(form: FormValues, name: string): string[] {
  const v = field(form, name);
  const items = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
  return items.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
}

/** Every named field as text: for forms whose fields depend on the data (the score's rubric items). */
export function formTexts(form: FormValues): Record<string, string> {
  return Object.fromEntries(Object.keys(form ?? {}).map((k) => [k, formText(form, k)]));
}
