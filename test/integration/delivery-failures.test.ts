/**
 * Issue 20, point 2: no message dropped in silence. A send refused by a receiver's frequency limit
 * (230020) waits and is delivered once; one refused for good shows on the zone admins' 发送失败
 * card (through the real click path) and in the permanent-failure metric, and its 重新发送 delivers
 * it once however often it is clicked; a refused 加急 never touches its message and is reported
 * once per scope.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLog, outbox, roleGrants } from '../../src/db/schema';
import { THROTTLE_LIMIT } from '../../src/outbox/throttle';
import { OutboxWriter } from '../../src/outbox/write';
import type { MessageView } from '../../src/sandbox';
import { askMenu, botCards, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

type To = { type: 'open_id' | 'chat_id'; id: string };

async function queue(items: { to: To; text: string }[], before?: (ids: string[]) => Promise<void>) {
  const ids = await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (const i of items) await out.send(i.to, { text: i.text });
    return out.ids;
  });
  await before?.(ids);
  await h.app.enqueueOutbox(ids);
  return ids;
}

async function rowOf(id: string) {
  const [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
  return row!;
}

const settled = (id: string, status: 'sent' | 'failed') =>
  h.sb.waitFor(async () => {
    const r = await rowOf(id);
    return r.status === status ? r : undefined;
  }, 20_000);

const texts = (inbox: MessageView[], text: string) =>
  inbox.filter((m) => (m.content as { text?: string }).text === text);

async function permanentCount(): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
  const m = /^gps_relay_sends_total\{result="permanent"\} (\d+)/m.exec(body);
  return Number(m?.[1] ?? 0);
}

/** The admin's 发送失败 card, opened from the menu as a person would. */
async function openFailures(who: string): Promise<MessageView> {
  const menu = await askMenu(h.sb, who);
  await h.sb.click(who, menu, '发送失败');
  return h.sb.waitFor(() => botCards(h.sb.inbox(who)).find((m) => m.messageId === menu.messageId));
}

const cardText = (m: MessageView) => JSON.stringify(m.content);

it('a send refused with 230020 waits, holds back only that receiver, and is delivered once', async () => {
  const zhang = h.person('张伟');
  const wang = h.person('王建国');
  h.sb.refuse({ code: 230020, to: zhang, times: 1 });
  const before = h.sb.stats().messages;
  const [limited, other] = await queue([
    { to: { type: 'open_id', id: zhang }, text: '限流后送达' },
    { to: { type: 'open_id', id: wang }, text: '别的接收人' },
  ]);
  const a = await settled(limited!, 'sent');
  const b = await settled(other!, 'sent');
  expect(texts(h.sb.inbox(zhang), '限流后送达')).toHaveLength(1);
  expect(texts(h.sb.inbox(wang), '别的接收人')).toHaveLength(1);
  expect(h.sb.stats().messages - before).toBe(2);
  expect(a.throttled).toBe(1);
  // Delivered after the first back-off (1 s), while the other receiver was not held back.
  const waited = a.sentAt!.getTime() - a.createdAt.getTime();
  console.log(
    `230020 test: delivered ${waited} ms after it was written; the other receiver in ${b.sentAt!.getTime() - b.createdAt.getTime()} ms`,
  );
  expect(waited).toBeGreaterThanOrEqual(950);
  expect(b.sentAt!.getTime()).toBeLessThan(a.sentAt!.getTime() - 500);
}, 30_000);

it('a frequency limit that holds for the whole retry budget fails the row, visibly', async () => {
  const zhang = h.person('张伟');
  const permanentBefore = await permanentCount();
  h.sb.refuse({ code: 230020, to: zhang, times: 1 });
  // The row has used up all but its last allowed refusal (the budget is minutes long otherwise).
  const [id] = await queue([{ to: { type: 'open_id', id: zhang }, text: '一直被限流' }], async ([rowId]) => {
    await h.db
      .update(outbox)
      .set({ throttled: THROTTLE_LIMIT - 1 })
      .where(eq(outbox.id, rowId!));
  });
  const row = await settled(id!, 'failed');
  expect(row.errorCode).toBe(230020);
  expect(row.throttled).toBe(THROTTLE_LIMIT - 1);
  expect(texts(h.sb.inbox(zhang), '一直被限流')).toHaveLength(0);
  expect((await permanentCount()) - permanentBefore).toBe(1);
}, 30_000);

it('a permanent refusal shows on the admins 发送失败 card and in the metric; 重新发送 delivers it once', async () => {
  const ma = h.person('马骏');
  const zhang = h.person('张伟');
  const chatId = 'oc_failures_group';
  h.sb.addChat({ chatId, name: '物业项目工作群', members: [zhang, ma], botIsMember: false });
  // The bot joins (the app learns the group's name), then a member removes it.
  await h.sb.addBotToChat(chatId, zhang);
  await h.sb.waitFor(() => botCards(h.sb.inbox(zhang)).find((m) => m.chatId === chatId));
  h.sb.removeBotFromChat(chatId);
  const permanentBefore = await permanentCount();
  const [id] = await queue([{ to: { type: 'chat_id', id: chatId }, text: '本月考核已开始' }]);
  const failed = await settled(id!, 'failed');
  expect(failed.errorCode).toBe(230002);
  expect((await permanentCount()) - permanentBefore).toBe(1);

  // The zone admin's card: what, to whom, when, why, and a 重新发送 button.
  const card = await openFailures(ma);
  expect(titleOf(card)).toBe('发送失败');
  const shown = cardText(card);
  expect(shown).toContain('文本消息「本月考核已开始」');
  expect(shown).toContain('群「物业项目工作群」');
  expect(shown).toContain('机器人不在群内');
  expect(shown).toContain('重新发送');
  expect(shown).not.toContain(chatId);
  expect(shown).not.toContain('230002');
  expect(h.sb.errors().filter((e) => e.kind === 'bad_card')).toEqual([]);

  // Every click re-checks the clicker's roles now: a zone admin whose grant was revoked after the
  // card reached him is refused the list and the resend, and nothing is written.
  const zhangId = Number((await h.sql`select id from people where open_id = ${zhang}`)[0]!.id);
  const [grant] = await h.db
    .insert(roleGrants)
    .values({ personId: zhangId, role: 'admin', unitId: null, grantedBy: 'test' })
    .returning();
  const his = await openFailures(zhang);
  expect(cardText(his)).toContain('本月考核已开始');
  await h.db.update(roleGrants).set({ revokedAt: new Date() }).where(eq(roleGrants.id, grant!.id));
  const rowsBefore = (await h.db.select().from(outbox)).length;
  for (const button of [{ a: 'delivery.resend', row: id }, '刷新']) {
    const refused = await h.sb.click(zhang, his, button);
    expect(refused.toast).toMatchObject({ type: 'error', content: expect.stringContaining('全区管理员') });
  }
  expect((await h.db.select().from(outbox)).length).toBe(rowsBefore);

  // The bot is added back; the admin double-clicks 重新发送 (two clicks of one card in flight).
  await h.sb.addBotToChat(chatId, zhang);
  const clicks = await Promise.all([h.sb.click(ma, card, { row: id }), h.sb.click(ma, card, { row: id })]);
  const toasts = clicks.map((c) => (c.toast as { content: string }).content).sort();
  expect(toasts).toEqual(['已重新发送', '这条消息已重新发送过,不再重复发送'].sort());
  const resends = await h.db.select().from(outbox).where(eq(outbox.resendOf, id!));
  expect(resends).toHaveLength(1);
  await settled(resends[0]!.id, 'sent');
  await new Promise((r) => setTimeout(r, 1000));
  expect(texts(h.sb.inbox(zhang), '本月考核已开始')).toHaveLength(1);
  expect(await h.db.select().from(outbox).where(eq(outbox.resendOf, id!))).toHaveLength(1);
  const audits = await h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.aggregateType, 'outbox'), eq(auditLog.aggregateId, id!)));
  expect(audits.map((a) => [a.action, a.actor])).toEqual([['delivery.resent', ma]]);
  // The row, resent, leaves the card.
  const after = await openFailures(ma);
  expect(cardText(after)).not.toContain('本月考核已开始');
}, 60_000);

it('加急 refused for a missing scope: the message is delivered once, and the scope is reported once', async () => {
  const wang = h.person('王建国');
  const ma = h.person('马骏');
  h.sb.setScope('im:message.urgent', false);
  const ids = await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    const sends = [await out.send({ type: 'open_id', id: wang }, { text: '请尽快审批一' })];
    sends.push(await out.send({ type: 'open_id', id: wang }, { text: '请尽快审批二' }));
    for (const s of sends) await out.urgent({ outboxId: s }, [wang]);
    return out.ids;
  });
  await h.app.enqueueOutbox(ids);
  const [s1, s2, u1, u2] = ids;
  for (const u of [u1!, u2!]) expect((await settled(u, 'failed')).errorCode).toBe(99991672);
  for (const s of [s1!, s2!]) expect((await rowOf(s)).status).toBe('sent');
  expect(texts(h.sb.inbox(wang), '请尽快审批一')).toHaveLength(1);
  expect(texts(h.sb.inbox(wang), '请尽快审批二')).toHaveLength(1);
  expect(h.sb.inbox(wang).some((m) => m.urgent)).toBe(false);
  const said = h.logs.filter((l) => l.includes('lacks the scope im:message.urgent'));
  expect(said).toHaveLength(1);
  // The card says it once, not once per message, and offers no resend for it.
  const card = cardText(await openFailures(ma));
  expect(card.match(/缺少权限 im:message.urgent/g)).toHaveLength(1);
  expect(card).toContain('2 次加急被拒');
  expect(card).not.toContain('加急「');

  // Granted: the next urgent goes through and the entry is gone.
  h.sb.setScope('im:message.urgent', true);
  const [u3] = await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    await out.urgent({ outboxId: s1! }, [wang]);
    return out.ids;
  });
  await h.app.enqueueOutbox([u3!]);
  await settled(u3!, 'sent');
  expect(cardText(await openFailures(ma))).not.toContain('im:message.urgent');
}, 60_000);
