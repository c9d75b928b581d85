/**
 * 催办 of hand-over and exit items (rule 8, 移交、退场): every open item of a started termination is
 * chased from its due date on, once per working day (exit_item_chases' primary key makes it once per
 * item and business date across workers, retries and a second run). Nothing is sent on a day off; an
 * item due on a day off is first chased on the next working day. Once overdue, the responsible leader
 * is told too (督办), or the unit leadership when the leader owns the item: on the first working day
 * after the due date, then every 5 working days, so a long-overdue item does not flood them while its
 * owner is still chased daily.
 */

import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildNoticeCard, showContractButton } from '../../cards/ways-on';
import type { Db } from '../../db/client';
import { contracts, exitItemChases, exitItems, people, terminationCases, vendors } from '../../db/schema';
import { isWorkingDay, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { peopleByIds } from '../contracts/facts';
import { escalationAsk, escalationRecipients } from '../org/escalation';

export const ESCALATE_EVERY_WORKING_DAYS = 5;
const ACTOR = 'job:exit.chase';

export type ExitChaseCounts = { checked: number; chased: number; escalated: number };

function openItems(db: Db, today: string) {
  return db
    .select({
      item: exitItems,
      contract: contracts,
      vendorName: vendors.name,
      ownerOpenId: people.openId,
    })
    .from(exitItems)
    .innerJoin(terminationCases, eq(terminationCases.id, exitItems.caseId))
    .innerJoin(contracts, eq(contracts.id, terminationCases.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(people, eq(people.id, exitItems.ownerId))
    .where(
      and(isNull(exitItems.closedAt), lte(exitItems.dueOn, today), eq(terminationCases.status, 'started')),
    )
    .orderBy(asc(exitItems.id));
}

type OpenItem = Awaited<ReturnType<typeof openItems>>[number];

/**
 * One item's chase of `today`, in its own transaction, its messages handed to the relay after the
 * commit; false when already closed or already chased.
 */
function chaseItem(
  db: Db,
  relay: OutboxRelay,
  { item: x, today, now }: { item: OpenItem; today: string; now: Date },
) {
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const [live] = await tx.select().from(exitItems).where(eq(exitItems.id, x.item.id)).for('update');
    if (!live || live.closedAt) return { chased: false, escalated: false };
    const [claimed] = await tx
      .insert(exitItemChases)
      .values({ itemId: live.id, onDate: today, sentAt: now })
      .onConflictDoNothing()
      .returning({ itemId: exitItemChases.itemId });
    if (!claimed) return { chased: false, escalated: false };
    const overdue = workingDaysBetween(live.dueOn, today);
    const what = `清退事项「${live.title}」(${x.vendorName},合同 ${contractNumber(x.contract)})`;
    const when =
      overdue <= 0 ? `今天(${live.dueOn})到期` : `应于 ${live.dueOn} 前完成,已逾期 ${overdue} 个工作日`;
    const way = [showContractButton(x.contract.id)];
    await out.send(
      { type: 'open_id', id: x.ownerOpenId },
      {
        card: buildNoticeCard({
          title: '清退事项催办',
          template: 'orange',
          text: `【催办】${what}${when},尚未办结。完成后请在事项卡片上点击「已完成」并填写办结说明。`,
          actions: way,
        }),
      },
    );
    const due = overdue >= 1 && (overdue - 1) % ESCALATE_EVERY_WORKING_DAYS === 0;
    const above = due ? await escalationRecipients(tx, x.contract, live.ownerId) : [];
    const escalate = above.length > 0;
    if (escalate) {
      const [owner] = await peopleByIds(tx, [live.ownerId]);
      const ask = escalationAsk(live.ownerId === x.contract.leaderId, owner!.name);
      for (const openId of above)
        await out.send(
          { type: 'open_id', id: openId },
          {
            card: buildNoticeCard({
              title: '清退事项督办',
              template: 'red',
              text: `【督办】${what}${when}仍未办结${ask}`,
              actions: way,
            }),
          },
        );
    }
    await appendAudit(tx, {
      aggregateType: 'termination_case',
      aggregateId: live.caseId,
      actor: ACTOR,
      action: 'exit.chased',
      data: {
        itemId: live.id,
        onDate: today,
        overdueWorkingDays: Math.max(0, overdue),
        escalated: escalate,
        ...(escalate ? { escalatedTo: above } : {}),
      },
      at: now,
    });
    return { chased: true, escalated: escalate };
  });
}

export async function chaseExitItems(db: Db, now: Date, deps: OutboxRelay): Promise<ExitChaseCounts> {
  const counts: ExitChaseCounts = { checked: 0, chased: 0, escalated: 0 };
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return counts;
  for (const x of await openItems(db, today)) {
    counts.checked++;
    const r = await chaseItem(db, deps, { item: x, today, now });
    if (r.chased) counts.chased++;
    if (r.escalated) counts.escalated++;
  }
  return counts;
}
