import type { ServiceCategory } from './categories';
import type { ContractClauseValues, RubricItem, SurveyRecipientsMode } from './contract';
import { DomainError } from './errors';
import type { Policy } from './policy';
import { surveyClausesFrom } from './survey';

/**
 * The clause values of rules 8 to 11 and the scoring rules, copied from a policy version at signing.
 * The contract keeps this copy forever: a later policy version never changes a signed contract.
 * `survey` (the category and who receives it) adds clauses.survey when the policy has surveys (v4 on).
 */
export function clausesFromPolicy(
  policy: Policy,
  survey?: { category: ServiceCategory; recipients: SurveyRecipientsMode },
): ContractClauseValues {
  const s = policy.scoring;
  if (s.remindBeforeDueWorkingDays === undefined || s.escalateAfterDueWorkingDays === undefined)
    throw new DomainError('policy_incomplete', `政策第${policy.version}版缺少考核提醒设置,请联系管理员`);
  return {
    termination: { ...policy.termination },
    bidBan: { ...policy.bidBan },
    deduction: {
      bands: policy.deduction.bands.map((b) => ({ ...b })),
      annualCapFen: policy.deduction.annualCapFen.toString(),
    },
    scoring: {
      dailyWeightBp: s.dailyWeightBp,
      managementWeightBp: s.managementWeightBp,
      windowOpensDay: s.windowOpensDay,
      dueWorkingDay: s.dueWorkingDay,
      remindBeforeDueWorkingDays: s.remindBeforeDueWorkingDays,
      escalateAfterDueWorkingDays: s.escalateAfterDueWorkingDays,
    },
    ...surveyPart(policy, survey),
  };
}

function surveyPart(
  policy: Policy,
  survey?: { category: ServiceCategory; recipients: SurveyRecipientsMode },
) {
  const s = survey && surveyClausesFrom(policy, survey.category, survey.recipients);
  return s ? { survey: s } : {};
}

/** The policy's rubric template for a category (a contract copies it and may adjust it). */
export function rubricTemplate(policy: Policy, category: ServiceCategory): RubricItem[] {
  const t = policy.rubricTemplates?.[category];
  if (!t) throw new DomainError('policy_incomplete', `政策第${policy.version}版没有该类服务的考核细则模板`);
  return t.map((i) => ({ ...i }));
}
