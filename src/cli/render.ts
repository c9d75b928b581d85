import type { MessageView } from '../sandbox';
import { type Control, type RenderOptions, renderCardText } from '../sandbox/card-text';
import { sizeText } from '../sandbox/media';

/** A message as a person would read it in a terminal, indented under who sent it. */
export function describeMessage(
  m: MessageView,
  indent = '   ',
  opts: RenderOptions = {},
): { text: string; controls: Control[] } {
  if (m.msgType === 'interactive') {
    const { text, controls } = renderCardText(m.content, opts);
    const urgent = m.urgent ? ' [加急]' : '';
    return {
      text: `${indent}┌ 卡片${urgent}\n${text
        .split('\n')
        .map((l) => `${indent}│ ${l}`)
        .join('\n')}\n${indent}└`,
      controls,
    };
  }
  const content = m.content as { text?: string; file_name?: string } | undefined;
  if (m.msgType === 'file') {
    const name = m.file?.name ?? content?.file_name ?? '文件';
    return { text: `${indent}📄 ${name}${m.file ? `(${sizeText(m.file.size)})` : ''}`, controls: [] };
  }
  if (m.msgType === 'image') return { text: `${indent}[图片]`, controls: [] };
  const body = typeof content?.text === 'string' ? content.text : `[${m.msgType} 消息]`;
  return { text: `${indent}${body}`, controls: [] };
}

const TOAST_LABELS: Record<string, string> = {
  success: '成功',
  error: '错误',
  warning: '注意',
  info: '提示',
};

/** `【成功】内容`: the toast a person sees after a click, never its JSON. */
export function describeToast(toast: unknown, indent = '   '): string | undefined {
  const t = toast as { type?: string; content?: string } | undefined;
  if (!t?.content) return undefined;
  return `${indent}【${TOAST_LABELS[t.type ?? 'info'] ?? '提示'}】${t.content}`;
}
