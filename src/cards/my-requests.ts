import type { RequestStatus } from '../domain/approval-route';
import { LIST_PAGE_SIZE } from '../domain/list-page';
import { REQUEST_STATUS_LABELS, requestFilterActive } from '../domain/request-list-filter';
import { button, buttons, card, type Element, hr, md, text } from './kit';
import { type RequestListPage, requestFilterForm, requestPager } from './request-list-pager';

/** One request as its filer sees it: every value plain text (the card escapes it). */
export interface MyRequest {
  id: number;
  amount: string;
  line: string;
  description: string;
  status: string;
  /** The stage deciding it now and the names of who may decide it (absent once it has ended). */
  current?: { stage: string; approvers: string[] };
  decided: { stage: string; outcome: string; by: string; note: string }[];
}

export interface MyRequestsView {
  requests: MyRequest[];
  /**
   * The page shown (keyset, cards/request-list-pager): the count, the filter and the cursors of
   * 上一页 / 下一页. Without it the card lists `requests` as given.
   */
  page?: RequestListPage<RequestStatus>;
}

function lines(r: MyRequest): string {
  const out = [
    `**#${r.id}** ${text(r.amount)} · ${text(r.status)}`,
    `预算额度:${text(r.line)};服务:${text(r.description)}`,
  ];
  if (r.current)
    out.push(
      `当前环节:**${text(r.current.stage)}**,审批人:${text(r.current.approvers.join('、') || '暂无审批人')}`,
    );
  for (const d of r.decided)
    out.push(`- ${text(d.stage)}:${text(d.outcome)}(${text(d.by)}${d.note ? `,${text(d.note)}` : ''})`);
  return out.join('\n');
}

/** 我的申请: the person's own requests, newest first, each with where it stands and who decides next. */
export function buildMyRequestsCard(v: MyRequestsView) {
  const filtered = v.page !== undefined && requestFilterActive(v.page.filter);
  const shown = v.page ? v.requests.slice(0, LIST_PAGE_SIZE) : v.requests;
  const elements: Element[] = [
    ...(v.page ? requestFilterForm('purchase.mine', v.page, REQUEST_STATUS_LABELS) : []),
    ...(shown.length
      ? shown.flatMap((r, i) => [
          ...(i ? [hr()] : []),
          md(lines(r)),
          // The request's own card: its timeline, 撤回, 催办 and attachments.
          buttons([button({ text: `查看 #${r.id}`, value: { a: 'purchase.request', request: r.id } })]),
        ])
      : [md(filtered ? '没有符合筛选条件的申请。' : '您还没有提交过采购申请。')]),
  ];
  if (v.page) elements.push(...requestPager('purchase.mine', v.page, shown.length));
  elements.push(buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({
    title: '我的申请',
    subtitle: v.page ? `共 ${v.page.total} 项` : `最近 ${v.requests.length} 项`,
    template: 'wathet',
    summary: '我的申请',
    elements,
  });
}
