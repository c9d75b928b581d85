/**
 * 督查记录 (issue 25, point 2): the inspection rounds recorded so far, newest first, with who
 * recorded them and their findings open and closed: a contract's latest above its 登记督查 form, all
 * of them from 专项督查's 督查记录, paged by keyset with the count always shown, in the readers'
 * scope on every page. People without a reader role are refused and shown nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/domain/calendar';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = '2026-12-07';
let h: Harness;
let p: (name: string) => string;
let contractA: number;
let contractB: number;
/** The inspections of each contract, newest first. */
let ofA: number[];
let ofB: number[];

const text = (x: unknown) => JSON.stringify(x);
const pageValue = (card: unknown, label: '上一页' | '下一页') => {
  const m = new RegExp(
    `"content":"${label}"[^}]*\\},"type":"default","behaviors":\\[\\{"type":"callback","value":(\\{[^}]*\\})`,
  ).exec(text(card));
  return m ? (JSON.parse(m[1]!) as Record<string, unknown>) : undefined;
};
/** The inspection ids a card lists, read back from their (unique) 参加人员. */
const listed = (card: unknown) =>
  [...text(card).matchAll(/参加人员:何静、督查员(\d+)/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  h = await startHarness({ now: `${TODAY}T10:00:00+08:00` });
  p = h.person;
  contractA = (await createContract(h, { startsOn: '2026-01-01', endsOn: '2027-06-30' })).contract.id;
  contractB = (
    await createContract(h, {
      startsOn: '2026-01-01',
      endsOn: '2027-06-30',
      unitCode: 'enforcement',
      leader: '陈志强',
      assessors: ['刘芳'],
    })
  ).contract.id;
  const [hj] = await h.sql`select id from people where open_id = ${p('何静')}`;
  const [lxy] = await h.sql`select id from people where open_id = ${p('李秀英')}`;
  // 40 rounds, every fourth of the enforcement bureau's contract; each names its own id.
  for (let i = 0; i < 40; i++) {
    const [row] =
      await h.sql`insert into inspections (contract_id, inspected_on, participants, checked, created_by)
      values (${i % 4 === 3 ? contractB : contractA}, ${`2026-11-${String(1 + (i % 28)).padStart(2, '0')}`},
        '[]', '保洁作业现场', ${hj!.id}) returning id`;
    await h.sql`update inspections set participants = ${JSON.stringify(['何静', `督查员${row!.id}`])}::jsonb
      where id = ${row!.id}`;
  }
  const rows = await h.sql`select id, contract_id from inspections order by id desc`;
  ofA = rows.filter((r) => Number(r.contract_id) === contractA).map((r) => Number(r.id));
  ofB = rows.filter((r) => Number(r.contract_id) === contractB).map((r) => Number(r.id));
  // The newest of A found three problems: one open, one handed in, one closed.
  for (const status of ['open', 'submitted', 'closed'])
    await h.sql`insert into rectification_items (inspection_id, contract_id, finding, owner_id, due_on, severity, status)
      values (${ofA[0]!}, ${contractA}, ${`问题${status}`}, ${lxy!.id}, '2026-12-20', 'major', ${status})`;
}, 60_000);
afterAll(() => h.stop());

it("登记督查 shows the contract's latest rounds; 全部督查记录 pages through all of them", async () => {
  const hj = p('何静');
  const menu = await askMenu(h.sb, hj);
  await h.sb.click(hj, menu, '专项督查');
  const form = await h.sb.click(hj, menu, { a: 'inspection.form', contract: contractA });
  expect(titleOf(h.sb.message(menu.messageId))).toMatch(/^登记专项督查 · /);
  expect(text(form.card)).toContain(`本合同以往督查**(共 ${ofA.length} 次,以下为最近 5 次)`);
  expect(listed(form.card)).toEqual(ofA.slice(0, 5));
  expect(text(form.card)).toContain('登记人:何静');
  expect(text(form.card)).toContain('发现问题 3 项:未销号 2 项,已销号 1 项');
  expect(text(form.card)).toContain('未发现问题');

  const first = await h.sb.click(hj, menu, '全部督查记录');
  expect(titleOf(h.sb.message(menu.messageId))).toBe('督查记录');
  expect(text(first.card)).toContain(`督查记录共 ${ofA.length} 次,本页 20 次。`);
  expect(listed(first.card)).toEqual(ofA.slice(0, 20));
  expect(pageValue(first.card, '下一页')).toEqual({
    a: 'inspection.records',
    after: ofA[19],
    contract: contractA,
  });
  const second = await h.sb.click(hj, menu, '下一页');
  expect(listed(second.card)).toEqual(ofA.slice(20));
  expect(text(second.card)).toContain(`督查记录共 ${ofA.length} 次,本页 ${ofA.length - 20} 次。`);
  expect(pageValue(second.card, '下一页')).toBeUndefined();
  const back = await h.sb.click(hj, menu, '上一页');
  expect(listed(back.card)).toEqual(ofA.slice(0, 20));
  expect(pageValue(back.card, '上一页')).toBeUndefined();

  // A round recorded now comes first, with its findings.
  await h.sb.click(hj, menu, '登记督查');
  await h.sb.click(hj, menu, '登记督查', {
    inspected_on: `${TODAY} +0800`,
    participants: '何静、督查员0',
    checked: '保洁作业现场',
    finding_1: '楼道垃圾未及时清运',
    owner_1: p('李秀英'),
    due_1: `${addWorkingDays(TODAY, 5)} +0800`,
    severity_1: 'major',
  });
  const menu2 = await askMenu(h.sb, hj);
  await h.sb.click(hj, menu2, '专项督查');
  const again = await h.sb.click(hj, menu2, { a: 'inspection.form', contract: contractA });
  expect(text(again.card)).toContain(`共 ${ofA.length + 1} 次,以下为最近 5 次`);
  expect(text(again.card)).toContain(
    `**${TODAY} 督查**<br>登记人:何静 · 参加人员:何静、督查员0<br>发现问题 1 项:未销号 1 项,已销号 0 项`,
  );
  expect(listed(again.card)).toEqual([0, ...ofA.slice(0, 4)]);
}, 60_000);

it('专项督查 → 督查记录: every round the reader may see, the count on every page, 查看整改 per contract', async () => {
  const zy = p('郑毅');
  const menu = await askMenu(h.sb, zy);
  await h.sb.click(zy, menu, '专项督查');
  const r = await h.sb.click(zy, menu, '督查记录');
  const total = ofA.length + ofB.length + 1;
  expect(text(r.card)).toContain(`督查记录共 ${total} 次,本页 20 次。`);
  expect(text(r.card)).toContain('资产经营公司');
  expect(text(r.card)).toContain('综合行政执法局');
  expect(text(r.card)).toContain(`"a":"rectification.report","contract":${contractB}`);
  const seen = [...listed(r.card)];
  for (let i = 0; i < 5; i++) {
    const next = pageValue(h.sb.message(menu.messageId)!.content, '下一页');
    if (!next) break;
    expect(next).not.toHaveProperty('contract');
    seen.push(...listed((await h.sb.click(zy, menu, next)).card));
  }
  expect(seen).toEqual([0, ...[...ofA, ...ofB].sort((a, b) => b - a)]);
}, 60_000);

it("a unit's reader sees only its contracts' rounds, also from another reader's page value", async () => {
  const cz = p('陈志强');
  const menu = await askMenu(h.sb, cz);
  await h.sb.click(cz, menu, '专项督查');
  const r = await h.sb.click(cz, menu, '督查记录');
  expect(listed(r.card)).toEqual(ofB);
  expect(text(r.card)).toContain(`督查记录共 ${ofB.length} 次,本页 ${ofB.length} 次。`);
  expect(text(r.card)).not.toContain('资产经营公司');
  // 何静's page values: the edges of the zone's pages, and one of contract A's.
  for (const edge of [ofA[0]!, ofB[3]!, ofA[25]!]) {
    const page = await forgeCardCallback(h, cz, menu.messageId, { a: 'inspection.records', after: edge }, {});
    expect(listed(page.card)).toEqual(ofB.filter((id) => id < edge));
    expect(text(page.card)).toContain(`督查记录共 ${ofB.length} 次`);
    expect(text(page.card)).not.toContain('资产经营公司');
  }
  const before = await forgeCardCallback(
    h,
    cz,
    menu.messageId,
    { a: 'inspection.records', before: ofA.at(-1)! },
    {},
  );
  expect(listed(before.card)).toEqual(ofB.filter((id) => id > ofA.at(-1)!));
  for (const value of [
    { a: 'inspection.records', contract: contractA },
    { a: 'inspection.records', contract: contractA, after: ofA[19] },
  ]) {
    const denied = await forgeCardCallback(h, cz, menu.messageId, value, {});
    expect(denied.toast).toEqual({ type: 'error', content: '您无权查看该合同的督查整改情况' });
    expect(denied.card).toBeUndefined();
  }
  const own = await forgeCardCallback(
    h,
    cz,
    menu.messageId,
    { a: 'inspection.records', contract: contractB },
    {},
  );
  expect(listed(own.card)).toEqual(ofB);
  // A reader, not of the inspection team: no 登记督查 on the contract's records.
  expect(text(own.card)).not.toContain('"a":"inspection.form"');
}, 60_000);

it('people without a reader role are refused and shown nothing; a double click answers the same', async () => {
  const menu = await askMenu(h.sb, p('张伟'));
  h.sb.addUser({ openId: 'ou_nobody', name: '陌生人' });
  for (const who of [p('张伟'), p('孙丽'), 'ou_nobody'])
    for (const value of [
      { a: 'inspection.records' },
      { a: 'inspection.records', after: ofA[0] },
      { a: 'inspection.records', contract: contractA },
    ]) {
      const r = await forgeCardCallback(h, who, menu.messageId, value, {});
      expect(r.toast?.type, `${who} ${text(value)}`).toBe('error');
      expect(r.card).toBeUndefined();
    }
  const r = await forgeCardCallback(h, p('张伟'), menu.messageId, { a: 'inspection.records' }, {});
  expect(r.toast).toEqual({ type: 'error', content: '您无权查看专项督查' });
  const value = { a: 'inspection.records', after: ofA[0], contract: contractA };
  const [a, b] = await Promise.all([
    forgeCardCallback(h, p('何静'), menu.messageId, value, {}),
    forgeCardCallback(h, p('何静'), menu.messageId, value, {}),
  ]);
  expect(a.toast).toBeUndefined();
  expect(text(a.card)).toBe(text(b.card));
  expect(listed(a.card)).toEqual(ofA.slice(1, 21));
}, 60_000);
