import { LIST_SEARCH_MAX } from '../domain/list-page';
import { ROLE_LABELS, ROLES } from '../domain/roles';
import {
  button,
  buttons,
  card,
  type Element,
  form,
  hr,
  input,
  longSelect,
  md,
  personPicker,
  pickerLabel,
  select,
  text,
} from './kit';

/** The page of grants shown: how many match, the search, and the cursors of 上一页 / 下一页. */
export type GrantPageView = { total: number; q?: string; newer?: number; older?: number };

export interface RolesAdminView {
  people: { openId: string; name: string }[];
  /** Scopes this admin may grant in: 'zone' and/or unit ids. */
  scopes: { value: string; text: string }[];
  grants: { person: string; role: string; scope: string }[];
  page: GrantPageView;
}

/** 查找 by a person's or a unit's name; the count, always; 上一页 / 下一页 carrying the search. */
function grantList(view: RolesAdminView): Element[] {
  const p = view.page;
  const q = p.q ? { q: p.q } : {};
  const lines = view.grants.map((g) => `- ${text(g.person)}:${text(g.role)}(${text(g.scope)})`).join('\n');
  const nav = [
    ...(p.newer !== undefined
      ? [button({ text: '上一页', value: { a: 'roles.admin', before: p.newer, ...q } })]
      : []),
    ...(p.older !== undefined
      ? [button({ text: '下一页', value: { a: 'roles.admin', after: p.older, ...q } })]
      : []),
  ];
  return [
    md(
      `**当前授权**${p.q ? `(查找:“${text(p.q)}”)` : ''}\n${lines || (p.q ? '没有符合条件的授权' : '暂无授权')}\n` +
        `${p.q ? '符合条件的' : ''}授权共 ${p.total} 条,本页 ${view.grants.length} 条。`,
    ),
    ...(nav.length ? [buttons(nav)] : []),
    form('grants_search', [
      input({
        name: 'grant_q',
        label: '查找授权',
        placeholder: '人员或单位名称',
        max: LIST_SEARCH_MAX,
        ...(p.q ? { value: p.q } : {}),
      }),
      buttons([button({ text: '查找', value: { a: 'roles.admin' }, submit: true, name: 'grant_find' })]),
    ]),
    ...(p.q ? [buttons([button({ text: '清除查找', value: { a: 'roles.admin' } })])] : []),
  ];
}

/** The admin's card: pick a person, a role and a scope, then grant or revoke (each confirmed). */
export function buildRolesAdminCard(view: RolesAdminView) {
  return card({
    title: '角色管理',
    subtitle: '授予或撤销角色,每次变更都记入审计日志',
    template: 'orange',
    elements: [
      form('roles_form', [
        pickerLabel('人员'),
        personPicker({
          name: 'person',
          placeholder: '选择人员',
          openIds: view.people.map((p) => p.openId),
          required: true,
        }),
        select({
          name: 'role',
          placeholder: '选择角色',
          options: ROLES.map((r) => ({ text: ROLE_LABELS[r], value: r })),
          required: true,
        }),
        ...longSelect({
          name: 'scope',
          placeholder: '选择范围(单位或全区)',
          options: view.scopes,
          required: true,
          typed: { label: '或输入范围', placeholder: '列表中没有的单位:输入其全称,或输入“全区”' },
        }),
        buttons([
          button({
            text: '授予',
            value: { a: 'roles.grant' },
            type: 'primary',
            submit: true,
            name: 'grant',
            confirm: { title: '确认授予', text: '确认授予所选角色?' },
          }),
          button({
            text: '撤销',
            value: { a: 'roles.revoke' },
            type: 'danger',
            submit: true,
            name: 'revoke',
            confirm: { title: '确认撤销', text: '确认撤销所选角色?' },
          }),
        ]),
      ]),
      hr(),
      ...grantList(view),
      buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]),
    ],
  });
}
