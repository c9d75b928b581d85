import { formatYuan } from '../domain/money';
import { MANUAL_CAUSES, SAVING_CAUSE_LABELS, SAVING_EVIDENCE_MAX, type SavingCause } from '../domain/savings';
import { savingsCharts } from './charts/savings-charts';
import type { SavingMonthTotal } from './charts/savings-data';
import { exportButton } from './export-button';
import { button, buttons, card, type Element, form, hr, input, longSelect, md, select, text } from './kit';

/** One unit's savings of one cause in a year. */
export type SavingTotal = {
  unitId: number;
  unitName: string;
  cause: SavingCause;
  totalFen: bigint;
  count: number;
};

export interface SavingsView {
  year: number;
  /** True when the person sees the whole zone; otherwise only their units. */
  zoneWide: boolean;
  totals: SavingTotal[];
  /** By month, unit and cause: drawn as two charts. */
  months?: SavingMonthTotal[];
  /** Units finance may record a saving for. */
  canAdd: { id: number; name: string }[];
  typed?: Record<string, string>;
}

/** The running total of savings for the year (rule 15), by unit and by cause. */
export function buildSavingsCard(v: SavingsView) {
  const sum = (rows: SavingTotal[]) => rows.reduce((acc, r) => acc + r.totalFen, 0n);
  const elements: Element[] = [
    md(`${v.zoneWide ? '全园区' : '本单位'}${v.year}年累计节约财政资金:**${formatYuan(sum(v.totals))}**`),
  ];
  elements.push(...savingsCharts(v.year, v.months ?? []));
  const byUnit = new Map<string, SavingTotal[]>();
  for (const t of v.totals) byUnit.set(t.unitName, [...(byUnit.get(t.unitName) ?? []), t]);
  for (const [unit, rows] of byUnit) {
    const lines = rows.map(
      (r) => `- ${SAVING_CAUSE_LABELS[r.cause]}:${formatYuan(r.totalFen)}(${r.count}笔)`,
    );
    elements.push(md(`**${text(unit)}**  合计 ${formatYuan(sum(rows))}\n${lines.join('\n')}`));
  }
  const causes = new Map<SavingCause, bigint>();
  for (const t of v.totals) causes.set(t.cause, (causes.get(t.cause) ?? 0n) + t.totalFen);
  if (causes.size > 1)
    elements.push(
      md(
        `**按原因**\n${[...causes].map(([c, f]) => `- ${SAVING_CAUSE_LABELS[c]}:${formatYuan(f)}`).join('\n')}`,
      ),
    );
  if (!v.totals.length) elements.push(md('本年度暂无节约资金记录。'));
  if (v.canAdd.length) {
    const t = v.typed ?? {};
    elements.push(
      hr(),
      md('**登记节约资金**(财政部门;考核扣减由结算自动记入)'),
      form('saving_form', [
        ...longSelect({
          name: 'unit',
          placeholder: '单位',
          options: v.canAdd.map((u) => ({ value: String(u.id), text: u.name })),
          ...(t.unit ? { initial: t.unit } : {}),
          typed: { label: '或输入单位名称', placeholder: '列表中没有的单位:输入其全称' },
        }),
        select({
          name: 'cause',
          placeholder: '节约原因',
          options: MANUAL_CAUSES.map((c) => ({ value: c, text: SAVING_CAUSE_LABELS[c] })),
          initial: t.cause,
        }),
        input({ name: 'amount', label: '金额', placeholder: '例如:12,000.00 或 1.2万', value: t.amount }),
        input({
          name: 'evidence',
          label: '依据',
          placeholder: '文件编号或情况说明,如:议价纪要〔2026〕3号',
          value: t.evidence,
          max: SAVING_EVIDENCE_MAX,
        }),
        buttons([
          button({
            text: '登记',
            value: { a: 'savings.add' },
            type: 'primary',
            submit: true,
            name: 'add_saving',
            confirm: { title: '确认登记', text: '登记后不可修改,确认?' },
          }),
        ]),
      ]),
    );
  }
  elements.push(
    buttons([
      button({ text: `${v.year - 1}年度`, value: { a: 'savings.show', year: v.year - 1 } }),
      button({ text: `${v.year + 1}年度`, value: { a: 'savings.show', year: v.year + 1 } }),
      exportButton('导出台账', { k: 'savings', year: v.year }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: '节约财政资金', subtitle: `${v.year}年度`, template: 'green', elements });
}
