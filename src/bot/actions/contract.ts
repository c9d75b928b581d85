import { buildContractCard, buildSigningCard } from '../../cards/contract';
import { buildContractListCard, buildContractNoticeCard } from '../../cards/contract-list';
import { loadPolicy } from '../../db/policy';
import { CATEGORY_LABELS } from '../../domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import type { ContractStatus } from '../../domain/contract';
import { readSigningForm, type SigningForm, type SigningTerms } from '../../domain/contract-form';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import type { Policy } from '../../domain/policy';
import { METHODS } from '../../domain/purchase-fields';
import { longTermWarning } from '../../domain/term';
import {
  assertSignable,
  checkForm,
  loadSigning,
  type Signable,
  signContract,
} from '../../features/contracts/signing';
import {
  assertCanSee,
  awaitingSignature,
  type ContractRow,
  loadContract,
  visibleContracts,
} from '../../features/contracts/view';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

type RequestValue = { a: 'contract.form' | 'contract.preview' | 'contract.sign'; request: number };

function signingCard(s: Signable, policy: Policy, typed: SigningForm, terms?: SigningTerms) {
  const r = s.request;
  const p = s.procurement;
  const years = policy.contract.warnAboveTermYears;
  return buildSigningCard({
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
  });
}

/** 签订合同: the form, prefilled with the awarded price; refused unless the request may be signed now. */
export const showContractForm: ActionHandler<RequestValue> = async (ctx, v) => {
  const s = assertSignable(await loadSigning(ctx.tx, v.request), v.request, ctx.actor);
  const policy = await loadPolicy(ctx.tx);
  const typed = {
    amount: formatYuan(s.procurement.awardedFen),
    starts_on: '',
    ends_on: '',
    schedule: '',
    targets: '',
  };
  return { card: raw(signingCard(s, policy, typed)) };
};

/** 检查并预览: checks everything signing checks and shows what would be signed; writes nothing. */
export const previewContract: ActionHandler<RequestValue> = async (ctx, v) => {
  const s = assertSignable(await loadSigning(ctx.tx, v.request), v.request, ctx.actor);
  const policy = await loadPolicy(ctx.tx);
  const typed = readSigningForm(ctx.event.formValue);
  const checked = checkForm(s, typed, policy);
  if (!checked.ok)
    return { toast: { type: 'error', content: checked.error }, card: raw(signingCard(s, policy, typed)) };
  const warning = checked.terms.longTerm;
  return {
    toast: warning
      ? { type: 'warning', content: longTermWarning(policy.contract.warnAboveTermYears) }
      : { type: 'info', content: '检查通过,请核对后点击「确认签订」' },
    card: raw(signingCard(s, policy, typed, checked.terms)),
  };
};

/** 确认签订: writes the contract, its assessors, the audit row and the notices, in one transaction. */
export const signContractFromCard: ActionHandler<RequestValue> = async (ctx, v) => {
  const tx = writeTx(ctx);
  const typed = readSigningForm(ctx.event.formValue);
  const res = await signContract(tx, ctx.actor, v.request, typed, ctx.deps.now());
  if (!res.ok)
    return { toast: { type: 'error', content: res.error }, card: raw(signingCard(res.s, res.policy, typed)) };
  const { contract, terms, told } = res.signed;
  const row = (await loadContract(tx, contract.id))!;
  const number = contractNumber(contract);
  const term = `${contract.startsOn} 至 ${contract.endsOn}`;
  for (const t of told)
    await ctx.out.send(
      { type: 'open_id', id: t.openId },
      {
        card: buildContractNoticeCard({
          id: contract.id,
          number,
          unit: row.unit,
          vendor: row.vendor.name,
          term,
          ...t,
        }),
      },
    );
  const policy = await loadPolicy(tx, contract.policyVersion);
  const warning = terms.longTerm ? longTermWarning(policy.contract.warnAboveTermYears) : undefined;
  return {
    toast: { type: 'success', content: `已签订合同 ${number}${warning ? `(${warning})` : ''}` },
    card: raw(buildContractCard(contractView(row, { warning }))),
  };
};

const STATUS: Record<ContractStatus, string> = {
  active: '履行中',
  terminating: '清退中',
  terminated: '已清退',
  ended: '已到期',
};

/** Everything the card shows comes from the contract row: clauses included, never the policy. */
function contractView(row: ContractRow, justSigned?: { warning?: string }) {
  const c = row.c;
  return {
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
    status: STATUS[c.status],
    justSigned,
  };
}

export const showContract: ActionHandler<{ a: 'contract.show'; contract: number }> = async (ctx, v) => {
  const row = assertCanSee(await loadContract(ctx.tx, v.contract), v.contract, ctx.actor);
  return { card: raw(buildContractCard(contractView(row))) };
};

export const listContracts: ActionHandler = async (ctx) => {
  const actor = ctx.actor;
  if (!actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  const [awaiting, signed] = await Promise.all([
    awaitingSignature(ctx.tx, actor),
    visibleContracts(ctx.tx, actor),
  ]);
  return {
    card: raw(
      buildContractListCard({
        awaiting,
        contracts: signed.map((c) => ({
          ...c,
          number: contractNumber(c),
          term: `${c.startsOn} 至 ${c.endsOn}`,
        })),
      }),
    ),
  };
};
