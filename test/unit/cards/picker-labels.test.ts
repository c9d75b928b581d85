import { describe, expect, it } from 'vitest';
import { cardStates } from './card-states';

/**
 * Every person picker has a visible label: Card JSON 2.0 gives select_person and multi_select_person
 * no `label` (card-rules.ts), and the placeholder vanishes once someone is chosen, so the element
 * right before each picker is a bold markdown line naming the field; before a multi-select it also
 * says that several people may be chosen (可选择多人). Checked over every state of every card builder.
 */
type Node = { tag?: string; content?: string; [k: string]: unknown };

/** Each person picker with the element before it in the same list. */
function pickers(node: unknown, out: { picker: Node; before?: Node }[] = []) {
  if (Array.isArray(node)) {
    node.forEach((x, i) => {
      const n = x as Node;
      if (n && (n.tag === 'select_person' || n.tag === 'multi_select_person'))
        out.push({ picker: n, before: node[i - 1] as Node | undefined });
      pickers(x, out);
    });
  } else if (node && typeof node === 'object') for (const v of Object.values(node)) pickers(v, out);
  return out;
}

const cases = Object.entries(cardStates).flatMap(([builder, byState]) =>
  Object.entries(byState).map(([state, build]) => [builder, state, build] as const),
);

describe('person pickers are labelled', () => {
  it('some card states carry person pickers, single and multiple', () => {
    const all = cases.flatMap(([, , build]) => pickers(build()));
    expect(all.some((x) => x.picker.tag === 'select_person')).toBe(true);
    expect(all.some((x) => x.picker.tag === 'multi_select_person')).toBe(true);
  });

  it.each(cases)('%s / %s', (_builder, _state, build) => {
    for (const { picker, before } of pickers(build())) {
      expect(before?.tag, String(picker.name)).toBe('markdown');
      expect(before!.content, String(picker.name)).toMatch(/^\*\*[^*]+\*\*/);
      if (picker.tag === 'multi_select_person') expect(before!.content).toContain('可选择多人');
    }
  });
});
