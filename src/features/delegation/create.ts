import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildDelegationNoticeCard } from '../../cards/delegation';
import { delegations, people, roleGrants } from '../../db/schema';
import { addCalendarDays, dayNumber, parseDate, shanghaiDate } from '../../domain/business-date';
import { DomainError } from '../../domain/errors';
import type { UseCase } from '../use-case';
import { approvingGrants, delegableGrants, grantLabel, supervises } from './acting';

/** The audit chain of each delegation. */
export const DELEGATION_CHAIN = 'delegation';
/** The longest delegation, in days (both ends included), and how far ahead one may start. */
export const MAX_DELEGATION_DAYS = 90;
export const MAX_LEAD_DAYS = 90;

export interface DelegationInput {
  /** The colleague's open_id, as the person picker sends it. */
  delegate: string;
  /** As typed or picked (`2026-11-20` or `2026-11-20 +0800`). */
  from: string;
  to: string;
}

/** The range as business dates, or the refusal naming what is wrong with it. */
function checkRange(input: DelegationInput, today: string): { from: string; to: string } {
  if (!input.from || !input.to) throw new DomainError('form_incomplete', '请选择委托的开始日期和结束日期');
  const from = parseDate(input.from);
  const to = parseDate(input.to);
  if (!from || !to) throw new DomainError('bad_input', '委托日期不是有效日期,请用日期选择器重新选择');
  if (from < today)
    throw new DomainError('bad_input', `开始日期 ${from} 早于今天(${today}),不能委托过去的日期`);
  if (to < from) throw new DomainError('bad_input', `结束日期 ${to} 早于开始日期 ${from}`);
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days > MAX_DELEGATION_DAYS)
    throw new DomainError('bad_input', `委托期限最长 ${MAX_DELEGATION_DAYS} 天,所选为 ${days} 天`);
  const latest = addCalendarDays(today, MAX_LEAD_DAYS);
  if (from > latest)
    throw new DomainError('bad_input', `开始日期最多可提前 ${MAX_LEAD_DAYS} 天设置(最晚 ${latest})`);
  return { from, to };
}

/**
 * A leader delegates their approvals for a date range to a colleague. Refused,
 * with nothing written: no approving grant, no colleague or oneself, a colleague who shares no scope
 * of the leader's approving grants (or already decides there in their own right, or is of discipline
 * inspection, which supervises approvals), a range in the
 * past, reversed, longer than 90 days or starting more than 90 days ahead, and a range overlapping
 * another live delegation of the same leader. The leader's person row is locked first, so two
 * concurrent delegations of one leader cannot both pass the overlap check. Audited; the delegate is
 * told. Returns the delegation and what it covers, for the leader's answer.
 */
export async function createDelegation(uc: UseCase, input: DelegationInput) {
  const { tx, out, actor, now } = uc;
  const mine = approvingGrants(actor.grants);
  if (mine.length === 0)
    throw new DomainError('not_approver', '您没有可委托的审批权限;受托的审批权限不能再转委托');
  if (!input.delegate) throw new DomainError('form_incomplete', '请选择受托人');
  const today = shanghaiDate(now);
  const range = checkRange(input, today);
  const [delegate] = await tx.select().from(people).where(eq(people.openId, input.delegate));
  if (!delegate) throw new DomainError('person_unknown', '所选人员不在组织架构中,请重新选择');
  if (delegate.id === actor.personId) throw new DomainError('bad_input', '不能委托给自己');
  const theirs = await tx
    .select({ role: roleGrants.role, unitId: roleGrants.unitId })
    .from(roleGrants)
    .where(and(eq(roleGrants.personId, delegate.id), isNull(roleGrants.revokedAt)));
  const { shared, delegable } = delegableGrants(mine, theirs);
  // The refusals name no unit of the colleague's: only the leader's own scopes.
  if (shared.length === 0)
    throw new DomainError(
      'scope_denied',
      `受托人须与您在同一审批范围任职(${mine.map(grantLabel).join('、')}),请重新选择`,
    );
  if (supervises(theirs))
    throw new DomainError('scope_denied', '纪检监察人员负责监督审批,不能受托审批,请重新选择');
  if (delegable.length === 0)
    throw new DomainError('scope_denied', '所选同事本身已是该范围的审批人,可直接审批,无需委托');

  await tx.select({ id: people.id }).from(people).where(eq(people.id, actor.personId)).for('update');
  const [overlap] = await tx
    .select({ from: delegations.fromDate, to: delegations.toDate })
    .from(delegations)
    .where(
      and(
        eq(delegations.delegatorId, actor.personId),
        isNull(delegations.revokedAt),
        lte(delegations.fromDate, range.to),
        gte(delegations.toDate, range.from),
      ),
    )
    .limit(1);
  if (overlap)
    throw new DomainError(
      'already_recorded',
      `您在 ${overlap.from} 至 ${overlap.to} 已有委托,日期不能重叠;如需变更请先撤销原委托`,
    );

  const [row] = await tx
    .insert(delegations)
    .values({ delegatorId: actor.personId, delegateId: delegate.id, fromDate: range.from, toDate: range.to })
    .returning();
  const d = row!;
  const labels = delegable.map(grantLabel);
  await appendAudit(tx, {
    aggregateType: DELEGATION_CHAIN,
    aggregateId: d.id,
    actor: actor.openId,
    action: 'delegation.created',
    data: {
      delegator: actor.openId,
      delegate: delegate.openId,
      from: d.fromDate,
      to: d.toDate,
      grants: delegable.map((g) => ({ role: g.role, unitId: g.unitId })),
    },
    at: now,
  });
  await out.send(
    { type: 'open_id', id: delegate.openId },
    {
      card: buildDelegationNoticeCard({
        delegator: actor.name,
        from: d.fromDate,
        to: d.toDate,
        grants: labels,
      }),
    },
  );
  return { id: d.id, delegate: delegate.name, from: d.fromDate, to: d.toDate, grants: labels };
}
