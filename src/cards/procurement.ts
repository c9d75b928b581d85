import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { LIST_PAGE_SIZE } from '../domain/list-page';
import { formatYuan } from '../domain/money';
import { keyOf } from '../domain/one-of';
import { MIN_JUSTIFICATION_CHARS } from '../domain/procurement-rules';
import { METHODS } from '../domain/purchase-fields';
import { PROGRESS_LABELS, type Progress, requestFilterActive } from '../domain/request-list-filter';
import {
  button,
  buttons,
  capped,
  card,
  datePicker,
  type Element,
  form,
  hr,
  input,
  md,
  select,
  text,
} from './kit';
import { type RequestListPage, requestFilterForm, requestPager } from './request-list-pager';

/** How far an approved request has come after approval. */
export type ProcurementState =
  | { kind: 'none' }
  | { kind: 'recorded'; procurementId: number; vendor: string }
  | {
      kind: 'contract';
      procurementId: number;
      vendor: string;
      contractId: number;
      contractNo: string;
      /** 未开始, 履行中, 已到期 or 已终止, as the dates say today. */
      status: string;
    };

export interface ApprovedRequestRow {
  id: number;
  unit: string;
  category: ServiceCategory;
  description: string;
  amountFen: bigint;
  /** Whether the actor may record for it (a filer of its unit), not only see it as its filer. */
  mayRecord: boolean;
  state: ProcurementState;
}

export const DEFAULT_PLATFORM = '苏州市公共资源交易平台';

function stateText(r: ApprovedRequestRow): string {
  switch (r.state.kind) {
    case 'none':
      return '待登记采购结果';
    case 'recorded':
      return `已确定供应商「${text(r.state.vendor)}」,待签订合同`;
    case 'contract':
      return `合同 ${text(r.state.contractNo)}(${text(r.state.vendor)})· ${text(r.state.status)}`;
  }
}

/**
 * 采购与合同: the approved requests a filer may take on, each with its next step. With `page` (the
 * keyset list, cards/request-list-pager) the rows are one page with the filter, the count and
 * 上一页 / 下一页; without it they are capped, as before.
 */
export function buildProcurementListCard(
  rows: ApprovedRequestRow[],
  page?: RequestListPage<Progress>,
): object {
  const elements: Element[] = [];
  if (page) elements.push(...requestFilterForm('procurement.list', page, PROGRESS_LABELS));
  if (rows.length === 0)
    elements.push(
      md(
        page && requestFilterActive(page.filter)
          ? '没有符合筛选条件的采购申请。'
          : '暂无已审批通过的采购申请。',
      ),
    );
  const list = page ? { shown: rows.slice(0, LIST_PAGE_SIZE), note: [] } : capped(rows, 30);
  elements.push(...list.note);
  for (const r of list.shown) {
    elements.push(
      md(
        `**#${r.id}** ${text(r.unit)} · ${CATEGORY_LABELS[r.category]} · ${text(r.description)}\n批准金额 ${formatYuan(r.amountFen)} · ${stateText(r)}`,
      ),
    );
    if (r.mayRecord && r.state.kind === 'none')
      elements.push(
        buttons([
          button({
            text: '登记采购结果',
            value: { a: 'procurement.form', request: r.id },
            type: 'primary',
          }),
        ]),
      );
    if (r.mayRecord && r.state.kind === 'recorded')
      elements.push(
        buttons([
          button({
            text: '签订合同',
            value: { a: 'contract.form', request: r.id },
            type: 'primary',
          }),
        ]),
      );
  }
  if (page) elements.push(...requestPager('procurement.list', page, list.shown.length));
  elements.push(
    hr(),
    buttons([
      button({ text: '供应商', value: { a: 'vendor.list' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: '采购与合同', subtitle: '已审批通过的采购申请', template: 'blue', elements });
}

export interface ProcurementFormView {
  requestId: number;
  unit: string;
  category: ServiceCategory;
  description: string;
  amountFen: bigint;
  plannedMethod: string;
  thresholdFen: bigint;
  today: string;
  vendors: { id: number; name: string; uscc: string }[];
}

/** The procurement record form (rule 5); the server checks every field again on submit. */
export function buildProcurementFormCard(v: ProcurementFormView): object {
  const facts = md(
    [
      `**采购申请 #${v.requestId}**:${text(v.unit)} · ${CATEGORY_LABELS[v.category]} · ${text(v.description)}`,
      `**批准金额**:${formatYuan(v.amountFen)} · 拟采用 ${METHODS[v.plannedMethod as keyof typeof METHODS] ?? text(v.plannedMethod)}`,
      `公开招标数额标准 ${formatYuan(v.thresholdFen)}:达到该标准而采用其他方式的,须填写批准文号;成交金额超过批准金额的,提交后按新金额所需的审批环节重新报批,通过后自动登记;单一来源须写明理由(不少于${MIN_JUSTIFICATION_CHARS}个字)。`,
    ].join('\n'),
  );
  const back = buttons([
    button({ text: '返回列表', value: { a: 'procurement.list' } }),
    button({ text: '供应商', value: { a: 'vendor.list' } }),
  ]);
  if (v.vendors.length === 0)
    return card({
      title: `登记采购结果 #${v.requestId}`,
      template: 'orange',
      elements: [facts, md('尚未登记任何供应商,请先在「供应商」中登记中标(成交)供应商。'), back],
    });
  const fields: Element[] = [
    select({
      name: 'method',
      placeholder: '采购方式',
      options: Object.entries(METHODS).map(([value, text]) => ({ value, text })),
      initial: keyOf(METHODS, v.plannedMethod),
    }),
    input({ name: 'platform', label: '交易平台', placeholder: DEFAULT_PLATFORM, value: DEFAULT_PLATFORM }),
    input({ name: 'reference_no', label: '项目编号', placeholder: '交易平台上的招标/采购编号' }),
    input({ name: 'bidders', label: '参与供应商数量', placeholder: '如 3' }),
    datePicker({ name: 'award_date', placeholder: '成交(中标)日期', initial: v.today }),
    select({
      name: 'vendor',
      placeholder: '中标(成交)供应商',
      // A select shows at most so many; the rest are found by registering the vendor list anew.
      options: v.vendors.slice(0, 100).map((x) => ({ value: String(x.id), text: `${x.name}(${x.uscc})` })),
    }),
    input({ name: 'price', label: '成交金额', placeholder: '如 180,000.00 或 18万' }),
    input({
      name: 'single_source_reason',
      label: '单一来源理由',
      placeholder: '仅单一来源采购填写',
      multiline: true,
    }),
    input({ name: 'approval_ref', label: '非公开招标批准文号', placeholder: '达到公开招标数额标准时填写' }),
    buttons([
      button({
        text: '确认登记',
        value: { a: 'procurement.record', request: v.requestId },
        type: 'primary',
        submit: true,
        name: 'record',
        confirm: { title: '确认登记采购结果', text: '登记后不可修改,确认?' },
      }),
    ]),
  ];
  return card({
    title: `登记采购结果 #${v.requestId}`,
    template: 'blue',
    elements: [facts, hr(), form('procurement_form', fields), back],
  });
}

export interface SplitWarningView {
  unitName: string;
  category: ServiceCategory;
  year: number;
  thresholdFen: bigint;
  totalFen: bigint;
  items: { requestId: number; method: string; awardDate: string; awardedFen: bigint; vendor: string }[];
}

/** 化整为零 warning to the unit leadership and discipline inspection. */
export function buildSplitWarningCard(v: SplitWarningView): object {
  const lines = v.items.map(
    (i) =>
      `- 申请 #${i.requestId} ${text(i.awardDate)} ${METHODS[i.method as keyof typeof METHODS] ?? text(i.method)} ${formatYuan(i.awardedFen)}(${text(i.vendor)})`,
  );
  return card({
    title: `化整为零预警 · ${v.unitName}`,
    template: 'red',
    summary: `${v.unitName}${CATEGORY_LABELS[v.category]}类非公开采购累计达到公开招标数额标准`,
    elements: [
      md(
        `**${text(v.unitName)}** ${v.year}年**${CATEGORY_LABELS[v.category]}**类服务以非公开招标方式采购 ${v.items.length} 次,每次均低于公开招标数额标准,累计 **${formatYuan(v.totalFen)}**,已达到标准 ${formatYuan(v.thresholdFen)}。请关注是否存在化整为零规避公开招标的情形。`,
      ),
      md(lines.join('\n')),
    ],
  });
}
