/**
 * Attachments (e.g. the 会议纪要 scan): a file or image the filer sends the bot in a private chat
 * while they have an open request is offered for attachment; the offer is audited, which is what
 * later proves the file was sent by that person (a card value grants nothing). The click downloads
 * it, stores the exact bytes once per message and key with their SHA-256, and patches the current
 * stage's cards so the approvers see it.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildApprovalCard } from '../../cards/approval';
import { buildAttachOfferCard } from '../../cards/request';
import type { Tx } from '../../db/client';
import { auditLog, contracts, purchaseRequests, requestAttachments } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import type { UseCase } from '../use-case';
import { STATUS_TEXT } from './mine';
import { heldCards, lockOwnRequest } from './request-lock';
import { isOpen } from './request-view';
import { approvalView } from './view';

/** Fetches what the filer sent; refuses (DomainError) what it cannot fetch or what is too large. */
export type Download = (messageId: string, fileKey: string, kind: 'image' | 'file') => Promise<Buffer>;
const OFFERED = 'attachment.offered';
/** The largest attachment kept (the bytes are stored in the database). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** What the filer sent: an image (no name of its own) or a file with its name. */
export type Sent = { messageId: string; fileKey: string; kind: 'image' | 'file'; fileName?: string };

export const tooLarge = () => new DomainError('bad_input', '附件不能超过 20 MB,请压缩后重新发送');

const nameOf = (s: Sent) => s.fileName || `图片_${s.messageId.slice(-6)}.png`;

/** The offer card for a file the actor sent, or undefined when they have no open request. */
export async function offerAttachment(tx: Tx, actor: Actor, sent: Sent, now: Date) {
  const rows = await tx
    .select({ r: purchaseRequests, contract: contracts.id })
    .from(purchaseRequests)
    .leftJoin(contracts, eq(contracts.requestId, purchaseRequests.id))
    .where(
      and(
        eq(purchaseRequests.filerId, actor.personId),
        inArray(purchaseRequests.status, ['pending', 'approved']),
      ),
    )
    .orderBy(desc(purchaseRequests.id))
    .limit(30);
  const open = rows.filter((x) => isOpen(x.r.status, x.contract !== null)).slice(0, 10);
  if (open.length === 0) return undefined;
  const fileName = nameOf(sent);
  await appendAudit(tx, {
    aggregateType: 'request_message',
    aggregateId: sent.messageId,
    actor: actor.openId,
    action: OFFERED,
    data: {
      fileKey: sent.fileKey,
      kind: sent.kind,
      fileName,
      filerId: actor.personId,
      requests: open.map((x) => x.r.id),
    },
    at: now,
  });
  return buildAttachOfferCard({
    messageId: sent.messageId,
    fileKey: sent.fileKey,
    fileName,
    requests: open.map(({ r }) => ({
      id: r.id,
      description: r.description,
      amount: formatYuan(r.amountFen),
      status: STATUS_TEXT[r.status],
    })),
  });
}

async function offerOf(tx: Tx, actor: Actor, messageId: string, fileKey: string) {
  const [row] = await tx
    .select({ data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.aggregateType, 'request_message'),
        eq(auditLog.aggregateId, messageId),
        eq(auditLog.action, OFFERED),
        sql`${auditLog.data}->>'fileKey' = ${fileKey}`,
        sql`(${auditLog.data}->>'filerId')::bigint = ${actor.personId}`,
      ),
    )
    .limit(1);
  return row?.data as { kind: 'image' | 'file'; fileName: string } | undefined;
}

async function stored(tx: Tx, messageId: string, fileKey: string) {
  const [row] = await tx
    .select({
      id: requestAttachments.id,
      requestId: requestAttachments.requestId,
      sha256: requestAttachments.sha256,
    })
    .from(requestAttachments)
    .where(and(eq(requestAttachments.messageId, messageId), eq(requestAttachments.fileKey, fileKey)));
  return row;
}

const attachedToast = (id: number, name: string, sha: string) =>
  `已将「${name}」附加到采购申请 #${id}(SHA-256 ${sha.slice(0, 12)}…),审批人可见`;

/** The same file attached already: to this request, the same answer; to another, refused. */
function again(existing: { requestId: number; sha256: string }, requestId: number, name: string) {
  if (existing.requestId !== requestId)
    throw new DomainError('already_recorded', `该文件已附加到采购申请 #${existing.requestId},无需重复附加`);
  return { toast: attachedToast(requestId, name, existing.sha256), changed: false };
}

/**
 * 附加到申请 #N. The download happens before the request's lock is taken, so no lock waits on
 * Feishu; a second click that raced it finds the stored row under the lock and gets the same answer.
 */
export async function attachToRequest(
  uc: UseCase,
  input: { request: number; msg: string; key: string; download: Download },
) {
  const { tx, out, actor, now } = uc;
  const { download, ...v } = input;
  const offer = await offerOf(tx, actor, v.msg, v.key);
  if (!offer) throw new DomainError('not_allowed', '只能附加您本人私聊发送给机器人的文件或图片');
  const before = await stored(tx, v.msg, v.key);
  let bytes: Buffer | undefined;
  if (!before)
    try {
      bytes = await download(v.msg, v.key, offer.kind);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new DomainError('image_unavailable', '文件下载失败,请稍后重试或重新发送');
    }
  const { r, stages } = await lockOwnRequest(tx, actor, v.request);
  const existing = await stored(tx, v.msg, v.key);
  if (existing) return again(existing, r.id, offer.fileName);
  const [contract] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.requestId, r.id));
  if (!isOpen(r.status, !!contract))
    throw new DomainError('request_closed', `采购申请 #${r.id} ${STATUS_TEXT[r.status]},不能再添加附件`);
  if (!bytes) throw new DomainError('image_unavailable', '文件下载失败,请稍后重试或重新发送');
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw new DomainError('bad_input', '附件不能超过 20 MB');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [row] = await tx
    .insert(requestAttachments)
    .values({
      requestId: r.id,
      kind: offer.kind,
      messageId: v.msg,
      fileKey: v.key,
      fileName: offer.fileName,
      size: bytes.length,
      sha256,
      bytes,
      addedBy: actor.personId,
      createdAt: now,
    })
    .returning({ id: requestAttachments.id });
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: r.id,
    actor: actor.openId,
    action: 'purchase.attached',
    data: {
      attachment: row!.id,
      kind: offer.kind,
      fileName: offer.fileName,
      size: bytes.length,
      sha256,
      messageId: v.msg,
      fileKey: v.key,
    },
    at: now,
  });
  // The approvers holding the stage now see it on their card; later stages' cards are built with it.
  const pending = stages.find((s) => s.status === 'pending');
  if (pending)
    await out.patchAll(
      (await heldCards(tx, pending.id)).map((outboxId) => ({ outboxId })),
      buildApprovalCard(await approvalView(tx, pending.id)),
    );
  return { toast: attachedToast(r.id, offer.fileName, sha256), changed: true };
}
