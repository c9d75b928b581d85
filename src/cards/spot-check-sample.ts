/**
 * A sampled assessment scored again by the checker (rule 12): the entry form (the score card's
 * fields, blind to the assessor's score), and the comparison item by item that the checker, and on
 * a gap above the tolerance the unit leadership and discipline inspection, see.
 */

import type { ServiceCategory } from '../domain/categories';
import type { RubricItem, ScoreDeduction } from '../domain/contract';
import { formatPoints, formatTenths } from '../domain/score';
import type { Typed } from '../domain/score-entry';
import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';
import { dailyLineFields, headOf } from './score';
import { showContractButton } from './ways-on';

export const CHECK_NOTES_MAX = 500;

export type SampleHead = {
  checkId: number;
  scoreId: number;
  contractId: number;
  signedOn: string;
  category: ServiceCategory;
  vendorName: string;
  month: string;
  rubric: RubricItem[];
};

const head = (h: SampleHead) =>
  headOf({ id: h.contractId, signedOn: h.signedOn, category: h.category, vendorName: h.vendorName });
const back = (h: SampleHead) =>
  button({ text: '返回抽查', value: { a: 'spotcheck.show', check: h.checkId } });

export function buildSampleFormCard(v: { head: SampleHead; typed: Typed }) {
  const h = v.head;
  const fields = dailyLineFields(h.rubric, v.typed);
  fields.push(
    hr(),
    input({
      name: 'management',
      label: '管理考核得分',
      placeholder: '0–100分,最多一位小数',
      value: v.typed.management,
    }),
    {
      ...input({ name: 'notes', label: '抽查说明', placeholder: '抽查经过与发现', multiline: true }),
      max_length: CHECK_NOTES_MAX,
    },
    {
      ...input({ name: 'evidence', label: '证据', placeholder: '证据材料:照片编号、记录、访谈等' }),
      max_length: CHECK_NOTES_MAX,
    },
    buttons([
      button({
        text: '提交抽查评分',
        value: { a: 'spotcheck.score', check: h.checkId, score: h.scoreId },
        type: 'primary',
        submit: true,
        name: 'submit',
        confirm: { title: '提交抽查评分', text: '提交后不可修改,将与考核人的评分比对。确认提交?' },
      }),
    ]),
  );
  return card({
    title: `抽查评分 · ${h.month}`,
    subtitle: head(h),
    summary: `抽查评分 ${h.month}`,
    elements: [
      md(
        `**${text(head(h))}**\n考核月份:**${text(h.month)}**(抽查 #${h.checkId})\n请按合同考核细则独立评分。`,
      ),
      form('spotcheck_score', fields),
      buttons([back(h)]),
    ],
  });
}

export type Scored = {
  deductions: ScoreDeduction[];
  dailyTenths: number;
  managementTenths: number;
  finalTenths: number;
};

export type ComparisonView = {
  head: SampleHead;
  unit: string;
  assessor: Scored;
  checker: Scored;
  checkerName: string;
  gapTenths: number;
  toleranceTenths: number;
  exceeds: boolean;
  /** The policy's funding rule applies: the checker's score stands for the month. */
  stands: boolean;
  notes: string;
  evidence: string;
};

function itemLines(v: ComparisonView): string {
  const ded = (s: Scored, key: string) => s.deductions.find((d) => d.item === key)?.tenths ?? 0;
  const rows = v.head.rubric.map(
    (i) =>
      `- ${text(i.name)}:考核人扣 ${formatPoints(ded(v.assessor, i.key))} / 抽查扣 ${formatPoints(ded(v.checker, i.key))}`,
  );
  const notes = v.checker.deductions.map((d) => {
    const name = v.head.rubric.find((i) => i.key === d.item)?.name ?? d.item;
    return `- 抽查扣分说明(${text(name)}):${text(d.note)}`;
  });
  return [
    ...rows,
    `- 日常考核得分:考核人 ${formatTenths(v.assessor.dailyTenths)} / 抽查 ${formatTenths(v.checker.dailyTenths)}`,
    `- 管理考核得分:考核人 ${formatTenths(v.assessor.managementTenths)} / 抽查 ${formatTenths(v.checker.managementTenths)}`,
    `- **最终得分:考核人 ${formatTenths(v.assessor.finalTenths)} / 抽查 ${formatTenths(v.checker.finalTenths)}**`,
    ...notes,
  ].join('\n');
}

function verdict(v: ComparisonView): string {
  const gap = `差距 ${formatTenths(v.gapTenths)} 分,容差 ${formatTenths(v.toleranceTenths)} 分`;
  if (!v.exceeds) return `${gap}:未超出容差。`;
  const rule = v.stands
    ? `按政策,${text(v.head.month)} 以抽查评分 ${formatTenths(v.checker.finalTenths)} 分为准,计入结算扣减档次及清退、预警、禁止投标规则。`
    : '按该抽查适用的政策,仍以考核人评分为准。';
  return `**${gap}:超出容差。**\n${rule}`;
}

/** Both scores item by item: to the checker on recording, and (on a gap) to leadership and discipline. */
export function buildComparisonCard(v: ComparisonView, audience: 'checker' | 'flag') {
  const elements: Element[] = [
    md(
      `**${text(head(v.head))}**\n单位:${text(v.unit)}\n考核月份:**${text(v.head.month)}**(抽查 #${v.head.checkId})\n抽查人:${text(v.checkerName)}`,
    ),
    md(itemLines(v)),
    md(verdict(v)),
  ];
  if (v.notes) elements.push(md(`抽查说明:${text(v.notes)}`));
  if (v.evidence) elements.push(md(`证据:${text(v.evidence)}`));
  elements.push(
    buttons(
      audience === 'checker'
        ? [back(v.head), showContractButton(v.head.contractId)]
        : [showContractButton(v.head.contractId)],
    ),
  );
  return card({
    title: audience === 'flag' ? `抽查差距超出容差 · ${v.head.month}` : `抽查评分已录入 · ${v.head.month}`,
    subtitle: head(v.head),
    template: v.exceeds ? 'red' : 'green',
    summary: `抽查 #${v.head.checkId}`,
    elements,
  });
}

/** To the contract's assessors when a check of their score exceeded the tolerance. */
export function buildAssessorNoticeCard(v: ComparisonView) {
  return card({
    title: `您的考核成绩被抽查 · ${v.head.month}`,
    subtitle: head(v.head),
    template: 'orange',
    summary: `抽查 ${v.head.month}`,
    elements: [
      md(
        `**${text(head(v.head))}**\n考核月份:**${text(v.head.month)}**\n考核人 ${formatTenths(v.assessor.finalTenths)} / 抽查 ${formatTenths(v.checker.finalTenths)}${v.stands ? '(以抽查为准)' : ''}`,
      ),
      md(verdict(v)),
      buttons([showContractButton(v.head.contractId)]),
    ],
  });
}
