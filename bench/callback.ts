import { createServer } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { MessageView } from '../src/sandbox';
import { startHarness } from '../test/helpers/harness';
import { benchLine, percentile, pool } from './stats';

const CONCURRENCY = 50;
const ROUNDS = 4;
const PER_ROUND = 300;

/** The floor: the SDK's own EventDispatcher answering a constant toast, over the same HTTP path. */
async function startFloor(encryptKey: string, verificationToken: string) {
  const dispatcher = new lark.EventDispatcher({
    encryptKey,
    verificationToken,
    logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
  }).register({ 'card.action.trigger': async () => ({ toast: { type: 'info', content: '收到' } }) } as never);
  const server = createServer(lark.adaptDefault('/feishu/events', dispatcher, { autoChallenge: true }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/feishu/events`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * p50/p99 of a card click answered through our whole inbound path (signature, decrypt, dedupe
 * transaction, handler, DB reads) against the floor, both at 50 concurrent clicks, alternating rounds.
 */
export async function benchCallback(handlerButton = '我的角色', name = 'callback') {
  const h = await startHarness();
  const botUrl = `http://127.0.0.1:${h.app.port}/feishu/events`;
  const floor = await startFloor(h.sb.encryptKey!, h.sb.verificationToken);
  const cards: { user: string; card: MessageView }[] = [];
  for (const p of h.org.people) {
    await h.sb.say(p.open_id, '菜单');
    cards.push({ user: p.open_id, card: await h.sb.waitFor(() => h.sb.lastCard(p.open_id), 10_000) });
  }
  const samples = { ours: [] as number[], floor: [] as number[] };
  const round = async (side: 'ours' | 'floor', n: number, record: boolean) => {
    h.sb.setEventUrl(side === 'ours' ? botUrl : floor.url);
    await pool(n, CONCURRENCY, async (i) => {
      const c = cards[i % cards.length]!;
      const res = await h.sb.click(c.user, c.card, handlerButton);
      if (res.delivery.status !== 'ok') throw new Error(`click failed: ${JSON.stringify(res.delivery)}`);
      if (record) samples[side].push(res.delivery.latencyMs);
    });
  };
  await round('floor', 200, false);
  await round('ours', 200, false);
  for (let r = 0; r < ROUNDS; r++) {
    await round('floor', PER_ROUND, true);
    await round('ours', PER_ROUND, true);
  }
  await floor.close();
  await h.stop();
  const f = (xs: number[], p: number) => percentile(xs, p);
  return benchLine(name, {
    clicks: samples.ours.length,
    concurrency: CONCURRENCY,
    p50_ms: f(samples.ours, 50),
    p99_ms: f(samples.ours, 99),
    floor_p50_ms: f(samples.floor, 50),
    floor_p99_ms: f(samples.floor, 99),
    ratio_p99: f(samples.ours, 99) / f(samples.floor, 99),
  });
}
