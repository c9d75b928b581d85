import type { Db } from '../src/db/client';
import { shanghaiDate } from '../src/domain/calendar';
import type { ClickResult, Sandbox } from '../src/sandbox';
import { fileRequest, type Leader } from './soak-seed';

/** Polls `fn` every `everyMs` until it returns something, or undefined at the deadline. */
export async function poll<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Starts `task` `perSecond` times a second without waiting for it (a steady arrival rate, whatever
 * the latency), at most `cap` in flight; a tick that finds the cap reached is counted as skipped.
 */
export function ticker(perSecond: number, cap: number, task: (n: number) => Promise<void>) {
  let n = 0;
  let inFlight = 0;
  let skipped = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const running = new Set<Promise<void>>();
  const timer = setInterval(() => {
    if (inFlight >= cap) {
      skipped++;
      return;
    }
    inFlight++;
    const p = task(n++)
      .catch((err) => {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(String(err).slice(0, 300));
      })
      .finally(() => {
        inFlight--;
        running.delete(p);
      });
    running.add(p);
  }, 1000 / perSecond);
  return {
    stats: () => ({ started: n, skipped, errors, firstErrors }),
    /** No new tasks; waits for those in flight, at most `timeoutMs`. */
    async stop(timeoutMs: number) {
      clearInterval(timer);
      await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, timeoutMs))]);
      return running.size;
    },
  };
}

type Outcome = { ok: number; timeout: number; error: number; latencies: number[] };
const outcome = (): Outcome => ({ ok: 0, timeout: 0, error: 0, latencies: [] });
function count(o: Outcome, res: ClickResult) {
  o[res.delivery.status]++;
  if (res.delivery.status === 'ok') o.latencies.push(res.delivery.latencyMs);
}

/**
 * Read-only clicks on each person's menu card: 我的角色 (a toast) three times in four, else 使用帮助
 * (the card becomes the help card), whose 返回主菜单 brings the menu back. One click per person at a
 * time, as one person clicks.
 */
export function menuClicker(sb: Sandbox, cards: { openId: string; messageId: string }[]) {
  const o = outcome();
  const busy = new Set<string>();
  let next = 0;
  let presses = 0;
  let noneFree = 0;
  /** The next person, round robin, who is not waiting for an earlier click. */
  function nextFree() {
    for (let i = 0; i < cards.length; i++) {
      const c = cards[(next + i) % cards.length]!;
      if (busy.has(c.openId)) continue;
      next = (next + i + 1) % cards.length;
      return c;
    }
    return undefined;
  }
  async function click() {
    const c = nextFree();
    if (!c) {
      noneFree++;
      return;
    }
    busy.add(c.openId);
    try {
      const shown = JSON.stringify(sb.message(c.messageId)?.content);
      const button = shown.includes('返回主菜单')
        ? '返回主菜单'
        : presses++ % 4 === 3
          ? '使用帮助'
          : '我的角色';
      count(o, await sb.click(c.openId, { messageId: c.messageId }, button));
    } finally {
      busy.delete(c.openId);
    }
  }
  return { click, stats: () => ({ ...o, noneFree }) };
}

/** People write to the bot (any text): each message is answered with the menu, as a reply through the outbox. */
export function messenger(sb: Sandbox, openIds: string[]) {
  const o = { ok: 0, timeout: 0, error: 0 };
  return {
    async say(n: number) {
      const res = await sb.say(openIds[n % openIds.length]!, `菜单 ${n}`);
      o[res.status]++;
    },
    stats: () => o,
  };
}

/**
 * One purchase filed and approved through its card: the request filed (its stage's card to the
 * leader in the outbox, handed to the relay), the card awaited in the leader's chat, 同意 clicked
 * with the meeting recorded. Every stage clicked is kept, to be checked against the database.
 */
export function approver(
  db: Db,
  sb: Sandbox,
  leaders: Leader[],
  filerId: number,
  enqueue: (ids: string[]) => Promise<void>,
  cardWaitMs: number,
) {
  const o = outcome();
  const clicked: { stageId: number; requestId: number }[] = [];
  const filed: number[] = [];
  let cardMissing = 0;
  const refusals: string[] = [];
  async function approve(n: number) {
    const leader = leaders[n % leaders.length]!;
    const { requestId, stageId, outboxIds } = await fileRequest(db, leader, filerId, n);
    filed.push(requestId);
    await enqueue(outboxIds);
    const needle = `"stage":${stageId}}`;
    const card = await poll(
      () => sb.inbox(leader.openId).find((m) => JSON.stringify(m.content).includes(needle)),
      cardWaitMs,
    );
    if (!card) {
      cardMissing++;
      return;
    }
    const form = { meeting_date: shanghaiDate(new Date()), minutes_no: `浸泡-${n}` };
    clicked.push({ stageId, requestId });
    const res = await sb.click(leader.openId, card, '同意', form);
    count(o, res);
    const toast = res.toast as { type?: string; content?: string } | undefined;
    if (res.delivery.status === 'ok' && toast?.type !== 'success' && refusals.length < 5)
      refusals.push(JSON.stringify(toast));
  }
  return { approve, clicked, filed, stats: () => ({ ...o, cardMissing, refusals }) };
}
