import { ROLE_LABELS, ROLES } from '../domain/roles';
import {
  button,
  buttons,
  capped,
  card,
  form,
  hr,
  longSelect,
  md,
  personPicker,
  pickerLabel,
  select,
  text,
} from './kit';

export interface RolesAdminView {
  people: { openId: string; name: string }[];
  /** Scopes this admin may grant in: 'zone' and/or unit ids. */
  scopes: { value: string; text: string }[];
  grants: { person: string; role: string; scope: string }[];
}

/** The admin's card: pick a person, a role and a scope, then grant or revoke (each confirmed). */
export function buildRolesAdminCard(view: RolesAdminView) {
  const grants = capped(view.grants, 60);
  const list = view.grants.length
    ? grants.shown.map((g) => `- ${text(g.person)}:${text(g.role)}(${text(g.scope)})`).join('\n') +
      (grants.note.length ? `\n仅显示前 60 条,共 ${view.grants.length} 条。` : '')
    : '暂无授权';
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
      md(`**当前授权**\n${list}`),
      buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]),
    ],
  });
}
