// Counts a card's elements toward the 200 Feishu allows. Pure.
import { OPAQUE_KEYS } from './card-rules';

/**
 * The structure page (卡片 JSON 2.0 结构): "一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）
 * 或组件"; the send page's 11310 "element exceeds the limit" is the refusal. Read so that a card holds
 * under any reading, every object carrying a `tag` counts: each component, each text object (header
 * title and subtitle, button texts, placeholders, labels, tips, confirm title and text, every option's
 * text), each header text_tag and each icon. Data is not walked (chart_spec, behaviors, values, table
 * rows, i18n maps); a table's column headers are plain strings (`display_name`), not text elements.
 */
export function countElements(card: unknown): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.tag === 'string') n++;
    for (const [k, x] of Object.entries(o)) if (!OPAQUE_KEYS.has(k)) visit(x);
  };
  if (typeof card === 'object' && card !== null) {
    const c = card as Record<string, unknown>;
    visit(c.header);
    visit(c.body);
  }
  return n;
}
