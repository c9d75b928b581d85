import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { shanghaiDate } from '../../src/domain/business-date';
import { contractNumber } from '../../src/domain/contract-format';
import { bandOf } from '../../src/domain/score';
import { savingTotals } from '../../src/features/savings/ledger';
import { settlementReport } from '../../src/features/settlement/report';
import { p2pChatId } from '../../src/sandbox';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { exportAs, nextFile } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let asset: number;
let sanitation: number;
let contractId: number;
let number: string;
const GROUP = 'oc_export_group';
// The savings card opens on this year; its 导出台账 exports that year.
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  [asset, sanitation] = (
    await h.sql`select id from units where code in ('asset', 'sanitation') order by code`
  ).map((r) => Number(r.id)) as [number, number];
  const { contract } = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    unitCode: 'asset',
  });
  contractId = contract.id;
  number = contractNumber(contract);
  const schedule = [
    { label: '第一季度', dueOn: '2026-03-31', amountFen: '4500001' },
    { label: '第二季度', dueOn: '2026-06-30', amountFen: '4500000' },
  ];
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb where id = ${contractId}`;
  const [by] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  for (const [month, t] of [
    ['2026-01', 790],
    ['2026-02', 780],
    ['2026-03', 800],
  ] as const)
    await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
      values (${contractId}, ${month}, '[]', ${t}, ${t}, ${t}, ${by!.id})`;
  h.sb.addChat({
    chatId: GROUP,
    name: '导出测试群',
    members: h.org.people.map((x) => x.open_id),
    botIsMember: true,
  });
}, 60_000);
afterAll(() => h.stop());

const yuanOf = (fen: bigint) => Number(fen) / 100;

it('savings: the button on the card sends one file privately; its 合计 is the card total to the fen', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10_000_000_00n })), {
        minLength: 1,
        maxLength: 6,
      }),
      async (entries) => {
        await h.sql`delete from savings where year = ${YEAR}`;
        for (const [inAsset, fen] of entries)
          await h.sql`insert into savings (unit_id, year, cause, amount_fen, evidence, recorded_by)
            values (${inAsset ? asset : sanitation}, ${YEAR}, 'other', ${String(fen)}, '情况说明第1号', ${p('孙丽')})`;
        const before = h.sb.filesReceived(p('孙丽')).length;
        const menu = await askMenu(h.sb, p('孙丽'));
        await h.sb.click(p('孙丽'), menu, '节约资金');
        const r = await h.sb.click(p('孙丽'), menu, '导出台账');
        expect(r.toast).toMatchObject({ content: expect.stringContaining('私聊发送给您') });
        const f = await nextFile(h, '孙丽', before);
        expect(f.chatId).toBe(p2pChatId(p('孙丽')));
        const [sheet] = f.sheets;
        expect(sheet!.name).toBe('节约资金台账');
        expect(sheet!.frozenRows).toBe(1);
        expect(sheet!.rows[0]).toEqual([
          '单位',
          '登记时间',
          '节约原因',
          '金额',
          '金额大写',
          '依据',
          '登记人',
        ]);
        const data = sheet!.rows.slice(1, -1);
        expect(data).toHaveLength(entries.length);
        for (const row of data) {
          expect(row[1]).toBeInstanceOf(Date);
          expect(typeof row[3]).toBe('number');
        }
        const card = (await savingTotals(h.db, YEAR)).reduce((s, t) => s + t.totalFen, 0n);
        const total = sheet!.rows.at(-1)!;
        expect(total[0]).toBe('合计');
        expect(total[3]).toBe(yuanOf(card));
      },
    ),
    { numRuns: 3 },
  );
}, 120_000);

it('savings: a reader of one unit gets only that unit’s rows', async () => {
  // Its own rows in both units: what the property above left depends on its random draw (with none
  // in 资产经营公司 the export is empty and comes as a text, not a file).
  await h.sql`delete from savings where year = ${YEAR}`;
  for (const [unit, fen] of [
    [asset, '123456'],
    [asset, '700'],
    [sanitation, '9900'],
  ] as const)
    await h.sql`insert into savings (unit_id, year, cause, amount_fen, evidence, recorded_by)
      values (${unit}, ${YEAR}, 'other', ${fen}, '情况说明第2号', ${p('孙丽')})`;
  const before = h.sb.filesReceived(p('张伟')).length;
  const r = await exportAs(h, '张伟', { k: 'savings', year: YEAR });
  expect(r.toast?.type).not.toBe('error');
  const f = await nextFile(h, '张伟', before);
  const data = f.sheets[0]!.rows.slice(1, -1);
  const [{ n }] =
    (await h.sql`select count(*)::int as n from savings where year = ${YEAR} and unit_id = ${asset}`) as [
      { n: number },
    ];
  expect(n).toBe(2);
  expect(data).toHaveLength(n);
  const [{ name }] = (await h.sql`select name from units where id = ${asset}`) as [{ name: string }];
  for (const row of data) expect(row[0]).toBe(name);
}, 90_000);

it('settlements: the 合计 equals the rows settlementReport gives the card, to the fen', async () => {
  const before = h.sb.filesReceived(p('孙丽')).length;
  await exportAs(h, '孙丽', { k: 'settlements', contract: contractId });
  const f = await nextFile(h, '孙丽', before);
  expect(f.fileName).toMatch(/^结算台账-HT-2026-\d{4}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const sheet = f.sheets[0]!;
  expect(sheet.name).toBe('结算');
  expect(sheet.frozenRows).toBe(1);
  const report = (await settlementReport(h.db, contractId))!;
  expect(sheet.rows.slice(1, -1)).toHaveLength(report.rows.length);
  const sum = (pick: (r: (typeof report.rows)[number]) => bigint) =>
    report.rows.reduce((s, r) => s + pick(r), 0n);
  const total = sheet.rows.at(-1)!;
  expect(total[0]).toBe('合计');
  expect(total[6]).toBe(yuanOf(sum((r) => r.amountFen)));
  expect(total[8]).toBe(yuanOf(sum((r) => r.deductionFen)));
  expect(total[10]).toBe(yuanOf(sum((r) => r.payableFen)));
  expect(sheet.rows[1]![1]).toBeInstanceOf(Date);
}, 90_000);

it('scores and the audit trail: headers, rows and the chain heads; an empty trail says so, with 重新导出', async () => {
  const before = h.sb.filesReceived(p('孙丽')).length;
  const notices = () => botCards(h.sb.inbox(p('孙丽'))).filter((m) => titleOf(m) === '导出未完成');
  const noticesBefore = notices().length;
  await exportAs(h, '孙丽', { k: 'audit_trail', contract: contractId });
  const empty = await h.sb.waitFor(() => notices()[noticesBefore], 20_000);
  expect(JSON.stringify(empty.content)).toContain('没有可导出的数据');
  // The way on: 重新导出 opens the export menu for her roles now.
  const again = await h.sb.click(p('孙丽'), empty, '重新导出');
  expect(JSON.stringify(again.card)).toContain('export.request');
  for (const action of ['contract.signed', 'contract.noted'])
    await h.db.transaction((tx) =>
      appendAudit(tx, {
        aggregateType: 'contract',
        aggregateId: contractId,
        actor: 'test',
        action,
        data: { n: 1 },
      }),
    );
  await exportAs(h, '孙丽', { k: 'scores', contract: contractId });
  const scores = (await nextFile(h, '孙丽', before)).sheets[0]!;
  expect(scores.name).toBe('考核台账');
  expect(scores.rows.slice(1)).toHaveLength(3);
  expect(scores.rows[1]![scores.rows[0]!.indexOf('最终得分')]).toBe(79);
  // The contract's status on the day the file is made (2026-01-01 to 2026-12-31): 履行中 on the test
  // date 2026-12-07, 已到期 from 2027-01-01.
  const status = shanghaiDate(new Date()) > '2026-12-31' ? '已到期' : '履行中';
  expect(scores.rows.slice(1).map((r) => r[scores.rows[0]!.indexOf('合同状态')])).toEqual([
    status,
    status,
    status,
  ]);
  const asked = await exportAs(h, '孙丽', { k: 'audit_trail', contract: contractId });
  expect(asked.toast?.type).toBe('info');
  const trail = (await nextFile(h, '孙丽', before + 1)).sheets;
  expect(trail.map((s) => s.name)).toEqual(['审计记录', '链头']);
  expect(trail[0]!.rows.slice(1).map((r) => r[1])).toEqual([1, 2]);
  expect(trail[0]!.rows[1]![2]).toBeInstanceOf(Date);
  const [head] =
    await h.sql`select hash from audit_heads where aggregate_type = 'contract' and aggregate_id = ${String(contractId)}`;
  expect(trail[1]!.rows[1]).toEqual([`合同 ${number}`, 2, head!.hash]);
}, 90_000);

it('a double click makes one file; a second run of the job sends nothing more; both audit rows are written', async () => {
  const before = h.sb.filesReceived(p('孙丽')).length;
  const value = { k: 'spot_checks' as const, check: 999999 };
  const refused = await exportAs(h, '孙丽', value);
  expect(refused.toast).toMatchObject({ type: 'error', content: expect.stringContaining('不存在') });
  const key = JSON.stringify({ year: YEAR });
  const ids = async () =>
    (
      await h.sql`select id from exports where requested_by = ${p('孙丽')} and kind = 'savings' and params_key = ${key}`
    ).map((r) => String(r.id));
  const earlier = new Set(await ids());
  const menu = await askMenu(h.sb, p('孙丽'));
  const click = () =>
    forgeCardCallback(h, p('孙丽'), menu.messageId, { a: 'export.request', k: 'savings', year: YEAR }, {});
  const toasts = await Promise.all([click(), click()]);
  expect(toasts.map((t) => t.toast?.type)).toEqual(['info', 'info']);
  await nextFile(h, '孙丽', before);
  const fresh = (await ids()).filter((i) => !earlier.has(i));
  expect(fresh).toHaveLength(1);
  const rows = [{ id: fresh[0] }];
  const id = String(rows[0]!.id);
  const { buildExport } = await import('../../src/features/exports/build');
  expect(await buildExport({ db: h.app.db, feishu: undefined as never, now: () => new Date() }, id)).toEqual({
    status: 'skipped',
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(h.sb.filesReceived(p('孙丽'))).toHaveLength(before + 1);
  const audit =
    await h.sql`select action from audit_log where aggregate_type = 'export' and aggregate_id = ${id} order by seq`;
  expect(audit.map((a) => a.action)).toEqual(['export.requested', 'export.sent']);
}, 90_000);

it('a person without the role is refused in Chinese and no row is written', async () => {
  const [{ n: before }] = (await h.sql`select count(*)::int as n from exports`) as [{ n: number }];
  // 张伟 holds no finance, leadership or discipline role: the settlement is not his to read.
  const r = await exportAs(h, '张伟', { k: 'settlements', contract: contractId });
  expect(r.toast).toMatchObject({ type: 'error', content: '您无权查看该合同的结算' });
  const [{ n: after }] = (await h.sql`select count(*)::int as n from exports`) as [{ n: number }];
  expect(after).toBe(before);
}, 90_000);

it('a click on a group card: the toast says it goes privately, nothing is posted into the group', async () => {
  await h.sb.say(p('孙丽'), '', { chatId: GROUP, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() =>
    h.sb.inbox(p('孙丽')).find((m) => m.chatId === GROUP && m.sender === 'bot'),
  );
  const inGroup = () => h.sb.inbox(p('孙丽')).filter((m) => m.chatId === GROUP && m.sender === 'bot').length;
  const groupBefore = inGroup();
  const before = h.sb.filesReceived(p('孙丽')).length;
  const r = await forgeCardCallback(
    h,
    p('孙丽'),
    menu.messageId,
    { a: 'export.request', k: 'settlements', contract: contractId },
    {},
    GROUP,
  );
  expect(r.toast?.content).toContain('表格不会发到群里');
  const f = await nextFile(h, '孙丽', before);
  expect(f.chatId).toBe(p2pChatId(p('孙丽')));
  expect(inGroup()).toBe(groupBefore);
}, 90_000);

it('settlements: a confirmed period shows the band it was settled in, not 已确认, in the band column', async () => {
  const report = (await settlementReport(h.db, contractId))!;
  const bands = report.contract.clauses.deduction.bands;
  const q1 = report.rows[0]!;
  // January to March: 79.0, 78.0 and 80.0, an average of 79.0; Q2 has no score.
  expect(q1.scoreDisplay).toBe('79.0');
  const band = bandOf(bands, 790);
  expect(band.deductBp).toBeGreaterThan(0);
  const raw = (4500001n * BigInt(band.deductBp) + 5000n) / 10000n;
  await h.sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months, deduct_bp,
      raw_deduction_fen, deduction_fen, payable_fen, settled_by)
    values (${contractId}, '第一季度', 2026, 4500001, '["2026-01","2026-02","2026-03"]', ${band.deductBp},
      ${String(raw)}, ${String(raw)}, ${String(4500001n - raw)},
      (select id from people where open_id = ${p('孙丽')}))`;
  try {
    const before = h.sb.filesReceived(p('孙丽')).length;
    await exportAs(h, '孙丽', { k: 'settlements', contract: contractId });
    const sheet = (await nextFile(h, '孙丽', before)).sheets[0]!;
    const head = sheet.rows[0]!;
    const [first, second] = sheet.rows.slice(1);
    expect(first![head.indexOf('扣减档位')]).toBe(band.label);
    expect(first![head.indexOf('状态')]).toMatch(/^已确认\(孙丽 \d{4}-\d{2}-\d{2}\)$/);
    expect(second![head.indexOf('扣减档位')]).toBe('无评分');
  } finally {
    await h.sql`delete from settlements where contract_id = ${contractId}`;
  }
}, 90_000);
