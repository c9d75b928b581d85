/**
 * Line breaks every client shows. The JSON 2.0 rich-text page: a single Enter is a soft break that
 * "在渲染时可能会被忽略"; `<br>` is among the HTML it supports
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text).
 * So a `\n` inside a paragraph is written `<br>`; a `\n` that starts a block (a list item, heading,
 * quote, table row, rule or fence) or ends one that is a single line (heading, rule, table row) stays,
 * as it is read the same under either reading.
 */

/** A line that opens a block of its own, so the `\n` before it is not a soft break. */
const BLOCK_START =
  /^[ \t]{0,3}(?:[-+*][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|\||```|~~~|(?:-[ \t]*){3,}$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)/;
/** A line that is a block of its own, so the `\n` after it is not a soft break either. */
const SINGLE_LINE_BLOCK =
  /^[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|\||```|~~~|(?:-[ \t]*){3,}$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)/;
const blank = (l: string) => l.trim() === '';

export function hardBreaks(content: string): string {
  if (!content.includes('\n')) return content;
  const lines = content.split('\n');
  let out = lines[0]!;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const next = lines[i]!;
    const soft = !blank(prev) && !blank(next) && !BLOCK_START.test(next) && !SINGLE_LINE_BLOCK.test(prev);
    out += (soft ? '<br>' : '\n') + next;
  }
  return out;
}
