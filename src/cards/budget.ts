import { CATEGORY_LABELS, SERVICE_CATEGORIES, type ServiceCategory } from '../domain/categories';
import { formatYuan } from '../domain/money';
import {
  button,
  buttons,
  capped,
  card,
  type Element,
  form,
  hr,
  input,
  longSelect,
  md,
  select,
  text,
} from './kit';

/** A budget line with what its requests have committed, as the card shows it. */
export type LineSummary = {
  id: number;
  unitId: number;
  fiscalYear: number;
  category: ServiceCategory;
  name: string;
  amountFen: bigint;
  /** Sum of the line's pending and approved requests: what is already spoken for (rule 1). */
  committedFen: bigint;
  remainingFen: bigint;
};

export interface BudgetView {
  year: number;
  units: { id: number; name: string; lines: LineSummary[] }[];
  /** Finance may register a line; these are the units it may register for. */
  canAdd: { id: number; name: string }[];
  typed?: Record<string, string>;
}

/** Each line's amount, what pending and approved requests commit, and what remains. */
export function buildBudgetCard(v: BudgetView) {
  const elements: Element[] = [];
  for (const u of v.units) {
    const lines = capped(u.lines, 40);
    const rows = lines.shown.map(
      (l) =>
        `- ${CATEGORY_LABELS[l.category]}${l.name ? ` · ${text(l.name)}` : ''}:额度 ${formatYuan(l.amountFen)},已占用 ${formatYuan(l.committedFen)},剩余 **${formatYuan(l.remainingFen)}**`,
    );
    elements.push(
      md(`**${text(u.name)}**\n${rows.length ? rows.join('\n') : '暂无预算额度'}`),
      ...lines.note,
    );
  }
  if (!v.units.length) elements.push(md('您所在单位暂无可查看的预算额度。'));
  if (v.canAdd.length) {
    const t = v.typed ?? {};
    elements.push(
      hr(),
      md('**登记预算额度**(财政部门)'),
      form('budget_form', [
        ...longSelect({
          name: 'unit',
          placeholder: '单位',
          options: v.canAdd.map((u) => ({ value: String(u.id), text: u.name })),
          ...(t.unit ? { initial: t.unit } : {}),
          typed: { label: '或输入单位名称', placeholder: '列表中没有的单位:输入其全称' },
        }),
        input({ name: 'year', label: '年度', placeholder: '例如:2026', value: t.year ?? String(v.year) }),
        select({
          name: 'category',
          placeholder: '服务类别',
          options: SERVICE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] })),
          initial: t.category,
        }),
        input({
          name: 'line_name',
          label: '名称(可选)',
          placeholder: '同类别有多条额度时区分用',
          value: t.line_name,
        }),
        input({
          name: 'line_amount',
          label: '金额',
          placeholder: '例如:1,200,000.00 或 120万',
          value: t.line_amount,
        }),
        buttons([
          button({
            text: '登记',
            value: { a: 'budget.add' },
            type: 'primary',
            submit: true,
            name: 'add',
            confirm: { title: '确认登记', text: '登记后不可修改,确认?' },
          }),
        ]),
      ]),
    );
  }
  elements.push(buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({
    title: '预算额度',
    subtitle: `${v.year}年度 · 先有预算,后购买服务`,
    template: 'turquoise',
    elements,
  });
}
