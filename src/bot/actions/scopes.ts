/**
 * Who may click an action, declared once per table entry and checked by the dispatcher before the
 * handler runs (read actions on the pool, write actions inside the click's transaction after the
 * claim), so no handler can forget. An object-scoped guard loads the object the button value points
 * at and checks the clicker's grants against that object's unit; the features still check their own
 * rules (who decides a stage, which month may be scored) behind it.
 *
 * Refusals are generic on purpose: they name no person, vendor or unit, and do not say whether the
 * object exists, so a forged value learns nothing about another unit.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  approvalStages,
  contracts,
  exitItems,
  purchaseDrafts,
  purchaseRequests,
  rectificationItems,
  spotChecks,
  terminationCases,
} from '../../db/schema';
import type { DecisionReads } from '../../db/sql/purchase';
import { type Actor, requireActor } from '../../domain/actor';
import { DomainError, type ErrorCode } from '../../domain/errors';
import type { Role } from '../../domain/roles';
import { assertCanSee, loadContract } from '../../features/contracts/view';
import { mayInspect, mayReadReport, requireAnyReader } from '../../features/inspections/access';
import { isAssessor } from '../../features/scoring/access';
import { mayReadSettlement } from '../../features/settlement/access';
import { requireChecker, requireScope } from '../../features/spot-checks/access';

export interface GuardContext {
  actor: Actor | undefined;
  /** The pool for a read action, the click's transaction for a write action. */
  db: DbOrTx;
  /** What a write action's preload started reading with BEGIN and the claim, if it has one. */
  preloaded?: Promise<unknown>;
}
/** Throws a DomainError when the clicker may not use the action with this value; returns otherwise. */
export type Scope<V> = (ctx: GuardContext, value: V) => Promise<void> | void;

export const DENIED = '您无权查看或办理该事项';
const deny = (message = DENIED, code: ErrorCode = 'not_allowed'): never => {
  throw new DomainError(code, message);
};
/** An id that points at nothing: says so by the clicker's own input, nothing else. */
const missing = (code: ErrorCode, message: string): never => {
  throw new DomainError(code, message);
};

/** Whether a grant of the actor (of one of `roles`, if given) covers `unitId`; zone grants cover all. */
export function covers(actor: Actor, unitId: number, roles?: Role[]): boolean {
  return actor.grants.some(
    (g) => (g.unitId === null || g.unitId === unitId) && (!roles || roles.includes(g.role)),
  );
}

/** Open to everyone, even an open_id the organisation does not know: menu, help, 我的角色 only. */
export const anyone: Scope<unknown> = () => {};

/** A person of the organisation; for actions that show only the clicker's own things. */
export const known: Scope<unknown> = (ctx) => {
  requireActor(ctx.actor);
};

/** A person holding some role (lists whose rows the feature filters by the actor's grants). */
export const anyGrant: Scope<unknown> = (ctx) => {
  if (requireActor(ctx.actor).grants.length === 0) deny('您尚未被授予任何角色,请联系管理员');
};

/**
 * A person holding one of `roles` somewhere; the feature checks the unit the form names. The
 * refusal says which role is missing (it names nothing of any unit); an unknown person gets it too.
 */
export const role =
  (roles: Role[], code: ErrorCode, message: string): Scope<unknown> =>
  (ctx) => {
    if (!ctx.actor?.grants.some((g) => roles.includes(g.role))) throw new DomainError(code, message);
  };

/** A stage's approval: its request's filer, leader or department, or a role in the request's unit. */
export const stageScope: Scope<{ stage: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [r] = await ctx.db
    .select({
      unitId: purchaseRequests.unitId,
      filerId: purchaseRequests.filerId,
      leaderId: purchaseRequests.leaderId,
      departmentId: purchaseRequests.departmentId,
    })
    .from(approvalStages)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, approvalStages.requestId))
    .where(eq(approvalStages.id, v.stage));
  const named = r && [r.filerId, r.leaderId, r.departmentId].includes(actor.personId);
  if (!r) return missing('no_stage', '审批事项不存在');
  if (!(named || covers(actor, r.unitId))) deny('您无权查看该审批事项');
};

/**
 * 同意 / 驳回: the same rule as `stageScope`, read from the decision's preloaded rows (the request's
 * unit and named people come with them), so the approval click keeps its round trips.
 */
export const decisionScope: Scope<{ stage: number }> = async (ctx, v) => {
  const reads = ctx.preloaded as Promise<DecisionReads> | undefined;
  if (!reads) return stageScope(ctx, v);
  const actor = requireActor(ctx.actor);
  const [, [[main]]] = await reads;
  if (!main) return missing('no_stage', '审批事项不存在');
  const r = main.r;
  const named = [r.filerId, r.leaderId, r.departmentId].includes(actor.personId);
  if (!(named || covers(actor, r.unitId))) deny('您无权查看该审批事项');
};

/** A draft: only its own filer, who still holds the filer role. */
export const draftScope: Scope<{ draft: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [d] = await ctx.db
    .select({ filerId: purchaseDrafts.filerId })
    .from(purchaseDrafts)
    .where(eq(purchaseDrafts.id, v.draft));
  if (!d || d.filerId !== actor.personId) deny('这不是您的采购草稿', 'draft_not_yours');
  if (!actor.grants.some((g) => g.role === 'filer')) deny('您没有经办人角色,不能发起采购', 'not_filer');
};

/** An approved request (procurement result, signing): its filer, or a role in its unit. */
export const requestScope: Scope<{ request: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [r] = await ctx.db
    .select({ unitId: purchaseRequests.unitId, filerId: purchaseRequests.filerId })
    .from(purchaseRequests)
    .where(eq(purchaseRequests.id, v.request));
  if (!r) return missing('no_request', `采购申请 #${v.request} 不存在`);
  if (!(r.filerId === actor.personId || covers(actor, r.unitId))) deny('您无权查看或办理该采购申请');
};

/**
 * A request's own card and its filer's 撤回, 催办, 附加: only the request's filer (the features check
 * it again under the request's lock). The refusal does not say whether the request exists.
 */
export const requestFilerScope: Scope<{ request: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [r] = await ctx.db
    .select({ filerId: purchaseRequests.filerId })
    .from(purchaseRequests)
    .where(eq(purchaseRequests.id, v.request));
  if (!r || r.filerId !== actor.personId) deny('只有该采购申请的经办人本人可以查看或办理');
};

async function contractOf(db: DbOrTx, id: number) {
  const [c] = await db
    .select({ unitId: contracts.unitId, leaderId: contracts.leaderId })
    .from(contracts)
    .where(eq(contracts.id, id));
  return c ?? missing('no_contract', '所选合同不存在');
}

/** 合同: anyone with a role in its unit, its assessors and responsible leader (`assertCanSee`). */
export const contractScope: Scope<{ contract: number }> = async (ctx, v) => {
  assertCanSee(await loadContract(ctx.db, v.contract), ctx.actor);
};

/** A month's score: the contract's assessors only. */
export const assessorScope: Scope<{ contract: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  if (!(await isAssessor(ctx.db, v.contract, actor.personId)))
    deny('您不是该合同的考核人,不能录入或更正其月度考核成绩', 'not_assessor');
};

/** 结算: finance, unit leadership and discipline of the contract's unit, and its responsible leader. */
export const settlementScope: Scope<{ contract: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  if (!mayReadSettlement(actor, await contractOf(ctx.db, v.contract))) deny('您无权查看该合同的结算');
};

/** 登记督查: the inspection team of the contract's unit. */
export const inspectorScope: Scope<{ contract: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  if (!mayInspect(actor, await contractOf(ctx.db, v.contract)))
    deny('只有督查小组可以登记专项督查和确认整改', 'not_inspector');
};

/** 整改情况: the report's readers of the contract's unit; without a contract, any reader at all. */
export const reportScope: Scope<{ contract?: number }> = async (ctx, v) => {
  const actor = requireAnyReader(ctx.actor);
  if (v.contract === undefined) return;
  const c = await contractOf(ctx.db, v.contract);
  if (!mayReadReport(actor, c) && !mayInspect(actor, c)) deny('您无权查看该合同的督查整改情况');
};

/**
 * A rectification item: its owner, the contract's leader, a role in its unit, or (a daily problem,
 * which they confirm) an assessor of the contract; the feature decides who acts.
 */
export const rectificationScope: Scope<{ item: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [i] = await ctx.db
    .select({
      ownerId: rectificationItems.ownerId,
      unitId: contracts.unitId,
      leaderId: contracts.leaderId,
      contractId: rectificationItems.contractId,
      source: rectificationItems.source,
    })
    .from(rectificationItems)
    .innerJoin(contracts, eq(contracts.id, rectificationItems.contractId))
    .where(eq(rectificationItems.id, v.item));
  if (!i) return missing('no_rectification', '找不到该整改事项');
  const named = i.ownerId === actor.personId || i.leaderId === actor.personId;
  if (named || covers(actor, i.unitId)) return;
  if (i.source === 'daily' && (await isAssessor(ctx.db, i.contractId, actor.personId))) return;
  deny('您无权办理该整改事项');
};

/** A termination case: the contract's responsible leader, or a role in its unit. */
export const caseScope: Scope<{ case: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [c] = await ctx.db
    .select({ unitId: contracts.unitId, leaderId: contracts.leaderId })
    .from(terminationCases)
    .innerJoin(contracts, eq(contracts.id, terminationCases.contractId))
    .where(eq(terminationCases.id, v.case));
  if (!c) return missing('no_case', '找不到该清退决策');
  if (!(c.leaderId === actor.personId || covers(actor, c.unitId))) deny('您无权处理该清退决策');
};

/** An exit item: its owner, or a role in the contract's unit. */
export const exitItemScope: Scope<{ item: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [i] = await ctx.db
    .select({ ownerId: exitItems.ownerId, unitId: contracts.unitId })
    .from(exitItems)
    .innerJoin(terminationCases, eq(terminationCases.id, exitItems.caseId))
    .innerJoin(contracts, eq(contracts.id, terminationCases.contractId))
    .where(eq(exitItems.id, v.item));
  if (!i) return missing('no_exit_item', '找不到该清退事项');
  if (!(i.ownerId === actor.personId || covers(actor, i.unitId))) deny('您无权办理该清退事项');
};

/** A spot check: a checker who still holds the check's whole scope. */
export const spotCheckScope: Scope<{ check: number }> = async (ctx, v) => {
  const actor = requireChecker(ctx.actor);
  const [c] = await ctx.db
    .select({ scope: spotChecks.scope })
    .from(spotChecks)
    .where(eq(spotChecks.id, v.check));
  if (!c) return missing('no_spot_check', `抽查 #${v.check} 不存在`);
  try {
    requireScope(actor, c.scope);
  } catch (e) {
    if (e instanceof DomainError) deny('该抽查的范围超出您的抽查权限', 'scope_denied');
    throw e;
  }
};
