import { contractNumber } from '../domain/contract-format';
import type { OpenWorkItem } from '../domain/directory';
import { ROLE_LABELS, ROLES, type Role } from '../domain/roles';
import { button, buttons, card, type Element, hr, md, text } from './kit';

/** A person the directory says left (员工离职), with what they still held, for their unit's admins. */
export interface OpenWorkView {
  person: string;
  unit: string;
  /** Business date (Asia/Shanghai) the bot learned of the departure. */
  leftOn: string;
  items: OpenWorkItem[];
}

const roleLabel = (r: string) => (ROLES.includes(r as Role) ? ROLE_LABELS[r as Role] : r);
const STAGE_LABEL: Record<string, string> = {
  unit_leadership: '单位领导班子审批',
  zone_committee: '党工委管委会审批',
};

/** One line per item, and the button that opens the place where it is handed on. */
function itemRow(i: OpenWorkItem): Element[] {
  switch (i.kind) {
    case 'stage':
      return [
        md(
          `📝 待审批:申请 #${i.requestId} ${text(i.title)}(${STAGE_LABEL[i.stageKind] ?? text(i.stageKind)})`,
        ),
      ];
    case 'assessor': {
      const no = contractNumber({ id: i.contractId, signedOn: i.signedOn });
      return [
        md(`📊 考核人:合同 ${no}(${text(i.vendorName)})`),
        buttons([button({ text: `查看合同 ${no}`, value: { a: 'contract.show', contract: i.contractId } })]),
      ];
    }
    case 'rectification': {
      const no = contractNumber({ id: i.contractId, signedOn: i.signedOn });
      return [
        md(`🔧 整改责任人:${text(i.title)}(合同 ${no},${text(i.dueOn)} 前)`),
        buttons([button({ text: `查看合同 ${no}`, value: { a: 'contract.show', contract: i.contractId } })]),
      ];
    }
    case 'delegation':
      return [
        md(
          i.asDelegator
            ? `🤝 委托 ${text(i.other)} 代为审批,至 ${text(i.toDate)}`
            : `🤝 受 ${text(i.other)} 委托代为审批,至 ${text(i.toDate)}`,
        ),
      ];
    case 'role':
      return [md(`👤 角色:${text(roleLabel(i.role))}(${text(i.scope)})`)];
  }
}

/**
 * 人员离职待交接: the directory removed a person; their history stays, and everything they still hold
 * is listed here so an admin hands it on (nothing is reassigned or dropped by itself). Approvals,
 * delegations and roles follow role grants, so 角色管理 is where a successor is named; a contract's
 * assessors and rectification owners are read on the contract.
 */
export function openWorkCard(v: OpenWorkView) {
  const elements: Element[] = [
    md(
      `**${text(v.person)}**(${text(v.unit)})已于 ${text(v.leftOn)} 从通讯录离职。其历史记录全部保留;` +
        '以下未完成事项不会自动转交,请指定接替人员。',
    ),
    hr(),
  ];
  if (v.items.length === 0) elements.push(md('该人员没有未完成的事项,也没有在用的角色。'));
  else for (const i of v.items) elements.push(...itemRow(i));
  elements.push(
    hr(),
    buttons([button({ text: '角色管理(指定接替人员)', value: { a: 'roles.admin' }, type: 'primary' })]),
  );
  return card({
    title: `人员离职待交接 · ${v.person}`,
    subtitle: `${v.unit} · ${v.items.length} 项`,
    template: v.items.length ? 'orange' : 'grey',
    summary: `${v.person} 已离职,${v.items.length} 项待交接`,
    elements,
  });
}
