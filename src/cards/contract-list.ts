import { LIST_PAGE_SIZE } from '../domain/list-page';
import { formatYuan } from '../domain/money';
import { button, buttons, capped, card, type Element, hr, md, text } from './kit';
import { filterActive, filterBar, type ListPage, pager } from './list-pager';

export interface ContractListView {
  /** Approved and procured requests of the filer's units, still without a contract. */
  awaiting: { requestId: number; unit: string; description: string; vendor: string; awardedFen: bigint }[];
  contracts: ListedContract[];
  /**
   * The page shown (domain/list-page): how many contracts match in all, the filter, the cursors of
   * 上一页 / 下一页 when there is such a page, and the years contracts were signed in (the year
   * filter's options). Without it the card lists `contracts` capped, as before.
   */
  page?: ListPage;
}

/** A contract as the lists show it; `status`: 未开始 / 履行中 / 已到期 / 已终止, as the dates say today. */
export interface ListedContract {
  id: number;
  number: string;
  unit: string;
  vendor: string;
  amountFen: bigint;
  term: string;
  status: string;
}

/** How many of each list the card shows (a zone has dozens of contracts, not hundreds). */
const LIST_MAX = 30;
/** Requests awaiting a signature shown above a page of contracts (a filer rarely has more). */
const AWAITING_BESIDE_PAGE = 5;

/** 合同管理: what is waiting for a signature (filers) and the contracts the reader may open. */
export function buildContractListCard(v: ContractListView) {
  const elements: Element[] = [];
  if (v.awaiting.length) {
    elements.push(md('**待签订合同**'));
    // Beside a page of contracts, fewer awaiting rows: both fit a card's 200 elements (fit.ts).
    const awaiting = capped(v.awaiting, v.page ? AWAITING_BESIDE_PAGE : LIST_MAX);
    for (const r of awaiting.shown)
      elements.push(
        md(
          `采购申请 #${r.requestId} · ${text(r.unit)} · ${text(r.description)}\n承接主体:${text(r.vendor)},中标价 ${formatYuan(r.awardedFen)}`,
        ),
        buttons([
          button({ text: '签订合同', value: { a: 'contract.form', request: r.requestId }, type: 'primary' }),
        ]),
      );
    elements.push(...awaiting.note, hr());
  }
  elements.push(md('**已签订合同**'));
  if (v.page) elements.push(...filterBar('contract.list', v.page));
  if (!v.contracts.length)
    elements.push(
      md(v.page && filterActive(v.page.filter) ? '没有符合筛选条件的合同。' : '暂无可查看的合同。'),
    );
  const contracts = v.page
    ? { shown: v.contracts.slice(0, LIST_PAGE_SIZE), note: [] }
    : capped(v.contracts, LIST_MAX);
  for (const c of contracts.shown)
    elements.push(
      md(
        `${text(c.number)} · ${text(c.unit)} · ${text(c.vendor)}\n${formatYuan(c.amountFen)} · ${text(c.term)} · ${text(c.status)}`,
      ),
      buttons([button({ text: '查看合同', value: { a: 'contract.show', contract: c.id } })]),
    );
  elements.push(...contracts.note);
  if (v.page) elements.push(...pager('contract.list', v.page, v.contracts.length));
  elements.push(hr(), buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({ title: '合同管理', template: 'wathet', elements });
}

/** Told to the leader and assessors when a contract is signed. */
export function buildContractNoticeCard(v: {
  id: number;
  number: string;
  unit: string;
  vendor: string;
  term: string;
  leader: boolean;
  assessor: boolean;
}) {
  const roles = [v.leader ? '分管班子成员' : '', v.assessor ? '考核人' : ''].filter(Boolean).join('和');
  const duty = v.assessor ? '请在每月考核窗口内按考核细则为承接主体评分。' : '低分预警和清退决策将发送给您。';
  return card({
    title: `合同已签订 ${v.number}`,
    template: 'green',
    summary: `合同已签订 ${v.number}`,
    elements: [
      md(
        `${text(v.unit)}与 **${text(v.vendor)}** 签订了合同 ${text(v.number)},服务期限 ${text(v.term)}。\n您是本合同的${roles}。${duty}`,
      ),
      buttons([button({ text: '查看合同', value: { a: 'contract.show', contract: v.id } })]),
    ],
  });
}
