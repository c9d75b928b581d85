/** Every button callback value in a card, however deeply nested. */
export function walkButtons(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) {
    for (const n of node) walkButtons(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.tag === 'button') {
      for (const b of (o.behaviors as { type: string; value?: unknown }[] | undefined) ?? []) {
        if (b.type === 'callback') out.push(b.value);
      }
    }
    for (const v of Object.values(o)) walkButtons(v, out);
  }
  return out;
}
