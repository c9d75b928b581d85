/**
 * 抽查样本 and 整改事项 exports (issue 13): exact headers, one row per seeded row, real numbers and
 * dates, the header row frozen; a unit's reader gets only that unit's items; a person without the
 * role is refused in Chinese and no exports row is written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { loadPolicy } from '../../src/db/policy';
import { shanghaiDate, workingDaysBetween } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { readXlsx } from '../../src/xlsx';
import type { ReadCell } from '../../src/xlsx/types';
import { createContract } from '../helpers/contract';
import { exportAs } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let checkId: number;
let asset: { id: number; number: string; vendor: string };
let sanitation: { id: number; number: string; vendor: string };
const SEED = 'ab'.repeat(32);

const SAMPLE_HEADERS = [
  '抽查编号',
  '随机种子',
  '合同编号',
  '单位',
  '供应商',
  '月份',
  '考核人得分',
  '抽查得分',
  '差值',
  '超出容差',
  '抽查人',
  '抽查时间',
  '录入情况',
];
const RECTIFICATION_HEADERS = [
  '督查编号',
  '督查日期',
  '合同编号',
  '单位',
  '问题',
  '严重程度',
  '责任人',
  '整改期限',
  '状态',
  '销号确认人',
  '销号时间',
  '逾期工作日',
  '整改佐证',
  '来源',
  '重复发生',
];

const personId = async (name: string) =>
  Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);

async function score(contractId: number, month: string, tenths: number, by: number) {
  const [s] = await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths,
      management_tenths, final_tenths, entered_by)
    values (${contractId}, ${month}, '[]', ${tenths}, ${tenths}, ${tenths}, ${by}) returning id`;
  return Number(s!.id);
}

async function inspect(contractId: number, on: string, by: number) {
  const [i] =
    await h.sql`insert into inspections (contract_id, inspected_on, participants, checked, created_by)
    values (${contractId}, ${on}, '["何静","郑毅"]', '保洁作业现场', ${by}) returning id`;
  return Number(i!.id);
}

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const a = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31', unitCode: 'asset' });
  const s = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    unitCode: 'sanitation',
    leader: '赵敏',
    assessors: ['黄海燕'],
  });
  const head = (c: typeof a) => ({
    id: c.contract.id,
    number: contractNumber(c.contract),
    vendor: c.vendor.name,
  });
  [asset, sanitation] = [head(a), head(s)];
  const [zhang, huang, zheng, he, li] = await Promise.all(
    ['张伟', '黄海燕', '郑毅', '何静', '李秀英'].map(personId),
  );
  const a1 = await score(asset.id, '2026-01', 900, zhang!);
  const a2 = await score(asset.id, '2026-02', 850, zhang!);
  const s1 = await score(sanitation.id, '2026-01', 820, huang!);
  const policy = await loadPolicy(h.db);
  const [check] = await h.sql`insert into spot_checks (created_by, scope, sample_size, seed, seed_hash,
      policy_version, population, drawn_at)
    values (${zheng!}, '{"unitIds":null,"categories":null,"fromMonth":"2026-01","toMonth":"2026-02"}', 3,
      ${SEED}, 'h', ${policy.version}, 3, now()) returning id`;
  checkId = Number(check!.id);
  // The draw keys fix the sheet's order: checked over tolerance, unchecked, checked within it.
  await h.sql`insert into spot_check_samples (spot_check_id, score_id, contract_id, month, draw_key,
      assessor_final_tenths, checker_final_tenths, gap_tenths, exceeds_tolerance, checked_by, checked_at)
    values (${checkId}, ${a1}, ${asset.id}, '2026-01', 'k1', 900, 860, 40, true, ${zheng!}, '2026-03-05T01:30:00Z'),
      (${checkId}, ${a2}, ${asset.id}, '2026-02', 'k2', 850, null, null, null, null, null),
      (${checkId}, ${s1}, ${sanitation.id}, '2026-01', 'k3', 820, 815, 5, false, ${zheng!}, '2026-03-06T02:00:00Z')`;

  const ia = await inspect(asset.id, '2026-03-20', he!);
  const is = await inspect(sanitation.id, '2026-03-21', he!);
  await h.sql`insert into rectification_items (inspection_id, contract_id, finding, owner_id, due_on, severity,
      status, evidence, submitted_at, closed_at, closed_by)
    values (${ia}, ${asset.id}, '楼道垃圾未及时清运', ${li!}, '2026-04-10', 'major', 'open', null, null, null, null),
      (${ia}, ${asset.id}, '作业人员未按规定着装', ${zhang!}, '2026-04-05', 'minor', 'closed', '整改照片2张',
        null, '2026-04-03T08:00:00Z', ${he!}),
      (${ia}, ${asset.id}, '绿化带杂物未清理', ${zhang!}, '2026-04-08', 'minor', 'closed', '清理记录',
        '2026-04-14T02:00:00Z', '2026-04-15T03:00:00Z', ${he!}),
      (${is}, ${sanitation.id}, '垃圾桶破损未更换', ${huang!}, '2026-04-15', 'critical', 'submitted', '更换记录',
        '2026-04-20T02:00:00Z', null, null)`;
}, 60_000);
afterAll(() => h.stop());

/** Clicks 导出 as `who` and reads the file that comes back. */
async function exported(who: string, value: Record<string, unknown>) {
  const before = h.sb.filesReceived(p(who)).length;
  const r = await exportAs(h, who, value);
  expect(r.toast?.type, r.toast?.content).toBe('info');
  const f = await h.sb.waitFor(() => h.sb.filesReceived(p(who))[before], 60_000);
  const sheets = await readXlsx(f.bytes);
  expect(sheets).toHaveLength(1);
  return sheets[0]!;
}

/** A row with its trailing empty cells, which the reader leaves off, put back. */
const full = (row: ReadCell[], width: number) => [...row, ...Array(width - row.length).fill(null)];

const exportCount = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from exports`)[0]!.n;

it('抽查样本: headers, one row per sample, scores as numbers, the check time as a date', async () => {
  const sheet = await exported('郑毅', { k: 'spot_checks', check: checkId });
  expect(sheet.name).toBe('抽查样本');
  expect(sheet.frozenRows).toBe(1);
  expect(sheet.rows[0]).toEqual(SAMPLE_HEADERS);
  const data = sheet.rows.slice(1).map((r) => full(r, SAMPLE_HEADERS.length));
  const [{ n }] = (await h.sql`select count(*)::int as n from spot_check_samples
    where spot_check_id = ${checkId}`) as [{ n: number }];
  expect(data).toHaveLength(n);
  // Date cells read back with the Shanghai wall-clock time in their UTC fields: 01:30Z is 09:30.
  expect(data[0]).toEqual([
    checkId,
    SEED,
    asset.number,
    '资产经营公司',
    asset.vendor,
    '2026-01',
    90,
    86,
    4,
    '是',
    '郑毅',
    new Date('2026-03-05T09:30:00Z'),
    null, // a score written straight into the table, as before due dates were stored
  ]);
  expect(data[1]).toEqual([
    checkId,
    SEED,
    asset.number,
    '资产经营公司',
    asset.vendor,
    '2026-02',
    85,
    null,
    null,
    '未抽查',
    null,
    null,
    null,
  ]);
  expect(data[2]!.slice(2, 11)).toEqual([
    sanitation.number,
    '环卫所',
    sanitation.vendor,
    '2026-01',
    82,
    81.5,
    0.5,
    '否',
    '郑毅',
  ]);
  expect(data[2]![11]).toBeInstanceOf(Date);
  for (const row of data) {
    expect(typeof row[0]).toBe('number');
    expect(typeof row[6]).toBe('number');
  }
}, 90_000);

it('抽查样本: a person who may not spot-check is refused in Chinese and no row is written', async () => {
  const before = await exportCount();
  const r = await exportAs(h, '张伟', { k: 'spot_checks', check: checkId });
  expect(r.toast).toMatchObject({ type: 'error', content: '抽查仅限纪检监察和财政部门人员' });
  expect(await exportCount()).toBe(before);
}, 90_000);

it('整改事项 of one contract: headers, its items only, dates as dates, owner, deadline and status', async () => {
  const sheet = await exported('何静', { k: 'rectifications', contract: asset.id });
  expect(sheet.name).toBe('整改事项');
  expect(sheet.frozenRows).toBe(1);
  expect(sheet.rows[0]).toEqual(RECTIFICATION_HEADERS);
  const data = sheet.rows.slice(1).map((r) => full(r, RECTIFICATION_HEADERS.length));
  const [{ n }] = (await h.sql`select count(*)::int as n from rectification_items
    where contract_id = ${asset.id}`) as [{ n: number }];
  expect(data).toHaveLength(n);
  const [{ id: inspectionId }] = (await h.sql`select id::int from inspections
    where contract_id = ${asset.id}`) as [{ id: number }];
  // Days overdue are working days after the deadline (as the 整改情况 card counts them): up to today
  // for an item not handed in, up to the owner's submission otherwise (closed on time: 0).
  const today = shanghaiDate(new Date());
  expect(data[0]).toEqual([
    inspectionId,
    new Date('2026-03-20T00:00:00Z'),
    asset.number,
    '资产经营公司',
    '楼道垃圾未及时清运',
    '较重',
    '李秀英',
    new Date('2026-04-10T00:00:00Z'),
    '整改中',
    null,
    null,
    workingDaysBetween('2026-04-10', today),
    null,
    '专项督查',
    0,
  ]);
  expect(data[0]![11]).toBeGreaterThan(100);
  // Closed: who of the inspection team confirmed it and when.
  expect(data[1]).toEqual([
    inspectionId,
    new Date('2026-03-20T00:00:00Z'),
    asset.number,
    '资产经营公司',
    '作业人员未按规定着装',
    '一般',
    '张伟',
    new Date('2026-04-05T00:00:00Z'),
    '已销号',
    '何静',
    new Date('2026-04-03T16:00:00Z'),
    0,
    '整改照片2张',
    '专项督查',
    0,
  ]);
  // Handed in on Tuesday 04-14 against Wednesday 04-08's deadline: 04-09, 04-10, 04-13, 04-14.
  expect(data[2]!.slice(8, 12)).toEqual(['已销号', '何静', new Date('2026-04-15T11:00:00Z'), 4]);
}, 90_000);

it('整改事项 without a contract: the zone team gets every item, a unit’s leadership only its unit’s', async () => {
  const all = await exported('何静', { k: 'rectifications' });
  expect(all.rows[0]).toEqual(RECTIFICATION_HEADERS);
  const [{ n }] = (await h.sql`select count(*)::int as n from rectification_items`) as [{ n: number }];
  expect(all.rows.slice(1)).toHaveLength(n);
  const byUnit = async (contractId: number) =>
    (
      (await h.sql`select count(*)::int as n from rectification_items where contract_id = ${contractId}`) as [
        { n: number },
      ]
    )[0].n;

  const wang = (await exported('王建国', { k: 'rectifications' })).rows.slice(1);
  expect(wang).toHaveLength(await byUnit(asset.id));
  expect(new Set(wang.map((r) => r[3]))).toEqual(new Set(['资产经营公司']));

  const zhao = (await exported('赵敏', { k: 'rectifications' })).rows.slice(1);
  expect(zhao).toHaveLength(await byUnit(sanitation.id));
  expect(full(zhao[0]!, RECTIFICATION_HEADERS.length).slice(2, 12)).toEqual([
    sanitation.number,
    '环卫所',
    '垃圾桶破损未更换',
    '严重',
    '黄海燕',
    new Date('2026-04-15T00:00:00Z'),
    '待督查小组确认',
    null, // not closed: nobody confirmed it yet
    null,
    3, // submitted Monday 04-20 against Wednesday 04-15's deadline: 04-16, 04-17, 04-20
  ]);
}, 120_000);

it('整改事项: another unit’s contract and a person without the role are refused; no row is written', async () => {
  const before = await exportCount();
  const other = await exportAs(h, '赵敏', { k: 'rectifications', contract: asset.id });
  expect(other.toast).toMatchObject({ type: 'error', content: '您无权查看该合同的督查整改情况' });
  // Finance holds a zone role, but not one that reads inspections.
  const none = await exportAs(h, '孙丽', { k: 'rectifications' });
  expect(none.toast).toMatchObject({ type: 'error', content: '您无权查看专项督查' });
  expect(await exportCount()).toBe(before);
}, 90_000);

/** A contract, score, item or vendor shown by its row id, as issue 22 (point 4) forbids. */
const BARE_IDS: [what: string, pattern: RegExp][] = [
  ['a contract by its row id', /合同\s*#\s*\d/],
  ['a score by its row id', /(成绩|考核记录)\s*#/],
  ['a vendor by its row id', /供应商\s*#/],
  ['a rectification item by its row id', /整改\s*#\s*\d/],
  ['a procurement by its row id', /采购记录\s*#/],
];

it('every export names a contract by its number (HT-YYYY-NNNN) and nothing by a row id', async () => {
  const year = 2026;
  // A paid period with its deduction saved, so the settlement and savings sheets have rows.
  await h.sql`update contracts set payment_schedule =
    '[{"label":"第1期","dueOn":"2026-03-31","amountFen":"1500000"}]'::jsonb where id = ${asset.id}`;
  const [st] =
    await h.sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months,
      deduct_bp, raw_deduction_fen, deduction_fen, payable_fen)
    values (${asset.id}, '第1期', 2026, 1500000, '["2026-01","2026-02"]', 100, 15000, 15000, 1485000)
    returning id, (select unit_id from contracts where id = ${asset.id}) as unit_id`;
  await h.sql`insert into savings (unit_id, year, cause, amount_fen, evidence, contract_id, settlement_id, recorded_by)
    values (${st!.unit_id}, 2026, 'deduction', 15000, '考核扣款', ${asset.id}, ${st!.id}, 'test')`;
  // One audit row on the contract, so its trail has a link to export.
  await h.db.transaction((tx) =>
    appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: asset.id,
      actor: p('张伟'),
      action: 'contract.signed',
      data: { requestId: 1 },
      at: new Date(),
    }),
  );
  const asks: Record<string, unknown>[] = [
    { k: 'scores', contract: asset.id },
    { k: 'scores', year },
    { k: 'settlements', contract: asset.id },
    { k: 'savings', year },
    { k: 'spot_checks', check: checkId },
    { k: 'rectifications' },
    { k: 'audit_trail', contract: asset.id },
  ];
  for (const ask of asks) {
    const before = h.sb.filesReceived(p('郑毅')).length;
    const r = await exportAs(h, '郑毅', ask);
    expect(r.toast?.type, `${JSON.stringify(ask)}: ${r.toast?.content}`).toBe('info');
    const f = await h.sb
      .waitFor(() => h.sb.filesReceived(p('郑毅'))[before], 60_000)
      .catch(async () => {
        const [row] = await h.sql`select status, error from exports order by requested_at desc limit 1`;
        throw new Error(`${JSON.stringify(ask)}: no file (${row?.status}: ${row?.error})`);
      });
    for (const sheet of await readXlsx(f.bytes)) {
      const cells = sheet.rows.flat().map((c) => (c === null || c === undefined ? '' : String(c)));
      for (const [what, pattern] of BARE_IDS)
        expect(
          cells.filter((c) => pattern.test(c)),
          `${JSON.stringify(ask)} ${sheet.name}: ${what}`,
        ).toEqual([]);
      // A column headed 合同编号 holds contract numbers only.
      const header = sheet.rows[0] ?? [];
      const col = header.indexOf('合同编号');
      if (col < 0) continue;
      const numbers = sheet.rows.slice(1).map((row) => row[col]);
      expect(numbers.length, `${sheet.name} has rows`).toBeGreaterThan(0);
      for (const n of numbers) expect(String(n), sheet.name).toMatch(/^HT-\d{4}-\d{4}$/);
    }
  }
}, 120_000);
