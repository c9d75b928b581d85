import { DomainError } from '../../domain/errors';
import { type FormValues, formText } from '../../domain/form';
import { unitIdsByName } from '../../features/org/unit-names';

/**
 * What was typed beside a list the card cut (kit's longSelect), read as the list's own value, so the
 * handler checks it exactly as if it had been picked: a unit's full name (`unit`), a unit's name or
 * 全区 (`scope`), several units' names (`units`), or a number such as #12 (`id`). A pick in the list
 * wins; a name that matches nothing is refused, naming it.
 */
export type TypedKind = 'unit' | 'scope' | 'units' | 'id';

export async function withTypedChoices(
  db: Parameters<typeof unitIdsByName>[0],
  form: FormValues,
  fields: { name: string; typed: string; kind: TypedKind; within?: readonly number[] | null }[],
): Promise<FormValues> {
  const out: FormValues = { ...(form && typeof form === 'object' ? form : {}) };
  for (const f of fields) {
    const typed = formText(form, f.typed);
    delete out[f.typed];
    const picked = out[f.name];
    if (!typed || (picked !== undefined && picked !== '' && !(Array.isArray(picked) && !picked.length)))
      continue;
    if (f.kind === 'id') {
      const m = /^#?\s*0*(\d{1,9})$/.exec(typed);
      if (!m) throw new DomainError('bad_input', `「${typed}」不是有效的编号,请输入如 #12 的编号`);
      out[f.name] = m[1]!;
      continue;
    }
    if (f.kind === 'scope' && typed === '全区') {
      out[f.name] = 'zone';
      continue;
    }
    const names = f.kind === 'units' ? typed.split(/[、,，;；\s]+/).filter(Boolean) : [typed];
    const ids = await unitIdsByName(db, names);
    // A unit outside the clicker's scope answers as an unknown one does: a typed name learns nothing.
    const within = f.within;
    if (within)
      for (const [n, list] of ids)
        ids.set(
          n,
          list.filter((id) => within.includes(id)),
        );
    const unknown = names.filter((n) => !ids.get(n)?.length);
    if (unknown.length)
      throw new DomainError(
        'bad_input',
        within
          ? `您的范围内没有名为「${unknown.join('、')}」的单位,请核对单位全称`
          : `没有名为「${unknown.join('、')}」的单位,请核对单位全称`,
      );
    const twice = names.filter((n) => ids.get(n)!.length > 1);
    if (twice.length)
      throw new DomainError('bad_input', `有多个名为「${twice.join('、')}」的单位,请联系管理员区分单位名称`);
    const id = (n: string) => String(ids.get(n)![0]);
    out[f.name] = f.kind === 'units' ? names.map(id) : id(names[0]!);
  }
  return out;
}
