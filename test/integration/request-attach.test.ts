/**
 * Attachments to a request (issue 25, point 1): an image or a file the filer sends the bot while a
 * request of theirs is open is offered for attachment (a pick among their open requests); the click
 * stores the exact bytes with their SHA-256, once however often it is clicked, and the approvers'
 * card lists it (name, size, SHA-256 prefix). Another filer's forged click is refused and writes nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageView } from '../../src/sandbox';
import { forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';
import { approvalCardOf, openRequestCard, shown, toastOf } from '../helpers/request-card';

let h: Harness;
let p: (name: string) => string;
let first = 0;
let second = 0;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const file = async (description: string) => {
    const line = await addLine(h, 'asset', 50_000_000n);
    const res = await fileThroughCards(h, p('张伟'), {
      line: line.id,
      amount: '8万',
      leader: p('王建国'),
      department: p('李秀英'),
      assessors: [p('张伟')],
      description,
    });
    return requestIdOf(res.toast);
  };
  first = await file('园区公共区域日常保洁服务');
  second = await file('办公楼绿化养护服务');
});
afterAll(() => h?.stop());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The offer card the bot answered `sent` with. */
const offerFor = (who: string, after: number) =>
  h.sb.waitFor(() =>
    h.sb
      .inbox(p(who))
      .slice(after)
      .find((m) => titleOf(m) === '附加到采购申请'),
  );

async function written() {
  const [r] = await h.sql`select
    (select count(*)::int from request_attachments) as attachments,
    (select count(*)::int from audit_log where action = 'purchase.attached') as audits,
    (select count(*)::int from outbox) as outbox`;
  return r!;
}

const stored = (messageId: string) =>
  h.sql`select request_id::int as "requestId", kind, file_name as "fileName", size, sha256, bytes
        from request_attachments where message_id = ${messageId}`;

let offered: MessageView;
let image: { messageId: string; imageKey: string };
const photo = Buffer.from('\x89PNG\r\n\x1a\n会议纪要扫描件第1页', 'binary');

it('an image sent while requests are open is offered for each; a double click attaches it once, green twice', async () => {
  const before = h.sb.inbox(p('张伟')).length;
  image = await h.sb.sendImage(p('张伟'), photo);
  offered = await offerFor('张伟', before);
  // Both open requests are offered: the filer picks one.
  expect(shown(offered)).toContain(`附加到申请 #${first}`);
  expect(shown(offered)).toContain(`附加到申请 #${second}`);
  const value = { a: 'purchase.attach', request: second, msg: image.messageId, key: image.imageKey };
  const [a, b] = await Promise.all([
    h.sb.click(p('张伟'), offered, `附加到申请 #${second}`),
    forgeCardCallback(h, p('张伟'), offered.messageId, value, {}),
  ]);
  const name = `图片_${image.messageId.slice(-6)}.png`;
  expect(toastOf(a)).toEqual({
    type: 'success',
    content: `已将「${name}」附加到采购申请 #${second}(SHA-256 ${sha(photo).slice(0, 12)}…),审批人可见`,
  });
  expect(b.toast).toEqual(a.toast);
  const rows = await stored(image.messageId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ requestId: second, kind: 'image', size: photo.length, sha256: sha(photo) });
  expect(Buffer.compare(rows[0]!.bytes as Buffer, photo)).toBe(0);
  expect(await written()).toMatchObject({ attachments: 1, audits: 1 });
  // The same image cannot then be attached to the other request too.
  const other = await forgeCardCallback(h, p('张伟'), offered.messageId, { ...value, request: first }, {});
  expect(toastOf(other)).toEqual({
    type: 'error',
    content: `该文件已附加到采购申请 #${second},无需重复附加`,
  });
}, 60_000);

it("the approvers' card lists the attachment, and the filer's card shows it in its timeline", async () => {
  const held = await approvalCardOf(h, '王建国', second);
  const prefix = sha(photo).slice(0, 12);
  await h.sb.waitFor(() => shown(h.sb.message(held.messageId)).includes(prefix));
  expect(shown(h.sb.message(held.messageId))).toContain('附件');
  // The first request's approvers see nothing of it.
  expect(shown(h.sb.message((await approvalCardOf(h, '王建国', first)).messageId))).not.toContain(prefix);
  const card = await openRequestCard(h, p('张伟'), second);
  expect(shown(card)).toContain(`SHA-256 ${prefix}`);
  expect(shown(card)).toMatch(/张伟:添加附件「图片/);
}, 60_000);

it('a file (the 会议纪要 PDF) is offered and stored with its name and SHA-256', async () => {
  const pdf = Buffer.from('%PDF-1.4 党组会议纪要 2026-第12次');
  const before = h.sb.inbox(p('张伟')).length;
  const sent = await h.sb.sendFile(p('张伟'), '会议纪要.pdf', pdf);
  const offer = await offerFor('张伟', before);
  expect(shown(offer)).toContain('会议纪要.pdf');
  const r = await h.sb.click(p('张伟'), offer, `附加到申请 #${first}`);
  expect(toastOf(r)?.type).toBe('success');
  const [row] = await stored(sent.messageId);
  expect(row).toMatchObject({ requestId: first, kind: 'file', fileName: '会议纪要.pdf', sha256: sha(pdf) });
  const held = await approvalCardOf(h, '李秀英', first);
  await h.sb.waitFor(() => shown(h.sb.message(held.messageId)).includes('会议纪要.pdf'));
}, 60_000);

it("another filer's forged attach is refused and writes nothing", async () => {
  const before = await written();
  // 刘芳 (a filer of another unit) replays 张伟's button onto his request with his message.
  const value = { a: 'purchase.attach', request: first, msg: image.messageId, key: image.imageKey };
  const forged = await forgeCardCallback(h, p('刘芳'), offered.messageId, value, {});
  expect(toastOf(forged)?.type).toBe('error');
  expect(JSON.stringify(forged)).not.toContain('已将');
  // Nor may 张伟 attach an image 刘芳 sent (it was never offered to him).
  const hers = await h.sb.sendImage(p('刘芳'), Buffer.from('another image'));
  const taken = await forgeCardCallback(
    h,
    p('张伟'),
    offered.messageId,
    { a: 'purchase.attach', request: first, msg: hers.messageId, key: hers.imageKey },
    {},
  );
  expect(toastOf(taken)).toEqual({ type: 'error', content: '只能附加您本人私聊发送给机器人的文件或图片' });
  // 刘芳's own image got her an answer (outbox); nothing was attached or audited.
  expect(await written()).toMatchObject({ attachments: before.attachments, audits: before.audits });
  expect(await stored(hers.messageId)).toHaveLength(0);
}, 60_000);
