import { CATEGORY_LABELS } from '../../domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import type { SigningForm, SigningTerms } from '../../domain/contract-form';
import { contractNumber } from '../../domain/contract-format';
import { contractStatusLabel, contractStatusOf, terminationDay } from '../../domain/contract-status';
import type { Policy } from '../../domain/policy';
import { METHODS } from '../../domain/purchase-fields';
import { longTermWarning } from '../../domain/term';
import type { Signable } from './signing';
import type { ContractRow } from './view';

/** What the signing card shows of a request about to be signed, with the current policy's clauses. */
export function signingView(s: Signable, policy: Policy, typed: SigningForm, terms?: SigningTerms) {
  const r = s.request;
  const p = s.procurement;
  const years = policy.contract.warnAboveTermYears;
  return {
    requestId: r.id,
    unit: s.unit,
    service: `${CATEGORY_LABELS[r.category]}${r.categoryOther ? `(${r.categoryOther})` : ''} · ${r.description}`,
    vendor: `${s.vendor.name}(${s.vendor.uscc})`,
    procurement: `${METHODS[p.method]} · ${p.platform} ${p.referenceNo} · ${p.awardDate} 中标`,
    awardedFen: p.awardedFen,
    policyVersion: policy.version,
    category: CATEGORY_LABELS[r.category],
    rubric: rubricTemplate(policy, r.category),
    clauses: clausesFromPolicy(policy),
    maxTermYears: policy.contract.maxTermYears,
    typed,
    preview: terms && { terms, warning: terms.longTerm ? longTermWarning(years) : undefined },
  };
}

/** The status the dates give, with the termination's date when one was started. */
function statusText(c: ContractRow['c'], today: string) {
  const label = contractStatusLabel(c, today);
  if (!terminationDay(c) || !c.endedOn) return label;
  return contractStatusOf(c, today) === 'terminated'
    ? `${label}(${c.endedOn} 起)`
    : `${label}(已启动清退,${c.endedOn} 终止)`;
}

/**
 * Everything the card shows comes from the contract row: clauses included, never the policy. Its
 * status is the one the dates say on `today` (a business date).
 */
export function contractView(row: ContractRow, today: string, justSigned?: { warning?: string }) {
  const c = row.c;
  return {
    id: c.id,
    number: contractNumber(c),
    unit: row.unit,
    service: `${CATEGORY_LABELS[c.category]} · ${row.description}`,
    vendor: `${row.vendor.name}(${row.vendor.uscc})`,
    amountFen: c.amountFen,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    payments: c.paymentSchedule,
    targets: c.targets,
    rubric: c.rubric,
    clauses: c.clauses,
    policyVersion: c.policyVersion,
    leader: row.leader.name,
    assessors: row.assessors.map((a) => a.name),
    signed: `${row.signer} 于 ${c.signedOn}`,
    status: statusText(c, today),
    justSigned,
  };
}
