import { yearOf } from '../domain/business-date';
import type { ReminderKind } from '../domain/contract';
import type { Month } from '../domain/months';
import { dateLabel, monthLabel } from '../domain/score-window';
import { UNCOVERED_NOTE } from './calendar';
import { button, card, md, type Template, text } from './kit';
import type { ActionValue } from './values';

export type ScoreReminder = {
  kind: ReminderKind;
  contractId: number;
  /** The contract's number (HT-2026-0012), the name staff quote. */
  contractNo: string;
  month: Month;
  vendorName: string;
  categoryLabel: string;
  due: string; // business date
  /** For an escalation: the assessors who have not scored, and working days past due. */
  assessorNames?: string[];
  overdueWorkingDays?: number;
  /** False when the due date's year has no holiday data: the date was counted Monday to Friday. */
  calendarCovers?: boolean;
  /** A quarterly management line: the quarter (`2027年第1季度(1–3月)`), whose months are due together. */
  quarter?: string;
};

const LOOK: Record<ReminderKind, { title: string; template: Template }> = {
  open: { title: '月度考核已开放', template: 'blue' },
  remind: { title: '月度考核评分提醒', template: 'orange' },
  overdue: { title: '月度考核已逾期', template: 'red' },
  escalate: { title: '月度考核逾期督办', template: 'red' },
};

/** The sentence of a reminder: what happened and what to do by when. Plain text (a summary). */
export function reminderText(r: ScoreReminder): string {
  const m = r.quarter ? `${r.quarter}各月` : monthLabel(r.month);
  const due = dateLabel(r.due, yearOf(r.month));
  switch (r.kind) {
    case 'open':
      return `${m}考核已开放,请于${due}前完成评分。`;
    case 'remind':
      return `${m}考核尚未评分,截止日为${due},请尽快完成评分。`;
    case 'overdue':
      return `${m}考核已超过截止日(${due}),尚未评分,请立即完成评分。`;
    case 'escalate':
      return (
        `${m}考核已超过截止日(${due})${r.overdueWorkingDays ?? 0} 个工作日仍未评分,` +
        `考核人:${(r.assessorNames ?? []).join('、') || '无'}。请督促完成评分。`
      );
  }
}

/**
 * The card of a scoring reminder. Its button opens the month's score card
 * (`{a:'score.form', contract, month}`, handled by the score card's action).
 */
export function scoreReminderCard(r: ScoreReminder) {
  const look = LOOK[r.kind];
  // A quarter's reminder opens the list, where its months are due together.
  const value: ActionValue = r.quarter
    ? { a: 'score.list' }
    : { a: 'score.form', contract: r.contractId, month: r.month };
  return card({
    title: look.title,
    subtitle: `合同 ${r.contractNo} · ${r.quarter ?? monthLabel(r.month)}`,
    template: look.template,
    summary: reminderText(r),
    elements: [
      md(`**${text(r.vendorName)}**(${text(r.categoryLabel)}服务合同 ${text(r.contractNo)})`),
      md(text(reminderText(r))),
      ...(r.quarter
        ? [md('按季度管理考核:本季度各月一并评分,季度管理考核录入一次即代表本季度每个月。')]
        : []),
      ...(r.calendarCovers === false
        ? [md(text(`截止日${UNCOVERED_NOTE}(尚未导入该年节假日安排,按周一至周五计算)。`))]
        : []),
      button({
        text: r.kind === 'escalate' ? '查看考核表' : '去评分',
        type: 'primary',
        value,
      }),
    ],
  });
}
