import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { formatYuan } from '../domain/money';
import { formatTenths } from '../domain/ratio';
import {
  CLUSTER_WINDOW_TENTHS,
  type OpenItem,
  type Risk,
  type SettlementAudit,
  type Sums,
} from '../domain/settlement-audit';
import { button, buttons, card, type Element, hr, md, text } from './kit';

export interface SettlementAuditView {
  contractId: number;
  number: string;
  unit: string;
  vendor: string;
  amountFen: bigint;
  term: string;
  /** Every period label of the schedule: a button each. */
  periods: string[];
  audit: SettlementAudit;
}

/** More rows than this under one risk are counted, not listed: the card must stay within its size. */
const MAX_ROWS = 12;
const STATUS = { open: '整改中', submitted: '已提交待复核' } as const;

function list(lines: string[]): string {
  const shown = lines.slice(0, MAX_ROWS).map((l) => `- ${l}`);
  if (lines.length > MAX_ROWS) shown.push(`- ……另有 ${lines.length - MAX_ROWS} 条`);
  return shown.join('\n');
}

const score = (t: number) => `${formatTenths(t)}分`;

/** A daily problem: `问题「…」(2026-11 日常考核 · 人员在岗) · 重复发生 2 次`. */
function dailyItemText(i: OpenItem): string {
  const repeated = i.repeats ? ` · **重复发生 ${i.repeats} 次**` : '';
  return `问题「${text(i.finding)}」(${text(i.month ?? '')} 日常考核 · ${text(i.rubricName ?? '')})${repeated}`;
}

/** A risk's title and the rows behind it; every typed or stored text through `text()`. */
export function riskText(r: Risk): string {
  switch (r.kind) {
    case 'unscored_paid':
      return `**已付款但无考核评分的月份**\n${list(
        r.rows.map(
          (x) =>
            `${text(x.period)}:${text(x.month)}` +
            (x.scoredOn ? `(确认结算时尚无评分,${text(x.scoredOn)} 才录入)` : '(至今无评分)'),
        ),
      )}`;
    case 'late_signing':
      return (
        `**补签:服务期开始后才登记合同**\n` +
        list([
          `服务期 ${text(r.startsOn)} 至 ${text(r.endsOn)},${text(r.signedOn)} 由 ${text(r.signer)} 登记` +
            (r.afterEnd ? ',登记时服务期已结束' : ''),
          `补签原因:${r.reason ? text(r.reason) : '未填写原因'}`,
        ])
      );
    case 'late_scores':
      return `**逾期补录的考核评分(${r.rows.length}个月)**\n${list(
        r.rows.map(
          (x) =>
            `${text(x.month)}:应于 ${text(x.dueOn ?? '—')} 前评分,${text(x.enteredOn)} 由 ${text(x.by)} 录入`,
        ),
      )}`;
    case 'clustered':
      return (
        `**评分集中在${r.bar / 10}分线上方(${r.bar / 10}.0–${formatTenths(r.bar + CLUSTER_WINDOW_TENTHS)}分,共${r.rows.length}个月)**\n` +
        list(r.rows.map((x) => `${text(x.month)}:考核人评分 ${score(x.tenths)}`))
      );
    case 'gap_above_tolerance':
      return `**考核人与抽查人评分差距超过容差**\n${list(
        r.rows.map(
          (x) =>
            `${text(x.month)}:考核人 ${score(x.assessorTenths)},抽查人 ${score(x.checkerTenths)},相差 ${score(x.gapTenths)}(抽查 #${x.spotCheckId})`,
        ),
      )}`;
    case 'overdue_finding':
      return `**整改逾期未关闭**\n${list(
        r.rows.map(
          (x) =>
            `整改「${text(x.finding)}」 · 期限 ${text(x.dueOn)} · 已逾期 ${x.daysOverdue} 天 · ${STATUS[x.status]}`,
        ),
      )}`;
    case 'open_daily_problems':
      return `**日常考核问题未整改**\n${list(
        r.rows.map(
          (x) =>
            `${dailyItemText(x)} · 期限 ${text(x.dueOn)} · ${x.daysOverdue ? `已逾期 ${x.daysOverdue} 天` : '未逾期'} · ${STATUS[x.status]}`,
        ),
      )}`;
    case 'split_warning':
      return `**化整为零预警**\n${list(
        r.rows.map(
          (x) =>
            `${x.year}年 ${text(CATEGORY_LABELS[x.category as ServiceCategory] ?? x.category)}:非公开采购累计 ${formatYuan(x.totalFen)}`,
        ),
      )}`;
    case 'single_source_share':
      return (
        `**单一来源采购占比 ${(r.shareBp / 100).toFixed(2)}%(本单位${r.year}年度采购合计 ${formatYuan(r.totalFen)})**\n` +
        list(
          r.rows.map(
            (x) =>
              `申请 #${x.requestId} · ${text(x.vendor)} · ${formatYuan(x.awardedFen)} · 理由:${text(x.reason ?? '—')}`,
          ),
        )
      );
    case 'awarded_above_approved':
      return `**成交价高于批准金额**\n${list(
        r.rows.map(
          (x) =>
            `申请 #${x.requestId}:批准 ${formatYuan(x.approvedFen)},成交 ${formatYuan(x.awardedFen)},高出 ${formatYuan(x.awardedFen - x.approvedFen)}` +
            (x.reapprovalRef ? `(重新报批:${text(x.reapprovalRef)})` : '(无重新报批)'),
        ),
      )}`;
    case 'ledger_mismatch':
      return `**结算扣减与节约资金台账不一致**\n${list(
        r.rows.map(
          (x) => `${text(x.period)}:结算扣减 ${formatYuan(x.deductionFen)},台账 ${formatYuan(x.ledgerFen)}`,
        ),
      )}`;
  }
}

function sumsText(label: string, s: Sums): string {
  return `${label}(${s.count}期):金额 ${formatYuan(s.amountFen)} · 考核扣减 ${formatYuan(s.deductionFen)} · 应付 ${formatYuan(s.payableFen)}`;
}

/** 结算审计: amounts, spot-check adjustments, open rectification items and risks, each with its rows. */
export function buildSettlementAuditCard(v: SettlementAuditView) {
  const a = v.audit;
  const scope = a.period === null ? '全部服务期' : `「${text(a.period)}」`;
  const elements: Element[] = [
    md(
      [
        `合同 ${text(v.number)} · ${text(v.unit)} · ${text(v.vendor)}`,
        `合同金额:${formatYuan(v.amountFen)} · 服务期限 ${text(v.term)}`,
        `审计范围:${scope} · 考核月份:${a.months.length ? a.months.map(text).join('、') : '无'}`,
      ].join('\n'),
    ),
    hr(),
    md(
      [
        '**金额**',
        sumsText('本范围合计', a.all),
        sumsText('其中已确认', a.confirmed),
        `节约资金台账(考核扣减):${formatYuan(a.ledgerDeductionFen)}`,
      ].join('\n'),
    ),
  ];
  const adj = a.stood.length
    ? [
        ...a.stood.map(
          (s) =>
            `${text(s.month)}:考核人 ${score(s.assessorTenths)} → 抽查人 ${score(s.checkerTenths)}(以抽查人评分为准)`,
        ),
        ...a.adjustments.map(
          (x) =>
            `${text(x.period)}:按考核人评分扣减 ${formatYuan(x.assessorFen)},按抽查结果扣减 ${formatYuan(x.checkerFen)},差额 ${formatYuan(x.differenceFen)}`,
        ),
      ]
    : [];
  elements.push(md(`**抽查调整**\n${adj.length ? list(adj) : '无'}`));
  const items = a.openItems.map(
    (i) =>
      `${i.source === 'daily' ? dailyItemText(i) : `整改「${text(i.finding)}」(${text(i.inspectedOn ?? '')} 督查)`} · 期限 ${text(i.dueOn)} · ${STATUS[i.status]}`,
  );
  elements.push(
    md(
      `**未关闭的督查问题与整改(${items.length}项)**\n${items.length ? `${list(items)}\n有未关闭整改时确认结算须由财政部门填写超控理由` : '无'}`,
    ),
    hr(),
    md(`**发现的风险(${a.risks.length}项)**`),
  );
  if (a.risks.length === 0) elements.push(md('未发现风险。'));
  for (const r of a.risks) elements.push(md(riskText(r)));
  const scopes = [
    button({ text: '全期', value: { a: 'settlement.audit', contract: v.contractId } }),
    ...v.periods.map((p) =>
      button({ text: p, value: { a: 'settlement.audit', contract: v.contractId, period: p } }),
    ),
  ];
  elements.push(
    hr(),
    buttons(scopes),
    buttons([
      button({ text: '查看结算', value: { a: 'settlement.show', contract: v.contractId } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({
    title: `结算审计 ${v.number}`,
    template: a.risks.length ? 'orange' : 'green',
    summary: `结算审计 ${v.number}`,
    elements,
  });
}
