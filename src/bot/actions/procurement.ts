import { asc, eq } from 'drizzle-orm';
import { buildProcurementFormCard, buildProcurementListCard } from '../../cards/procurement';
import { loadPolicy } from '../../db/policy';
import { procurements, purchaseRequests, units, vendors } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';

import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import { approvedRequestsFor } from '../../features/procurement/list';
import { recordProcurement } from '../../features/procurement/record';
import { writeTx } from '../types';
import { type ActionHandler, type CardContext, raw } from './types';

function known(ctx: CardContext): Actor {
  if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return ctx.actor;
}

const text = (f: Record<string, unknown>, k: string) => {
  const v = Array.isArray(f[k]) ? (f[k] as unknown[])[0] : f[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

/** 采购与合同: the approved requests of the units the actor files for, and those the actor filed. */
export const showProcurements: ActionHandler = async (ctx) => {
  const actor = known(ctx);
  if (!actor.grants.some((g) => g.role === 'filer'))
    throw new DomainError('not_filer', '只有经办人可以查看和登记采购结果');
  return { card: raw(buildProcurementListCard(await approvedRequestsFor(ctx.tx, actor))) };
};

/** The record form of one approved request; refused at once when it cannot be recorded. */
export const showProcurementForm: ActionHandler<{ a: 'procurement.form'; request: number }> = async (
  ctx,
  v,
) => {
  const actor = known(ctx);
  const [row] = await ctx.tx
    .select({ r: purchaseRequests, unit: units.name, procurementId: procurements.id })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .where(eq(purchaseRequests.id, v.request));
  if (!row) throw new DomainError('no_request', `采购申请 #${v.request} 不存在`);
  if (!grantsAllow(actor.grants, 'filer', row.r.unitId))
    throw new DomainError('not_unit_filer', `您不是${row.unit}的经办人,不能登记采购结果`);
  if (row.r.status !== 'approved')
    throw new DomainError('not_approved', `采购申请 #${v.request} 尚未审批通过,不能登记采购结果`);
  if (row.procurementId !== null)
    throw new DomainError(
      'already_recorded',
      `采购申请 #${v.request} 的采购结果已登记(采购记录 #${row.procurementId}),不能重复登记`,
    );
  const [policy, all] = await Promise.all([
    loadPolicy(ctx.tx),
    ctx.tx
      .select({ id: vendors.id, name: vendors.name, uscc: vendors.uscc })
      .from(vendors)
      .orderBy(asc(vendors.name)),
  ]);
  const card = buildProcurementFormCard({
    requestId: row.r.id,
    unit: row.unit,
    category: row.r.category,
    description: row.r.description,
    amountFen: row.r.amountFen,
    plannedMethod: row.r.method,
    thresholdFen: policy.openTenderThresholdFen,
    today: shanghaiDate(ctx.deps.now()),
    vendors: all,
  });
  return { card: raw(card) };
};

/** Records the procurement; every refusal rolls back, so nothing is written. */
export const recordFromCard: ActionHandler<{ a: 'procurement.record'; request: number }> = async (ctx, v) => {
  const actor = known(ctx);
  const f = ctx.event.formValue ?? {};
  const tx = writeTx(ctx);
  const { procurement, vendor, warned } = await recordProcurement(
    tx,
    ctx.out,
    actor,
    v.request,
    {
      method: text(f, 'method'),
      platform: text(f, 'platform'),
      referenceNo: text(f, 'reference_no'),
      bidders: text(f, 'bidders'),
      awardDate: text(f, 'award_date'),
      vendor: text(f, 'vendor'),
      price: text(f, 'price'),
      singleSourceReason: text(f, 'single_source_reason'),
      approvalRef: text(f, 'approval_ref'),
      reapprovalRef: text(f, 'reapproval_ref'),
    },
    ctx.deps.now(),
  );
  const note = warned ? ';该单位同类非公开采购累计已达公开招标数额标准,已预警单位领导班子和纪检监察' : '';
  return {
    toast: {
      type: warned ? 'warning' : 'success',
      content: `已登记采购申请 #${v.request} 的采购结果:${vendor.name},成交金额 ${formatYuan(procurement.awardedFen)}${note}`,
    },
    card: raw(buildProcurementListCard(await approvedRequestsFor(tx, actor))),
  };
};
