/** The vocabulary of contracts (rules 5 to 11): what a signed contract records and its states. */

/** Rule 5's procurement methods. */
export const PROCUREMENT_METHODS = [
  'open_tender',
  'invited_tender',
  'competitive_negotiation',
  'competitive_consultation',
  'single_source',
  'inquiry',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export type RubricItem = { key: string; name: string; maxDeductTenths: number };
export type PaymentPeriod = { label: string; dueOn: string; amountFen: string };
/** The clause values of rules 8 to 11 (and the scoring rules) copied from the policy at signing. */
export type ContractClauseValues = {
  termination: { belowTenths: number; consecutiveMonths: number; cumulativeMonths: number };
  bidBan: { annualAverageBelowTenths: number };
  deduction: { bands: { minTenths: number; deductBp: number }[]; annualCapFen: string };
  scoring: {
    dailyWeightBp: number;
    managementWeightBp: number;
    windowOpensDay: number;
    dueWorkingDay: number;
    remindBeforeDueWorkingDays: number;
    escalateAfterDueWorkingDays: number;
    /**
     * The management line's period, chosen at signing (rule 7): 'quarter' scores it once per quarter
     * for each of its months. Absent (contracts signed before the choice existed) means 'month'.
     */
    managementPeriod?: ManagementPeriod;
  };
  /**
   * Satisfaction surveys (满意度测评, rule 7), copied from the policy at signing (version 4 on);
   * absent on contracts signed earlier, which then have no survey.
   */
  survey?: SurveyClauses;
};
export type ManagementPeriod = 'month' | 'quarter';
/** Who receives a contract's survey: the people named at signing, or its project group's members. */
export type SurveyRecipientsMode = 'named' | 'group';
export type SurveyDimension = { key: string; name: string };
export type SurveyClauses = {
  minAnswers: number;
  shareBp: number;
  opensDay: number;
  closesDay: number;
  chaseBeforeCloseDays: number;
  dimensions: SurveyDimension[];
  recipients: SurveyRecipientsMode;
};
export type ContractStatus = 'active' | 'terminating' | 'terminated' | 'ended';
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  active: '履行中',
  terminating: '清退中',
  terminated: '已清退',
  ended: '已到期',
};

/** A termination right put to the responsible leader (rule 8), and what became of it. */
export type TerminationStatus = 'pending' | 'started' | 'kept' | 'withdrawn';

/** One rubric item's deduction in a monthly score (rule 7). */
export type ScoreDeduction = { item: string; tenths: number; note: string };

/** The scoring reminders of rule 7, in the order they go out. */
export type ReminderKind = 'open' | 'remind' | 'overdue' | 'escalate';
