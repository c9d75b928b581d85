/**
 * 督查记录: the inspections recorded so far, newest first, a page at a time (keyset,
 * domain/list-page): when, by whom, who took part, and its findings open and closed. From 专项督查
 * (every contract the reader may see) and from a contract's 登记督查 form (that contract's).
 */
import { LIST_PAGE_SIZE } from '../domain/list-page';
import { button, buttons, card, type Element, md, text } from './kit';

export interface InspectionRecordRow {
  id: number;
  inspectedOn: string;
  contractId: number;
  contractNo: string;
  unit: string;
  vendor: string;
  /** Who recorded it (the inspection team member who clicked 登记督查). */
  recordedBy: string;
  participants: string[];
  findings: number;
  /** Findings not yet confirmed closed (整改中 or 待确认), and closed. */
  open: number;
  closed: number;
}

export interface InspectionRecordsView {
  /** One contract's records; absent: of every contract the reader may see. */
  contract?: { id: number; number: string; canInspect: boolean };
  rows: InspectionRecordRow[];
  total: number;
  /** The ids 上一页 / 下一页 carry, when there is such a page. */
  newer?: number;
  older?: number;
}

/** Participants named in a line: a few, then how many in all. */
const NAMED = 5;

const findingsText = (r: InspectionRecordRow) =>
  r.findings ? `发现问题 ${r.findings} 项:未销号 ${r.open} 项,已销号 ${r.closed} 项` : '未发现问题';

function line(r: InspectionRecordRow, oneContract: boolean): string {
  const who =
    r.participants.slice(0, NAMED).map(text).join('、') +
    (r.participants.length > NAMED ? ` 等 ${r.participants.length} 人` : '');
  const head = oneContract
    ? `**${text(r.inspectedOn)} 督查**`
    : `**${text(r.inspectedOn)} 督查** · 合同 ${text(r.contractNo)} · ${text(r.unit)} · ${text(r.vendor)}`;
  return `${head}\n登记人:${text(r.recordedBy)}${who ? ` · 参加人员:${who}` : ''}\n${findingsText(r)}`;
}

/** Below a contract's 登记督查 form: its latest inspections, one line each, and 全部督查记录. */
export function earlierInspectionElements(v: InspectionRecordsView): Element[] {
  if (!v.contract) return [];
  if (!v.rows.length) return [md('**本合同以往督查**\n暂无督查记录。')];
  return [
    md(
      `**本合同以往督查**(共 ${v.total} 次${v.rows.length < v.total ? `,以下为最近 ${v.rows.length} 次` : ''})`,
    ),
    ...v.rows.slice(0, LIST_PAGE_SIZE).map((r) => md(line(r, true))),
    buttons([button({ text: '全部督查记录', value: { a: 'inspection.records', contract: v.contract.id } })]),
  ];
}

/** 督查记录: a page, the count always, 查看整改 on each, 上一页 / 下一页. */
export function buildInspectionRecordsCard(v: InspectionRecordsView) {
  const of = v.contract ? { contract: v.contract.id } : {};
  const elements: Element[] = [
    md(v.contract ? `合同 ${text(v.contract.number)} 的专项督查记录` : '您可查看的合同的专项督查记录'),
  ];
  const shown = v.rows.slice(0, LIST_PAGE_SIZE);
  if (!shown.length) elements.push(md('暂无督查记录。'));
  for (const r of shown)
    elements.push(
      md(line(r, v.contract !== undefined)),
      buttons([button({ text: '查看整改', value: { a: 'rectification.report', contract: r.contractId } })]),
    );
  elements.push(md(`督查记录共 ${v.total} 次,本页 ${shown.length} 次。`));
  const nav = [
    ...(v.newer !== undefined
      ? [button({ text: '上一页', value: { a: 'inspection.records', before: v.newer, ...of } })]
      : []),
    ...(v.older !== undefined
      ? [button({ text: '下一页', value: { a: 'inspection.records', after: v.older, ...of } })]
      : []),
  ];
  if (nav.length) elements.push(buttons(nav));
  elements.push(
    buttons([
      ...(v.contract?.canInspect
        ? [
            button({
              text: '登记督查',
              value: { a: 'inspection.form', contract: v.contract.id },
              type: 'primary',
            }),
          ]
        : []),
      button({ text: '返回专项督查', value: { a: 'inspection.list' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: '督查记录', template: 'wathet', summary: '督查记录', elements });
}
