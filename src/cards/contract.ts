import type { ContractClauseValues, PaymentPeriod, RubricItem } from '../domain/contract';
import { MANAGEMENT_PERIOD_LABELS, type SigningForm, type SigningTerms } from '../domain/contract-form';
import { clauseLines, rubricLines, scheduleLines } from '../domain/contract-format';
import { formatYuan } from '../domain/money';
import { type ScoreLineData, scoreChartBlock } from './charts/score-line';
import { exportButton } from './export-button';
import {
  button,
  buttons,
  card,
  datePicker,
  type Element,
  form,
  hr,
  input,
  md,
  multiPersonPicker,
  pickerLabel,
  select,
  text,
} from './kit';

export interface SigningView {
  requestId: number;
  unit: string;
  service: string; // category label and description
  vendor: string; // name and credit code
  procurement: string; // method, platform and reference
  awardedFen: bigint;
  policyVersion: number;
  category: string;
  rubric: RubricItem[];
  clauses: ContractClauseValues;
  maxTermYears: number;
  typed: SigningForm;
  /** Shown when the typed term started before today: a 补签, which needs a reason (the rule in words). */
  lateHint?: string;
  /**
   * Set once the form has been checked: what will be signed, the long-term warning if any, and what
   * legal review allows (法务审核): sign (this very form is approved), wait (it is under review) or
   * submit it for review.
   */
  preview?: { terms: SigningTerms; warning?: string; review?: 'sign' | 'submit' | 'wait' };
  /**
   * 满意度测评对象 (policy v4 on): the people the picker offers (open_ids of the request's unit).
   * Absent under a policy without surveys: the form has no such field.
   */
  survey?: { candidates: string[] };
  /** The latest draft version sent to legal: its status in words and legal's comments, if any. */
  review?: { line: string; comments: string[] };
}

const required = (e: Element): Element => ({ ...e, required: true });
// The domain's list lines add their own `- `; the names in them were typed (policy, form).
const rubricText = (rubric: RubricItem[]) => rubricLines(rubric.map((r) => ({ ...r, name: text(r.name) })));
const scheduleText = (periods: PaymentPeriod[]) =>
  scheduleLines(periods.map((p) => ({ ...p, label: text(p.label), dueOn: text(p.dueOn) })));

/**
 * 签订合同: the terms to type, the vendor and clauses that come with it, then 预览 → 提交法务审核 →
 * (approved) 确认签订.
 */
export function buildSigningCard(v: SigningView) {
  const t = v.typed;
  const p = v.preview;
  const actions = [
    button({
      text: '检查并预览',
      value: { a: 'contract.preview', request: v.requestId },
      submit: true,
      name: 'preview',
    }),
  ];
  if (p && p.review === 'submit')
    actions.push(
      button({
        text: '提交法务审核',
        value: { a: 'contract.submit_review', request: v.requestId },
        type: 'primary',
        submit: true,
        name: 'submit_review',
      }),
    );
  if (p && (p.review ?? 'sign') === 'sign')
    actions.push(
      button({
        text: '确认签订',
        value: { a: 'contract.sign', request: v.requestId },
        type: 'primary',
        submit: true,
        name: 'sign',
        confirm: {
          title: '确认签订合同',
          text: `${p.warning ? `${p.warning}。` : ''}签订后合同条款不可修改,确认签订?`,
        },
      }),
    );
  const elements: Element[] = [
    md(
      [
        `**采购申请**:#${v.requestId} · ${text(v.unit)}`,
        `**服务**:${text(v.service)}`,
        `**承接主体**:${text(v.vendor)}(来自采购结果,不可修改)`,
        `**采购结果**:${text(v.procurement)},中标价 ${formatYuan(v.awardedFen)}`,
      ].join('\n'),
    ),
    ...(v.review ? [md([`**法务审核**:${text(v.review.line)}`, ...v.review.comments].join('\n'))] : []),
    hr(),
    form('contract_form', [
      input({
        name: 'amount',
        label: '合同金额',
        placeholder: '不得超过中标价,如 180000 或 18万',
        value: t.amount,
      }),
      md(`**服务期限**(最长${v.maxTermYears}年,超过1年需确认)`),
      datePicker({ name: 'starts_on', placeholder: '服务开始日期', initial: t.starts_on || undefined }),
      datePicker({ name: 'ends_on', placeholder: '服务结束日期(含当日)', initial: t.ends_on || undefined }),
      ...(v.lateHint ? [md(`**⚠ ${text(v.lateHint)}**`)] : []),
      input({
        name: 'late_reason',
        label: '补签原因',
        placeholder: '仅当服务期已开始才登记(补签)时填写:写明未能在服务期开始前签订的原因',
        value: t.late_reason ?? '',
        multiline: true,
      }),
      md('**管理考核周期**(按季度:每季度评一次管理考核,代表本季度每个月)'),
      select({
        name: 'management_period',
        placeholder: '管理考核周期',
        options: [
          { text: '按月', value: 'month' },
          { text: '按季度', value: 'quarter' },
        ],
        initial: t.management_period === 'quarter' ? 'quarter' : 'month',
      }),
      ...(v.survey ? surveyFields(v.survey.candidates, t) : []),
      input({
        name: 'schedule',
        label: '付款计划',
        placeholder: '每行一期:期次名称,付款日期,金额。例如:第一季度,2027-03-31,4.5万(合计须等于合同金额)',
        value: t.schedule,
        multiline: true,
      }),
      required(
        input({
          name: 'targets',
          label: '绩效目标',
          placeholder: '服务标准与考核要求,例如:公共区域每日清扫两次,保洁覆盖率100%',
          value: t.targets,
          multiline: true,
        }),
      ),
      buttons(actions),
    ]),
  ];
  if (p) elements.push(hr(), md(previewText(p.terms, p.warning, v.survey ? surveyLine(t) : undefined)));
  elements.push(
    hr(),
    md(
      `**考核细则**(政策第${v.policyVersion}版「${text(v.category)}」模板,按模板签订,暂不支持调整)\n${rubricText(v.rubric).join('\n')}`,
    ),
    md(
      `**合同条款**(取自现行政策第${v.policyVersion}版,签订时写入合同;此后政策修订不影响本合同)\n${clauseLines(v.clauses).join('\n')}`,
    ),
  );
  return card({
    title: `签订合同 · 采购申请 #${v.requestId}`,
    subtitle: `${v.unit} · 中标价 ${formatYuan(v.awardedFen)}`,
    template: 'blue',
    elements,
  });
}

/** 满意度测评对象: named people (a multi-picker) or the members of the contract's project group. */
function surveyFields(candidates: string[], t: SigningForm): Element[] {
  return [
    md(
      '**满意度测评对象**(每期请服务对象匿名评价服务,结果按政策计入管理考核):选「指定人员」时在下方选择人员,可选择多人;选「项目群成员」则由合同绑定的项目群成员填写',
    ),
    select({
      name: 'survey_to',
      placeholder: '满意度测评对象',
      options: [
        { text: '指定人员', value: 'named' },
        { text: '项目群成员', value: 'group' },
      ],
      initial: t.survey_to === 'group' ? 'group' : 'named',
    }),
    pickerLabel('满意度测评人员', true),
    multiPersonPicker({
      name: 'survey_people',
      placeholder: '满意度测评人员(可多选)',
      openIds: candidates,
      selected: (t.survey_people ?? []).filter((id) => candidates.includes(id)),
    }),
  ];
}

/** The preview's 满意度测评对象 line; naming nobody is allowed but said plainly. */
function surveyLine(t: SigningForm): string {
  if (t.survey_to === 'group') return '满意度测评对象:项目群成员(合同绑定的项目群)';
  const n = new Set(t.survey_people ?? []).size;
  return n
    ? `满意度测评对象:指定人员 ${n} 人`
    : '**满意度测评对象:未指定人员,本合同各期满意度测评将无人填写(样本不足,不计入考核)**';
}

function previewText(t: SigningTerms, warning?: string, survey?: string): string {
  return [
    '**预览:将签订以下内容**',
    `合同金额:${formatYuan(t.amountFen)}`,
    `服务期限:${text(t.startsOn)} 至 ${text(t.endsOn)}`,
    `管理考核周期:${MANAGEMENT_PERIOD_LABELS[t.managementPeriod ?? 'month']}`,
    ...(survey ? [survey] : []),
    '付款计划:',
    ...scheduleText(t.periods),
    ...(warning ? [`**${text(warning)}**`] : []),
  ].join('\n');
}

export interface ContractCardView {
  /** The contract's id, for 导出审计记录 (absent on a preview before signing). */
  id?: number;
  number: string;
  unit: string;
  service: string;
  vendor: string;
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  payments: { label: string; dueOn: string; amountFen: string }[];
  targets: string;
  rubric: RubricItem[];
  clauses: ContractClauseValues;
  policyVersion: number;
  leader: string;
  assessors: string[];
  signed: string; // who and when
  /** 补签: recorded after the term started (afterEnd: after it ended), with the reason stated. */
  lateSigning?: { afterEnd: boolean; text: string };
  status: string;
  /** The card answering the signature: a green header, and the long-term warning if any. */
  justSigned?: { warning?: string };
  /** The monthly final scores, drawn as a line against the contract's two bars. */
  scores?: ScoreLineData;
}

/** A signed contract, read-only: its clause values are the ones copied at signing, with their version. */
export function buildContractCard(v: ContractCardView) {
  const head = [
    ...(v.justSigned ? [`✅ 合同已签订,合同编号 **${text(v.number)}**`] : []),
    ...(v.justSigned?.warning ? [`**${text(v.justSigned.warning)}**`] : []),
    `**承接主体**:${text(v.vendor)}`,
    `**单位**:${text(v.unit)} · ${text(v.service)}`,
    `**合同金额**:${formatYuan(v.amountFen)}`,
    `**服务期限**:${text(v.startsOn)} 至 ${text(v.endsOn)}`,
    `**分管班子成员**:${text(v.leader)}`,
    `**考核人**:${v.assessors.map(text).join('、') || '无'}`,
    `**签订**:${text(v.signed)} · 状态:${text(v.status)}`,
    ...(v.lateSigning
      ? [`**${v.lateSigning.afterEnd ? '补签(登记时服务期已结束)' : '补签'}**:${text(v.lateSigning.text)}`]
      : []),
  ];
  return card({
    title: v.justSigned ? `合同已签订 ${v.number}` : `合同 ${v.number}`,
    subtitle: `${v.vendor} · ${formatYuan(v.amountFen)}`,
    template: v.justSigned ? 'green' : 'wathet',
    summary: `合同 ${v.number}`,
    elements: [
      md(head.join('\n')),
      ...scoreChartBlock(v.scores),
      hr(),
      md(`**付款计划**\n${scheduleText(v.payments).join('\n') || '无'}`),
      md(`**绩效目标**\n${text(v.targets)}`),
      md(`**考核细则**\n${rubricText(v.rubric).join('\n')}`),
      md(
        `**合同条款**(签订时取自政策第${v.policyVersion}版,此后政策修订不影响本合同)\n${clauseLines(v.clauses).join('\n')}`,
      ),
      buttons([
        button({ text: '合同管理', value: { a: 'contract.list' } }),
        ...(v.id ? [exportButton('导出审计记录', { k: 'audit_trail', contract: v.id })] : []),
        button({ text: '返回主菜单', value: { a: 'menu.show' } }),
      ]),
    ],
  });
}
