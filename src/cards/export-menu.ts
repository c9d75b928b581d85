import { exportButton } from './export-button';
import { button, buttons, card, type Element, md } from './kit';
import type { ActionValue } from './values';

type ExportValue = Omit<Extract<ActionValue, { a: 'export.request' }>, 'a'>;

export type ExportChoice = { text: string; value: ExportValue };

/**
 * 导出 (the word): the sheets a person may ask for without opening a card first
 * (the year's score ledger, the savings ledger, the rectification items), only those their roles
 * allow; the sheets of one contract or one spot check are on that card.
 */
export function buildExportMenuCard(v: { choices: ExportChoice[] }) {
  const elements: Element[] = [
    md(
      v.choices.length
        ? '点击下方按钮导出表格,生成后私聊发送给您(不会发到群里)。'
        : '您目前没有可直接导出的台账。',
    ),
  ];
  if (v.choices.length) elements.push(buttons(v.choices.map((c) => exportButton(c.text, c.value))));
  elements.push(
    md(
      '单个合同的考核台账、结算和审计记录,请在「合同管理」或「结算审核」打开该合同后点击导出;抽查样本在该次抽查的卡片上导出。',
    ),
    buttons([
      button({ text: '合同管理', value: { a: 'contract.list' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: '导出台账', template: 'blue', summary: '导出台账', elements });
}
