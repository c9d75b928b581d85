import type { DeductionBand } from '../domain/deduction';
import { LIST_PAGE_SIZE } from '../domain/list-page';
import { formatYuan } from '../domain/money';
import { bandOf, formatPercent } from '../domain/score';
import { nextToConfirm, type SettlementRow } from '../domain/settlement-rows';
import type { ListedContract } from './contract-list';
import { exportButton } from './export-button';
import { button, buttons, capped, card, type Element, form, hr, input, md, text } from './kit';
import { filterActive, filterBar, type ListPage, pager } from './list-pager';
import { showContractButton } from './ways-on';

export interface SettlementView {
  contractId: number;
  number: string;
  unit: string;
  vendor: string;
  amountFen: bigint;
  term: string;
  bands: DeductionBand[];
  annualCapFen: bigint;
  rows: SettlementRow[];
  /** Finance of the contract's unit: the next confirmable period gets a button. */
  canConfirm: boolean;
  /** Rectification items of the contract not closed: confirming then needs an override reason (rule 14). */
  openItems?: number;
  /** The next period's service still runs: it may be settled from `from` (the day after `lastDay`). */
  notYet?: { lastDay: string; from: string } | null;
}

/** Finance's override: with open rectification items the confirm button sits in a form with a reason. */
function overrideForm(v: SettlementView, r: SettlementRow): Element {
  return form('override', [
    md(`⚠️ 该合同尚有 ${v.openItems} 项督查整改未关闭,确认本期结算须填写超控理由(至少4个字),理由将记入审计。`),
    {
      ...input({
        name: 'override_reason',
        label: '超控理由',
        placeholder: '必填:为什么在整改未关闭时支付',
        multiline: true,
      }),
      required: true,
    },
    buttons([
      button({
        text: `超控确认「${r.label}」结算`,
        value: { a: 'settlement.confirm', contract: v.contractId, period: r.label },
        type: 'danger',
        submit: true,
        name: 'override_submit',
        confirm: {
          title: '超控确认结算',
          text: `${r.label}:应付 ${formatYuan(r.payableFen)},扣减 ${formatYuan(r.deductionFen)}。尚有整改未关闭,确认后不可更改。`,
        },
      }),
    ]),
  ]);
}

function bandText(r: SettlementRow, bands: DeductionBand[]): string {
  if (r.confirmed) return r.deductBp === 0 ? '不扣减(已确认)' : `扣减${formatPercent(r.deductBp)}(已确认)`;
  const band = r.bandIndex === null ? undefined : bands[r.bandIndex];
  return band ? bandOf(bands, band.minTenths).label : '无评分,不扣减';
}

function statusText(r: SettlementRow, next: SettlementRow | undefined): string {
  if (r.confirmed) return `✅ 已确认(${text(r.confirmed.by ?? '系统')} ${text(r.confirmed.on)})`;
  if (r.unscored.length)
    return `⏳ 尚有月份未考核(${r.unscored.map(text).join('、')}),暂不能确认;以下金额为按现有评分的预计数`;
  return r === next ? '待财政部门确认' : '待上一期确认后确认';
}

/** One period, every amount labelled: the property test reads these lines back. */
export function periodText(r: SettlementRow, bands: DeductionBand[], next?: SettlementRow): string {
  const capped = r.deductionFen < r.rawFen;
  const capNote = capped
    ? `(按档应扣 ${formatYuan(r.rawFen)},本年度扣款上限剩余 ${formatYuan(r.capRoomFen)},已封顶)`
    : '';
  return [
    `**${text(r.label)}** · ${text(r.dueOn)} 付款 · 计入${r.year}年度`,
    `考核月份:${r.months.length ? r.months.map(text).join('、') : '无(本期不对应考核月份)'}`,
    `本期金额:${formatYuan(r.amountFen)}${r.afterEnd ? `(原计划 ${formatYuan(r.afterEnd.scheduledFen)};合同已于 ${text(r.afterEnd.endedOn)} 终止,本期不再支付)` : ''}`,
    `考核得分:${r.scoreDisplay === null ? '暂无评分' : `${text(r.scoreDisplay)}分`}`,
    `扣减档位:${bandText(r, bands)}`,
    `扣减金额(含封顶):${formatYuan(r.deductionFen)}${capNote}`,
    `应付金额:${formatYuan(r.payableFen)}`,
    `状态:${statusText(r, next)}`,
  ].join('\n');
}

/** 结算: every payment period of one contract, read-only but for finance's 确认 button. */
export function buildSettlementCard(v: SettlementView) {
  const next = nextToConfirm(v.rows);
  const bands = v.bands.map((b) => bandOf(v.bands, b.minTenths).label).join(';');
  const elements: Element[] = [
    md(
      [
        `合同 ${text(v.number)} · ${text(v.unit)} · ${text(v.vendor)}`,
        `合同金额:${formatYuan(v.amountFen)} · 服务期限 ${text(v.term)}`,
        `扣减档位:${bands};年度扣款上限 ${formatYuan(v.annualCapFen)}`,
      ].join('\n'),
    ),
    hr(),
  ];
  if (v.rows.length === 0) elements.push(md('该合同没有付款计划。'));
  for (const r of v.rows) {
    elements.push(md(periodText(r, v.bands, next)));
    if (v.canConfirm && r === next && r.unscored.length === 0 && v.notYet)
      elements.push(
        md(`「${text(r.label)}」服务期至 ${text(v.notYet.lastDay)},${text(v.notYet.from)} 起可确认结算`),
      );
    else if (v.canConfirm && r === next && r.unscored.length === 0 && v.openItems)
      elements.push(overrideForm(v, r));
    else if (v.canConfirm && r === next && r.unscored.length === 0)
      elements.push(
        buttons([
          button({
            text: `确认「${r.label}」结算`,
            value: { a: 'settlement.confirm', contract: v.contractId, period: r.label },
            type: 'primary',
            confirm: {
              title: '确认结算',
              text: `${r.label}:应付 ${formatYuan(r.payableFen)},扣减 ${formatYuan(r.deductionFen)}。确认后不可更改。`,
            },
          }),
        ]),
      );
  }
  elements.push(
    hr(),
    buttons([
      button({ text: '刷新', value: { a: 'settlement.show', contract: v.contractId } }),
      button({ text: '结算审计', value: { a: 'settlement.audit', contract: v.contractId } }),
      exportButton('导出结算', { k: 'settlements', contract: v.contractId }),
      button({ text: '结算列表', value: { a: 'settlement.list' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: `结算 ${v.number}`, template: 'wathet', summary: `结算 ${v.number}`, elements });
}

export interface SettlementListView {
  contracts: ListedContract[];
  /** The page shown (cards/list-pager); without it the list is capped, as before. */
  page?: ListPage;
}

/** 结算审核: the contracts whose settlement the reader may see, a page at a time with 筛选. */
export function buildSettlementListCard(v: SettlementListView) {
  const elements: Element[] = [];
  if (v.page) elements.push(...filterBar('settlement.list', v.page));
  if (!v.contracts.length)
    elements.push(
      md(v.page && filterActive(v.page.filter) ? '没有符合筛选条件的合同。' : '暂无您可查看结算的合同。'),
    );
  const list = v.page ? { shown: v.contracts.slice(0, LIST_PAGE_SIZE), note: [] } : capped(v.contracts, 30);
  elements.push(...list.note);
  for (const c of list.shown)
    elements.push(
      md(
        `${text(c.number)} · ${text(c.unit)} · ${text(c.vendor)}\n${formatYuan(c.amountFen)} · ${text(c.term)} · ${text(c.status)}`,
      ),
      buttons([button({ text: '查看结算', value: { a: 'settlement.show', contract: c.id } })]),
    );
  if (v.page) elements.push(...pager('settlement.list', v.page, list.shown.length));
  elements.push(hr(), buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({ title: '结算审核', template: 'wathet', elements });
}

/** Told to the responsible leader when finance confirms a period. */
export function buildSettlementNoticeCard(v: {
  contractId: number;
  number: string;
  vendor: string;
  row: SettlementRow;
}) {
  const r = v.row;
  return card({
    title: `结算已确认 ${v.number}`,
    template: 'green',
    summary: `结算已确认 ${v.number} ${r.label}`,
    elements: [
      md(
        `${text(v.vendor)} 合同 ${text(v.number)}「${text(r.label)}」已由财政部门确认:本期金额 ${formatYuan(r.amountFen)},` +
          `考核扣减 ${formatYuan(r.deductionFen)},应付 ${formatYuan(r.payableFen)}。`,
      ),
      buttons([
        button({ text: '查看结算', value: { a: 'settlement.show', contract: v.contractId } }),
        showContractButton(v.contractId),
      ]),
    ],
  });
}
