import { approvalRoute, routeLabel } from '../domain/approval-route';
import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { formatWan, formatYuan, parseAmount } from '../domain/money';
import { type DraftData, METHODS, type Method } from '../domain/purchase-fields';
import { text } from './kit';

/** The last step's summary: what will be filed and the route it will take (policy threshold applied). */
export interface SummaryRefs {
  /** The committee threshold of the current policy: the route shown before submitting. */
  committeeThresholdFen: bigint;
  lineOptions: { value: string; text: string; category?: ServiceCategory }[];
  people: { openId: string; name: string }[];
}

/** Markdown lines: the labels are bold, every typed value escaped. */
export function filingSummary(d: DraftData, fc: SummaryRefs): string[] {
  const name = (openId?: string) => text(fc.people.find((p) => p.openId === openId)?.name ?? '未选择');
  const amount = parseAmount(d.amount ?? '');
  const option = fc.lineOptions.find((l) => l.value === d.line);
  const line = text(option?.text ?? '未选择');
  // The line's category when known (rule 1); the draft's copy of it otherwise.
  const chosen = option?.category ?? d.category;
  const category =
    chosen === 'other'
      ? `其他(${text(d.category_other ?? '')})`
      : (CATEGORY_LABELS[chosen as ServiceCategory] ?? '未选择');
  const route = amount.ok ? routeLabel(approvalRoute(amount.fen, fc)) : '金额有误';
  return [
    `**预算额度**:${line}`,
    `**服务**:${category} · ${text(d.description ?? '')}`,
    `**为何外包**:${text(d.why ?? '')}`,
    `**市场调研**:询价 ${text(d.suppliers ?? '?')} 家,价格 ${text(d.price_low ?? '?')} ~ ${text(d.price_high ?? '?')}`,
    `**预估金额**:${amount.ok ? `${formatYuan(amount.fen)}${formatWan(amount.fen) === formatYuan(amount.fen) ? '' : `(${formatWan(amount.fen)})`}` : '未填写'}`,
    `**采购方式**:${METHODS[d.method as Method] ?? '未选择'}`,
    `**分管班子成员**:${name(d.leader)};**职能科室**:${name(d.department)};**考核人**:${(d.assessors ?? []).map(name).join('、') || '未选择'}`,
    `**审批路径**:${route}`,
  ];
}
