import { button, buttons, capped, card, type Element, hr, md, text } from './kit';
import {
  ITEM_STATUS_LABELS,
  ITEM_STATUS_LABELS_DAILY,
  type ItemStatus,
  SEVERITY_LABELS,
  type Severity,
} from './rectification';

export interface RectificationReportRow {
  contractNo: string;
  unit: string;
  vendor: string;
  inspectedOn: string;
  finding: string;
  severity: Severity;
  owner: string;
  dueOn: string;
  status: ItemStatus;
  reopened: number;
  /** Working days past the deadline, up to submission (or today while open). */
  overdueWorkingDays: number;
  evidence: string;
  photos: string[];
  /** A problem raised from the daily line: its month, rubric item and 重复发生 count. */
  daily?: { month: string; rubricName: string; repeats: number };
}

export interface RectificationReportView {
  title: string;
  today: string;
  rows: RectificationReportRow[];
}

function row(r: RectificationReportRow, n: number): string {
  const overdue =
    r.overdueWorkingDays > 0 ? `<font color='red'>逾期 ${r.overdueWorkingDays} 个工作日</font>` : '未逾期';
  const lines = [
    r.daily
      ? `**${n}. ${text(r.finding)}**(日常考核问题${r.daily.repeats ? `,重复发生 ${r.daily.repeats} 次` : ''})`
      : `**${n}. ${text(r.finding)}**(${SEVERITY_LABELS[r.severity]})`,
    `合同 ${text(r.contractNo)} · ${text(r.unit)} · ${text(r.vendor)} · ${
      r.daily
        ? `${text(r.daily.month)} 日常考核「${text(r.daily.rubricName)}」`
        : `${text(r.inspectedOn)} 督查`
    }`,
    `责任人:${text(r.owner)} · 期限:${text(r.dueOn)} · 状态:${(r.daily ? ITEM_STATUS_LABELS_DAILY : ITEM_STATUS_LABELS)[r.status]}${r.reopened ? `(退回 ${r.reopened} 次)` : ''} · ${overdue}`,
  ];
  if (r.evidence) lines.push(`整改说明:${text(r.evidence)}`);
  if (r.photos.length) lines.push(`照片 SHA-256:${r.photos.map(text).join('、')}`);
  return lines.join('\n');
}

/** 督查问题整改情况报告: findings with owner, deadline, status, days overdue (working days) and evidence. */
export function buildRectificationReportCard(v: RectificationReportView) {
  const open = v.rows.filter((r) => r.status !== 'closed').length;
  const late = v.rows.filter((r) => r.status !== 'closed' && r.overdueWorkingDays > 0).length;
  const elements: Element[] = [
    md(
      `**范围**:${text(v.title)} · 截至 ${text(v.today)}\n共 ${v.rows.length} 项问题,未销号 ${open} 项,其中逾期 ${late} 项(逾期天数按工作日计)。`,
    ),
    hr(),
  ];
  if (!v.rows.length) elements.push(md('暂无督查发现的问题。'));
  const rows = capped(v.rows, 30);
  for (const [i, r] of rows.shown.entries()) elements.push(md(row(r, i + 1)));
  elements.push(...rows.note);
  elements.push(hr(), buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({
    title: '督查问题整改情况报告',
    template: late ? 'red' : 'blue',
    summary: '督查问题整改情况报告',
    elements,
  });
}
