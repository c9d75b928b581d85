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
// The 合同态势 card offers this year's ledger.
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));
const HEADERS = [
  '合同编号',
  '单位',
  '供应商',
  '合同状态',
  '月份',
  '扣分明细',
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
  expect(data.map((row) => `${row[1]} ${row[3]} ${row[4]} ${row[8]}`)).toEqual([
    `资产经营公司 履行中 ${YEAR}-01 90`,
    `资产经营公司 履行中 ${YEAR}-02 90`,
    `资产经营公司 履行中 ${YEAR}-03 87.5`,
    `环卫所 ${ended} ${YEAR}-01 82`,
    `环卫所 ${ended} ${YEAR}-02 82`,
  ]);
  const march = data[2]!;
  expect(march[5]).toMatch(/ -2\.5$/);
  expect(march[10]).toBeInstanceOf(Date);
  // Rows written straight into the table, as before due dates were stored: no 录入情况 to show.
  expect(march.slice(11, 15)).toEqual([1, 90, '复核后更正', null]);
  expect(march[15]).toBeNull();
  expect(march[16]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(march[17]).toBeNull();
  expect(data[0]![11]).toBe(0);
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
