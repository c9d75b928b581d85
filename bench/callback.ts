import type { MessageView } from '../src/sandbox';
import { startBenchStack } from './processes';
import { benchLine, percentile, pool } from './stats';

const CONCURRENCY = 50;
const ROUNDS = 8;
const PER_ROUND = 400;

/**
 * p50/p99 of a card click answered through our whole inbound path (signature, freshness, decrypt,
 * dedupe transaction, handler with its DB reads) against the floor (the SDK's EventDispatcher with a
 * constant toast), both in their own processes, at 50 concurrent clicks, in alternating rounds.
 */
export async function benchCallback(button = '我的角色', name = 'callback') {
  const s = await startBenchStack();
  s.sb.setEventUrl(s.botUrl);
  const cards: { user: string; card: MessageView }[] = [];
  for (const p of s.org.people) {
    await s.sb.say(p.open_id, '菜单');
    cards.push({ user: p.open_id, card: await s.sb.waitFor(() => s.sb.lastCard(p.open_id), 10_000) });
  }
  const samples = { ours: [] as number[], floor: [] as number[] };
  // Wall time of the recorded rounds on our side: clicks per second one bot process answers at this
  // concurrency (the sandbox, the bench and both processes share the machine's two cores).
  let oursMs = 0;
  const round = async (side: 'ours' | 'floor', n: number, record: boolean) => {
    s.sb.setEventUrl(side === 'ours' ? s.botUrl : s.floorUrl);
    const t0 = performance.now();
    await pool(n, CONCURRENCY, async (i) => {
      const c = cards[i % cards.length]!;
      const res = await s.sb.click(c.user, c.card, button);
      if (res.delivery.status !== 'ok') throw new Error(`click failed: ${JSON.stringify(res.delivery)}`);
      if (record) samples[side].push(res.delivery.latencyMs);
    });
    if (record && side === 'ours') oursMs += performance.now() - t0;
  };
  await round('floor', 200, false);
  await round('ours', 200, false);
  for (let r = 0; r < ROUNDS; r++) {
    await round('floor', PER_ROUND, true);
    await round('ours', PER_ROUND, true);
  }
  await s.stop();
  const f = (xs: number[], p: number) => percentile(xs, p);
  return benchLine(name, {
    clicks: samples.ours.length,
    concurrency: CONCURRENCY,
    p50_ms: f(samples.ours, 50),
    p99_ms: f(samples.ours, 99),
    floor_p50_ms: f(samples.floor, 50),
    floor_p99_ms: f(samples.floor, 99),
    ratio_p99: f(samples.ours, 99) / f(samples.floor, 99),
    clicks_per_s: samples.ours.length / (oursMs / 1000),
  });
}
