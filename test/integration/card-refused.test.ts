/**
 * Issue 21, point 4: a card Feishu refuses as invalid (230099, 11310, 100290) is never dropped. The
 * recipient gets one text saying what the card was and how to open it again, the zone admins' 发送失败
 * card shows the refusal with the card's hash, and gps_cards_refused_total counts it. The notice is
 * written once however the relay retries, races or dies between its steps.
 */
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApprovalCard } from '../../src/cards/approval';
import { outbox } from '../../src/db/schema';
import { outboxSend } from '../../src/jobs/outbox-send';
import { outboxSweep } from '../../src/jobs/outbox-sweep';
import type { JobDeps } from '../../src/jobs/types';
import { createLogger } from '../../src/log';
import { deliver } from '../../src/outbox/deliver';
import { OutboxWriter } from '../../src/outbox/write';
import type { MessageView } from '../../src/sandbox';
import { askMenu, botCards, sleep } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

const approvalCard = (requestId: number, outcome?: { approved: boolean; text: string }) =>
  buildApprovalCard({
    requestId,
    stageId: requestId,
    stageLabel: '单位领导班子集体决策',
    unit: '资产经营公司',
    lineLabel: '2026 物业服务',
    amountYuan: '180,000.00 元',
    amountWan: '18.00 万元',
    remainingAfter: '20,000.00 元',
    category: '物业管理',
    description: '办公楼保洁服务',
    why: '保洁人员不足',
    market: '询价三家',
    method: '询价',
    people: '张伟',
    route: '单位领导班子',
    history: [],
    needsMeeting: true,
    ...(outcome ? { outcome } : {}),
  });

const textOf = (m: MessageView) => (m.content as { text?: string }).text ?? '';
const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

function helpers(get: () => Harness) {
  const rowOf = async (id: string) => (await get().db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
  const noticesOf = (id: string) => get().db.select().from(outbox).where(eq(outbox.fallbackOf, id));
  return { rowOf, noticesOf };
}

describe('with the relay running', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });
  const { rowOf, noticesOf } = helpers(() => h);

  async function metric(key: string): Promise<number> {
    const body = await (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).text();
    const line = body.split('\n').find((l) => l.startsWith(`${key} `));
    return Number(line?.split(' ')[1] ?? 0);
  }

  async function sendCard(to: string, card: object): Promise<string> {
    const id = await h.db.transaction((tx) =>
      new OutboxWriter(tx).send({ type: 'open_id', id: to }, { card }),
    );
    await h.app.enqueueOutbox([id]);
    return id;
  }

  /** The notice written for a refused row, once it reached `status`. */
  const noticeSettled = (id: string, status: 'sent' | 'failed') =>
    h.sb.waitFor(async () => {
      const [n] = await noticesOf(id);
      return n?.status === status ? n : undefined;
    }, 20_000);

  /** The zone admin's 发送失败 card, opened from the menu as he would. */
  async function failuresCard(): Promise<string> {
    const ma = h.person('马骏');
    const menu = await askMenu(h.sb, ma);
    await h.sb.click(ma, menu, '发送失败');
    const card = await h.sb.waitFor(() =>
      botCards(h.sb.inbox(ma)).find(
        (m) => m.messageId === menu.messageId && JSON.stringify(m.content).includes('发送失败'),
      ),
    );
    return JSON.stringify(card.content);
  }

  const REASON: Record<number, string> = {
    230099: '卡片内容不合法',
    11310: '卡片组件超过 200 个',
    100290: '卡片中有对本应用无效的人员 ID',
  };

  it.each([
    [230099, '王建国', 501],
    [11310, '李秀英', 502],
    [100290, '陈志强', 503],
  ])(
    'a card refused with %i: one text to the recipient, the refusal with its hash on the admins card, the metric counts it',
    async (code, name, requestId) => {
      const leader = h.person(name);
      const refusedBefore = await metric(`gps_cards_refused_total{code="${code}"}`);
      const permanentBefore = await metric('gps_relay_sends_total{result="permanent"}');
      const inboxBefore = h.sb.inbox(leader).length;
      h.sb.refuse({ code, to: leader, times: 1 });

      const id = await sendCard(leader, approvalCard(requestId));
      const notice = await noticeSettled(id, 'sent');
      await sleep(1000);

      // The recipient: no card (refused), one text that names it and the way back, nothing typed in it.
      const got = h.sb.inbox(leader).slice(inboxBefore);
      expect(got.map((m) => m.msgType)).toEqual(['text']);
      expect(textOf(got[0]!)).toBe(
        `卡片「采购审批 #${requestId} · 单位领导班子集体决策」因格式问题未能发出(飞书拒收)。管理员已收到通知。请发送「待办」重新打开「我的待办」。`,
      );
      expect(textOf(got[0]!)).not.toContain('办公楼保洁服务');
      expect(got[0]!.uuid).toBe(notice.id);

      // The refused row: failed with the code and the hash of the card exactly as it was sent.
      const row = await rowOf(id);
      expect(row.status).toBe('failed');
      expect(row.errorCode).toBe(code);
      expect(row.cardHash).toBe(sha12(JSON.stringify(row.content)));
      expect(row.attempts).toBe(1);
      expect(await noticesOf(id)).toHaveLength(1);
      expect(notice).toMatchObject({
        kind: 'send',
        receiveIdType: 'open_id',
        receiveId: leader,
        msgType: 'text',
      });

      expect((await metric(`gps_cards_refused_total{code="${code}"}`)) - refusedBefore).toBe(1);
      expect((await metric('gps_relay_sends_total{result="permanent"}')) - permanentBefore).toBe(1);
      expect(h.logs.some((l) => l.includes('card refused as invalid') && l.includes(row.cardHash!))).toBe(
        true,
      );

      // The admins: what, to whom, why, the hash and that a notice went instead; no 重新发送 for it.
      const card = await failuresCard();
      // Its own entry: the markdown from its title to the next entry's divider.
      const from = card.indexOf(`采购审批 #${requestId} ·`);
      const entry = card.slice(from, card.indexOf('"tag":"hr"', from));
      expect(from).toBeGreaterThan(0);
      expect(entry).toContain(REASON[code]!);
      expect(entry).toContain(`飞书错误码:${code},卡片哈希:${row.cardHash}`);
      expect(entry).toContain('接收方已收到文字通知');
      expect(card).not.toContain(`"row":"${id}"`);
      expect(h.sb.errors().filter((e) => e.kind === 'bad_card')).toEqual([]);
    },
    60_000,
  );

  it('a refused update leaves the card as it was and answers under it with the notice', async () => {
    const leader = h.person('刘芳');
    const sent = await sendCard(leader, approvalCard(504));
    const card = await h.sb.waitFor(() => h.sb.inbox(leader).find((m) => m.msgType === 'interactive'));
    await h.sb.waitFor(async () => (await rowOf(sent)).status === 'sent');
    h.sb.refuse({ code: 230099, to: leader, api: 'patch', times: 1 });
    const patch = await h.db.transaction((tx) =>
      new OutboxWriter(tx).patch({ outboxId: sent }, approvalCard(504, { approved: true, text: '已同意' })),
    );
    await h.app.enqueueOutbox([patch]);
    const notice = await noticeSettled(patch, 'sent');
    await sleep(500);

    expect(notice).toMatchObject({ kind: 'reply', targetOutboxId: sent, msgType: 'text' });
    expect(h.sb.message(card.messageId)!.versions).toHaveLength(1);
    expect(JSON.stringify(h.sb.message(card.messageId)!.content)).not.toContain('已同意');
    const texts = h.sb.inbox(leader).filter((m) => m.msgType === 'text');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.parentId).toBe(card.messageId);
    // The way back is read from the new card: a decided approval has no buttons, so the main menu.
    expect(textOf(texts[0]!)).toBe(
      '卡片「采购审批 #504 · 单位领导班子集体决策」未能更新为最新内容(飞书拒收了新的卡片内容),原卡片显示的可能已过时。管理员已收到通知。请发送「菜单」打开主菜单,查看相关事项。',
    );
    expect((await rowOf(patch)).errorCode).toBe(230099);
  }, 30_000);

  it('a notice refused in turn fails like any text row: on the admins card, and nothing follows it', async () => {
    const leader = h.person('赵敏');
    const inboxBefore = h.sb.inbox(leader).length;
    // The card is refused as invalid, then its notice because the receiver left the availability.
    h.sb.refuse({ code: 230099, to: leader, times: 1 });
    h.sb.refuse({ code: 230013, to: leader, times: 1 });
    const id = await sendCard(leader, approvalCard(505));
    const notice = await noticeSettled(id, 'failed');
    await sleep(1500);

    expect(notice.errorCode).toBe(230013);
    expect(await noticesOf(notice.id)).toEqual([]);
    expect(h.sb.inbox(leader).length).toBe(inboxBefore);
    const card = await failuresCard();
    expect(card).toContain('改发的文字通知也未送达');
    expect(card).toContain('文本消息「卡片「采购审批 #505');
    expect(card).toContain('接收人不在应用的可用范围内');
  }, 30_000);
});

describe('relays that race, retry and die between their steps', () => {
  let h: Harness;
  let redis: Redis;
  let queue: Queue;
  beforeAll(async () => {
    // No workers: each run of the relay's job is called here, in the order a crash would leave them.
    h = await startHarness({ role: 'bot' });
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('outbox', { connection: redis, prefix: h.prefix });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await redis?.quit();
    await h?.stop();
  });
  const { rowOf, noticesOf } = helpers(() => h);

  it('two relays refused at once, a retry after the commit, a lost enqueue and a send lost before its commit: one notice arrives', async () => {
    const leader = h.person('黄海燕');
    const queued: string[][] = [];
    const deps = {
      db: h.app.db,
      feishu: h.app.feishu,
      logger: createLogger('silent'),
      redis,
      prefix: h.prefix,
      queues: { outbox: queue },
      now: h.now,
      metrics: h.app.metrics,
      // The process dies after its commit, before it queues the notice.
      enqueueOutbox: async (ids: string[]) => void queued.push(ids),
    } as unknown as JobDeps;
    const job = { id: 'test', token: 'test' } as never;
    const run = (outboxId: string) => outboxSend.process({ outboxId }, deps, job);
    const refused = () =>
      h.app.metrics.cardsRefused
        .get()
        .then((m) => m.values.find((v) => v.labels.code === '230099')?.value ?? 0);
    const refusedBefore = await refused();

    const id = await h.db.transaction((tx) =>
      new OutboxWriter(tx).send({ type: 'open_id', id: leader }, { card: approvalCard(601) }),
    );
    // Two relays take the same row at once; Feishu refuses the card to both.
    h.sb.refuse({ code: 230099, to: leader, times: 2 });
    const reqBefore = h.sb.stats().requests['POST /open-apis/im/v1/messages'] ?? 0;
    const raced = await Promise.all([run(id), run(id)]);
    const calls = (h.sb.stats().requests['POST /open-apis/im/v1/messages'] ?? 0) - reqBefore;
    console.log(`card-refused race: ${calls} of 2 runs reached Feishu before the other decided the row`);
    expect(raced.filter((r) => r === 'failed').length).toBeGreaterThanOrEqual(1);
    h.sb.reset(); // a refusal left unused (a run that found the row decided) answers nothing later
    const notices = await noticesOf(id);
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.status).toBe('pending');
    expect(queued).toEqual([[notice.id]]);

    // BullMQ retries the card's job (its first run died after the commit): nothing more.
    expect(await run(id)).toBe('already-done');
    expect(await noticesOf(id)).toHaveLength(1);

    // The enqueue was lost: the sweep finds the notice.
    queued.length = 0;
    await outboxSweep.process({ olderThanMs: 0 }, deps, job);
    expect(queued.flat()).toContain(notice.id);

    // The notice reaches Feishu and the process dies before marking it sent; its job runs again,
    // twice (the retry and the sweep's), and Feishu knows the uuid.
    expect((await deliver(notice, null, h.app.feishu)).kind).toBe('ok');
    await Promise.all([run(notice.id), run(notice.id)]);
    expect(await run(notice.id)).toBe('already-done');

    const inbox = h.sb.inbox(leader);
    expect(inbox.map((m) => m.msgType)).toEqual(['text']);
    expect(textOf(inbox[0]!)).toContain('采购审批 #601');
    expect(h.sb.stats().uuidDeduplicated).toBeGreaterThanOrEqual(1);
    expect((await rowOf(notice.id)).status).toBe('sent');
    expect((await rowOf(id)).status).toBe('failed');
    expect(await noticesOf(id)).toHaveLength(1);
    // Counted once, by the run that failed the row.
    expect((await refused()) - refusedBefore).toBe(1);
  }, 30_000);
});
