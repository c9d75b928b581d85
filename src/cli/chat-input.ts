import type { Control } from '../sandbox/card-text';

/**
 * What `N=内容` typed in the terminal chat puts into a card field. Options go by their position as
 * shown (1 is the first), never by their hidden value, so `1=3` means one thing only; people in a
 * picker without options go by name; `|` in a text box starts a new line.
 */
export type Person = { openId: string; name: string };
export type Filled = { ok: true; value: unknown; shown: string } | { ok: false; error: string };

const DATE = /^(\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\d{2}:\d{2})$/;

function byPosition(c: Control, raw: string, many: boolean): Filled {
  const options = c.options ?? [];
  const picks = raw.split(/[,\uFF0C、\s]+/).filter(Boolean);
  if (!many && picks.length > 1) return { ok: false, error: `「${c.label}」只能选一项,请填一个编号` };
  const chosen = [];
  for (const p of picks) {
    const i = /^\d+$/.test(p) ? Number(p) : Number.NaN;
    const opt = options[i - 1];
    if (!opt) return { ok: false, error: `「${c.label}」请填选项编号 1–${options.length}` };
    chosen.push(opt);
  }
  if (!chosen.length) return { ok: false, error: `「${c.label}」请填选项编号 1–${options.length}` };
  const shown = chosen.map((o) => o.text).join('、');
  return { ok: true, value: many ? chosen.map((o) => o.value) : chosen[0]!.value, shown };
}

function byName(c: Control, raw: string, people: Person[], many: boolean): Filled {
  const names = raw.split(/[,\uFF0C、\s]+/).filter(Boolean);
  const found: Person[] = [];
  for (const n of names) {
    const p = people.find((x) => x.name === n);
    if (!p)
      return {
        ok: false,
        error: `「${c.label}」没有叫 ${n} 的人,可选:${people.map((x) => x.name).join('、')}`,
      };
    found.push(p);
  }
  if (!found.length) return { ok: false, error: `「${c.label}」请填人名` };
  if (!many && found.length > 1) return { ok: false, error: `「${c.label}」只能选一人` };
  const shown = found.map((p) => p.name).join('、');
  return { ok: true, value: many ? found.map((p) => p.openId) : found[0]!.openId, shown };
}

export function fillValue(c: Control, raw: string, people: Person[]): Filled {
  const text = raw.trim();
  const many = c.multiple === true;
  switch (c.kind) {
    case 'select':
      return byPosition(c, text, false);
    case 'multi_select':
      return byPosition(c, text, true);
    case 'person':
      return c.options?.length ? byPosition(c, text, many) : byName(c, text, people, many);
    case 'date':
      return DATE.test(text)
        ? { ok: true, value: text, shown: text }
        : { ok: false, error: `「${c.label}」格式为 YYYY-MM-DD(时间为 HH:mm),例如 2026-12-01` };
    case 'input': {
      const value = raw
        .split('|')
        .map((l) => l.trim())
        .join('\n');
      return { ok: true, value, shown: value.replace(/\n/g, ' / ') };
    }
    default:
      return { ok: false, error: `「${c.label}」不能在终端里填写` };
  }
}
