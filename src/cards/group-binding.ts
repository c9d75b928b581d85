import { button, buttons, card, form, hr, input, md, select, text } from './kit';

/**
 * Each option's text counts toward the 200 elements a card may hold (card-json-v2-structure,
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-structure); unbind buttons, forms and texts
 * around the lists stay well under the remaining room. The lists are capped at this many options each.
 */
export const MAX_BIND_OPTIONS = 50;

/** Field names: unique across the whole card, forms included (the form container page). */
export const BIND_FIELD = { leadership: 'leadership_unit', project: 'project_contract' } as const;
/** Typed instead, for what the capped list does not show: a unit's name, a contract's number. */
export const BIND_TYPED_FIELD = {
  leadership: 'leadership_unit_name',
  project: 'project_contract_no',
} as const;

export type GroupBindingView = {
  bindings: { id: number; kind: 'leadership' | 'project'; label: string }[];
  /** What the clicker may bind the group to: unit names and contract numbers, nothing private. */
  units: { value: string; text: string }[];
  contracts: { value: string; text: string }[];
};

/**
 * 本群绑定, shown in the group itself: every member sees it, so it names units and contract numbers
 * (with unit and category), never a vendor, an amount or a score (bot/group-safe.ts).
 */
export function groupBindingCard(v: GroupBindingView) {
  const elements = [
    md(
      v.bindings.length
        ? `本群当前绑定:\n${v.bindings.map((b) => `- ${text(b.label)}`).join('\n')}`
        : '本群尚未绑定。绑定为**领导班子群**后,本单位需集体决策的采购审批卡片发到本群;绑定为**项目工作群**后,合同的月度考核通知发到本群。',
    ),
  ];
  if (v.bindings.length) {
    elements.push(
      buttons(
        v.bindings.map((b) =>
          button({
            text: `解除:${b.label}`.slice(0, 40),
            value: { a: 'group.unbind', binding: b.id },
            type: 'danger',
            confirm: { title: '解除绑定', text: `确定解除「${b.label}」吗?` },
          }),
        ),
      ),
    );
  }
  // A leadership group serves one unit; a project group may take more contracts.
  const leading = v.bindings.length === 0;
  const projecting = !v.bindings.some((b) => b.kind === 'leadership');
  if (leading && v.units.length) elements.push(...bindForm('leadership', v.units));
  if (projecting && v.contracts.length) elements.push(...bindForm('project', v.contracts));
  if (!v.units.length) elements.push(md('只有管理员或单位领导班子成员可以绑定本群。'));
  return card({ title: '本群绑定', template: 'blue', summary: '本群绑定', elements });
}

const BIND_FORM = {
  leadership: {
    form: 'bind_leadership',
    placeholder: '选择单位',
    typed: { label: '或输入单位名称', placeholder: '列表中没有的单位:输入其全称' },
    submit: '绑定为领导班子群',
    what: '单位',
  },
  project: {
    form: 'bind_project',
    placeholder: '选择合同',
    typed: { label: '或输入合同编号', placeholder: '列表中没有的合同:输入编号,如 HT-2026-0012 或 12' },
    submit: '绑定为项目工作群',
    what: '合同',
  },
} as const;

/** One binding form: the capped list, a text field for the rest when capped, and its note. */
function bindForm(kind: 'leadership' | 'project', options: { value: string; text: string }[]) {
  const f = BIND_FORM[kind];
  const cut = options.length > MAX_BIND_OPTIONS;
  return [
    hr(),
    form(f.form, [
      select({
        name: BIND_FIELD[kind],
        placeholder: f.placeholder,
        options: options.slice(0, MAX_BIND_OPTIONS),
        required: !cut,
      }),
      ...(cut ? [input({ name: BIND_TYPED_FIELD[kind], ...f.typed })] : []),
      button({
        text: f.submit,
        name: `${f.form}_submit`,
        value: { a: 'group.bind', kind },
        submit: true,
        ...(kind === 'leadership' ? { type: 'primary' as const } : {}),
      }),
    ]),
    ...(cut ? [md(capNote(options.length, f.what))] : []),
  ];
}

/** Said under a capped list, so nobody wonders where the rest went. */
function capNote(total: number, what: '单位' | '合同'): string {
  return what === '合同'
    ? `仅显示最新的 ${MAX_BIND_OPTIONS} 个合同(编号从大到小);其他合同请输入编号。`
    : `仅显示前 ${MAX_BIND_OPTIONS} 个单位(共 ${total} 个);其他单位请输入名称。`;
}
