/**
 * The inspector's replay (复算, issue 22 point 6) on the demo year: a whole year of one contract
 * played through the cards (warnings, the termination right kept, four quarterly settlements with
 * band deductions, the year end's ban, the savings). The replay agrees with it; then each planted
 * disagreement is named with its rows: a ban row deleted, a deduction changed in a settlement row,
 * a warning's message removed from the outbox, a score's audit row rewritten. The board's 复算核验
 * gives the same answer to a discipline officer, only over their units, and refuses anyone else;
 * `npm run audit:replay` prints Chinese and exits 0 on agreement, 1 with findings.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { DEMO_STORY_NOW } from '../../src/cli/demo-date';
import { playYear } from '../../src/cli/demo-year';
import { SIGNED_ON } from '../../src/cli/demo-year-import';
import { contractNumber } from '../../src/domain/contract-format';
import { NOT_DISCIPLINE } from '../../src/features/board/scope';
import { type ReplayResult, replay } from '../../src/features/replay';
import type { MessageView } from '../../src/sandbox';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { leaks } from '../unit/cli/leaks';

let h: Harness;
let contractId: number;
let no: string;
const UNIT_OFFICER = { openId: 'ou_replay_unit_officer', name: '执法局纪检员' };

beforeAll(async () => {
  // The demo's scenes name the dates of their story: they run on the story's date, as `npm run demo` does.
  h = await startHarness({ now: DEMO_STORY_NOW });
  contractId = await playYear(h.sb, () => {}, { db: h.db, enqueueOutbox: h.app.enqueueOutbox });
  no = contractNumber({ id: contractId, signedOn: SIGNED_ON });
  // A discipline officer of 综合行政执法局 only (the demo year's contract is the asset company's).
  const [officer] = await h.sql`insert into people (open_id, name, unit_id)
    values (${UNIT_OFFICER.openId}, ${UNIT_OFFICER.name}, (select id from units where code = 'enforcement')) returning id`;
  await h.sql`insert into role_grants (person_id, role, unit_id, granted_by)
    values (${officer!.id}, 'discipline', (select id from units where code = 'enforcement'), 'test')`;
  h.sb.addUser({ openId: UNIT_OFFICER.openId, name: UNIT_OFFICER.name });
  // Every message of the year handed to the relay, so the outbox holds what was sent.
  await h.sb.waitFor(
    async () =>
      Number((await h.sql`select count(*)::int as n from outbox where status = 'pending'`)[0]!.n) === 0 ||
      undefined,
  );
}, 240_000);
afterAll(() => h.stop());

const run = (): Promise<ReplayResult> => replay(h.db, { units: null, now: h.now() });
const count = (r: ReplayResult, label: string) => r.counts.find((c) => c.label === label);
const text = (x: unknown) => JSON.stringify(x);

async function openBoard(openId: string): Promise<MessageView> {
  const before = new Set(h.sb.inbox(openId).map((m) => m.messageId));
  await h.sb.say(openId, '看板');
  return h.sb.waitFor(() =>
    botCards(h.sb.inbox(openId)).find((m) => !before.has(m.messageId) && titleOf(m) === '纪检监察看板'),
  );
}

function cliRun(args: string[] = []) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    // The CLI runs on the test's pinned clock (as spawned apps do), not the machine's wall clock.
    const cli = ['--import', 'tsx', '--import', './test/helpers/pin-date.ts', 'src/cli/audit-replay.ts'];
    const child = spawn(process.execPath, [...cli, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: h.dbUrl, TEST_NOW: new Date().toISOString() },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Every line has Chinese, and nothing a developer would print. */
function expectChinese(out: string) {
  const lines = out.trim().split('\n');
  for (const line of lines) expect(line, line).toMatch(/[\u4e00-\u9fff]/);
  expect(out).not.toMatch(/\b(OK|FAIL|FAILED|failed|missing|mismatch|undefined|null|NaN)\b/);
  expect(leaks(out)).toEqual([]);
}

it('the demo year replays in agreement: every warning, the termination right, the ban, each deduction and saving', async () => {
  const r = await run();
  expect(r.findings).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.contracts).toBeGreaterThanOrEqual(1);
  // Four warnings (two runs below 80, the cumulative one, the year's average), one case, one ban,
  // four settlements, and the deductions recorded as savings.
  expect(count(r, '预警')).toEqual({ label: '预警', checked: 4, agreed: 4 });
  expect(count(r, '清退权')).toEqual({ label: '清退权', checked: 1, agreed: 1 });
  expect(count(r, '禁投')).toEqual({ label: '禁投', checked: 1, agreed: 1 });
  expect(count(r, '结算扣减')).toEqual({ label: '结算扣减', checked: 4, agreed: 4 });
  expect(count(r, '评分')).toEqual({ label: '评分', checked: 12, agreed: 12 });
  expect(count(r, '节约资金')!.checked).toBeGreaterThanOrEqual(8);
  for (const c of r.counts) expect(c.agreed, c.label).toBe(c.checked);
});

it('the board: a discipline officer gets the result card; the unit officer replays only their unit; others are refused', async () => {
  const zheng = h.person('郑毅');
  const board = await openBoard(zheng);
  const before = (
    await h.sql`select (select count(*)::int from audit_log) a, (select count(*)::int from outbox) o`
  )[0];
  const r = await h.sb.click(zheng, board.messageId, '复算核验');
  expect(r.toast).toBeUndefined();
  const card = text(r.card);
  expect(card).toContain('复算核验 · 一致');
  expect(card).toContain('全园区');
  expect(card).toContain('预警:复算 4 项,一致 4 项');
  expect(card).toContain('禁投:复算 1 项,一致 1 项');
  // Read-only: nothing written, nothing sent.
  expect(
    (await h.sql`select (select count(*)::int from audit_log) a, (select count(*)::int from outbox) o`)[0],
  ).toEqual(before);

  const unitBoard = await openBoard(UNIT_OFFICER.openId);
  const mine = text((await h.sb.click(UNIT_OFFICER.openId, unitBoard.messageId, '复算核验')).card);
  expect(mine).toContain('复算核验 · 一致');
  expect(mine).toContain('综合行政执法局');
  expect(mine).toContain('复算 0 份合同');
  expect(mine).not.toContain(no);

  h.sb.addUser({ openId: 'ou_replay_stranger', name: '路人' });
  for (const who of [h.person('孙丽'), h.person('张伟'), 'ou_replay_stranger']) {
    const refused = await forgeCardCallback(h, who, board.messageId, { a: 'board.replay' }, {});
    expect(refused.toast?.type).toBe('error');
    if (who !== 'ou_replay_stranger') expect(refused.toast).toMatchObject({ content: NOT_DISCIPLINE });
    expect((refused as { card?: unknown }).card).toBeUndefined();
  }
});

it('npm run audit:replay: Chinese, exit 0 on agreement', async () => {
  const ok = await cliRun();
  expect(ok.code, ok.out).toBe(0);
  expect(ok.out.trim().split('\n').at(-1)).toBe('复算核验:一致');
  expect(ok.out).toContain('预警:复算 4 项,一致 4 项');
  expectChinese(ok.out);
  const bad = await cliRun(['--unit', 'x']);
  expect(bad.code).toBe(2);
  expect(bad.out).toMatch(/^复算核验:无法完成 — /);
}, 60_000);

it('each planted disagreement is named with its rows', async () => {
  // (1) A ban row deleted (its flags first: they reference it).
  const [ban] = await h.sql`select id, year from vendor_bans`;
  const [banned] = await h.sql`select id from audit_log where action = 'vendor.banned'`;
  await h.sql`delete from ban_flags where ban_id = ${ban!.id}`;
  await h.sql`delete from vendor_bans where id = ${ban!.id}`;
  let r = await run();

  expect(r.findings).toContain(
    `禁投 昆山市洁美物业管理有限公司(资产经营公司保洁项目) ${ban!.year} 年:审计记录有,禁投表中没有(vendor_bans 无此行;audit_log #${banned!.id})`,
  );

  // (2) A deduction changed in a settlement row.
  const [st] =
    await h.sql`update settlements set deduction_fen = deduction_fen + 100, payable_fen = payable_fen - 100
    where contract_id = ${contractId} and period_label = '第二季度' returning id`;
  const [confirmed] =
    await h.sql`select id from audit_log where action = 'settlement.confirmed' and data->>'period' = '第二季度'`;
  r = await run();

  expect(r.findings).toContain(
    `结算 合同 ${no}「第二季度」:审计记录为扣减比例 10%,扣减 12,000.00元,应付 108,000.00元;结算表为扣减比例 10%,扣减 12,001.00元,应付 107,999.00元(settlements #${st!.id};audit_log #${confirmed!.id})`,
  );

  // (3) A warning's message removed from the outbox (the first one sent to the leader).
  const [warned] =
    await h.sql`select id from audit_log where action = 'threshold.warned' order by id limit 1`;
  const [msg] =
    await h.sql`select id from outbox where receive_id = ${h.person('王建国')} and msg_type = 'interactive'
    and content #>> '{header,title,content}' like '考核预警%' order by created_at, id limit 1`;
  await h.sql`delete from outbox where id = ${msg!.id}`;
  r = await run();

  expect(r.findings.join('\n')).toContain(
    `预警 合同 ${no} 连续低分预警(截至2025-03):审计记录有发出记录,发送记录中没有(outbox 无发给 1 个接收方的消息;audit_log #${warned!.id})`,
  );

  // (4) A score's audit row rewritten (the append-only trigger set aside, as a tamperer would).
  const [score] = await h.sql`select a.id, a.aggregate_id from audit_log a
    where a.action = 'score.recorded' and a.data->>'month' = '2025-05'`;
  await h.sql.begin(async (q) => {
    await q`alter table audit_log disable trigger user`;
    await q`update audit_log set data = jsonb_set(data, '{finalTenths}', '900') where id = ${score!.id}`;
    await q`alter table audit_log enable trigger user`;
  });
  r = await run();

  expect(r.findings).toContain(
    `评分 合同 ${no} 2025-05:审计记录为 90.0 分,评分表为 合同 ${no} 2025-05 76.0 分(monthly_scores #${score!.aggregate_id};audit_log #${score!.id})`,
  );
  // The earlier findings are still named.
  expect(r.findings.join('\n')).toContain('禁投表中没有');
  expect(r.findings.join('\n')).toContain(`settlements #${st!.id}`);
  expect(r.ok).toBe(false);

  const cli = await cliRun();
  expect(cli.code, cli.out).toBe(1);
  expect(cli.out).toContain('禁投表中没有');
  // The CLI replays as of its clock with the configured outbox retention (a message older than that
  // may have been pruned, so its absence is no finding): the same replay here, at the same clock.
  const atCliClock = await replay(h.db, {
    units: null,
    now: new Date(),
    retentionDays: loadConfig().retention.outboxRetentionDays,
  });
  expect(cli.out.trim().split('\n').at(-1)).toBe(`复算核验:发现 ${atCliClock.findings.length} 项不一致`);
  expectChinese(cli.out);
}, 60_000);
