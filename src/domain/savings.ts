/** The causes of a saving of public funds (rule 15). */
export const SAVING_CAUSES = ['deduction', 'renegotiated_price', 'non_conformity', 'other'] as const;
export type SavingCause = (typeof SAVING_CAUSES)[number];

export const SAVING_CAUSE_LABELS: Record<SavingCause, string> = {
  deduction: '考核扣减',
  renegotiated_price: '重新议价',
  non_conformity: '不符合合同约定(已付未履约等)',
  other: '其他',
};

/** Causes finance records by hand; deductions come from settlements only. */
export const MANUAL_CAUSES = [
  'renegotiated_price',
  'non_conformity',
  'other',
] as const satisfies SavingCause[];

/** A hand-recorded saving's evidence (依据), in characters: the card's input and the check agree. */
export const SAVING_EVIDENCE_MAX = 500;
