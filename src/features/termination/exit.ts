/**
 * The hand-over and exit items (移交、退场) of a started termination (rule 8): created with owners
 * and deadlines, closed once each by their owner with evidence; when the last one closes the contract
 * is terminated. Owners and deadlines (the rule book is silent, so a careful officer's choice):
 * - 服务资料与设施移交: the request's responsible department person, due on the end date;
 * - 人员退场与场地清理: the responsible leader, due on the end date;
 * - 费用结算与扣款确认: the zone finance person with the lowest person id (the leader when the zone
 *   has none), due 5 working days after the end date, since the account is settled once the vendor left.
 */

import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildExitItemCard, type ExitItemView } from '../../cards/exit';
import type { DbOrTx } from '../../db/client';
import { contracts, exitItems, terminationCases } from '../../db/schema';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import {
  type ContractFacts,
  firstZoneFinance,
  loadFacts,
  peopleByIds,
  requestPeople,
} from '../contracts/facts';
import type { UseCase } from '../use-case';

export type ExitItemRow = typeof exitItems.$inferSelect;
export const MIN_EVIDENCE_CHARS = 4;
export const SETTLEMENT_AFTER_WORKING_DAYS = 5;

export async function exitItemView(db: DbOrTx, f: ContractFacts, item: ExitItemRow): Promise<ExitItemView> {
  const ids = [item.ownerId, ...(item.closedBy ? [item.closedBy] : [])];
  const named = new Map((await peopleByIds(db, ids)).map((p) => [p.id, p.name]));
  return {
    itemId: item.id,
    title: item.title,
    contractNo: contractNumber(f.contract),
    vendorName: f.vendorName,
    endsOn: f.contract.endedOn ?? f.contract.endsOn,
    dueOn: item.dueOn,
    owner: named.get(item.ownerId) ?? '',
    closed:
      item.closedAt && item.closedBy
        ? {
            by: named.get(item.closedBy) ?? '',
            on: shanghaiDate(item.closedAt),
            evidence: item.evidence ?? '',
          }
        : undefined,
  };
}

/** Writes the items of a started case and sends each owner its card (in the decision's transaction). */
export async function createExitItems(
  uc: Pick<UseCase, 'tx' | 'out'>,
  input: { facts: ContractFacts; caseId: number; endsOn: string },
) {
  const { tx, out } = uc;
  const { facts: f, caseId, endsOn } = input;
  const req = await requestPeople(tx, f.contract.requestId);
  const finance = (await firstZoneFinance(tx)) ?? f.contract.leaderId;
  const plan = [
    { title: '服务资料与设施移交', ownerId: req.departmentId, dueOn: endsOn },
    { title: '人员退场与场地清理', ownerId: f.contract.leaderId, dueOn: endsOn },
    {
      title: '费用结算与扣款确认',
      ownerId: finance,
      dueOn: addWorkingDays(endsOn, SETTLEMENT_AFTER_WORKING_DAYS),
    },
  ];
  const items = await tx
    .insert(exitItems)
    .values(plan.map((p) => ({ caseId, ...p })))
    .returning();
  const owners = new Map(
    (
      await peopleByIds(
        tx,
        plan.map((p) => p.ownerId),
      )
    ).map((p) => [p.id, p]),
  );
  for (const item of items) {
    const card = buildExitItemCard(await exitItemView(tx, f, item));
    await out.send({ type: 'open_id', id: owners.get(item.ownerId)!.openId }, { card });
  }
  return items;
}

/** 已完成: the owner closes an item with evidence; the last one closed terminates the contract. */
export async function closeExitItem(
  uc: UseCase,
  input: { itemId: number; evidence?: string },
): Promise<ExitItemView> {
  const { tx, actor, now, out } = uc;
  const { itemId, evidence: evidenceInput } = input;
  const [found] = await tx
    .select({ item: exitItems, contractId: terminationCases.contractId })
    .from(exitItems)
    .innerJoin(terminationCases, eq(terminationCases.id, exitItems.caseId))
    .where(eq(exitItems.id, itemId));
  if (!found) throw new DomainError('no_exit_item', '找不到该清退事项');
  // The contract's lock first (as every writer of this contract), then the item's.
  const f = (await loadFacts(tx, found.contractId, true))!;
  const [item] = await tx.select().from(exitItems).where(eq(exitItems.id, itemId)).for('update');
  const view = await exitItemView(tx, f, item!);
  if (item!.ownerId !== actor.personId)
    throw new DomainError('not_owner', `只有该事项的责任人(${view.owner})可以办结「${item!.title}」`);
  if (view.closed)
    throw new DomainError(
      'already_closed',
      `「${item!.title}」已办结(${view.closed.by},${view.closed.on}),无需重复提交`,
    );
  const evidence = (evidenceInput ?? '').trim();
  if ([...evidence].length < MIN_EVIDENCE_CHARS)
    throw new DomainError('no_evidence', `请填写办结说明(完成情况及凭证,至少${MIN_EVIDENCE_CHARS}个字)`);
  const [closed] = await tx
    .update(exitItems)
    .set({ closedAt: now, closedBy: actor.personId, evidence })
    .where(and(eq(exitItems.id, itemId), isNull(exitItems.closedAt)))
    .returning();
  await appendAudit(tx, {
    aggregateType: 'termination_case',
    aggregateId: item!.caseId,
    actor: actor.openId,
    action: 'exit.closed',
    data: { itemId, title: item!.title, evidence },
    at: now,
  });
  const [left] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(exitItems)
    .where(and(eq(exitItems.caseId, item!.caseId), isNull(exitItems.closedAt)));
  if (left!.n === 0 && f.contract.status === 'terminating') {
    await tx.update(contracts).set({ status: 'terminated' }).where(eq(contracts.id, f.contract.id));
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: f.contract.id,
      actor: actor.openId,
      action: 'contract.terminated',
      data: { caseId: item!.caseId, endedOn: f.contract.endedOn },
      at: now,
    });
    const leader = (await peopleByIds(tx, [f.contract.leaderId]))[0]!;
    await out.send(
      { type: 'open_id', id: leader.openId },
      {
        text:
          `${f.vendorName}(合同 ${contractNumber(f.contract)})的移交、退场事项已全部办结,` +
          `合同状态已更新为「已终止」(终止日期 ${f.contract.endedOn})。`,
      },
    );
  }
  return exitItemView(tx, f, closed!);
}
