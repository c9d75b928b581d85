import { ROLE_LABELS, ROLES, type Role } from '../domain/roles';
import { button, buttons, card, type Element, hr, md, text } from './kit';
import type { ActionName } from './values';

export interface MenuView {
  name?: string;
  /** `unitId` null: a zone-wide grant (a grant read without it counts as a unit's). */
  roles: { role: Role; scope: string; unitId?: number | null }[];
  /** Plain text shown above the buttons: why a word typed to the bot opened the menu instead. */
  note?: string;
}

/** Plain text (a toast); the menu card escapes the scopes it puts into markdown. */
export function rolesText(roles: MenuView['roles']): string {
  if (roles.length === 0) return '暂无角色';
  return roles.map((r) => `${ROLE_LABELS[r.role]}(${r.scope})`).join('、');
}

/** The main menu's buttons for the person: what their roles let them do. */
function menuButtons(view: MenuView): Element[] {
  const isAdmin = view.roles.some((r) => r.role === 'admin');
  const actions = [];
  if (view.roles.some((r) => r.role === 'filer')) {
    actions.push(button({ text: '发起采购', value: { a: 'purchase.start' }, type: 'primary' }));
    actions.push(button({ text: '采购与合同', value: { a: 'procurement.list' } }));
    actions.push(button({ text: '我的申请', value: { a: 'purchase.mine' } }));
  }
  if (view.name) {
    actions.push(button({ text: '我的待办', value: { a: 'todo.show' } }));
    actions.push(button({ text: '预算额度', value: { a: 'budget.show' } }));
    actions.push(button({ text: '供应商', value: { a: 'vendor.list' } }));
    actions.push(button({ text: '合同管理', value: { a: 'contract.list' } }));
    actions.push(button({ text: '节约资金', value: { a: 'savings.show' } }));
    if (view.roles.length) {
      actions.push(button({ text: '合同态势', value: { a: 'standing.show' } }));
      actions.push(button({ text: '导出台账', value: { a: 'export.menu' } }));
    }
  }
  if (view.roles.some((r) => r.role === 'assessor')) {
    actions.push(button({ text: '月度考核', value: { a: 'score.list' } }));
  }
  // 结算审核: finance confirms; the responsible leader, unit leadership and discipline may read.
  const settlementRoles = ['finance', 'responsible_leader', 'unit_leadership', 'discipline'];
  if (view.roles.some((r) => settlementRoles.includes(r.role))) {
    actions.push(button({ text: '结算审核', value: { a: 'settlement.list' } }));
  }
  // 抽查: discipline inspection and finance sample assessments within their grants (rule 12).
  if (view.roles.some((r) => r.role === 'discipline' || r.role === 'finance')) {
    actions.push(button({ text: '抽查', value: { a: 'spotcheck.open' } }));
  }
  // 纪检监察看板: discipline inspection's read-only view of the risk signals in its scope.
  if (view.roles.some((r) => r.role === 'discipline')) {
    actions.push(button({ text: '纪检监察看板', value: { a: 'board.show' } }));
  }
  // 专项督查: the inspection team records; discipline, unit leadership and the leader read the report.
  const inspectionRoles = ['inspection', 'discipline', 'unit_leadership', 'responsible_leader'];
  if (view.roles.some((r) => inspectionRoles.includes(r.role))) {
    actions.push(button({ text: '专项督查', value: { a: 'inspection.list' } }));
  }
  // 委托审批: who decides approval stages delegates them while away.
  if (view.roles.some((r) => r.role === 'unit_leadership' || r.role === 'zone_committee')) {
    actions.push(button({ text: '委托审批', value: { a: 'delegation.show' } }));
  }
  actions.push(button({ text: '我的角色', value: { a: 'roles.mine' } }));
  if (isAdmin) actions.push(button({ text: '角色管理', value: { a: 'roles.admin' }, type: 'primary' }));
  // 导入模板: admins and finance load budget lines, the calendar, vendors and last year by file.
  if (isAdmin || view.roles.some((r) => r.role === 'finance'))
    actions.push(button({ text: '导入模板', value: { a: 'import.templates' } }));
  // 发送失败: the zone's admins see which messages did not arrive.
  if (view.roles.some((r) => r.role === 'admin' && r.unitId === null))
    actions.push(button({ text: '发送失败', value: { a: 'delivery.failed' } }));
  actions.push(button({ text: '使用帮助', value: { a: 'help' } }));
  return actions;
}

/** Every section the main menu offers someone, and whether it offers `a` to this person. */
const ALL_SECTIONS = new Set(
  menuButtons({
    name: '-',
    roles: ROLES.map((role) => ({ role, scope: '-', unitId: null })),
  }).map(actionOf),
);
export function menuOffers(view: MenuView, a: ActionName): boolean | undefined {
  if (!ALL_SECTIONS.has(a)) return undefined;
  return menuButtons(view).some((b) => actionOf(b) === a);
}

function actionOf(b: Element): ActionName | undefined {
  return (b.behaviors as { value?: { a?: ActionName } }[] | undefined)?.[0]?.value?.a;
}

/** The main menu: what any message the bot does not understand, and the bot menu, answer with. */
export function buildMenuCard(view: MenuView) {
  const who = view.name
    ? `您好,**${text(view.name)}**。您的角色:${rolesText(view.roles.map((r) => ({ ...r, scope: text(r.scope) })))}`
    : '您好!您尚未加入本园区的组织架构,请联系管理员为您开通。';
  const actions = menuButtons(view);
  return card({
    title: '政府购买服务监管助手',
    subtitle: '主菜单',
    summary: '主菜单',
    elements: [
      md(who),
      ...(view.note ? [md(text(view.note))] : []),
      hr(),
      md('请选择要办理的事项:'),
      buttons(actions),
    ],
  });
}

export function buildHelpCard() {
  return card({
    title: '使用帮助',
    template: 'turquoise',
    elements: [
      md(
        [
          '本助手覆盖政府购买服务的全流程监管:',
          '- **事前**:先有预算、后购买服务;明确分管领导、职能科室和考核人;按金额报批(20万元以下单位领导班子集体决策,20万元及以上报党工委管委会审批)。',
          '- **事中**:公开招标等方式确定承接主体,合同管理。',
          '- **事后**:每月双线考核,低分预警与清退,纪检监察与财政抽查,结算审计。',
          '- **抽查**:纪检监察和财政部门在菜单点「抽查」,选定范围后先登记随机种子哈希再抽取;对抽中的考核记录独立评分,差距超过容差的通报单位领导班子和纪检监察,并以抽查评分为准计入结算和清退、预警规则。',
          '',
          '**直接说**:私聊我或在群里 @我,发送「待办」「审批」「考核」「预算」「结算」「抽查」「督查」「采购」「合同」「供应商」「导出」或「帮助」即可直接打开对应功能;发送其他内容回到主菜单。',
          '**群聊**:群里只显示大家都能看的内容,个人的待办、金额、评分等一律私聊发送。',
          '**导入数据**:管理员和财政部门可把 Excel 表格(.xlsx)私聊发给我,导入预算额度、组织架构、节假日安排、供应商和往年数据;我先给出预览并列出每个错误行,点「确认导入」后才写入。模板在菜单「导入模板」中获取。',
        ].join('\n'),
      ),
      buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]),
    ],
  });
}

/** Posted once when the bot joins a group chat. */
export function buildIntroCard(chatName: string) {
  return card({
    title: '大家好,我是政府购买服务监管助手',
    template: 'green',
    elements: [
      md(
        `感谢把我加入「${chatName ? text(chatName) : '本群'}」。我会在这里推送采购审批、月度考核提醒、预警和督办事项。\n@我 或私聊我即可打开菜单;个人的待办、金额和评分只私聊发送,不在群里显示。`,
      ),
    ],
  });
}
