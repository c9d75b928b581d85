import { asc } from 'drizzle-orm';
import { buildProcurementFormCard, buildProcurementListCard } from '../../cards/procurement';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { vendors } from '../../db/schema';
import { type Actor, holdsRole, requireActor } from '../../domain/actor';
import { routeLabel } from '../../domain/approval-route';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { type FormValues, formText } from '../../domain/form';
import type { Cursor } from '../../domain/list-page';
import { formatYuan } from '../../domain/money';
import type { ProcurementForm } from '../../domain/procurement-rules';
import { PROGRESS, type Progress, type RequestFilter } from '../../domain/request-list-filter';
import { procurementPage } from '../../features/procurement/list';
import { loadRecordable, recordProcurement } from '../../features/procurement/record';
import { raw } from '../types';
import { requestListRequest, requestPageView } from './request-list';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/**
 * 采购与合同, one page of the approved requests of the units the actor files for and those the
 * actor filed (keyset, domain/list-page): the filter form (筛选) starts again at page 1; 上一页 /
 * 下一页 carry the filter and the page's edge; the clicker's scope is applied to every page.
 */
export const showProcurements = async (ctx: ReadContext, v: ValueOf<'procurement.list'>) => {
  const actor = requireActor(ctx.actor);
  if (!holdsRole(actor, 'filer')) throw new DomainError('not_filer', '只有经办人可以查看和登记采购结果');
  const { filter, cursor } = requestListRequest(ctx.event.formValue, v, PROGRESS, true);
  return { card: await procurementListCard(ctx.tx, actor, ctx.deps.now(), filter, cursor) };
};

async function procurementListCard(
  db: DbOrTx,
  actor: Actor,
  now: Date,
  filter: RequestFilter<Progress> = {},
  cursor: Cursor = {},
) {
  const page = await procurementPage(db, actor, { today: shanghaiDate(now), filter, cursor });
  return raw(buildProcurementListCard(page.rows, requestPageView(page, filter)));
}

/** The record form of one approved request; refused at once when it cannot be recorded. */
export const showProcurementForm = async (ctx: ReadContext, v: ValueOf<'procurement.form'>) => {
  const { r, unit } = await loadRecordable(ctx.tx, requireActor(ctx.actor), v.request);
  const [policy, all] = await Promise.all([
    loadPolicy(ctx.tx),
    ctx.tx
      .select({ id: vendors.id, name: vendors.name, uscc: vendors.uscc })
      .from(vendors)
      .orderBy(asc(vendors.name)),
  ]);
  const card = buildProcurementFormCard({
    requestId: r.id,
    unit,
    category: r.category,
    description: r.description,
    amountFen: r.amountFen,
    plannedMethod: r.method,
    thresholdFen: policy.openTenderThresholdFen,
    today: shanghaiDate(ctx.deps.now()),
    vendors: all,
  });
  return { card: raw(card) };
};

function readProcurementForm(f: FormValues): ProcurementForm {
  const t = (name: string) => formText(f, name);
  return {
    method: t('method'),
    platform: t('platform'),
    referenceNo: t('reference_no'),
    bidders: t('bidders'),
    awardDate: t('award_date'),
    vendor: t('vendor'),
    price: t('price'),
    singleSourceReason: t('single_source_reason'),
    approvalRef: t('approval_ref'),
    reapprovalRef: t('reapproval_ref'),
  };
}

/** Records the procurement; every refusal rolls back, so nothing is written. */
export const recordFromCard = async (ctx: ActionWriteContext, v: ValueOf<'procurement.record'>) => {
  const actor = requireActor(ctx.actor);
  const result = await recordProcurement(
    { tx: ctx.tx, out: ctx.out, actor, now: ctx.deps.now() },
    { requestId: v.request, form: readProcurementForm(ctx.event.formValue) },
  );
  if (result.kind === 'reapproval')
    return {
      toast: {
        type: 'info' as const,
        content: `成交金额 ${formatYuan(result.amountFen)} 超过批准金额 ${formatYuan(result.fromFen)},已按新金额提交重新报批(${routeLabel(result.route)}),审批通过后自动登记采购结果`,
      },
      card: await procurementListCard(ctx.tx, actor, ctx.deps.now()),
    };
  const { procurement, vendor, warned } = result;
  const note = warned ? ';该单位同类非公开采购累计已达公开招标数额标准,已预警单位领导班子和纪检监察' : '';
  return {
    toast: {
      type: warned ? ('warning' as const) : ('success' as const),
      content: `已登记采购申请 #${v.request} 的采购结果:${vendor.name},成交金额 ${formatYuan(procurement.awardedFen)}${note}`,
    },
    card: await procurementListCard(ctx.tx, actor, ctx.deps.now()),
  };
};
