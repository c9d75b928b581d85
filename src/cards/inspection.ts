import { INSPECTION_PAGE_SIZE } from '../domain/list-page';
import { exportButton } from './export-button';
import { earlierInspectionElements, type InspectionRecordsView } from './inspection-records';
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
  personPicker,
  pickerLabel,
  select,
  text,
} from './kit';
import { filterActive, filterBar, type ListPage, pager } from './list-pager';
import { SEVERITY_LABELS } from './rectification';

/** How many findings one form takes; an inspection with more is recorded in two forms. */
export const FINDING_SLOTS = 3;

export interface InspectionListView {
  contracts: {
    id: number;
    number: string;
    unit: string;
    vendor: string;
    term: string;
    /** 未开始 / 履行中 / 已到期 / 已终止, as the dates say today. */
    status: string;
    canInspect: boolean;
  }[];
  /** The page shown (cards/list-pager); without it the list is capped, as before. */
  page?: ListPage;
}

/** 专项督查: the contracts the reader may see, with 登记督查 for the inspection team. */
export function buildInspectionListCard(v: InspectionListView) {
  const elements: Element[] = [
    md('督查小组可对合同登记专项督查,发现的问题将逐项交办整改责任人并跟踪催办至销号。'),
    buttons([
      button({ text: '整改情况报告(全部)', value: { a: 'rectification.report' } }),
      button({ text: '督查记录', value: { a: 'inspection.records' } }),
      exportButton('导出整改事项', { k: 'rectifications' }),
    ]),
    hr(),
  ];
  if (v.page) elements.push(...filterBar('inspection.list', v.page));
  if (!v.contracts.length)
    elements.push(
      md(v.page && filterActive(v.page.filter) ? '没有符合筛选条件的合同。' : '暂无您可查看的合同。'),
    );
  const list = v.page
    ? { shown: v.contracts.slice(0, INSPECTION_PAGE_SIZE), note: [] }
    : capped(v.contracts, 30);
  elements.push(...list.note);
  for (const c of list.shown) {
    const acts = [button({ text: '整改情况报告', value: { a: 'rectification.report', contract: c.id } })];
    if (c.canInspect)
      acts.unshift(
        button({ text: '登记督查', value: { a: 'inspection.form', contract: c.id }, type: 'primary' }),
      );
    elements.push(
      md(`${text(c.number)} · ${text(c.unit)} · ${text(c.vendor)}\n${text(c.term)} · ${text(c.status)}`),
      buttons(acts),
    );
  }
  if (v.page) elements.push(...pager('inspection.list', v.page, list.shown.length));
  elements.push(hr(), buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({ title: '专项督查', template: 'wathet', elements });
}

export interface InspectionFormView {
  contractId: number;
  number: string;
  vendor: string;
  today: string;
  /**
   * The service's first and last day (its end or termination date): an inspection is dated within
   * it and not after today (DOMAIN.md "The order of dates"). Absent: nothing is said.
   */
  service?: { from: string; to: string };
  /** Everyone of the org, who may own a finding. */
  peopleOpenIds: string[];
  /** The contract's latest inspections (督查记录), shown above the form. */
  earlier?: InspectionRecordsView;
}

const severityOptions = Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ text: label, value }));

function findingSlot(v: InspectionFormView, n: number): Element[] {
  return [
    md(`**问题 ${n}**${n > 1 ? '(无则留空)' : ''}`),
    input({ name: `finding_${n}`, label: '发现的问题', placeholder: '问题描述', multiline: true }),
    pickerLabel('整改责任人(本合同所属单位人员)'),
    personPicker({ name: `owner_${n}`, placeholder: '整改责任人', openIds: v.peopleOpenIds }),
    datePicker({ name: `due_${n}`, placeholder: '整改期限' }),
    select({ name: `severity_${n}`, placeholder: '严重程度', options: severityOptions }),
  ];
}

/** 登记督查: date, participants, what was checked, and up to FINDING_SLOTS findings. */
export function buildInspectionFormCard(v: InspectionFormView) {
  const slots = Array.from({ length: FINDING_SLOTS }, (_, i) => findingSlot(v, i + 1)).flat();
  return card({
    title: `登记专项督查 · ${v.number}`,
    subtitle: v.vendor,
    template: 'wathet',
    elements: [
      ...(v.service
        ? [
            md(
              `督查日期须在合同服务期内(${text(v.service.from)} 至 ${text(v.service.to)}),且不晚于今天;整改期限不得早于督查日期和今天。`,
            ),
          ]
        : []),
      ...(v.earlier ? [...earlierInspectionElements(v.earlier), hr()] : []),
      form('inspection', [
        datePicker({ name: 'inspected_on', placeholder: '督查日期', initial: v.today }),
        input({ name: 'participants', label: '参加人员', placeholder: '多人以、或逗号分隔' }),
        input({ name: 'checked', label: '督查内容', placeholder: '本次现场检查了什么', multiline: true }),
        ...slots,
        buttons([
          button({
            text: '登记督查',
            value: { a: 'inspection.record', contract: v.contractId },
            type: 'primary',
            submit: true,
            name: 'record',
          }),
        ]),
      ]),
      buttons([button({ text: '返回', value: { a: 'inspection.list' } })]),
    ],
  });
}
