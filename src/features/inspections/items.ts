/**
 * A rectification item's life (rule 13): the owner submits it with evidence (text and/or photos),
 * the inspection team confirms it (销号, status closed) or reopens it on re-inspection. Each step
 * takes the contract's row lock, then the item's, so two clicks decide once; each is audited and
 * the other side told.
 */

import { asc, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildRectificationCard, type RectificationItemView } from '../../cards/rectification';
import { buildNoticeCard, showContractButton } from '../../cards/ways-on';
import type { DbOrTx, Tx } from '../../db/client';
import {
  contractAssessors,
  contracts,
  evidenceImages,
  inspections,
  people,
  rectificationItems,
  roleGrants,
} from '../../db/schema';
import { type Actor, requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { type ContractFacts, loadFacts, peopleByIds } from '../contracts/facts';
import { isAssessor } from '../scoring/access';
import type { UseCase, UseCaseOfAnyone } from '../use-case';
import { requireInspector } from './access';
import { contractRepeats } from './repeats';

export type ItemRow = typeof rectificationItems.$inferSelect;

/**
 * The audit chain an item's steps are written to: its inspection's for a finding, its own for a
 * problem raised from the daily line (which has no inspection).
 */
export function itemChain(item: Pick<ItemRow, 'id' | 'inspectionId'>) {
  return item.inspectionId === null
    ? { aggregateType: 'rectification_item', aggregateId: item.id }
    : { aggregateType: 'inspection', aggregateId: item.inspectionId };
}
export const MIN_EVIDENCE_CHARS = 4;

/** A daily problem's month, rubric item name and 重复发生 count, as its card shows them. */
async function dailyOf(db: DbOrTx, item: ItemRow): Promise<RectificationItemView['daily']> {
  if (item.source !== 'daily') return undefined;
  const [[c], repeats] = await Promise.all([
    db.select({ rubric: contracts.rubric }).from(contracts).where(eq(contracts.id, item.contractId)),
    contractRepeats(db, item.contractId),
  ]);
  const name = c?.rubric.find((i) => i.key === item.rubricItem)?.name ?? item.rubricItem ?? '';
  return { month: item.month ?? '', rubricName: name, repeats: repeats.get(item.id) ?? 0 };
}

export async function itemView(
  db: DbOrTx,
  f: ContractFacts,
  item: ItemRow,
  audience: RectificationItemView['audience'],
): Promise<RectificationItemView> {
  const [[owner], [insp], photos, daily] = await Promise.all([
    peopleByIds(db, [item.ownerId]),
    item.inspectionId === null
      ? Promise.resolve([])
      : db.select().from(inspections).where(eq(inspections.id, item.inspectionId)),
    db
      .select({ sha256: evidenceImages.sha256 })
      .from(evidenceImages)
      .where(eq(evidenceImages.itemId, item.id))
      .orderBy(asc(evidenceImages.id)),
    dailyOf(db, item),
  ]);
  return {
    itemId: item.id,
    contractNo: contractNumber(f.contract),
    vendorName: f.vendorName,
    inspectedOn: insp?.inspectedOn ?? shanghaiDate(item.createdAt),
    finding: item.finding,
    severity: item.severity,
    owner: owner?.name ?? '',
    dueOn: item.dueOn,
    status: item.status,
    reopened: item.reopened,
    ...(item.evidence ? { evidence: item.evidence } : {}),
    photos: photos.map((p) => p.sha256),
    audience,
    ...(daily ? { daily } : {}),
  };
}

/** The item and its contract's facts, both locked (contract first, as every writer of it). */
export async function lockItem(tx: Tx, itemId: number) {
  const [found] = await tx
    .select({ contractId: rectificationItems.contractId })
    .from(rectificationItems)
    .where(eq(rectificationItems.id, itemId));
  if (!found) throw new DomainError('no_rectification', '找不到该整改事项');
  const f = (await loadFacts(tx, found.contractId, true))!;
  const [item] = await tx
    .select()
    .from(rectificationItems)
    .where(eq(rectificationItems.id, itemId))
    .for('update');
  return { f, item: item! };
}

/** The open_ids of the contract's assessors: told when a daily problem is submitted. */
export async function assessorOpenIds(db: DbOrTx, contractId: number): Promise<string[]> {
  const rows = await db
    .select({ openId: people.openId })
    .from(contractAssessors)
    .innerJoin(people, eq(people.id, contractAssessors.personId))
    .where(eq(contractAssessors.contractId, contractId))
    .orderBy(asc(people.id));
  return rows.map((r) => r.openId);
}

/** The inspection team of the contract's unit (unit grants and zone-wide ones): told of submissions. */
async function teamOpenIds(tx: Tx, unitId: number): Promise<string[]> {
  const rows = await tx
    .select({ personId: roleGrants.personId, unitId: roleGrants.unitId, revokedAt: roleGrants.revokedAt })
    .from(roleGrants)
    .where(eq(roleGrants.role, 'inspection'));
  const ids = rows
    .filter((r) => !r.revokedAt && (r.unitId === null || r.unitId === unitId))
    .map((r) => r.personId);
  return (await peopleByIds(tx, ids)).map((p) => p.openId);
}

async function audit(
  tx: Tx,
  entry: { actor: Actor; item: ItemRow; action: string; data: object; now: Date },
) {
  const { actor, item, action, data, now } = entry;
  await appendAudit(tx, {
    ...itemChain(item),
    actor: actor.openId,
    action,
    data: { itemId: item.id, ...data },
    at: now,
  });
}

/** 提交整改: only the owner, while open, with evidence text or at least one attached photo. */
export async function submitItem(uc: UseCase, input: { itemId: number; evidence: string }) {
  const { tx, actor, now, out } = uc;
  const { itemId } = input;
  const { f, item } = await lockItem(tx, itemId);
  const view = await itemView(tx, f, item, 'owner');
  if (item.ownerId !== actor.personId)
    throw new DomainError('not_owner', `只有该事项的整改责任人(${view.owner})可以提交整改`);
  if (item.status !== 'open')
    throw new DomainError(
      'already_closed',
      `该整改事项${item.status === 'closed' ? '已销号' : `已提交,待${confirmer(item)}确认`},无需重复提交`,
    );
  const evidence = input.evidence.trim();
  if ([...evidence].length < MIN_EVIDENCE_CHARS && view.photos.length === 0)
    throw new DomainError('no_evidence', `请填写整改说明(至少${MIN_EVIDENCE_CHARS}个字)或先附加现场照片`);
  const [row] = await tx
    .update(rectificationItems)
    .set({ status: 'submitted', submittedAt: now, ...(evidence ? { evidence } : {}) })
    .where(eq(rectificationItems.id, itemId))
    .returning();
  await audit(tx, {
    actor,
    item,
    action: 'rectification.submitted',
    data: { evidence, photos: view.photos },
    now,
  });
  const team = buildRectificationCard(await itemView(tx, f, row!, 'team'));
  const told =
    item.source === 'daily'
      ? await assessorOpenIds(tx, item.contractId)
      : await teamOpenIds(tx, f.contract.unitId);
  for (const openId of told) await out.send({ type: 'open_id', id: openId }, { card: team });
  return itemView(tx, f, row!, 'owner');
}

/** Who confirms an item: the inspection team for a finding, an assessor of the contract for a daily problem. */
const confirmer = (item: Pick<ItemRow, 'source'>) => (item.source === 'daily' ? '考核人' : '督查小组');

/** A daily problem is confirmed by an assessor of its contract (the role that raised it), checked now. */
async function requireConfirmer(tx: Tx, actorInput: Actor | undefined, item: ItemRow, f: ContractFacts) {
  if (item.source !== 'daily') return requireInspector(actorInput, f.contract);
  const actor = requireActor(actorInput);
  if (!(await isAssessor(tx, item.contractId, actor.personId)))
    throw new DomainError('not_assessor', '只有该合同的考核人可以确认或退回日常考核问题的整改');
  return actor;
}

/**
 * 确认销号 or 退回重新整改: the inspection team (an assessor of the contract for a daily problem), on a
 * submitted item; reopening needs a reason. `uc.actor` may be undefined: the confirmer is checked here.
 */
export async function reviewItem(
  uc: UseCaseOfAnyone,
  input: { itemId: number; decision: { kind: 'confirm' } | { kind: 'reopen'; reason: string } },
) {
  const { tx, actor: actorInput, now, out } = uc;
  const { itemId, decision } = input;
  const { f, item } = await lockItem(tx, itemId);
  const actor = await requireConfirmer(tx, actorInput, item, f);
  if (item.status !== 'submitted')
    throw new DomainError(
      'not_confirmable',
      item.status === 'closed' ? '该整改事项已销号,无需重复处理' : '该整改事项尚未提交整改,不能确认或退回',
    );
  const reason = decision.kind === 'reopen' ? decision.reason.trim() : '';
  if (decision.kind === 'reopen' && [...reason].length < 2)
    throw new DomainError('reason_required', '退回重新整改时请填写复查意见');
  const set =
    decision.kind === 'confirm'
      ? { status: 'closed' as const, closedAt: now, closedBy: actor.personId }
      : { status: 'open' as const, reopened: item.reopened + 1, submittedAt: null };
  const [row] = await tx
    .update(rectificationItems)
    .set(set)
    .where(eq(rectificationItems.id, itemId))
    .returning();
  await audit(tx, {
    actor,
    item,
    action: decision.kind === 'confirm' ? 'rectification.closed' : 'rectification.reopened',
    data: decision.kind === 'reopen' ? { reason, reopened: row!.reopened } : {},
    now,
  });
  const [owner] = await peopleByIds(tx, [item.ownerId]);
  const told =
    decision.kind === 'confirm'
      ? `您的整改事项「${item.finding}」(合同 ${contractNumber(f.contract)})已经${confirmer(item)}确认销号。`
      : `您的整改事项「${item.finding}」(合同 ${contractNumber(f.contract)})经复查退回重新整改:${reason}。请于 ${item.dueOn} 前整改完毕后重新提交。`;
  const notice = buildNoticeCard({
    title: decision.kind === 'confirm' ? '整改事项已销号' : '整改事项退回',
    template: decision.kind === 'confirm' ? 'green' : 'orange',
    text: told,
    actions: [showContractButton(f.contract.id)],
  });
  await out.send({ type: 'open_id', id: owner!.openId }, { card: notice });
  if (decision.kind === 'reopen')
    await out.send(
      { type: 'open_id', id: owner!.openId },
      { card: buildRectificationCard(await itemView(tx, f, row!, 'owner')) },
    );
  return itemView(tx, f, row!, 'team');
}
