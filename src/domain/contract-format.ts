import type { ContractClauseValues, PaymentPeriod, RubricItem, SurveyClauses } from './contract';
import { formatYuan } from './money';
import { formatTenths } from './ratio';

/** Basis points as a percentage without floats: `200` → `2%`, `250` → `2.5%`, `1234` → `12.34%`. */
export function formatBp(bp: number): string {
  const fraction = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(bp / 100)}${fraction ? `.${fraction}` : ''}%`;
}

/** `HT-2027-0012`: the contract number staff quote, from its id and the year it was signed. */
/** A contract's term as every card and notice writes it: `2026-01-01 至 2026-12-31`. */
export const termText = (c: { startsOn: string; endsOn: string }): string => `${c.startsOn} 至 ${c.endsOn}`;

export function contractNumber(c: { id: number; signedOn: string }): string {
  return `HT-${c.signedOn.slice(0, 4)}-${String(c.id).padStart(4, '0')}`;
}

/**
 * The contract a person typed: its number (`HT-2026-0012`, any case), `#12`, `合同 #12` or `12`.
 * Returns the id, or undefined when the text is none of these. The year of a typed number is checked
 * by the caller against the contract it names.
 */
export function parseContractRef(typed: string): { id: number; year?: string } | undefined {
  const s = typed.trim().replace(/^合同\s*/, '');
  const m = /^(?:HT-(\d{4})-|#)?0*(\d{1,9})$/i.exec(s);
  if (!m) return undefined;
  const id = Number(m[2]);
  return id > 0 ? { id, ...(m[1] ? { year: m[1] } : {}) } : undefined;
}

/** The rubric as a list: each item with its maximum deduction. */
export function rubricLines(rubric: RubricItem[]): string[] {
  return rubric.map((r) => `- ${r.name}:最多扣 ${formatTenths(r.maxDeductTenths)} 分`);
}

export function scheduleLines(periods: PaymentPeriod[]): string[] {
  return periods.map((p) => `- ${p.label}:${p.dueOn} 支付 ${formatYuan(BigInt(p.amountFen))}`);
}

/** The deduction table, top band first: `≥90.0分 不扣款`, `85.0–90.0分 扣 2%`, … */
function bandLines(bands: ContractClauseValues['deduction']['bands']): string[] {
  return bands.map((b, i) => {
    const upper = bands[i - 1]?.minTenths;
    const range =
      upper === undefined
        ? `≥${formatTenths(b.minTenths)}分`
        : b.minTenths === 0
          ? `低于${formatTenths(upper)}分`
          : `${formatTenths(b.minTenths)}–${formatTenths(upper)}分`;
    return `${range} ${b.deductBp === 0 ? '不扣款' : `扣 ${formatBp(b.deductBp)}`}`;
  });
}

/** clauses.survey (满意度测评) as one clause line: when, on what, and how much it counts. */
function surveyClauseLine(v: SurveyClauses): string {
  const who = v.recipients === 'group' ? '项目群成员' : '指定人员';
  return `- **满意度测评**:${who}每期最后一个月 ${v.opensDay} 日至 ${v.closesDay} 日匿名评价(${v.dimensions.map((d) => d.name).join('、')},各 1-5 分);有效答卷不少于 ${v.minAnswers} 份时按 ${formatBp(v.shareBp)} 计入管理考核,不足为样本不足,不计入`;
}

/** The clause values of rules 8 to 11 and the scoring rules, as the cards show them. */
export function clauseLines(c: ContractClauseValues): string[] {
  const t = c.termination;
  const s = c.scoring;
  return [
    `- **清退条款**:月度得分低于 ${formatTenths(t.belowTenths)} 分,连续 ${t.consecutiveMonths} 个月或合同期内累计 ${t.cumulativeMonths} 次,采购人可解除合同`,
    `- **禁投条款**:年度月均得分低于 ${formatTenths(c.bidBan.annualAverageBelowTenths)} 分的,次年不得参与该项目投标`,
    `- **阶梯扣款**:${bandLines(c.deduction.bands).join(';')};年度扣款上限 ${formatYuan(BigInt(c.deduction.annualCapFen))}`,
    `- **双线考核**:日常考核 ${formatBp(s.dailyWeightBp)},管理考核 ${formatBp(s.managementWeightBp)};每月 ${s.windowOpensDay} 日起评分,次月第 ${s.dueWorkingDay} 个工作日截止;截止前 ${s.remindBeforeDueWorkingDays} 个工作日提醒,逾期 ${s.escalateAfterDueWorkingDays} 个工作日报分管领导`,
    ...(s.managementPeriod === 'quarter'
      ? [
          `- **管理考核**:按季度(每季度评一次,代表本季度每个月);季度内三个月在季度末月 ${s.windowOpensDay} 日起一并评分,季度次月第 ${s.dueWorkingDay} 个工作日截止`,
        ]
      : []),
    ...(c.survey ? [surveyClauseLine(c.survey)] : []),
  ];
}
