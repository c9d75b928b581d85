/**
 * 催办 of rectification items (rule 13): on each working day, every item not yet submitted whose
 * deadline is within REMIND_WITHIN_WORKING_DAYS working days, or past, is chased: its owner gets a
 * reminder. An overdue item is also escalated (督办) once a day: to the contract's responsible leader, or,
 * when the leader owns the item, to the unit leadership of the contract's unit (its unit-scoped
 * unit_leadership holders other than the owner), so an item the leader owns is still chased from above.
 * An item with nobody to escalate to (the leader is the unit's only leadership member) is not escalated.
 * rectification_chases' primary key (item, business date, kind) makes each once per day across
 * workers, retries and restarts. Nothing is sent on a day off. A submitted item waits for the
 * inspection team, not for its owner, so it is not chased.
 */

import { and, asc, eq, lte } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { button } from '../../cards/kit';
import { buildNoticeCard, showContractButton } from '../../cards/ways-on';
import type { Db, Tx } from '../../db/client';
import { contracts, people, rectificationChases, rectificationItems, vendors } from '../../db/schema';
import { addWorkingDays, isWorkingDay, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { peopleByIds } from '../contracts/facts';
import { escalationAsk, escalationRecipients } from '../org/escalation';
import { itemChain } from './items';

export const REMIND_WITHIN_WORKING_DAYS = 2;
const ACTOR = 'job:rectification.chase';

export type RectificationChaseCounts = { checked: number; reminded: number; escalated: number };

function dueItems(db: Db, horizon: string) {
  return db
    .select({
      item: rectificationItems,
      contract: contracts,
      vendorName: vendors.name,
      ownerOpenId: people.openId,
    })
    .from(rectificationItems)
    .innerJoin(contracts, eq(contracts.id, rectificationItems.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(people, eq(people.id, rectificationItems.ownerId))
    .where(and(eq(rectificationItems.status, 'open'), lte(rectificationItems.dueOn, horizon)))
    .orderBy(asc(rectificationItems.id));
}
type DueItem = Awaited<ReturnType<typeof dueItems>>[number];

const claim = (
  tx: Tx,
  { itemId, onDate, kind, now }: { itemId: number; onDate: string; kind: 'remind' | 'escalate'; now: Date },
) =>
  tx
    .insert(rectificationChases)
    .values({ itemId, onDate, kind, sentAt: now })
    .onConflictDoNothing()
    .returning({ itemId: rectificationChases.itemId });

function chaseItem(
  db: Db,
  relay: OutboxRelay,
  { item: x, today, now }: { item: DueItem; today: string; now: Date },
) {
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const [live] = await tx
      .select()
      .from(rectificationItems)
      .where(eq(rectificationItems.id, x.item.id))
      .for('update');
    if (live?.status !== 'open') return { reminded: false, escalated: false };
    const overdue = live.dueOn < today ? workingDaysBetween(live.dueOn, today) : 0;
    const what = `整改事项「${live.finding}」(${x.vendorName},合同 ${contractNumber(x.contract)})`;
    const when =
      live.dueOn === today
        ? `今天(${today})到期`
        : live.dueOn > today
          ? `将于 ${live.dueOn} 到期`
          : `应于 ${live.dueOn} 前完成,已逾期 ${overdue} 个工作日`;
    const [reminded] = await claim(tx, { itemId: live.id, onDate: today, kind: 'remind', now });
    if (reminded)
      await out.send(
        { type: 'open_id', id: x.ownerOpenId },
        {
          card: buildNoticeCard({
            title: '整改事项催办',
            template: 'orange',
            text: `【催办】${what}${when},尚未整改完毕。完成后请在事项卡片上填写整改说明并点击「提交整改」,可私聊机器人发送现场照片附加。`,
            actions: [showContractButton(x.contract.id)],
          }),
        },
      );
    const above = live.dueOn < today ? await escalationRecipients(tx, x.contract, live.ownerId) : [];
    const [escalated] = above.length
      ? await claim(tx, { itemId: live.id, onDate: today, kind: 'escalate', now })
      : [];
    if (escalated) {
      const [owner] = await peopleByIds(tx, [live.ownerId]);
      const ask = escalationAsk(live.ownerId === x.contract.leaderId, owner!.name);
      for (const openId of above)
        await out.send(
          { type: 'open_id', id: openId },
          {
            card: buildNoticeCard({
              title: '整改事项督办',
              template: 'red',
              text: `【督办】${what}${when}仍未整改完毕${ask}`,
              actions: [
                showContractButton(x.contract.id),
                button({
                  text: '整改情况报告',
                  value: { a: 'rectification.report', contract: x.contract.id },
                }),
              ],
            }),
          },
        );
    }
    if (reminded || escalated)
      await appendAudit(tx, {
        ...itemChain(live),
        actor: ACTOR,
        action: 'rectification.chased',
        data: {
          itemId: live.id,
          onDate: today,
          overdueWorkingDays: overdue,
          reminded: !!reminded,
          escalated: !!escalated,
          ...(escalated ? { escalatedTo: above } : {}),
        },
        at: now,
      });
    return { reminded: !!reminded, escalated: !!escalated };
  });
}

export async function chaseRectificationItems(
  db: Db,
  now: Date,
  deps: OutboxRelay,
): Promise<RectificationChaseCounts> {
  const counts: RectificationChaseCounts = { checked: 0, reminded: 0, escalated: 0 };
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return counts;
  for (const x of await dueItems(db, addWorkingDays(today, REMIND_WITHIN_WORKING_DAYS))) {
    counts.checked++;
    const r = await chaseItem(db, deps, { item: x, today, now });
    if (r.reminded) counts.reminded++;
    if (r.escalated) counts.escalated++;
  }
  return counts;
}
