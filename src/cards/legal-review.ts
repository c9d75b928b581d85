import type { ContractClauseValues, PaymentPeriod, RubricItem } from '../domain/contract';
import { clauseLines, rubricLines, scheduleLines } from '../domain/contract-format';
import {
  CLAUSE_KEYS,
  CLAUSE_LABELS,
  DRAFT_STATUS_LABELS,
  type DraftComments,
  type DraftStatus,
  MAX_COMMENT_CHARS,
} from '../domain/legal-review';
import { formatYuan } from '../domain/money';
import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';

/** A contract draft version as legal and the filer read it (法务审核, rule 6). */
export interface DraftView {
  draftId: number;
  requestId: number;
  version: number;
  unit: string;
  service: string;
  vendor: string;
  filer: string;
  submittedOn: string;
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  periods: PaymentPeriod[];
  targets: string;
  lateReason: string;
  rubric: RubricItem[];
  clauses: ContractClauseValues;
  policyVersion: number;
  status: DraftStatus;
  /** Set once decided: who and when, the comments and the counsel's opinion. */
  decided?: { by: string; on: string; comments: DraftComments; counselOpinion?: string };
}

const scheduleText = (periods: PaymentPeriod[]) =>
  scheduleLines(periods.map((p) => ({ ...p, label: text(p.label), dueOn: text(p.dueOn) })));

function terms(v: DraftView): string {
  return [
    `**采购申请**:#${v.requestId} · ${text(v.unit)}`,
    `**服务**:${text(v.service)}`,
    `**承接主体**:${text(v.vendor)}`,
    `**经办人**:${text(v.filer)} · ${text(v.submittedOn)} 提交第${v.version}版`,
    `**合同金额**:${formatYuan(v.amountFen)}`,
    `**服务期限**:${text(v.startsOn)} 至 ${text(v.endsOn)}`,
    `**付款计划**:\n${scheduleText(v.periods).join('\n')}`,
    `**绩效目标**:${text(v.targets)}`,
    ...(v.lateReason ? [`**补签原因**:${text(v.lateReason)}`] : []),
  ].join('\n');
}

const rubricItemLine = (r: RubricItem) => rubricLines([{ ...r, name: text(r.name) }])[0]!;

/** The comments as lines: each rubric item and clause commented on, the general one and the counsel's. */
export function commentLines(rubric: RubricItem[], c: DraftComments, counselOpinion?: string): string[] {
  const names = new Map(rubric.map((r) => [r.key, r.name]));
  return [
    ...Object.entries(c.rubric).map(([k, x]) => `- 考核细则「${text(names.get(k) ?? k)}」:${text(x)}`),
    ...CLAUSE_KEYS.filter((k) => c.clauses[k]).map((k) => `- ${CLAUSE_LABELS[k]}:${text(c.clauses[k]!)}`),
    ...(c.general ? [`- 总体意见:${text(c.general)}`] : []),
    ...(counselOpinion ? [`- 外部法律顾问意见:${text(counselOpinion)}`] : []),
  ];
}

const comment = (name: string, label: string) =>
  input({ name, label, placeholder: '无意见可留空', max: MAX_COMMENT_CHARS, multiline: true });

/** Rubric items with a comment field of their own; a longer rubric's rest goes in the general comment. */
export const MAX_RUBRIC_FIELDS = 20;
const short = (s: string) => ([...s].length > 12 ? `${[...s].slice(0, 12).join('')}…` : s);

/**
 * 法务审核 (legal's private chat): the draft, a comment field per rubric item and per clause, a
 * general comment and the outside counsel's opinion, then 通过 / 退回修改. Once decided, the result.
 */
export function buildDraftReviewCard(v: DraftView) {
  const clauses = clauseLines(v.clauses);
  const numbered = v.rubric.map((r, i) => `${i + 1}. ${rubricItemLine(r).slice(2)}`);
  const elements: Element[] = [md(terms(v)), hr()];
  if (v.status !== 'pending')
    elements.push(
      md(
        [
          `**审核结果**:${DRAFT_STATUS_LABELS[v.status]}`,
          ...(v.decided ? [`**审核人**:${text(v.decided.by)} · ${text(v.decided.on)}`] : []),
          ...(v.decided ? commentLines(v.rubric, v.decided.comments, v.decided.counselOpinion) : []),
        ].join('\n'),
      ),
    );
  elements.push(
    md(`**考核细则**(政策第${v.policyVersion}版模板)\n${numbered.join('\n')}`),
    md(`**合同条款**\n${clauses.join('\n')}`),
  );
  if (v.status === 'pending') {
    const fields = v.rubric.slice(0, MAX_RUBRIC_FIELDS);
    elements.push(
      hr(),
      form('draft_review', [
        md('**审核意见**(逐项填写,无意见留空;退回修改须至少填写一条)'),
        ...fields.map((r, i) => comment(`r_${i}`, `考核细则第${i + 1}项「${short(r.name)}」`)),
        ...(v.rubric.length > fields.length
          ? [md(`考核细则第${fields.length + 1}项起的意见请写在总体意见中`)]
          : []),
        ...CLAUSE_KEYS.filter((k) => v.clauses[k]).map((k) => comment(`c_${k}`, CLAUSE_LABELS[k])),
        comment('comment', '总体意见'),
        input({
          name: 'counsel_opinion',
          label: '外部法律顾问意见',
          placeholder: '法律顾问的审查意见(摘要或结论)',
          max: MAX_COMMENT_CHARS,
          multiline: true,
        }),
        buttons([
          button({
            text: '通过',
            value: { a: 'legal.approve', draft: v.draftId },
            type: 'primary',
            submit: true,
            name: 'approve',
            confirm: {
              title: '法务审核通过',
              text: `确认第${v.version}版合同草案审核通过?通过后经办人可按此版本签订。`,
            },
          }),
          button({
            text: '退回修改',
            value: { a: 'legal.return', draft: v.draftId },
            type: 'danger',
            submit: true,
            name: 'return',
          }),
        ]),
      ]),
    );
  }
  return card({
    title: `法务审核 · 合同草案 #${v.requestId} 第${v.version}版`,
    subtitle: `${v.unit} · ${DRAFT_STATUS_LABELS[v.status]}`,
    template: v.status === 'pending' ? 'orange' : v.status === 'approved' ? 'green' : 'grey',
    summary: `法务审核 #${v.requestId}`,
    elements,
  });
}

/** The filer's notice (private chat): approved, or returned with the comments; opens the form again. */
export function buildDraftResultCard(v: DraftView) {
  const approved = v.status === 'approved';
  const lines = [
    approved
      ? `✅ 合同草案第${v.version}版已通过法务审核,可按此版本确认签订(内容如有修改,须重新提交法务审核)。`
      : `合同草案第${v.version}版被法务退回修改,请按以下意见修改后重新提交法务审核。`,
    ...(v.decided ? [`**审核人**:${text(v.decided.by)} · ${text(v.decided.on)}`] : []),
    ...(v.decided ? commentLines(v.rubric, v.decided.comments, v.decided.counselOpinion) : []),
  ];
  return card({
    title: `${approved ? '法务审核通过' : '法务退回修改'} · 采购申请 #${v.requestId}`,
    subtitle: `${v.unit} · 第${v.version}版`,
    template: approved ? 'green' : 'orange',
    summary: `法务审核 #${v.requestId}`,
    elements: [
      md(lines.join('\n')),
      buttons([
        button({
          text: approved ? '去签订合同' : '修改合同草案',
          value: { a: 'contract.form', request: v.requestId },
          type: 'primary',
        }),
      ]),
    ],
  });
}
