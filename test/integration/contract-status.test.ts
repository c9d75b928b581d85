/**
 * Contract status from the dates (issue 22, point 3), on 2026-12-07: a contract starting 2027-01-01
 * has not started, one that ended 2026-10-31 has expired, a termination counts from its date (the
 * date itself included) and not before. The contract card, the contract, settlement and inspection
 * lists show each one's status, and 合同态势 counts only the running ones.
 */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contracts, terminationCases, thresholdNotices } from '../../src/db/schema';
import { contractNumber } from '../../src/domain/contract-format';
import { askMenu } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
/** Contract number → the status the dates give on 2026-12-07. */
const expected = new Map<string, string>();
const ids = new Map<string, number>();
const vendors = new Map<string, string>();

beforeAll(async () => {
  h = await startHarness({ now: '2026-12-07T10:00:00+08:00' });
  p = h.person;
  const signed = async (status: string, startsOn: string, endsOn: string) => {
    const { contract, vendor } = await createContract(h, { unitCode: 'asset', startsOn, endsOn });
    const number = contractNumber(contract);
    expected.set(number, status);
    ids.set(number, contract.id);
    vendors.set(number, vendor.name);
    return contract;
  };
  const terminate = async (id: number, status: 'terminating' | 'terminated', endedOn: string) => {
    await h.db.update(contracts).set({ status, endedOn }).where(eq(contracts.id, id));
    await h.db.insert(terminationCases).values({
      contractId: id,
      rule: 'consecutive',
      months: ['2026-09', '2026-10'],
      status: 'started',
      endsOn: endedOn,
    });
  };

  await signed('未开始', '2027-01-01', '2027-12-31'); // the first example
  await signed('履行中', '2026-01-01', '2026-12-31');
  await signed('履行中', '2026-12-07', '2027-12-06'); // starts today
  await signed('履行中', '2025-12-08', '2026-12-07'); // ends today
  const expired = await signed('已到期', '2026-08-01', '2026-10-31'); // the second example
  // A warning still on file does not bring an expired contract back into the count.
  await h.db.insert(thresholdNotices).values({ contractId: expired.id, key: 'cumulative:3' });
  await terminate((await signed('已终止', '2026-01-01', '2026-12-31')).id, 'terminated', '2026-11-30');
  // Termination takes effect on its date: today, so terminated though its exit items are still open.
  await terminate((await signed('已终止', '2026-01-01', '2026-12-31')).id, 'terminating', '2026-12-07');
  // Termination started for a later date: still running until then (and counted as 可清退).
  await terminate((await signed('履行中', '2026-01-01', '2026-12-31')).id, 'terminating', '2026-12-20');
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);

/** The card's markdown blocks naming `number`, each with the status that follows it. */
function statusesIn(card: unknown, number: string): string[] {
  const found: string[] = [];
  const walk = (x: any) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (typeof x.content === 'string' && x.content.includes(number)) {
        const m = /(未开始|履行中|已到期|已终止)/g;
        found.push(...(x.content.match(m) ?? []));
      }
      Object.values(x).forEach(walk);
    }
  };
  walk(card);
  return found;
}

async function listCard(action: 'contract.list' | 'settlement.list' | 'inspection.list') {
  const menu = await askMenu(h.sb, p('郑毅'));
  return (await h.sb.click(p('郑毅'), menu.messageId, { a: action })).card;
}

/** The contract's card, opened from 合同管理 as a reader does. */
async function contractCard(number: string) {
  const menu = await askMenu(h.sb, p('郑毅'));
  await h.sb.click(p('郑毅'), menu.messageId, { a: 'contract.list' });
  return text(
    (await h.sb.click(p('郑毅'), menu.messageId, { a: 'contract.show', contract: ids.get(number)! })).card,
  );
}

it('the contract card shows the status the dates give', async () => {
  for (const [number, status] of expected) {
    const card = await contractCard(number);
    expect(card, number).toContain(`合同 ${number}`);
    expect(card.match(/状态:(未开始|履行中|已到期|已终止)/g), number).toEqual([`状态:${status}`]);
  }
  expect(await contractCard([...expected.keys()].at(-1)!)).toContain(
    '状态:履行中(已启动清退,2026-12-20 终止)',
  );
  expect(await contractCard([...expected.keys()].at(-3)!)).toContain('状态:已终止(2026-11-30 起)');
}, 60_000);

it.each(['contract.list', 'settlement.list', 'inspection.list'] as const)(
  '%s shows each contract with its status',
  async (action) => {
    const card = await listCard(action);
    for (const [number, status] of expected)
      expect(statusesIn(card, number), `${action} ${number}`).toEqual([status]);
  },
);

it('合同态势 counts only running contracts, and every contract by its status', async () => {
  const menu = await askMenu(h.sb, p('郑毅'));
  const card = (await h.sb.click(p('郑毅'), menu, '合同态势')).card as any;
  const t = text(card);
  const running = [...expected.values()].filter((s) => s === '履行中').length;
  expect(running).toBe(4);
  expect(t).toContain(`履行中合同 ${running} 份`);
  expect(t).toContain('正常 3 · 预警 0 · 可清退 1 · 禁投 0');
  expect(t).toContain('全部合同按状态:未开始 1 · 履行中 4 · 已到期 1 · 已终止 2');
  const [bar] = (card.body.elements as any[]).filter((e) => e.tag === 'chart');
  const drawn = (bar.chart_spec.data[0].values as any[]).reduce((n, v) => n + v.n, 0);
  expect(drawn).toBe(running);
});

it('月度考核 shows each assessed contract with its status', async () => {
  const menu = await askMenu(h.sb, p('张伟'));
  const card = (await h.sb.click(p('张伟'), menu.messageId, { a: 'score.list' })).card;
  // The list names a contract by its vendor (one vendor per contract here).
  for (const [number, status] of expected)
    expect(statusesIn(card, `${vendors.get(number)}**`), number).toEqual([status]);
});

it('the settlement card shows each contract’s term with its status', async () => {
  for (const [number, status] of expected) {
    const menu = await askMenu(h.sb, p('郑毅'));
    await h.sb.click(p('郑毅'), menu.messageId, { a: 'settlement.list' });
    const card = text(
      (await h.sb.click(p('郑毅'), menu.messageId, { a: 'settlement.show', contract: ids.get(number)! }))
        .card,
    );
    expect(card, number).toContain(number);
    expect(
      card.match(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}\((未开始|履行中|已到期|已终止)\)/g),
      number,
    ).toHaveLength(1);
    expect(card, number).toContain(`(${status})`);
  }
}, 60_000);
