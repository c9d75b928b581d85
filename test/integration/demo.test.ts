import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify';
import { playContracts } from '../../src/cli/demo-contracts';
import { DEMO_STORY_START } from '../../src/cli/demo-date';
import { playLoopClosing } from '../../src/cli/demo-loop';
import { scenePhoto } from '../../src/cli/demo-photo';
import { playQuarter } from '../../src/cli/demo-quarter';
import { playDemo, playPurchases } from '../../src/cli/demo-script';
import { playYear } from '../../src/cli/demo-year';
import { replay } from '../../src/features/replay';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL, testPrefix } from '../helpers/redis';
import { leaks } from '../unit/cli/leaks';

let h: Harness;
/** Last year's contract, played by the year scene and closed by the loop-closing scene. */
let yearContract: number;
/** Every scene's transcript, checked at the end for what people should never have to read. */
const transcript: string[] = [];
const keep = (lines: string[]) => (l: string) => {
  lines.push(l);
  transcript.push(l);
};
beforeAll(async () => {
  // The demo's script names the dates of its story: it runs on the story's clock, as `npm run demo`
  // does, from where the story starts; its scenes move the clock on (demo-date.ts).
  h = await startHarness({ now: DEMO_STORY_START });
});
afterAll(() => h.stop());

it('npm run demo: purchases, procurement, contract and the first monthly scores, all through the cards', async () => {
  const lines: string[] = [];
  const print = keep(lines);
  await playDemo(h.sb, print);
  const at = (iso: string) => h.clock.set(iso);
  await playPurchases(h.sb, print, at);
  await playContracts(h.sb, print, at);

  const [contract] = await h.sql`
    select c.amount_fen::text as amount, c.starts_on, c.ends_on, c.policy_version, v.name as vendor, p.method
    from contracts c join vendors v on v.id = c.vendor_id join procurements p on p.id = c.procurement_id`;
  expect(contract).toMatchObject({
    amount: '19500000',
    starts_on: '2026-09-01',
    ends_on: '2027-08-31',
    policy_version: 5,
    vendor: '昆山市安泰保安服务有限公司',
    method: 'competitive_consultation',
  });
  const scores = await h.sql`select month, final_tenths from monthly_scores where current order by month`;
  // 2026-09: daily 98.0 × 60% + management 92.0 × 40% = 95.6; 2026-10: 100 × 60% + 95 × 40% = 98.0
  expect(scores.map((s) => [s.month, s.final_tenths])).toEqual([
    ['2026-09', 956],
    ['2026-10', 980],
  ]);
  // The mistyped credit code was refused in the card, and the corrected one accepted.
  expect(lines.join('\n')).toContain('统一社会信用代码校验位(第18位)不符');
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
}, 60_000);

it('npm run demo: a whole year of one contract, from warnings to the ban and the savings total', async () => {
  const lines: string[] = [];
  yearContract = await playYear(h.sb, keep(lines), { db: h.db, enqueueOutbox: h.app.enqueueOutbox });
  const summary = lines.slice(lines.findIndex((l) => l.includes('2025年度小结'))).join('\n');
  expect(summary).toContain(
    '预警:连续低分预警(截至2025-03)、连续低分预警(截至2025-05)、累计低分预警(已2个月)、年度平均分预警(2025年)',
  );
  expect(summary).toContain('决定:继续履约');
  // Quarters of 120,000.00: 85.7 → 2 %, 78.0 → 10 %, 87.0 → 2 %, 86.7 → 2 %.
  expect(summary).toContain('第二季度结算:扣减 10% 即 12,000.00元,应付 108,000.00元');
  expect(summary).toContain('2025年度考核平均分84.3分,低于85分,2026年度不得参与该项目投标');
  expect(summary).toContain('2025年全园区节约资金合计:19,200.00元');
  // The leader's decision card came once, and the unit leadership heard of the ban once.
  const titled = (name: string, text: string) =>
    h.sb.inbox(h.person(name)).filter((m) => JSON.stringify(m.content).includes(text)).length;
  expect(titled('王建国', '清退决策 · ')).toBe(1);
  expect(titled('李秀英', '禁投')).toBe(1);
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
}, 120_000);

it('npm run demo: closing the loop on last year: a spot check with a gap, an inspection, the settlement audit', async () => {
  const lines: string[] = [];
  const deps = { db: h.db, enqueueOutbox: h.app.enqueueOutbox, contractId: yearContract, now: h.now };
  const cases = () => h.sql`select id, status from termination_cases where contract_id = ${yearContract}`;
  const casesBefore = await cases();
  await playLoopClosing(h.sb, keep(lines), deps);
  // The scene's checker score adds no month below 80: no new termination right on a finished contract.
  expect(await cases()).toEqual(casesBefore);
  const text = (x: unknown) => JSON.stringify(x);
  const cards = (name: string, has: string) =>
    h.sb.inbox(h.person(name)).filter((m) => m.sender === 'bot' && text(m.content).includes(has));

  // The spot check: drawn from the year's 12 assessments, 4 sampled, one scored with a gap above
  // the tolerance and flagged once to the unit leadership and discipline inspection.
  const [check] = await h.sql`select id, seed_hash, population, drawn_at from spot_checks`;
  expect(check).toMatchObject({ population: 12 });
  expect(check!.drawn_at).not.toBeNull();
  expect(lines.join('\n')).toContain(check!.seed_hash as string);
  const samples = await h.sql`select month, contract_id, gap_tenths, exceeds_tolerance, flagged_at
    from spot_check_samples where spot_check_id = ${check!.id}`;
  expect(samples).toHaveLength(4);
  expect(samples.every((s) => Number(s.contract_id) === yearContract)).toBe(true);
  const flagged = samples.filter((s) => s.exceeds_tolerance);
  expect(flagged).toHaveLength(1);
  expect(flagged[0]!.gap_tenths).toBeGreaterThan(50);
  expect(flagged[0]!.flagged_at).not.toBeNull();
  const flagTitle = `抽查差距超出容差 · ${flagged[0]!.month}`;
  for (const who of ['王建国', '李秀英', '郑毅']) expect(cards(who, flagTitle), who).toHaveLength(1);
  expect(lines.join('\n')).toContain(flagTitle);

  // The inspection: two items, one closed with the photo (its hash), one open, chased and escalated
  // once to the contract's responsible leader.
  const inspections = await h.sql`select id from inspections where contract_id = ${yearContract}`;
  expect(inspections).toHaveLength(1);
  const items = await h.sql`select i.id, i.status, p.name as owner from rectification_items i
    join people p on p.id = i.owner_id order by i.id`;
  expect(items.map((i) => [i.owner, i.status])).toEqual([
    ['李秀英', 'closed'],
    ['张伟', 'open'],
  ]);
  const images = await h.sql`select item_id, sha256 from evidence_images`;
  expect(images).toEqual([
    { item_id: String(items[0]!.id), sha256: createHash('sha256').update(scenePhoto()).digest('hex') },
  ]);
  const chases = await h.sql`select item_id, kind from rectification_chases order by kind`;
  expect(chases.map((c) => [Number(c.item_id), c.kind])).toEqual([
    [Number(items[1]!.id), 'escalate'],
    [Number(items[1]!.id), 'remind'],
  ]);
  const escalated = cards('王建国', '【督办】');
  expect(escalated).toHaveLength(1);
  expect(text(escalated[0]!.content)).toContain('作业人员未按规定着装');
  expect(cards('何静', '督查问题整改情况报告').length).toBeGreaterThan(0);

  // The settlement audit, with its risks and the rows behind them.
  const [audit] = cards('孙丽', '结算审计 ').filter((m) => text(m.content).includes('发现的风险'));
  expect(audit).toBeDefined();
  expect(text(audit!.content)).toContain('考核人与抽查人评分差距超过容差');
  expect(text(audit!.content)).toContain(`抽查 #${check!.id}`);
  expect(lines.join('\n')).toContain('考核人与抽查人评分差距超过容差');
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
}, 120_000);

it('npm run demo: a quarterly contract, a survey round short of the minimum and one counted, a daily problem closed late, the board’s question', async () => {
  const lines: string[] = [];
  const deps = { db: h.db, enqueueOutbox: h.app.enqueueOutbox, now: h.now };
  const id = await playQuarter(h.sb, keep(lines), deps, (iso) => h.clock.set(iso));
  const out = lines.join('\n');
  // Signed with a quarterly management line: one quarter score stands for each month of its quarter.
  const [c] = await h.sql`select clauses from contracts where id = ${id}`;
  expect(c!.clauses.scoring.managementPeriod).toBe('quarter');
  const quarters = await h.sql`select quarter, management_tenths::int as m from quarter_scores
    where contract_id = ${id} and current order by quarter`;
  expect(quarters.map((q) => [q.quarter, q.m])).toEqual([
    ['2026-Q4', 900],
    ['2027-Q1', 950],
  ]);
  const scores = await h.sql`select month, final_tenths::int as f, survey_round_id, quarter_score_id::int as q
    from monthly_scores where contract_id = ${id} and current order by month`;
  expect(scores.map((s) => s.month)).toEqual([
    '2026-10',
    '2026-11',
    '2026-12',
    '2027-01',
    '2027-02',
    '2027-03',
  ]);
  expect(new Set(scores.slice(0, 3).map((s) => s.q)).size).toBe(1);
  // Q4: 4 answers, fewer than the minimum of 5: 样本不足, no round applied; 10月 has the daily deduction.
  expect(scores.slice(0, 3).map((s) => [s.f, s.survey_round_id])).toEqual([
    [948, null],
    [960, null],
    [960, null],
  ]);
  // Q1: 5 answers, mean 2.40 (48.0 points) at 20%: the line 95 × 80% + 48 × 20% = 85.6, final 60 + 34.24 = 94.2.
  expect(scores.slice(3).every((s) => s.f === 942 && s.survey_round_id !== null)).toBe(true);
  const rounds = await h.sql`select r.period, count(a.*)::int as answers,
      (select count(*)::int from survey_invites i where i.round_id = r.id) as invited,
      (select count(*)::int from survey_invites i where i.round_id = r.id and i.chased_on is not null) as chased
    from survey_rounds r left join survey_answers a on a.round_id = r.id
    where r.contract_id = ${id} group by r.id order by r.period`;
  expect(rounds).toEqual([
    { period: '2026-Q4', answers: 4, invited: 6, chased: 2 },
    { period: '2027-Q1', answers: 5, invited: 6, chased: 0 },
  ]);
  expect(out).toContain('样本不足');
  expect(out).toContain('- 满意度测评 2026年第4季度:4 份答卷,样本不足(少于 5 份),不计入');
  expect(out).toContain('- 满意度测评 2027年第1季度:5 份答卷,均分 2.40/5(折合 48.0 分),已计入管理考核');
  // The daily problem: raised from October's deduction, due 2026-12-30, submitted and closed on 2027-01-06.
  const [item] =
    await h.sql`select source, month, due_on, status, submitted_at, closed_at from rectification_items
    where contract_id = ${id}`;
  expect(item).toMatchObject({ source: 'daily', month: '2026-10', due_on: '2026-12-30', status: 'closed' });
  expect(new Date(item!.closed_at as string).getTime()).toBeGreaterThan(
    Date.parse('2026-12-31T00:00:00+08:00'),
  );
  expect(out).toMatch(/期限 2026-12-30,2027-01-06 提交整改\(逾期 \d+ 个工作日\),2027-01-06 销号/);
  // The board's question, in the transcript's board card and the summary, naming no one who answered.
  const no = `HT-2026-${String(id).padStart(4, '0')}`;
  expect(out).toContain(
    `看板提示:满意度明显低于考核分:资产经营公司 合同 ${no}(昆山市净源保洁服务有限公司)2027年第1季度 各月考核均分 94.2 分,满意度 2.40/5(折合 48.0 分),请核实`,
  );
  const board = h.sb
    .inbox(h.person('郑毅'))
    .filter((m) => JSON.stringify(m.content).includes('满意度明显低于考核分 · '));
  expect(board).toHaveLength(1);
  for (const name of ['周国平', '吴晓东', '孙丽', '何静', '马骏', '冯蕾'])
    expect(JSON.stringify(board[0]!.content)).not.toContain(name);
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
  // The inspector's replay agrees with the quarter's scores (the survey share and the quarter score
  // recomputed from the trail), as with every earlier scene's.
  const r = await replay(h.db, { units: null, now: h.now() });
  expect(r.findings).toEqual([]);
  for (const x of r.counts) expect(x.agreed, x.label).toBe(x.checked);
}, 180_000);

it('npm run demo speaks Chinese only: no JSON, no open_id, no English enum name, no inexact 万元', () => {
  const text = transcript.join('\n');
  expect(text).toContain('填写 分管班子成员=王建国');
  expect(text).toContain('(已更新)');
  expect(leaks(text)).toEqual([]);
  expect(text).not.toMatch(/\d\.\d{3,}万元/);
  expect(text).toContain('199,999.99元 · 资产经营公司');
});

/** Every key SCAN finds under `<prefix>*`: what a demo left behind in Redis. */
async function keysOf(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return found;
}

/** `npm run demo` itself, in a child process, under a prefix the test knows. */
function runDemo(prefix: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], {
    env: { ...process.env, DEMO_PREFIX: prefix, DEMO_NOW: DEMO_STORY_START, REDIS_URL },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    get out() {
      return out;
    },
  };
}

it('npm run demo, played to the end, leaves no key of its prefix in Redis', async () => {
  const prefix = testPrefix();
  const demo = runDemo(prefix);
  const code = await demo.exited;
  expect(demo.out).toContain('## 审计日志校验:完整');
  expect(code, demo.out.slice(-3000)).toBe(0);
  // It did write there (queues, job schedulers, meta keys), and removed all of it.
  const removed = Number(/Redis 中的 (\d+) 个临时键/.exec(demo.out)?.[1]);
  expect(removed).toBeGreaterThan(40);
  expect(await keysOf(prefix)).toEqual([]);
}, 300_000);

it('npm run demo interrupted (Ctrl-C) in the middle still removes its keys', async () => {
  const prefix = testPrefix();
  const demo = runDemo(prefix);
  const until = Date.now() + 120_000;
  while (!demo.out.includes('## 经办人打开主菜单')) {
    if (Date.now() > until) throw new Error(`the demo did not start:\n${demo.out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await keysOf(prefix)).length).toBeGreaterThan(0); // the schedules are installed by now
  demo.child.kill('SIGINT');
  expect(await demo.exited, demo.out.slice(-3000)).toBe(130);
  expect(await keysOf(prefix)).toEqual([]);
}, 180_000);
