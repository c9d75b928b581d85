import { buildContractCard, buildSigningCard } from '../../cards/contract';
import { buildContractListCard, buildContractNoticeCard } from '../../cards/contract-list';
import { buildListFilterCard } from '../../cards/list-pager';
import { loadPolicy } from '../../db/policy';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { readSigningForm } from '../../domain/contract-form';
import { contractNumber, termText } from '../../domain/contract-format';
import { formatYuan } from '../../domain/money';
import { longTermWarning } from '../../domain/term';
import { contractView, signingView } from '../../features/contracts/card-views';
import { latestDraft, reviewLineOf, reviewMode } from '../../features/contracts/legal-review';
import { contractPage } from '../../features/contracts/list-page';
import { scoreChartOf } from '../../features/contracts/score-chart';
import {
  assertSignable,
  checkFormWithPeople,
  loadSigning,
  signContract,
} from '../../features/contracts/signing';
import { assertCanSee, awaitingSignature, loadContract } from '../../features/contracts/view';
import { raw } from '../types';
import { listPageView, listRequest } from './list-request';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

type RequestValue = ValueOf<'contract.form' | 'contract.preview' | 'contract.sign'>;

/** 签订合同: the form, prefilled with the awarded price; refused unless the request may be signed now. */
export const showContractForm = async (ctx: ReadContext, v: RequestValue) => {
  const s = assertSignable(await loadSigning(ctx.tx, v.request), v.request, ctx.actor);
  const policy = await loadPolicy(ctx.tx);
  // 法务审核: a draft sent to legal fills the form again (a returned one is revised from it).
  const latest = await latestDraft(ctx.tx, v.request);
  const typed = latest?.form.typed ?? {
    amount: formatYuan(s.procurement.awardedFen),
    starts_on: '',
    ends_on: '',
    schedule: '',
    targets: '',
    late_reason: '',
  };
  const today = shanghaiDate(ctx.deps.now());
  const review = await reviewLineOf(ctx.tx, latest);
  return {
    card: raw(
      buildSigningCard({ ...signingView(s, { policy, typed, today }), ...(review ? { review } : {}) }),
    ),
  };
};

/** 检查并预览: checks everything signing checks and shows what would be signed; writes nothing. */
export const previewContract = async (ctx: ReadContext, v: RequestValue) => {
  const s = assertSignable(await loadSigning(ctx.tx, v.request), v.request, ctx.actor);
  const policy = await loadPolicy(ctx.tx);
  const typed = readSigningForm(ctx.event.formValue);
  const today = shanghaiDate(ctx.deps.now());
  const checked = await checkFormWithPeople(ctx.tx, s, { form: typed, policy, today });
  const r = await reviewLineOf(ctx.tx, await latestDraft(ctx.tx, v.request));
  const review = r ? { review: r } : {};
  if (!checked.ok)
    return {
      toast: { type: 'error' as const, content: checked.error },
      card: raw(buildSigningCard({ ...signingView(s, { policy, typed, today }), ...review })),
    };
  const warning = checked.terms.longTerm;
  const mode = await reviewMode(ctx.tx, s, { typed, terms: checked.terms, policy });
  const view = signingView(s, { policy, typed, today, terms: checked.terms });
  return {
    toast: warning
      ? { type: 'warning' as const, content: longTermWarning(policy.contract.warnAboveTermYears) }
      : { type: 'info' as const, content: PREVIEW_TOAST[mode] },
    card: raw(buildSigningCard({ ...view, preview: { ...view.preview!, review: mode }, ...review })),
  };
};

const PREVIEW_TOAST = {
  sign: '检查通过,该版本已通过法务审核,请核对后点击「确认签订」',
  submit: '检查通过,请核对后点击「提交法务审核」,法务审核通过后方可签订',
  wait: '检查通过,该版本正在法务审核中,审核通过后方可签订',
} as const;

/** 确认签订: writes the contract, its assessors, the audit row and the notices, in one transaction. */
export const signContractFromCard = async (ctx: ActionWriteContext, v: RequestValue) => {
  const tx = ctx.tx;
  const typed = readSigningForm(ctx.event.formValue);
  const res = await signContract(
    { tx, actor: ctx.actor, now: ctx.deps.now() },
    { requestId: v.request, form: typed },
  );
  if (!res.ok) {
    const review = await reviewLineOf(tx, await latestDraft(tx, v.request));
    return {
      toast: { type: 'error' as const, content: res.error },
      card: raw(
        buildSigningCard({
          ...signingView(res.s, { policy: res.policy, typed, today: shanghaiDate(ctx.deps.now()) }),
          ...(review ? { review } : {}),
        }),
      ),
    };
  }
  const { contract, terms, told } = res.signed;
  const row = (await loadContract(tx, contract.id))!;
  const number = contractNumber(contract);
  const term = termText(contract);
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
    toast: { type: 'success' as const, content: `已签订合同 ${number}${warning ? `(${warning})` : ''}` },
    card: raw(buildContractCard(contractView(row, shanghaiDate(ctx.deps.now()), { warning }))),
  };
};

export const showContract = async (ctx: ReadContext, v: ValueOf<'contract.show'>) => {
  const row = assertCanSee(await loadContract(ctx.tx, v.contract), ctx.actor);
  const today = shanghaiDate(ctx.deps.now());
  const scores = await scoreChartOf(ctx.tx, row.c, today);
  return { card: raw(buildContractCard({ ...contractView(row, today), scores })) };
};

/**
 * 合同管理: a page of the contracts the clicker may read (keyset, domain/list-page). The filter form
 * (筛选) starts again at page 1 with what was chosen; 上一页 / 下一页 carry the filter and the page's
 * edge. The reader's scope is applied to every page.
 */
export const listContracts = async (ctx: ReadContext, v: ValueOf<'contract.list'>) => {
  const actor = requireActor(ctx.actor);
  const today = shanghaiDate(ctx.deps.now());
  const { filter, cursor, edit } = listRequest(ctx.event.formValue, v);
  if (edit) {
    const page = await contractPage(ctx.tx, actor, { today, filter, cursor: {}, choices: true });
    return { card: raw(buildListFilterCard('contract.list', listPageView(page, filter))) };
  }
  const [awaiting, page] = await Promise.all([
    awaitingSignature(ctx.tx, actor),
    contractPage(ctx.tx, actor, { today, filter, cursor }),
  ]);
  return {
    card: raw(
      buildContractListCard({
        awaiting,
        contracts: page.rows,
        page: listPageView(page, filter),
      }),
    ),
  };
};
