import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildRequestReminderCard } from '../../cards/request';
import { approvalCards, people, stageReminders } from '../../db/schema';
import { STAGE_LABELS } from '../../domain/approval-route';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import type { UseCase } from '../use-case';
import { lockOwnRequest } from './request-lock';
import { shanghaiMinute } from './request-view';

/**
 * How long after a reminder a click of the same filer is the same click (a double click, a callback
 * Feishu retries) and answers as the first did, rather than a second 催办 refused for the day.
 */
export const SAME_CLICK_MS = 30_000;

const sentToast = (stage: string, names: string[]) => `已向「${stage}」审批人 ${names.join('、')} 发送催办`;

/**
 * 催办 from the filer: one reminder card to each holder of the stage pending now, with the way to
 * the approval. At most once per stage per working day (the public holiday calendar, as the
 * approval chase counts days): on a day off nobody is disturbed and the answer names the next
 * working day; a second reminder the same working day is refused with the time of the first.
 */
export async function remindStage(uc: UseCase, v: { request: number; stage: number }) {
  const { tx, out, actor, now } = uc;
  const { r, stages } = await lockOwnRequest(tx, actor, v.request);
  // A pending stage of the first approval or of a re-approval round (the request stays approved).
  const stage = stages.find((s) => s.status === 'pending');
  if (!stage) throw new DomainError('request_closed', `采购申请 #${r.id} 当前没有待审批的环节,无需催办`);
  if (stage.id !== v.stage) throw new DomainError('stage_changed', '该审批环节已办结,请刷新申请查看当前环节');
  const label = STAGE_LABELS[stage.kind];
  const today = shanghaiDate(now);
  if (!isWorkingDay(today))
    throw new DomainError(
      'not_working_day',
      `今天(${today})不是工作日,不发送催办;请于下一个工作日 ${addWorkingDays(today, 1)} 再催办`,
    );
  const holders = await tx
    .select({ id: people.id, name: people.name, openId: people.openId })
    .from(approvalCards)
    .innerJoin(people, eq(people.id, approvalCards.personId))
    .where(eq(approvalCards.stageId, stage.id))
    .orderBy(people.id);
  const names = holders.map((h) => h.name);
  // Nobody holds the stage's card (no approver was found when it opened): a reminder would reach
  // no one, so none is recorded and the filer is told whom to ask.
  if (holders.length === 0)
    throw new DomainError(
      'no_holders',
      `「${label}」目前没有可接收催办的审批人,催办无法送达;请联系管理员检查该环节的审批人配置`,
    );
  const [sent] = await tx
    .select()
    .from(stageReminders)
    .where(and(eq(stageReminders.stageId, stage.id), eq(stageReminders.onDate, today)));
  if (sent) {
    if (sent.sentBy === actor.personId && now.getTime() - sent.sentAt.getTime() < SAME_CLICK_MS)
      return { toast: sentToast(label, names), changed: false };
    throw new DomainError(
      'already_reminded',
      `今天 ${shanghaiMinute(sent.sentAt).slice(11)} 已催办过「${label}」,每个环节每个工作日只能催办一次;请于 ${addWorkingDays(today, 1)} 再催办`,
    );
  }
  await tx
    .insert(stageReminders)
    .values({ stageId: stage.id, onDate: today, sentBy: actor.personId, sentAt: now });
  const card = buildRequestReminderCard({
    requestId: r.id,
    stageId: stage.id,
    stage: label,
    filer: actor.name,
    amount: formatYuan(r.amountFen),
    description: r.description,
    since: stage.openedAt ? shanghaiMinute(stage.openedAt) : '',
  });
  for (const h of holders) await out.send({ type: 'open_id', id: h.openId }, { card });
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: r.id,
    actor: actor.openId,
    action: 'purchase.reminded',
    data: { stage: stage.kind, stageId: stage.id, onDate: today, to: holders.map((h) => h.id) },
    at: now,
  });
  return { toast: sentToast(label, names), changed: true };
}
