import type { MessageView } from '../sandbox';
import { type Control, renderCardText } from '../sandbox/card-text';

/** A message as a person would read it in a terminal, indented under who sent it. */
export function describeMessage(m: MessageView, indent = '   '): { text: string; controls: Control[] } {
  if (m.msgType === 'interactive') {
    const { text, controls } = renderCardText(m.content);
    const urgent = m.urgent ? ' [加急]' : '';
    return {
      text: `${indent}┌ 卡片${urgent}\n${text
        .split('\n')
        .map((l) => `${indent}│ ${l}`)
        .join('\n')}\n${indent}└`,
      controls,
    };
  }
  const body = (m.content as { text?: string })?.text ?? JSON.stringify(m.content);
  return { text: `${indent}${body}`, controls: [] };
}

export function describeToast(toast: unknown): string | undefined {
  const t = toast as { type?: string; content?: string } | undefined;
  if (!t?.content) return undefined;
  const label = { success: '成功', error: '错误', warning: '注意', info: '提示' }[t.type ?? 'info'] ?? '提示';
  return `   «${label}» ${t.content}`;
}
