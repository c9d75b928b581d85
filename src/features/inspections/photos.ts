/**
 * Photos as evidence (rule 13): an image an owner sends the bot in a private chat while they have an
 * open item is offered for attachment (the offer is audited, which is also what later proves the
 * image was sent by that person: a card value grants nothing). The click downloads the image,
 * stores it once per message and file key with its SHA-256 and attaches it; the audit row carries
 * the hash.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildPhotoOfferCard } from '../../cards/rectification';
import type { Tx } from '../../db/client';
import { auditLog, contracts, evidenceImages, rectificationItems } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import type { UseCase } from '../use-case';
import { itemChain, itemView, lockItem } from './items';

export type DownloadImage = (messageId: string, fileKey: string) => Promise<Buffer>;
const OFFERED = 'evidence.offered';

/** The offer card for an image the actor sent, or undefined when they have no open item. */
export async function offerPhoto(
  uc: Pick<UseCase, 'tx' | 'actor' | 'now'>,
  input: { messageId: string; fileKey: string },
) {
  const { tx, actor, now } = uc;
  const { messageId, fileKey } = input;
  const items = await tx
    .select({ item: rectificationItems, signedOn: contracts.signedOn })
    .from(rectificationItems)
    .innerJoin(contracts, eq(contracts.id, rectificationItems.contractId))
    .where(and(eq(rectificationItems.ownerId, actor.personId), eq(rectificationItems.status, 'open')))
    .orderBy(asc(rectificationItems.dueOn), asc(rectificationItems.id))
    .limit(10);
  if (items.length === 0) return undefined;
  await appendAudit(tx, {
    aggregateType: 'evidence_message',
    aggregateId: messageId,
    actor: actor.openId,
    action: OFFERED,
    data: { fileKey, ownerId: actor.personId, items: items.map((x) => x.item.id) },
    at: now,
  });
  return buildPhotoOfferCard({
    messageId,
    fileKey,
    items: items.map(({ item, signedOn }) => ({
      itemId: item.id,
      finding: item.finding,
      contractNo: contractNumber({ id: item.contractId, signedOn }),
      dueOn: item.dueOn,
    })),
  });
}

async function wasOffered(tx: Tx, actor: Actor, messageId: string, fileKey: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: sql<number>`1` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.aggregateType, 'evidence_message'),
        eq(auditLog.aggregateId, messageId),
        eq(auditLog.action, OFFERED),
        sql`${auditLog.data}->>'fileKey' = ${fileKey}`,
        sql`(${auditLog.data}->>'ownerId')::bigint = ${actor.personId}`,
      ),
    )
    .limit(1);
  return !!row;
}

async function stored(tx: Tx, messageId: string, fileKey: string) {
  const [row] = await tx
    .select({ id: evidenceImages.id, itemId: evidenceImages.itemId })
    .from(evidenceImages)
    .where(and(eq(evidenceImages.messageId, messageId), eq(evidenceImages.fileKey, fileKey)));
  return row;
}

const alreadyAttached = () => new DomainError('already_recorded', '该照片已附加到整改事项,无需重复附加');

/**
 * 附加到此整改事项. The download happens before the contract and item locks are taken, so no lock
 * waits on Feishu; a second click that raced it finds the stored row under the lock and is refused.
 */
export async function attachPhoto(
  uc: Pick<UseCase, 'tx' | 'actor' | 'now'>,
  input: { item: number; msg: string; key: string; download: DownloadImage },
) {
  const { tx, actor, now } = uc;
  const { download, ...v } = input;
  if (!(await wasOffered(tx, actor, v.msg, v.key)))
    throw new DomainError('not_allowed', '只能附加您本人私聊发送给机器人的图片');
  if (await stored(tx, v.msg, v.key)) throw alreadyAttached();
  let bytes: Buffer;
  try {
    bytes = await download(v.msg, v.key);
  } catch {
    throw new DomainError('image_unavailable', '图片下载失败,请稍后重试或重新发送图片');
  }
  const { f, item } = await lockItem(tx, v.item);
  if (item.ownerId !== actor.personId)
    throw new DomainError('not_owner', '只有该事项的整改责任人可以附加整改照片');
  if (item.status !== 'open')
    throw new DomainError('already_closed', '该整改事项已提交或已销号,不能再附加照片');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [row] = await tx
    .insert(evidenceImages)
    .values({
      ownerId: actor.personId,
      messageId: v.msg,
      fileKey: v.key,
      sha256,
      bytes,
      itemId: item.id,
      attachedAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: evidenceImages.id });
  if (!row) throw alreadyAttached();
  await appendAudit(tx, {
    ...itemChain(item),
    actor: actor.openId,
    action: 'rectification.photo_attached',
    data: { itemId: item.id, imageId: row.id, messageId: v.msg, fileKey: v.key, sha256, size: bytes.length },
    at: now,
  });
  return { sha256, view: await itemView(tx, f, item, 'owner') };
}
