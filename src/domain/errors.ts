/**
 * Every refusal the product gives, by code. A code names what was refused (logs and tests read it);
 * the message the user sees is written where the rule is checked.
 */
export type ErrorCode =
  | 'already_bound'
  | 'already_closed'
  | 'already_confirmed'
  | 'already_decided'
  | 'already_recorded'
  | 'reapproval_pending'
  | 'already_scored'
  | 'already_signed'
  | 'bad_amount'
  | 'bad_input'
  | 'bad_month'
  | 'bad_procurement'
  | 'bad_score'
  | 'bad_spot_check'
  | 'bad_vendor'
  | 'budget_line_exists'
  | 'budget_line_unknown'
  | 'case_withdrawn'
  | 'draft_cancelled'
  | 'draft_incomplete'
  | 'draft_not_yours'
  | 'draft_submitted'
  | 'duplicate_uscc'
  | 'image_unavailable'
  | 'end_date_late'
  | 'end_date_past'
  | 'form_incomplete'
  | 'invalid_amount'
  | 'invalid_category'
  | 'invalid_year'
  | 'meeting_in_future'
  | 'meeting_required'
  | 'minutes_required'
  | 'month_outside_term'
  | 'named_assessor'
  | 'no_binding'
  | 'no_budget'
  | 'no_case'
  | 'no_contract'
  | 'no_end_date'
  | 'no_evidence'
  | 'no_exit_item'
  | 'no_period'
  | 'no_procurement'
  | 'no_reason'
  | 'no_rectification'
  | 'no_request'
  | 'no_spot_check'
  | 'no_stage'
  | 'no_vendor'
  | 'not_admin'
  | 'not_a_group'
  | 'not_allowed'
  | 'not_approved'
  | 'not_approver'
  | 'not_assessor'
  | 'not_confirmable'
  | 'not_filer'
  | 'not_checker'
  | 'not_drawn'
  | 'not_finance'
  | 'not_inspector'
  | 'not_leader'
  | 'not_owner'
  | 'not_scored'
  | 'not_unit_filer'
  | 'not_vendor_registrar'
  | 'open_findings'
  | 'over_budget'
  | 'own_request'
  | 'person_unknown'
  | 'policy_incomplete'
  | 'reason_required'
  | 'role_unknown'
  | 'scope_denied'
  | 'score_changed'
  | 'term_over'
  | 'unit_unknown'
  | 'unknown_person'
  | 'vendor_banned'
  | 'window_not_open';

/**
 * A refusal the user can act on. `message` is shown as the toast (Chinese); `code` is for logs and
 * tests. Throwing it rolls the transaction back, so a refused action changes nothing.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
