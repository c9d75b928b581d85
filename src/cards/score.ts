import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import type { RubricItem, ScoreDeduction } from '../domain/contract';
import { contractNumber } from '../domain/contract-format';
import { formatPercent, formatPoints, formatTenths } from '../domain/score';
import type { Entry, Typed } from '../domain/score-entry';
import { NOTE_MAX, payloadOf, REASON_MAX } from '../domain/score-entry';
import type { SurveyShown } from '../domain/survey-share';
import { type OpenProblemLine, openProblemsSection } from './daily-problem';
import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';
import { managementLineText, surveyNoteText, surveyPartsText } from './survey-note';

/** The contract as cards name it. */
export type ContractHead = {
  id: number;
  /** The signing date: with the id, the contract's number (HT-2026-0012). */
  signedOn: string;
  category: ServiceCategory;
  vendorName: string;
  startsOn: string;
  lastDay: string;
  rubric: RubricItem[];
  weights: { dailyWeightBp: number; managementWeightBp: number };
};

/** `合同 HT-2026-0012 · 保洁 · 某物业`: plain text (a header's subtitle); wrap it in `text` for markdown. */
export const headOf = (c: { id: number; signedOn: string; category: ServiceCategory; vendorName: string }) =>
  `合同 ${contractNumber(c)} · ${CATEGORY_LABELS[c.category]} · ${c.vendorName}`;
export const home = () => button({ text: '返回主菜单', value: { a: 'menu.show' } });
const toList = () => button({ text: '返回月度考核', value: { a: 'score.list' } });

export type FormView = {
  contract: ContractHead;
  month: string;
  typed: Typed;
  /**
   * Set for a correction: the current score it replaces and, where a spot check's score stands for
   * the month (rule 12), the checker's, which is the one every rule counts.
   */
  current?: CurrentScore;
  /** The month's 逾期补录 label (`逾期补录(应于 09-04 前)`) when its first entry is (or was) late. */
  late?: string;
  /** The month's closed survey round (or 'none') for a contract with clauses.survey. */
  survey?: SurveyShown | 'none';
  /** A quarterly contract's management line: the quarter, and its score once entered. */
  quarter?: { label: string; tenths?: number };
  /** 未整改问题: daily problems of earlier months not yet closed. */
  openProblems?: OpenProblemLine[];
  error?: string;
};

/** The management field: typed per month, or once per quarter (read-only once the quarter has it). */
function managementFields(v: FormView, correcting: boolean): Element[] {
  const q = v.quarter;
  if (!q)
    return [
      input({
        name: 'management',
        label: '管理考核得分',
        placeholder: '0–100分,最多一位小数,如 92.5',
        value: v.typed.management,
      }),
    ];
  const head = `**本季度管理考核**(每季度评一次,代表本季度每个月):${text(q.label)}`;
  if (q.tenths !== undefined && !correcting)
    return [md(`${head}\n已录入 **${formatTenths(q.tenths)}** 分,本月按此分计(如需修改,请更正已录入月份)。`)];
  return [
    md(correcting ? `${head}\n修改此分将更正本季度管理考核,并同步更正本季度已录入的其他月份。` : head),
    input({
      name: 'management',
      label: '本季度管理考核(每季度评一次,代表本季度每个月)',
      placeholder: '0–100分,最多一位小数,如 92.5',
      value: v.typed.management,
    }),
  ];
}

export type CurrentScore = { id: number; finalTenths: number; checkerTenths?: number };

/** The current score of a month being corrected: the assessor's, and the checker's where it stands. */
function currentText(c: CurrentScore) {
  if (c.checkerTenths === undefined)
    return `当前成绩:最终得分 ${formatTenths(c.finalTenths)} 分。更正将保留原成绩记录。`;
  const checker = formatTenths(c.checkerTenths);
  return (
    `当前成绩:考核人评分 ${formatTenths(c.finalTenths)} 分,抽查评分 ${checker} 分,两者差距超出容差,` +
    `该月按抽查评分 ${checker} 分计(预警、清退、禁投、结算均按此分)。` +
    `更正只改考核人评分,该月仍按抽查评分计。更正将保留原成绩记录。`
  );
}

/** 逾期补录 on the form and the preview: a first entry after the due date, or a correction of one. */
function lateText(late: string, correcting: boolean) {
  return correcting
    ? `录入情况:该月首次录入为**${text(late)}**,更正后仍记为逾期补录。`
    : `录入情况:**${text(late)}**,已过应录入日期,提交后将记为逾期补录。`;
}

function weightsText(w: ContractHead['weights']) {
  return `日常考核占 ${formatPercent(w.dailyWeightBp)},管理考核占 ${formatPercent(w.managementWeightBp)},最终得分保留一位小数。`;
}

/** The daily line's inputs: a deduction and its note per rubric item (the score form and the spot check's). */
export function dailyLineFields(rubric: RubricItem[], typed: Typed): Element[] {
  const fields: Element[] = [md('**日常考核**:满分100分,按考核细则逐项扣分(不扣分留空)。')];
  for (const item of rubric)
    fields.push(
      md(`**${text(item.name)}**(最多扣 ${formatPoints(item.maxDeductTenths)} 分)`),
      input({
        name: `d_${item.key}`,
        label: '扣分',
        placeholder: '如 2 或 1.5,不扣分留空',
        value: typed[`d_${item.key}`],
      }),
      {
        ...input({
          name: `n_${item.key}`,
          label: '扣分说明',
          placeholder: '扣分时必填:写明扣分事实',
          value: typed[`n_${item.key}`],
        }),
        max_length: NOTE_MAX,
      },
    );
  return fields;
}

export function buildScoreFormCard(v: FormView) {
  const c = v.contract;
  const correcting = v.current !== undefined;
  const fields = dailyLineFields(c.rubric, v.typed);
  fields.push(hr(), ...managementFields(v, correcting));
  if (v.survey) fields.push(md(surveyNoteText(v.survey)));
  if (correcting)
    fields.push({
      ...input({
        name: 'reason',
        label: '更正原因',
        placeholder: '必填:为何更正已录入的成绩',
        value: v.typed.reason,
        multiline: true,
      }),
      max_length: REASON_MAX,
    });
  fields.push(
    buttons([
      button({
        text: '预览得分',
        value: {
          a: 'score.preview',
          contract: c.id,
          month: v.month,
          ...(v.current ? { supersedes: v.current.id } : {}),
        },
        type: 'primary',
        submit: true,
        name: 'preview',
      }),
    ]),
  );
  const elements: Element[] = [];
  if (v.error) elements.push(md(`<font color='red'>请修改后重试:${text(v.error)}</font>`));
  elements.push(md(`**${text(headOf(c))}**\n考核月份:**${text(v.month)}**\n${weightsText(c.weights)}`));
  if (v.current) elements.push(md(currentText(v.current)));
  if (v.late) elements.push(md(lateText(v.late, correcting)));
  elements.push(...openProblemsSection(v.openProblems));
  elements.push(form('score', fields), buttons([toList()]));
  return card({
    title: `${correcting ? '更正' : '录入'}月度考核 · ${v.month}`,
    subtitle: headOf(c),
    summary: `月度考核 ${v.month}`,
    elements,
  });
}

function linesText(
  rubric: RubricItem[],
  e: {
    deductions: ScoreDeduction[];
    dailyTenths: number;
    managementTenths: number;
    assessedManagementTenths?: number | null;
    survey?: SurveyShown;
  },
) {
  const name = (key: string) => text(rubric.find((i) => i.key === key)?.name ?? key);
  const ded = e.deductions.length
    ? e.deductions.map((d) => `- ${name(d.item)}:扣 ${formatPoints(d.tenths)} 分(${text(d.note)})`).join('\n')
    : '- 无扣分';
  return `${ded}\n日常考核得分:**${formatTenths(e.dailyTenths)}**\n${managementLineText(e)}`;
}

export type PreviewView = {
  contract: ContractHead;
  month: string;
  entry: Entry;
  current?: CurrentScore;
  late?: string;
};

export function buildScorePreviewCard(v: PreviewView) {
  const c = v.contract;
  const payload = {
    contract: c.id,
    month: v.month,
    ...(v.current ? { supersedes: v.current.id } : {}),
    ...payloadOf(v.entry),
  };
  const elements: Element[] = [
    md(`**${text(headOf(c))}**\n考核月份:**${text(v.month)}**`),
    md(linesText(c.rubric, v.entry)),
    md(
      `最终得分:**${formatTenths(v.entry.finalTenths)}** 分\n档次:**${text(v.entry.band.label)}**\n${weightsText(c.weights)}`,
    ),
  ];
  if (v.current)
    elements.push(
      md(
        `原最终得分:${formatTenths(v.current.finalTenths)} 分 → 更正为 ${formatTenths(v.entry.finalTenths)} 分\n更正原因:${text(v.entry.reason ?? '')}` +
          (v.current.checkerTenths === undefined
            ? ''
            : `\n该月抽查评分 ${formatTenths(v.current.checkerTenths)} 分与考核人评分差距超出容差,该月按抽查评分计;更正只改考核人评分。`),
      ),
    );
  if (v.late) elements.push(md(lateText(v.late, v.current !== undefined)));
  elements.push(
    buttons([
      button({
        text: '确认提交',
        value: { a: 'score.confirm', ...payload },
        type: 'primary',
        confirm: {
          title: '确认提交',
          text: `提交后${v.month}的成绩即生效,修改需走更正并填写原因。确认提交?`,
        },
      }),
      button({ text: '返回修改', value: { a: 'score.edit', ...payload } }),
    ]),
  );
  return card({
    title: `${v.current ? '更正' : '录入'}月度考核 · ${v.month} · 请确认`,
    subtitle: headOf(c),
    template: 'wathet',
    summary: `月度考核 ${v.month}`,
    elements,
  });
}

export type RecordedView = {
  contract: ContractHead;
  month: string;
  score: {
    id: number;
    dailyTenths: number;
    managementTenths: number;
    finalTenths: number;
    deductions: ScoreDeduction[];
    assessedManagementTenths?: number | null;
  };
  band: string;
  /** The survey round the score used (applied or 样本不足). */
  survey?: SurveyShown;
  previous?: { dailyTenths: number; managementTenths: number; finalTenths: number };
  reason?: string;
  /** The month's 逾期补录 label when its first entry was late (a correction keeps it). */
  late?: string;
};

/** 转为整改: one button per deduction of the recorded score (问题整改); the click checks the assessor. */
function raiseButtons(v: RecordedView): Element[] {
  const ds = v.score.deductions;
  if (!ds.length) return [];
  const name = (key: string) => v.contract.rubric.find((i) => i.key === key)?.name ?? key;
  return [
    md('扣分问题需要供应商整改的,可转为整改事项(指定责任人和期限,逐日催办):'),
    buttons(
      ds.map((d) =>
        button({
          text: `转为整改:${name(d.item)}`.slice(0, 20),
          value: { a: 'daily.form', contract: v.contract.id, month: v.month, item: d.item },
        }),
      ),
    ),
  ];
}

export function buildScoreRecordedCard(v: RecordedView) {
  const s = v.score;
  const p = v.previous;
  const change = (label: string, old: number, now: number) =>
    `${label}:${formatTenths(old)} → **${formatTenths(now)}**`;
  const body = p
    ? [
        change('日常考核得分', p.dailyTenths, s.dailyTenths),
        change('管理考核得分', p.managementTenths, s.managementTenths),
        ...(v.survey ? [surveyPartsText({ ...s, survey: v.survey })] : []),
        change('最终得分', p.finalTenths, s.finalTenths),
        `档次:**${text(v.band)}**`,
        `更正原因:${text(v.reason ?? '')}`,
        '原成绩记录已保留。',
      ].join('\n')
    : `${linesText(v.contract.rubric, { ...s, survey: v.survey })}\n最终得分:**${formatTenths(s.finalTenths)}** 分\n档次:**${text(v.band)}**`;
  const late = v.late ? `\n录入情况:**${text(v.late)}**` : '';
  return card({
    title: `${p ? '考核成绩已更正' : '考核成绩已录入'} · ${v.month}`,
    subtitle: headOf(v.contract),
    template: 'green',
    summary: `月度考核 ${v.month}`,
    elements: [
      md(`**${text(headOf(v.contract))}**\n考核月份:**${text(v.month)}**`),
      md(body + late),
      ...raiseButtons(v),
      buttons([toList(), home()]),
    ],
  });
}
