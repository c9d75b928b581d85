/**
 * 满意度测评 (rule 7): the survey card a recipient gets in their private chat, and the same card once
 * answered. It names the service (vendor, category, period), never a score and never another person;
 * it is only ever shown to the one recipient it was sent to.
 */
import type { SurveyDimension } from '../domain/contract';
import { dayLabel, MAX_SURVEY_COMMENT_CHARS, ratingField } from '../domain/survey';
import { button, card, type Element, form, hr, input, md, select, text } from './kit';

export type SurveyView = {
  roundId: number;
  contractNo: string;
  vendorName: string;
  categoryLabel: string;
  /** `2027年2月` or `2027年第1季度`. */
  periodLabel: string;
  closesOn: string;
  dimensions: SurveyDimension[];
  /** The recipient's own answer, once given. */
  answer?: { ratings: Record<string, number>; comment: string | null; revision: number };
  /** The one reminder before the round closes. */
  chase?: boolean;
};

const RATING_TEXT: Record<number, string> = {
  5: '5 分 · 非常满意',
  4: '4 分 · 满意',
  3: '3 分 · 一般',
  2: '2 分 · 不满意',
  1: '1 分 · 非常不满意',
};
const OPTIONS = [5, 4, 3, 2, 1].map((n) => ({ value: String(n), text: RATING_TEXT[n]! }));

const service = (v: SurveyView) =>
  `**服务单位**:${text(v.vendorName)}\n**服务类别**:${v.categoryLabel}\n**测评期间**:${v.periodLabel}\n**合同编号**:${v.contractNo}`;

const ANONYMOUS = '本问卷匿名:考核人、服务单位和项目群只看到答卷数量、平均分和意见,看不到谁填写了什么。';

function answerForm(v: SurveyView): Element {
  const a = v.answer;
  return form('survey', [
    ...v.dimensions.map((d) =>
      select({
        name: ratingField(d.key),
        placeholder: `${d.name}(1-5 分)`,
        options: OPTIONS,
        ...(a?.ratings[d.key] ? { initial: String(a.ratings[d.key]) } : {}),
        required: true,
      }),
    ),
    input({
      name: 'survey_comment',
      label: '意见建议(选填)',
      placeholder: '您对该项服务的意见或建议',
      max: MAX_SURVEY_COMMENT_CHARS,
      multiline: true,
      ...(a?.comment ? { value: a.comment } : {}),
    }),
    button({
      text: a ? '修改并提交' : '提交',
      type: 'primary',
      submit: true,
      name: 'survey_submit',
      value: { a: 'survey.answer', round: v.roundId },
    }),
  ]);
}

/** The survey as sent (or chased): each dimension 1 to 5, an optional comment, 提交. */
export function surveyCard(v: SurveyView) {
  const due = `请于 ${dayLabel(v.closesOn)}(含)前填写`;
  return card({
    title: v.chase ? '满意度测评 · 提醒' : '满意度测评',
    subtitle: `${v.periodLabel} · ${v.categoryLabel}`,
    template: v.chase ? 'orange' : 'blue',
    summary: `满意度测评:${v.periodLabel}${v.categoryLabel}服务`,
    elements: [
      md(
        `${v.chase ? '您尚未填写本期满意度测评,即将截止。' : '您是该项服务的服务对象,请对本期服务作出评价。'}${due}。`,
      ),
      md(service(v)),
      md(ANONYMOUS),
      hr(),
      answerForm(v),
    ],
  });
}

/** The recipient's own answer as recorded, changeable until the round closes. */
export function surveyAnsweredCard(v: SurveyView & { answer: NonNullable<SurveyView['answer']> }) {
  const a = v.answer;
  const lines = v.dimensions.map((d) => `- ${text(d.name)}:${RATING_TEXT[a.ratings[d.key] ?? 0] ?? '—'}`);
  return card({
    title: '满意度测评 · 已提交',
    subtitle: `${v.periodLabel} · ${v.categoryLabel}`,
    template: 'green',
    summary: '满意度测评已提交',
    elements: [
      md(service(v)),
      md(
        `**您的评价**${a.revision > 1 ? `(第${a.revision}次提交)` : ''}\n${lines.join('\n')}\n**意见建议**:${a.comment ? text(a.comment) : '无'}`,
      ),
      md(`可修改至 ${dayLabel(v.closesOn)}(含):修改后再次提交即替换本次评价。${ANONYMOUS}`),
      hr(),
      answerForm(v),
    ],
  });
}
