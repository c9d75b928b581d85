/**
 * 问题整改 of the daily line: the 转为整改 form of one deduction, and the 未整改问题 section the score
 * form of a later month shows.
 */
import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { contractNumber } from '../domain/contract-format';
import { formatPoints } from '../domain/score';
import {
  button,
  buttons,
  card,
  datePicker,
  type Element,
  form,
  hr,
  input,
  md,
  personPicker,
  pickerLabel,
  text,
} from './kit';
import { ITEM_STATUS_LABELS_DAILY } from './rectification';

const headOf = (c: DailyProblemFormView['contract']) =>
  `合同 ${contractNumber(c)} · ${CATEGORY_LABELS[c.category]} · ${c.vendorName}`;

export interface DailyProblemFormView {
  contractId: number;
  contract: { id: number; signedOn: string; category: ServiceCategory; vendorName: string };
  month: string;
  rubricItem: string;
  rubricName: string;
  deductionTenths: number;
  note: string;
  today: string;
  /** The people who may own the item (the contract's unit). */
  peopleOpenIds: string[];
  /** The item already raised for this deduction, if any: no form then. */
  raised?: { itemId: number; dueOn: string; status: 'open' | 'submitted' | 'closed' };
}

/** A daily problem not closed, as the next month's score form lists it. */
export interface OpenProblemLine {
  itemId: number;
  finding: string;
  month: string;
  rubricName: string;
  dueOn: string;
  status: 'open' | 'submitted';
  overdueWorkingDays: number;
  /** How often in a row it was raised while the one before was open (重复发生). */
  repeats: number;
}

/** `重复发生 2 次` or nothing. */
export const repeatText = (repeats: number) => (repeats > 0 ? `重复发生 ${repeats} 次` : '');

export function openProblemLine(l: OpenProblemLine): string {
  const parts = [
    `「${text(l.finding)}」(${text(l.month)} · ${text(l.rubricName)})`,
    `期限 ${text(l.dueOn)}`,
    l.overdueWorkingDays > 0 ? `逾期 ${l.overdueWorkingDays} 个工作日` : '未逾期',
    ITEM_STATUS_LABELS_DAILY[l.status],
  ];
  if (l.repeats > 0) parts.push(`**${repeatText(l.repeats)}**`);
  return `- ${parts.join(' · ')}`;
}

/** 未整改问题: the section of the score form (empty list: nothing shown). */
export function openProblemsSection(lines: readonly OpenProblemLine[] | undefined): Element[] {
  if (!lines?.length) return [];
  const shown = lines.slice(0, 10).map(openProblemLine);
  if (lines.length > 10) shown.push(`- ……另有 ${lines.length - 10} 项`);
  return [md(`**未整改问题(${lines.length}项)**\n${shown.join('\n')}`)];
}

export function buildDailyProblemFormCard(v: DailyProblemFormView) {
  const head = md(
    [
      `**${text(headOf(v.contract))}**`,
      `考核月份:**${text(v.month)}** · 细则项:**${text(v.rubricName)}**`,
      `扣分:${formatPoints(v.deductionTenths)} 分 · 扣分说明:${text(v.note)}`,
    ].join('\n'),
  );
  const back = buttons([button({ text: '返回月度考核', value: { a: 'score.list' } })]);
  if (v.raised)
    return card({
      title: `问题整改 · ${v.month}`,
      subtitle: headOf(v.contract),
      template: 'green',
      summary: `问题整改 ${v.month}`,
      elements: [
        head,
        md(
          `该扣分问题已转为整改:整改期限 ${text(v.raised.dueOn)} · ${ITEM_STATUS_LABELS_DAILY[v.raised.status]}`,
        ),
        back,
      ],
    });
  return card({
    title: `转为整改 · ${v.month}`,
    subtitle: headOf(v.contract),
    template: 'wathet',
    summary: `转为整改 ${v.month}`,
    elements: [
      head,
      md(
        '整改责任人须为本合同所属单位人员;整改期限不得早于今天。同一细则项的上一次问题尚未整改完毕时,记为重复发生。',
      ),
      hr(),
      form('daily_problem', [
        input({
          name: 'problem',
          label: '问题描述',
          placeholder: '需要供应商整改的问题',
          value: v.note,
          multiline: true,
        }),
        pickerLabel('整改责任人'),
        personPicker({ name: 'problem_owner', placeholder: '整改责任人', openIds: v.peopleOpenIds }),
        datePicker({ name: 'problem_due', placeholder: '整改期限' }),
        buttons([
          button({
            text: '转为整改',
            value: { a: 'daily.raise', contract: v.contractId, month: v.month, item: v.rubricItem },
            type: 'primary',
            submit: true,
            name: 'raise',
          }),
        ]),
      ]),
      back,
    ],
  });
}
