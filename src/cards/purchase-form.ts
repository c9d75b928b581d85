import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { type DraftData, METHODS, STEPS } from '../domain/purchase-fields';
import type { FieldErrors } from '../domain/purchase-validate';
import {
  button,
  buttons,
  card,
  type Element,
  form,
  input,
  longSelect,
  md,
  multiPersonPicker,
  personPicker,
  pickerLabel,
  select,
  text,
} from './kit';

export interface FilingView {
  draftId: number;
  step: number;
  data: DraftData;
  /** The budget lines with their categories: the request's category is its line's (rule 1). */
  lines: { value: string; text: string; category?: ServiceCategory }[];
  /** Everyone the pickers may offer when `pickers` is not given (no line chosen yet). */
  people: string[];
  /**
   * Step 4: who fits each picker, in the chosen line's unit (the roles the step checks). A picker
   * grows with the unit, not the zone, so the form stays within the card's 30 KB; an empty one is a
   * note instead (a picker without options would offer every member of the chat).
   */
  pickers?: { leader: string[]; department: string[]; assessors: string[] };
  errors?: FieldErrors;
  /** Step 5: the summary lines and the approval route, as markdown (`filingSummary`). */
  summary?: string[];
}

const opts = (o: Record<string, string>) =>
  Object.entries(o).map(([value, label]) => ({ value, text: label }));

/** The category is the chosen line's, shown and not chosen (rule 1). */
function lineCategory(v: FilingView): string {
  const category = v.lines.find((l) => l.value === v.data.line)?.category;
  return category ? `${CATEGORY_LABELS[category]}(随所选预算额度)` : '随所选预算额度确定';
}

function fields(v: FilingView): Element[] {
  const d = v.data;
  switch (v.step) {
    case 1:
      return [
        ...longSelect({
          name: 'line',
          placeholder: '预算额度(单位 · 类别 · 剩余)',
          options: v.lines.map((l) => ({ value: l.value, text: l.text })),
          ...(d.line ? { initial: d.line } : {}),
          typed: {
            label: '或输入预算额度编号',
            placeholder: '列表中没有的额度:输入编号,如 #12',
            field: 'line_no',
          },
        }),
        md(`**服务类别**:${lineCategory(v)}`),
        input({
          name: 'category_other',
          label: '其他类别说明',
          placeholder: '预算额度类别为“其他”时填写',
          value: d.category_other,
        }),
        input({
          name: 'description',
          label: '服务内容',
          placeholder: '例如:园区公共区域日常保洁',
          value: d.description,
          multiline: true,
        }),
      ];
    case 2:
      return [
        input({
          name: 'why',
          label: '为何外包',
          placeholder: '为何不自行承担,外包的必要性',
          value: d.why,
          multiline: true,
        }),
        input({ name: 'suppliers', label: '询价供应商数', placeholder: '例如:3', value: d.suppliers }),
        input({
          name: 'price_low',
          label: '市场价格下限',
          placeholder: '例如:18万 或 180000',
          value: d.price_low,
        }),
        input({
          name: 'price_high',
          label: '市场价格上限',
          placeholder: '例如:22万 或 220000',
          value: d.price_high,
        }),
      ];
    case 3:
      return [
        input({
          name: 'amount',
          label: '预估金额',
          placeholder: '例如:199999.99、199,999.99、19.9万、20万元',
          value: d.amount,
        }),
        select({
          name: 'method',
          placeholder: '拟采用的采购方式',
          options: opts(METHODS),
          initial: d.method,
        }),
      ];
    case 4: {
      const fits = v.pickers ?? { leader: v.people, department: v.people, assessors: v.people };
      const none = (who: string) => md(`本单位尚未设置${who},请联系管理员授予角色后再继续。`);
      return [
        ...(fits.leader.length ? [pickerLabel('分管领导')] : []),
        fits.leader.length
          ? personPicker({
              name: 'leader',
              placeholder: '分管班子成员',
              openIds: fits.leader,
              initial: d.leader,
            })
          : none('分管领导'),
        ...(fits.department.length ? [pickerLabel('职能科室负责人')] : []),
        fits.department.length
          ? personPicker({
              name: 'department',
              placeholder: '职能科室负责人',
              openIds: fits.department,
              initial: d.department,
            })
          : none('职能科室负责人'),
        ...(fits.assessors.length ? [pickerLabel('考核人', true)] : []),
        fits.assessors.length
          ? multiPersonPicker({
              name: 'assessors',
              placeholder: '考核人(可多选)',
              openIds: fits.assessors,
              selected: d.assessors?.filter((a) => fits.assessors.includes(a)),
            })
          : none('考核人员'),
      ];
    }
    default:
      return [];
  }
}

/** One step of the filing conversation, with what the user typed kept in it. */
export function buildFilingCard(v: FilingView) {
  const step = STEPS.find((s) => s.n === v.step)!;
  const errors = Object.values(v.errors ?? {});
  const id = v.draftId;
  const nav = [
    ...(v.step > 1
      ? [
          button({
            text: '上一步',
            value: { a: 'purchase.step', draft: id, step: v.step, go: 'back' },
            submit: v.step < 5,
            name: 'back',
          }),
        ]
      : []),
    ...(v.step < 5
      ? [
          button({
            text: '下一步',
            value: { a: 'purchase.step', draft: id, step: v.step, go: 'next' },
            type: 'primary',
            submit: true,
            name: 'next',
          }),
        ]
      : [
          button({
            text: '提交审批',
            value: { a: 'purchase.submit', draft: id },
            type: 'primary',
            confirm: { title: '确认提交', text: '提交后将按审批路径发送给审批人,确认提交?' },
          }),
        ]),
  ];
  if (v.step < 5) {
    nav.push(
      button({
        text: '保存并退出',
        value: { a: 'purchase.step', draft: id, step: v.step, go: 'save' },
        submit: true,
        name: 'save',
      }),
    );
  }
  const exits = [
    ...(v.step === 5 ? [button({ text: '稍后再提交', value: { a: 'menu.show' } })] : []),
    button({
      text: '取消草稿',
      value: { a: 'purchase.cancel', draft: id },
      type: 'danger',
      confirm: { title: '取消草稿', text: '草稿将被作废,确认取消?' },
    }),
  ];
  const elements: Element[] = [];
  if (errors.length)
    elements.push(
      md(`<font color='red'>请修改后重试:\n${errors.map((e) => `- ${text(e)}`).join('\n')}</font>`),
    );
  if (v.step < 5) elements.push(form('filing', [...fields(v), buttons(nav)]));
  else elements.push(md((v.summary ?? []).join('\n')), buttons(nav));
  elements.push(buttons(exits));
  return card({
    title: `发起采购 · 第${v.step}步/共5步`,
    subtitle: step.title,
    template: 'blue',
    summary: `采购草稿 #${id}`,
    elements,
  });
}
