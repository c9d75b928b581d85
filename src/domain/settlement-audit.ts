/**
 * Settlement audit (结算审计, rule 14): for one period or the whole term of a contract, the amounts
 * (taken from the settlement's own rows, so the audit agrees with the settlement card to the fen),
 * the spot-check adjustments, the open rectification items, and the risks found, each with the rows
 * behind it. Pure: the loader (features/settlement/audit.ts) brings the facts, `today` comes in.
 *
 * Choices, said once here:
 * - "Just above" 80 or 85: an assessor's monthly score from the bar to 1.0 point above it, both
 *   included (80.0 to 81.0, 85.0 to 86.0); a cluster is CLUSTER_MIN_MONTHS or more such months of
 *   the scope near the same bar. The assessor's score is judged: it is the one that could be steered.
 * - Months paid without a score: months of a confirmed (paid) period that had no score when it was
 *   confirmed: no current score, or a first score entered on a later day (date-anomalies.ts).
 * - 补签 (the contract recorded after its term started, with its reason, and whether the term had
 *   already ended) is a risk of every audit of the contract, whatever the period. Late scores
 *   (逾期补录) are those of the audited months, or of every month for the whole term.
 * - Spot-check adjustments: months where a sample's gap exceeded the tolerance, so the checker's
 *   score stands (the latest spot check of the month wins). The deduction difference it makes is the
 *   settlement computed over the schedule as if nothing were confirmed, once with the assessor's
 *   scores and once with the checker's standing, per period.
 * - A period cannot be confirmed while the contract has any rectification item not closed
 *   (open or submitted), whatever the period: money is not released while a finding is unresolved,
 *   unless finance overrides with a reason of at least OVERRIDE_MIN_CHARS characters.
 * - Single-source share: the unit's single-source procurements' share of its awarded amount in the
 *   budget year of the contract's request; a risk from SINGLE_SOURCE_RISK_BP of the amount.
 */

import type { PaymentPeriod } from './contract';
import { isLateSigning, signedAfterEnd, type UnscoredAtPayment, unscoredAtPayment } from './date-anomalies';
import type { DeductionBand } from './deduction';
import type { Month } from './months';
import { type SettlementRow, settlementRows } from './settlement-rows';

export const CLUSTER_BARS = [800, 850] as const;
export const CLUSTER_WINDOW_TENTHS = 10;
export const CLUSTER_MIN_MONTHS = 2;
export const SINGLE_SOURCE_RISK_BP = 1000;
export const OVERRIDE_MIN_CHARS = 4;

export type SpotStood = {
  spotCheckId: number;
  month: Month;
  assessorTenths: number;
  checkerTenths: number;
  gapTenths: number;
};
export type OpenItem = {
  id: number;
  /** The inspection that found it; null for a problem raised from the daily line (问题整改). */
  inspectionId: number | null;
  inspectedOn: string | null;
  finding: string;
  dueOn: string;
  status: 'open' | 'submitted';
  severity: string;
  /** Absent: an inspection finding. */
  source?: 'inspection' | 'daily';
  /** A daily problem: the scored month, its rubric item's name, and how often it was repeated (重复发生). */
  month?: string | null;
  rubricName?: string | null;
  repeats?: number;
};
export type SplitWarningFact = { category: string; year: number; totalFen: bigint };
export type SingleSourceFact = {
  requestId: number;
  vendor: string;
  awardedFen: bigint;
  reason: string | null;
};
export type UnitYearFact = {
  year: number;
  totalFen: bigint;
  count: number;
  singleSource: SingleSourceFact[];
};
export type AwardFact = {
  requestId: number;
  approvedFen: bigint;
  awardedFen: bigint;
  reapprovalRef: string | null;
};

/** How the contract was recorded: the dates that make a 补签, its reason and who recorded it. */
export type SigningFact = {
  signedOn: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
  signer: string;
};
/** A month's first score: when it was entered (business date), by whom, its due date and 逾期补录 flag. */
export type FirstScoreFact = {
  month: Month;
  enteredOn: string;
  by: string;
  dueOn: string | null;
  late: boolean;
};
export type LateSigningRisk = { kind: 'late_signing'; afterEnd: boolean } & SigningFact;

export type AuditInput = {
  today: string;
  /** null: the whole term; else a period label of the schedule. */
  period: string | null;
  /** The settlement's rows, exactly as the settlement card shows them. */
  rows: SettlementRow[];
  whatIf: {
    schedule: readonly PaymentPeriod[];
    startsOn: string;
    endsOn: string;
    endedOn?: string | null;
    bands: readonly DeductionBand[];
    annualCapFen: bigint;
  };
  /** The assessors' current monthly scores. */
  scores: readonly { month: Month; finalTenths: number }[];
  stood: readonly SpotStood[];
  openItems: readonly OpenItem[];
  /** Savings of cause 'deduction' per settlement id. */
  ledger: readonly { settlementId: number; amountFen: bigint }[];
  split: readonly SplitWarningFact[];
  unitYear: UnitYearFact | null;
  award: AwardFact | null;
  /** How the contract was recorded; absent: not a 补签. */
  signing?: SigningFact | null;
  /** Each month's first score (the row a correction supersedes, not the correction); absent: none known. */
  firstScores?: readonly FirstScoreFact[];
};

export type Risk =
  | { kind: 'unscored_paid'; rows: ({ period: string } & UnscoredAtPayment)[] }
  | LateSigningRisk
  | { kind: 'late_scores'; rows: Omit<FirstScoreFact, 'late'>[] }
  | { kind: 'clustered'; bar: number; rows: { month: Month; tenths: number }[] }
  | { kind: 'gap_above_tolerance'; rows: SpotStood[] }
  | { kind: 'overdue_finding'; rows: (OpenItem & { daysOverdue: number })[] }
  | { kind: 'open_daily_problems'; rows: (OpenItem & { daysOverdue: number })[] }
  | { kind: 'split_warning'; rows: SplitWarningFact[] }
  | { kind: 'single_source_share'; shareBp: number; year: number; totalFen: bigint; rows: SingleSourceFact[] }
  | { kind: 'awarded_above_approved'; rows: AwardFact[] }
  | { kind: 'ledger_mismatch'; rows: { period: string; deductionFen: bigint; ledgerFen: bigint }[] };

export type Adjustment = { period: string; assessorFen: bigint; checkerFen: bigint; differenceFen: bigint };
export type Sums = { amountFen: bigint; deductionFen: bigint; payableFen: bigint; count: number };

export type SettlementAudit = {
  period: string | null;
  rows: SettlementRow[];
  months: Month[];
  all: Sums;
  confirmed: Sums;
  ledgerDeductionFen: bigint;
  stood: SpotStood[];
  adjustments: Adjustment[];
  openItems: OpenItem[];
  risks: Risk[];
};

function sums(rows: readonly SettlementRow[]): Sums {
  return rows.reduce(
    (s, r) => ({
      amountFen: s.amountFen + r.amountFen,
      deductionFen: s.deductionFen + r.deductionFen,
      payableFen: s.payableFen + r.payableFen,
      count: s.count + 1,
    }),
    { amountFen: 0n, deductionFen: 0n, payableFen: 0n, count: 0 },
  );
}

/** Whole days from `a` to `b` (YYYY-MM-DD), positive when b is later. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The latest spot check of each month whose checker score stands. */
function standing(stood: readonly SpotStood[]): Map<Month, SpotStood> {
  const by = new Map<Month, SpotStood>();
  for (const s of stood) if ((by.get(s.month)?.spotCheckId ?? -1) < s.spotCheckId) by.set(s.month, s);
  return by;
}

function adjustments(input: AuditInput, stood: Map<Month, SpotStood>, labels: Set<string>): Adjustment[] {
  if (stood.size === 0) return [];
  const base = { ...input.whatIf, confirmed: [] };
  const assessor = settlementRows({ ...base, scores: input.scores });
  const checker = settlementRows({
    ...base,
    scores: input.scores.map((s) => ({
      month: s.month,
      finalTenths: stood.get(s.month)?.checkerTenths ?? s.finalTenths,
    })),
  });
  return assessor
    .map((a, i) => ({ a, c: checker[i]! }))
    .filter(({ a }) => labels.has(a.label) && a.months.some((m) => stood.has(m)))
    .map(({ a, c }) => ({
      period: a.label,
      assessorFen: a.deductionFen,
      checkerFen: c.deductionFen,
      differenceFen: c.deductionFen - a.deductionFen,
    }));
}

/** The audit of `input.period` (or the whole term); undefined when the period is not in the schedule. */
export function settlementAudit(input: AuditInput): SettlementAudit | undefined {
  const rows = input.period === null ? input.rows : input.rows.filter((r) => r.label === input.period);
  if (input.period !== null && rows.length === 0) return undefined;
  const months = rows.flatMap((r) => r.months);
  const inScope = new Set(months);
  const scoreOf = new Map(input.scores.map((s) => [s.month, s.finalTenths]));
  const stoodBy = standing(input.stood);
  const stood = [...stoodBy.values()]
    .filter((s) => inScope.has(s.month))
    .sort((a, b) => a.month.localeCompare(b.month));
  const paid = rows.filter((r) => r.confirmed);
  const ledgerBy = new Map(input.ledger.map((l) => [l.settlementId, l.amountFen]));
  const risks: Risk[] = [];

  const s = input.signing;
  if (s && isLateSigning(s)) risks.push({ kind: 'late_signing', afterEnd: signedAfterEnd(s), ...s });
  // A current score whose first entry is unknown counts as there before any payment.
  const firstOn = new Map((input.firstScores ?? []).map((f) => [f.month, f.enteredOn]));
  const scoredOn = new Map([...scoreOf.keys()].map((m) => [m, firstOn.get(m) ?? '0000-00-00']));
  const unscored = paid.flatMap((r) =>
    unscoredAtPayment(r.months, r.confirmed!.on, scoredOn).map((u) => ({ period: r.label, ...u })),
  );
  if (unscored.length) risks.push({ kind: 'unscored_paid', rows: unscored });
  const late = (input.firstScores ?? [])
    .filter((f) => f.late && (input.period === null || inScope.has(f.month)))
    .sort((a, b) => a.month.localeCompare(b.month))
    .map(({ late: _, ...f }) => f);
  if (late.length) risks.push({ kind: 'late_scores', rows: late });
  for (const bar of CLUSTER_BARS) {
    const near = months
      .filter((m) => {
        const t = scoreOf.get(m);
        return t !== undefined && t >= bar && t <= bar + CLUSTER_WINDOW_TENTHS;
      })
      .map((month) => ({ month, tenths: scoreOf.get(month)! }));
    if (near.length >= CLUSTER_MIN_MONTHS) risks.push({ kind: 'clustered', bar, rows: near });
  }
  if (stood.length) risks.push({ kind: 'gap_above_tolerance', rows: stood });
  const overdueDays = (i: OpenItem) => (i.dueOn < input.today ? daysBetween(i.dueOn, input.today) : 0);
  const overdue = input.openItems
    .filter((i) => i.source !== 'daily' && i.dueOn < input.today)
    .map((i) => ({ ...i, daysOverdue: overdueDays(i) }));
  if (overdue.length) risks.push({ kind: 'overdue_finding', rows: overdue });
  // Problems of the daily line not rectified are a risk while open, overdue or not.
  const daily = input.openItems
    .filter((i) => i.source === 'daily')
    .map((i) => ({ ...i, daysOverdue: overdueDays(i) }));
  if (daily.length) risks.push({ kind: 'open_daily_problems', rows: daily });
  if (input.split.length) risks.push({ kind: 'split_warning', rows: [...input.split] });
  const u = input.unitYear;
  if (u && u.totalFen > 0n) {
    const single = u.singleSource.reduce((s, p) => s + p.awardedFen, 0n);
    const shareBp = Number((single * 10_000n) / u.totalFen);
    if (single > 0n && shareBp >= SINGLE_SOURCE_RISK_BP)
      risks.push({
        kind: 'single_source_share',
        shareBp,
        year: u.year,
        totalFen: u.totalFen,
        rows: u.singleSource,
      });
  }
  if (input.award && input.award.awardedFen > input.award.approvedFen)
    risks.push({ kind: 'awarded_above_approved', rows: [input.award] });
  const mismatch = paid
    .map((r) => ({
      period: r.label,
      deductionFen: r.deductionFen,
      ledgerFen: ledgerBy.get(r.confirmed!.id) ?? 0n,
    }))
    .filter((m) => m.deductionFen !== m.ledgerFen);
  if (mismatch.length) risks.push({ kind: 'ledger_mismatch', rows: mismatch });

  return {
    period: input.period,
    rows,
    months,
    all: sums(rows),
    confirmed: sums(paid),
    ledgerDeductionFen: paid.reduce((s, r) => s + (ledgerBy.get(r.confirmed!.id) ?? 0n), 0n),
    stood,
    adjustments: adjustments(input, stoodBy, new Set(rows.map((r) => r.label))),
    openItems: [...input.openItems],
    risks,
  };
}

/**
 * Whether finance may confirm a period while `open` rectification items are not closed: without any,
 * yes (no override); with some, only with a reason of OVERRIDE_MIN_CHARS characters or more.
 */
export function overrideCheck(
  open: readonly { finding: string }[],
  reason: string,
): { ok: true; override: string | null } | { ok: false; message: string } {
  if (open.length === 0) return { ok: true, override: null };
  const r = reason.trim();
  if ([...r].length >= OVERRIDE_MIN_CHARS) return { ok: true, override: r };
  // The items by what was found (the name the owner and the group know them by), the first three.
  const ids =
    open
      .slice(0, 3)
      .map((i) => `「${i.finding}」`)
      .join('、') + (open.length > 3 ? '等' : '');
  return {
    ok: false,
    message: r
      ? `超控理由至少${OVERRIDE_MIN_CHARS}个字,未确认结算`
      : `该合同尚有${open.length}项整改未关闭(${ids}),不能确认结算;如确需支付,请填写超控理由(至少${OVERRIDE_MIN_CHARS}个字)`,
  };
}
