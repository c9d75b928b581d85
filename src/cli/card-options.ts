/** The value of the option whose text contains `text`, in the select named `name` of a card. */
export function optionOf(card: unknown, name: string, text: string): string {
  const found: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.name === name && Array.isArray(o.options)) {
        for (const opt of o.options as { value: string; text?: { content?: string } }[]) {
          if (opt.text?.content?.includes(text)) found.push(opt.value);
        }
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (!found[0]) throw new Error(`no option containing ${text} in ${name}`);
  return found[0];
}
