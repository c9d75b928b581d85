/**
 * Settlement per payment period (rule 11): which months each instalment pays for, the period's score,
 * the band deduction, the contract's annual cap and the amount payable. `settlementRows` is the one
 * computation: the card shows its rows and confirming a period stores its row, so both agree to the fen.
 *
 * The months of a period: a month belongs to the first period whose due date is on or after the
 * month's last day (for the term's last month, the term's last day); that is, period i pays for the
 * months that end from the day after period i-1's due date (or the term's start) up to its own due
 * date. Months ending after the last due date belong to the last period, so every month of the term
 * is judged exactly once. A period without months (an advance payment) has no score and deducts nothing.
 *
 * The cap applies per calendar year of the due date, cumulatively in schedule order. A confirmed
 * period keeps what was stored when it was confirmed (later corrections do not reopen a payment), and
 * its stored deduction counts against the cap of the periods after it.
 */

import { yearOf } from './business-date';
import type { PaymentPeriod } from './contract';
import { type DeductionBand, deductionFor, periodScore } from './deduction';
import type { MonthlyScore } from './monthly-scores';
import { type Month, monthOfDate, monthParts, termMonths } from './months';
import { formatTenthsDown } from './ratio';

export type StoredSettlement = {
  id: number;
  periodLabel: string;
  months: Month[];
  amountFen: bigint;
  deductBp: number;
  rawDeductionFen: bigint;
  deductionFen: bigint;
  payableFen: bigint;
  settledBy: string | null;
  settledOn: string;
};

export type SettlementRow = {
  label: string;
  dueOn: string;
  /** The calendar year of `dueOn`: the year whose cap the deduction counts against. */
  year: number;
  months: Month[];
  /** Months of the period without a current score: the period cannot be confirmed yet. */
  unscored: Month[];
  amountFen: bigint;
  /** The period's average score, rounded down to the tenth for display; null without scores. */
  scoreDisplay: string | null;
  /** The band applied (index into the contract's bands); null without a score or when confirmed. */
  bandIndex: number | null;
  deductBp: number;
  /** The band's percentage of the amount, half up to the fen, before the cap. */
  rawFen: bigint;
  /** What is deducted after the annual cap (含封顶). */
  deductionFen: bigint;
  payableFen: bigint;
  /** What the year's cap still allowed before this period. */
  capRoomFen: bigint;
  confirmed: { id: number; by: string | null; on: string } | null;
  /** The contract was terminated before this period: its scheduled amount is not paid (amount 0). */
  afterEnd?: { endedOn: string; scheduledFen: bigint };
};

export type SettlementInput = {
  schedule: readonly PaymentPeriod[];
  startsOn: string;
  endsOn: string;
  /** Set when the contract was terminated: the term ends there and later periods are not paid. */
  endedOn?: string | null;
  bands: readonly DeductionBand[];
  annualCapFen: bigint;
  scores: readonly MonthlyScore[];
  confirmed: readonly StoredSettlement[];
};

/** The last day of a month, `YYYY-MM-DD`. */
function lastDayOf(m: Month): string {
  const { year, month } = monthParts(m);
  return `${m}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The months each period of the schedule pays for (see the file comment). */
export function periodMonths(
  schedule: readonly { dueOn: string }[],
  startsOn: string,
  endsOn: string,
): Month[][] {
  const out = schedule.map((): Month[] => []);
  if (schedule.length === 0 || endsOn < startsOn) return out;
  for (const m of termMonths({ startMonth: monthOfDate(startsOn), endMonth: monthOfDate(endsOn) })) {
    const last = lastDayOf(m);
    const closes = last < endsOn ? last : endsOn;
    const i = schedule.findIndex((p) => p.dueOn >= closes);
    out[i < 0 ? schedule.length - 1 : i]!.push(m);
  }
  return out;
}

/** Every period of the schedule, settled in order with the cap per calendar year. */
export function settlementRows(input: SettlementInput): SettlementRow[] {
  const byMonth = new Map(input.scores.map((s) => [s.month, s.finalTenths]));
  const stored = new Map(input.confirmed.map((s) => [s.periodLabel, s]));
  const end = input.endedOn && input.endedOn < input.endsOn ? input.endedOn : input.endsOn;
  const terminated = end !== input.endsOn;
  const monthsOf = periodMonths(input.schedule, input.startsOn, end);
  const deducted = new Map<number, bigint>();
  return input.schedule.map((p, i) => {
    const year = yearOf(p.dueOn);
    const already = deducted.get(year) ?? 0n;
    const capRoomFen = input.annualCapFen > already ? input.annualCapFen - already : 0n;
    const s = stored.get(p.label);
    const months = s ? s.months : monthsOf[i]!;
    const tenths = months.map((m) => byMonth.get(m)).filter((v): v is number => v !== undefined);
    const score = periodScore(tenths);
    const base = {
      label: p.label,
      dueOn: p.dueOn,
      year,
      months,
      scoreDisplay: score && formatTenthsDown(score),
    };
    if (s) {
      deducted.set(year, already + s.deductionFen);
      return {
        ...base,
        unscored: [],
        amountFen: s.amountFen,
        bandIndex: null,
        deductBp: s.deductBp,
        rawFen: s.rawDeductionFen,
        deductionFen: s.deductionFen,
        payableFen: s.payableFen,
        capRoomFen,
        confirmed: { id: s.id, by: s.settledBy, on: s.settledOn },
      };
    }
    // A period wholly after the termination date pays for no service: nothing is payable.
    const afterEnd = terminated && months.length === 0 && p.dueOn > end;
    const amountFen = afterEnd ? 0n : BigInt(p.amountFen);
    const d = deductionFor({
      bands: input.bands,
      periodAmountFen: amountFen,
      finalTenths: score,
      alreadyDeductedThisYearFen: already,
      annualCapFen: input.annualCapFen,
    });
    deducted.set(year, already + d.cappedFen);
    return {
      ...base,
      unscored: months.filter((m) => !byMonth.has(m)),
      amountFen,
      bandIndex: d.bandIndex,
      deductBp: d.deductBp,
      rawFen: d.rawFen,
      deductionFen: d.cappedFen,
      payableFen: d.payableFen,
      capRoomFen,
      confirmed: null,
      ...(afterEnd ? { afterEnd: { endedOn: end, scheduledFen: BigInt(p.amountFen) } } : {}),
    };
  });
}

/** The period finance confirms next: periods are confirmed in payment order, as the annual cap accrues. */
export function nextToConfirm(rows: SettlementRow[]): SettlementRow | undefined {
  return rows.find((r) => !r.confirmed);
}
