/**
 * 导入 (spreadsheets sent to the bot): the preview with 确认导入 / 取消, the card that replaces it,
 * the question which kind an ambiguous file is, and the 导入模板 card. Every line of a preview comes
 * from the file (names, units, reasons quoting cells), so all of it is escaped.
 */
import { button, buttons, capped, card, type Element, md, text } from './kit';

/** Lines listed per section of a preview; the rest are counted. */
export const PREVIEW_LINES = 30;

export interface ImportPreviewView {
  /** The stored pending import; absent when there is nothing to confirm (errors, or nothing new). */
  pendingId?: number;
  kind: string;
  fileName: string;
  adds: string[];
  changes: string[];
  unchanged: number;
  errors: { row: number; message: string }[];
  notes: string[];
}

function list(title: string, lines: string[]): Element[] {
  if (lines.length === 0) return [];
  const { shown, note } = capped(lines, PREVIEW_LINES);
  return [md(`**${title}(${lines.length})**\n${shown.map((l) => `- ${text(l)}`).join('\n')}`), ...note];
}

export function importPreviewCard(v: ImportPreviewView) {
  const elements: Element[] = [md(`文件:${text(v.fileName)}`)];
  if (v.errors.length > 0) {
    elements.push(
      md(`**发现 ${v.errors.length} 处错误,本文件未导入任何数据。** 请按行号修改后重新发送整个文件。`),
      ...list(
        '错误',
        v.errors.map((e) => `第 ${e.row} 行:${e.message}`),
      ),
    );
    return card({
      title: `导入预览:${v.kind}`,
      template: 'red',
      summary: `导入未通过:${v.errors.length} 处错误`,
      elements,
    });
  }
  const counts = `新增 ${v.adds.length} 条,修改 ${v.changes.length} 条,已存在未变 ${v.unchanged} 条。`;
  elements.push(
    md(counts),
    ...v.notes.map((n) => md(text(n))),
    ...list('新增', v.adds),
    ...list('修改', v.changes),
  );
  if (v.pendingId !== undefined) {
    elements.push(
      md('确认后全部导入,任何一行失败则全部不导入。'),
      buttons([
        button({ text: '确认导入', value: { a: 'import.confirm', pending: v.pendingId }, type: 'primary' }),
        button({ text: '取消', value: { a: 'import.cancel', pending: v.pendingId } }),
      ]),
    );
  } else elements.push(md('文件中没有需要导入的内容。'));
  return card({ title: `导入预览:${v.kind}`, template: 'blue', summary: `导入预览:${counts}`, elements });
}

export interface ImportDoneView {
  kind: string;
  fileName: string;
  status: 'applied' | 'cancelled' | 'stale';
  /** What was imported (applied) or why the confirmation was refused (stale). */
  summary: string;
}

/** What replaces the preview: imported, cancelled, or refused because the data moved since. */
export function importDoneCard(v: ImportDoneView) {
  const head = { applied: '已导入', cancelled: '已取消导入', stale: '未导入' }[v.status];
  const template = v.status === 'applied' ? 'green' : v.status === 'cancelled' ? 'grey' : 'orange';
  return card({
    title: `${head}:${v.kind}`,
    template,
    summary: `${head}:${v.kind}`,
    elements: [md(`文件:${text(v.fileName)}`), md(text(v.summary))],
  });
}

/** A file whose header fits several kinds: which one it is. */
export function importChooseCard(v: {
  pendingId: number;
  fileName: string;
  kinds: { key: string; label: string }[];
}) {
  return card({
    title: '请选择导入类型',
    template: 'blue',
    summary: '请选择导入类型',
    elements: [
      md(`文件:${text(v.fileName)}`),
      md('该表格的表头符合多种导入类型,请选择要导入的类型:'),
      // The registry holds a handful of kinds; a header fits two or three of them at most.
      buttons(
        v.kinds.slice(0, 10).map((k) =>
          button({
            text: k.label.slice(0, 20),
            value: { a: 'import.choose', pending: v.pendingId, kind: k.key },
          }),
        ),
      ),
    ],
  });
}

export interface ImportTemplatesView {
  kinds: { key: string; label: string; headers: string[] }[];
  /** Said above the buttons: why this card answered (a file the bot could not place). */
  note?: string;
}

/** 导入模板: one button per kind the person may import; the file comes as a private message. */
export function importTemplatesCard(v: ImportTemplatesView) {
  const elements: Element[] = [];
  if (v.note) elements.push(md(text(v.note)));
  if (v.kinds.length === 0) {
    elements.push(md('您的角色不能导入数据。'));
  } else {
    elements.push(
      md(
        '点击下方按钮获取导入模板(XLSX,含表头和一行示例)。填写后把表格直接发给我,我会先给出预览,确认后再导入。',
      ),
      md(
        v.kinds
          .slice(0, 20)
          .map((k) => `- **${text(k.label)}**:${text(k.headers.slice(0, 30).join('、'))}`)
          .join('\n'),
      ),
      buttons(
        v.kinds
          .slice(0, 20)
          .map((k) =>
            button({ text: `${k.label.slice(0, 20)}模板`, value: { a: 'import.template', kind: k.key } }),
          ),
      ),
    );
  }
  elements.push(buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({ title: '导入模板', template: 'blue', summary: '导入模板', elements });
}
