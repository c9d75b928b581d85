/** The web chat's markdown: `<br>` and `<br/>` are line breaks, other raw HTML stays text. */
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';

type Parts = {
  markdownHtml(content: string, names: Map<string, string>, m?: unknown): string;
  configureMarked<T>(m: T): T;
};
const partsUrl = new URL('../../../src/sandbox/web/card-parts.js', import.meta.url);
// A browser module (no type declarations): loaded by path so the type checker does not resolve it.
const parts = (await import(fileURLToPath(partsUrl))) as Parts;

describe('web chat markdown', () => {
  const m = parts.configureMarked(new Marked());
  const html = (s: string) => parts.markdownHtml(s, new Map([['ou_a', '张三']]), m);

  it('shows <br> and <br/> as line breaks, as the client does', () => {
    const out = html('单位:一号<br>金额:100<br/>状态:待审<BR />完');
    expect(out).toContain('单位:一号<br>金额:100<br>状态:待审<br>完');
    expect(out).not.toContain('&lt;br');
  });

  it('still shows other raw HTML as text, and keeps the Feishu tags', () => {
    expect(html('<b>粗</b>')).toContain('&lt;b&gt;');
    expect(html('<font color="red">红</font><br><at id=ou_a></at>')).toMatch(
      /<span style="color:#f54a45" data-color="red">红<\/span><br><b>@张三<\/b>/,
    );
  });

  it('without marked, escapes the text and keeps its lines', () => {
    expect(parts.markdownHtml('a<br>b\nc', new Map())).toBe('a<br>b<br>c');
  });
});
