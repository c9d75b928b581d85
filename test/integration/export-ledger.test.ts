/**
 * The year's score ledger across contracts (导出考核台账 on the 合同态势 card): the zone's reader gets
 * every unit's rows, a unit's reader only that unit's (and the contracts naming them), a unit that is
 * not theirs is refused; the corrections and deductions are on the row.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/business-date';
import { TERM_STATUS_LABELS, termStatus } from '../../src/domain/contract-status';
import { p2pChatId } from '../../src/sandbox';
import { askMenu } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { exportAs, nextFile } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let asset: number;
let sanitation: number;
let itemName: string;
// The 合同态势 card offers this year's ledger.
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));
const HEADERS = [
  '合同编号',
  '单位',
  '供应商',
  '合同状态',
  '月份',
  '扣分明细',
  '扣分说明',
  '日常考核',
  '管理考核',
  '最终得分',
  '考核人',
  '录入时间',
  '更正次数',
  '更正前得分',
  '更正原因',
  '抽查评分（该月以此为准）',
  '应录入截止日',
  '首次录入日期',
  '录入情况',
];

async function score(contractId: number, month: string, tenths: number, by: string, deductions = '[]') {
  const [who] = await h.sql`select id from people where open_id = ${p(by)}`;
  await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    values (${contractId}, ${month}, ${deductions}::jsonb, ${tenths}, ${tenths}, ${tenths}, ${who!.id})`;
}

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  [asset, sanitation] = (
    await h.sql`select id from units where code in ('asset', 'sanitation') order by code`
  ).map((r) => Number(r.id)) as [number, number];
  const a = await createContract(h, {
    startsOn: `${YEAR - 1}-12-01`,
    endsOn: `${YEAR}-12-31`,
    unitCode: 'asset',
  });
  const s = await createContract(h, {
    startsOn: `${YEAR}-01-01`,
    endsOn: `${YEAR}-12-31`,
    unitCode: 'sanitation',
    leader: '赵敏',
    assessors: ['黄海燕'],
  });
  const [item] = a.contract.rubric;
  itemName = item!.name;
  for (const m of ['01', '02', '03']) await score(a.contract.id, `${YEAR}-${m}`, 900, '张伟');
  // March corrected: the old row stays, not current; the new one names it and gives a reason.
  const [old] =
    await h.sql`select id from monthly_scores where contract_id = ${a.contract.id} and month = ${`${YEAR}-03`}`;
  await h.sql`update monthly_scores set current = false where id = ${old!.id}`;
  const [who] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by, supersedes_id, correction_reason)
    values (${a.contract.id}, ${`${YEAR}-03`}, ${JSON.stringify([{ item: item!.key, tenths: 25, note: '地面有污渍' }])}::jsonb,
      875, 875, 875, ${who!.id}, ${old!.id}, '复核后更正')`;
  // A score of another year is not in this year's ledger.
  await score(a.contract.id, `${YEAR - 1}-12`, 880, '张伟');
  for (const m of ['01', '02']) await score(s.contract.id, `${YEAR}-${m}`, 820, '黄海燕');
  // Terminated from mid-year: its rows say so (the file is made on ${YEAR}-12-07).
  await h.sql`update contracts set status = 'terminating', ended_on = ${`${YEAR}-06-30`} where id = ${s.contract.id}`;
}, 60_000);
afterAll(() => h.stop());

it('the zone’s reader clicks 导出 on the 合同态势 card and gets every unit’s rows of the year', async () => {
  const before = h.sb.filesReceived(p('郑毅')).length;
  const menu = await askMenu(h.sb, p('郑毅'));
  await h.sb.click(p('郑毅'), menu, '合同态势');
  const r = await h.sb.click(p('郑毅'), menu, `导出${YEAR}年考核台账`);
  expect(r.toast).toMatchObject({ content: expect.stringContaining('私聊发送给您') });
  const f = await nextFile(h, '郑毅', before);
  expect(f.chatId).toBe(p2pChatId(p('郑毅')));
  const [sheet] = f.sheets;
  expect(sheet!.name).toBe('考核台账');
  expect(sheet!.frozenRows).toBe(1);
  expect(sheet!.rows[0]).toEqual(HEADERS);
  const data = sheet!.rows.slice(1);
  // The status on the day the file is made: 环卫所's contract terminated on 06-30 of this year.
  const today = shanghaiDate(new Date());
  const ended =
    TERM_STATUS_LABELS[
      termStatus({ startsOn: `${YEAR}-01-01`, endsOn: `${YEAR}-12-31`, terminatedOn: `${YEAR}-06-30` }, today)
    ];
  expect(ended).toBe(today >= `${YEAR}-06-30` ? '已终止' : '履行中');
  expect(data.map((row) => `${row[1]} ${row[3]} ${row[4]} ${row[9]}`)).toEqual([
    `资产经营公司 履行中 ${YEAR}-01 90`,
    `资产经营公司 履行中 ${YEAR}-02 90`,
    `资产经营公司 履行中 ${YEAR}-03 87.5`,
    `环卫所 ${ended} ${YEAR}-01 82`,
    `环卫所 ${ended} ${YEAR}-02 82`,
  ]);
  const march = data[2]!;
  expect(march[5]).toBe(`${itemName} -2.5`);
  // The assessor's note of the deduction is kept, with its item and points (issue 25, point 5).
  expect(march[6]).toBe(`${itemName} -2.5:地面有污渍`);
  expect(data[0]![6]).toBeNull(); // no deduction, no note
  expect(march[11]).toBeInstanceOf(Date);
  // Rows written straight into the table, as before due dates were stored: no 录入情况 to show.
  expect(march.slice(12, 16)).toEqual([1, 90, '复核后更正', null]);
  expect(march[16]).toBeNull();
  expect(march[17]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(march[18]).toBeNull();
  expect(data[0]![12]).toBe(0);
  expect(f.fileName).toContain('全园区');
}, 90_000);

it('a unit’s reader gets only that unit’s rows; another unit is refused and nothing is made', async () => {
  const before = h.sb.filesReceived(p('张伟')).length;
  const r = await exportAs(h, '张伟', { k: 'scores', year: YEAR });
  expect(r.toast?.type).not.toBe('error');
  const f = await nextFile(h, '张伟', before);
  const units = new Set(f.sheets[0]!.rows.slice(1).map((row) => row[1]));
  expect([...units]).toEqual(['资产经营公司']);
  expect(f.sheets[0]!.rows).toHaveLength(4);

  const rows = (await h.sql<{ n: number }[]>`select count(*)::int as n from exports`)[0]!.n;
  const refused = await exportAs(h, '张伟', { k: 'scores', year: YEAR, unit: sanitation });
  expect(refused.toast).toMatchObject({ type: 'error', content: expect.stringMatching(/无权/) });
  const after = (await h.sql<{ n: number }[]>`select count(*)::int as n from exports`)[0]!.n;
  expect(after).toBe(rows);

  const own = await exportAs(h, '黄海燕', { k: 'scores', year: YEAR, unit: sanitation });
  expect(own.toast?.type).not.toBe('error');
  expect(asset).not.toBe(sanitation);
}, 90_000);

it('a contract’s 考核台账 keeps each deduction’s note beside its item column; the chat shows the file’s Chinese name', async () => {
  const c = await createContract(h, {
    startsOn: `${YEAR}-01-01`,
    endsOn: `${YEAR}-12-31`,
    unitCode: 'asset',
  });
  const [first, second] = c.contract.rubric;
  const deductions = [
    { item: first!.key, tenths: 20, note: '楼道有垃圾' },
    { item: second!.key, tenths: 5, note: '' }, // no note: its points are in its column only
    { item: first!.key, tenths: 10, note: ' 缺岗1人 ' },
  ];
  await score(c.contract.id, `${YEAR}-01`, 965, '张伟', JSON.stringify(deductions));
  await score(c.contract.id, `${YEAR}-02`, 1000, '张伟');
  const before = h.sb.filesReceived(p('张伟')).length;
  await exportAs(h, '张伟', { k: 'scores', contract: c.contract.id });
  const f = await nextFile(h, '张伟', before);
  const rows = f.sheets[0]!.rows;
  const head = rows[0]!;
  const col = head.indexOf('扣分说明');
  // Right after the per-item columns, before the scores.
  expect(head[col - 1]).toBe(`扣分:${c.contract.rubric.at(-1)!.name}`);
  expect(head[col + 1]).toBe('日常考核');
  const notes = `${first!.name} -2.0:楼道有垃圾;${first!.name} -1.0:缺岗1人`;
  expect(rows[1]![head.indexOf(`扣分:${first!.name}`)]).toBe(3);
  expect(rows[1]![col]).toBe(notes);
  expect(rows[2]![col] ?? null).toBeNull();

  // The year's ledger writes the same text for the month.
  const yb = h.sb.filesReceived(p('张伟')).length;
  await exportAs(h, '张伟', { k: 'scores', year: YEAR });
  const ledger = (await nextFile(h, '张伟', yb)).sheets[0]!.rows;
  const number = rows[1]![0];
  const jan = ledger.find((r) => r[0] === number && r[4] === `${YEAR}-01`)!;
  expect(jan[ledger[0]!.indexOf('扣分说明')]).toBe(notes);

  // The file message in the chat carries the file's Chinese name, as Feishu shows it.
  const today = shanghaiDate(new Date());
  expect(f.fileName).toBe(`考核台账-${number}-${today}.xlsx`);
  const msg = h.sb.inbox(p('张伟')).find((m) => m.messageId === f.messageId)!;
  expect(msg.msgType).toBe('file');
  expect((msg as { file?: { name: string } }).file?.name).toBe(`考核台账-${number}-${today}.xlsx`);
}, 90_000);
