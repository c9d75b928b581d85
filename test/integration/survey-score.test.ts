/**
 * Issue 23, point 1: the satisfaction survey's share in the management line, through the cards. A
 * contract signed with clauses.survey and a closed round of at least the minimum: the score form shows
 * the result beside the management field, the preview and the recorded row carry the line's parts, and
 * the final score is the shared formula's. One answer fewer: 样本不足, nothing counted. A contract
 * signed under policy v3 is scored as before. The contract card and the 考核台账 export show counts,
 * means and comments, never who answered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPolicy } from '../../src/db/policy';
import { shanghaiDate } from '../../src/domain/calendar';
import type { SurveyClauses } from '../../src/domain/contract';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { surveyClausesFrom } from '../../src/domain/survey';
import { askMenu } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { exportAs, nextFile } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const M = addMonths(monthOfDate(TODAY), -1);
const text = (x: unknown) => JSON.stringify(x);

let h: Harness;
let sc: SurveyClauses;
let weights: { dailyWeightBp: number; managementWeightBp: number };
/** Who answered: their names and open_ids must show nowhere. */
let answerers: { id: number; name: string; openId: string }[];
const ids = {} as Record<'counted' | 'short' | 'v3', number>;
const rounds = {} as Record<'counted' | 'short' | 'v3', number>;
const COMMENTS = ['楼道保洁及时', '卫生间偶有异味'];

/** Answer i rates dimension j ((i + 2j) mod 5) + 1: a mean that is not a whole number. */
const rating = (i: number, j: number) => ((i + 2 * j) % 5) + 1;

/** A contract signed with the policy's survey clauses (the fixture writes clauses.survey itself). */
async function surveyContract() {
  const { contract } = await createContract(h, {
    startsOn: `${addMonths(M, -3)}-01`,
    endsOn: `${addMonths(M, 9)}-01`,
  });
  await h.sql`update contracts set clauses = clauses || jsonb_build_object('survey', ${JSON.stringify(sc)}::jsonb)
    where id = ${contract.id}`;
  return contract;
}

/** A closed round of `M` for the contract with `n` answers (the first two with comments). */
async function closedRound(contractId: number, n: number) {
  const [r] = await h.sql<{ id: string }[]>`
    insert into survey_rounds (contract_id, period, opens_on, closes_on)
    values (${contractId}, ${M}, ${`${M}-15`}, ${`${M}-24`}) returning id`;
  const roundId = Number(r!.id);
  for (let i = 0; i < n; i++) {
    const ratings = Object.fromEntries(sc.dimensions.map((d, j) => [d.key, rating(i, j)]));
    await h.sql`insert into survey_answers (round_id, person_id, ratings, comment)
      values (${roundId}, ${answerers[i]!.id}, ${JSON.stringify(ratings)}::jsonb, ${COMMENTS[i] ?? null})`;
  }
  return roundId;
}

beforeAll(async () => {
  h = await startHarness();
  const policy = await loadPolicy(h.db);
  expect(policy.version).toBeGreaterThanOrEqual(4);
  sc = surveyClausesFrom(policy, 'cleaning', 'named')!;
  expect(sc.minAnswers).toBe(5);
  answerers = (
    await h.sql<{ id: string; name: string; open_id: string }[]>`
      select id, name, open_id from people where name not in ('张伟', '王建国') and open_id is not null
      order by id limit ${sc.minAnswers + 1}`
  ).map((p) => ({ id: Number(p.id), name: p.name, openId: p.open_id }));
  expect(answerers).toHaveLength(sc.minAnswers + 1);

  const counted = await surveyContract();
  ids.counted = counted.id;
  weights = counted.clauses.scoring;
  rounds.counted = await closedRound(counted.id, sc.minAnswers + 1);
  ids.short = (await surveyContract()).id;
  rounds.short = await closedRound(ids.short, sc.minAnswers - 1);
  const { contract: v3 } = await createContract(h, {
    startsOn: `${addMonths(M, -3)}-01`,
    endsOn: `${addMonths(M, 9)}-01`,
    policyVersion: 3,
  });
  expect(v3.clauses.survey).toBeUndefined();
  ids.v3 = v3.id;
  // A round in the database does not make a v3 contract's score count it.
  rounds.v3 = await closedRound(v3.id, sc.minAnswers + 1);
}, 60_000);
afterAll(() => h.stop());

/** The shared formula, written out: n answers of d ratings, A = 90.0, share in bp, half up. */
function expected(n: number) {
  const d = sc.dimensions.length;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum += rating(i, j);
  const nd = BigInt(n * d);
  const bp = BigInt(sc.shareBp);
  const halfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
  const line = Number(halfUp(900n * (10_000n - bp) * nd + BigInt(sum) * 200n * bp, 10_000n * nd));
  const final = Number(
    halfUp(
      1000n * BigInt(weights.dailyWeightBp) + BigInt(line) * BigInt(weights.managementWeightBp),
      10_000n,
    ),
  );
  const hundredths = halfUp(BigInt(sum) * 100n, nd);
  const mean = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
  const points = Number(halfUp(BigInt(sum) * 200n, nd));
  return { line, final, mean, points: `${Math.floor(points / 10)}.${points % 10}` };
}

/** Opens M's form for `contract` as 张伟, previews 管理考核 90 without deductions, confirms. */
async function score(contract: number) {
  const zw = h.person('张伟');
  const menu = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu.messageId, { a: 'score.list' });
  const form = await h.sb.click(zw, menu.messageId, { a: 'score.form', contract, month: M });
  const preview = await h.sb.click(zw, menu.messageId, '预览得分', { management: '90' });
  const done = await h.sb.click(zw, menu.messageId, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
  const [row] = await h.sql<
    {
      id: string;
      management_tenths: number;
      assessed_management_tenths: number | null;
      survey_round_id: string | null;
      final_tenths: number;
    }[]
  >`select id, management_tenths, assessed_management_tenths, survey_round_id, final_tenths
    from monthly_scores where contract_id = ${contract} and month = ${M} and current`;
  const [audit] = await h.sql<{ data: unknown }[]>`
    select data from audit_log where aggregate_type = 'monthly_score' and aggregate_id = ${row!.id}
      and action = 'score.recorded'`;
  return {
    form: text(form.card),
    preview: text(preview.card),
    done: text(done.card),
    row: row!,
    audit: text(audit!.data),
  };
}

const noAnswerer = (s: string) => {
  for (const a of answerers) {
    expect(s).not.toContain(a.name);
    expect(s).not.toContain(a.openId);
  }
};

it('a closed round of at least the minimum: the form shows it, the line and final score are the formula', async () => {
  const n = sc.minAnswers + 1;
  const e = expected(n);
  const r = await score(ids.counted);
  expect(r.form).toContain(
    `满意度测评(${M}):${n} 份答卷,均分 ${e.mean}/5,计入管理考核 20%(折合 ${e.points} 分)`,
  );
  expect(r.preview).toContain(`管理考核得分:**${(e.line / 10).toFixed(1)}**(考核人评分 90.0 × 80%`);
  expect(r.preview).toContain(`最终得分:**${(e.final / 10).toFixed(1)}** 分`);
  expect(r.done).toContain(`考核人评分 90.0`);
  expect(r.row).toMatchObject({
    management_tenths: e.line,
    assessed_management_tenths: 900,
    survey_round_id: String(rounds.counted),
    final_tenths: e.final,
  });
  expect(r.audit).toContain(`"answers":${n}`);
  expect(r.audit).toContain(`"mean":"${e.mean}"`);
  expect(r.audit).toContain('"applied":true');
  for (const s of [r.form, r.preview, r.done, r.audit]) noAnswerer(s);
}, 60_000);

it('one answer fewer than the minimum: 样本不足, the line is the assessor’s own score', async () => {
  const r = await score(ids.short);
  expect(r.form).toContain(
    `满意度测评(${M}):样本不足(${sc.minAnswers - 1} 份,少于 ${sc.minAnswers} 份),不计入`,
  );
  const final = Number(
    (2n * (1000n * BigInt(weights.dailyWeightBp) + 900n * BigInt(weights.managementWeightBp)) + 10_000n) /
      20_000n,
  );
  expect(r.row).toMatchObject({
    management_tenths: 900,
    assessed_management_tenths: null,
    survey_round_id: null,
    final_tenths: final,
  });
  expect(r.audit).toContain('样本不足');
  noAnswerer(r.audit);
}, 60_000);

it('a contract signed under policy v3 is scored exactly as before, whatever rounds exist', async () => {
  const r = await score(ids.v3);
  expect(r.form).not.toContain('满意度测评');
  expect(r.preview).not.toContain('满意度');
  expect(r.row).toMatchObject({
    management_tenths: 900,
    assessed_management_tenths: null,
    survey_round_id: null,
  });
  expect(r.audit).not.toContain('survey');
}, 60_000);

it('the contract card charts satisfaction beside the score: counts and means, no answerer', async () => {
  const zw = h.person('张伟');
  const e = expected(sc.minAnswers + 1);
  const open = async (contract: number) => {
    const menu = await askMenu(h.sb, zw);
    await h.sb.click(zw, menu.messageId, { a: 'contract.list' });
    return text((await h.sb.click(zw, menu.messageId, { a: 'contract.show', contract })).card);
  };
  const counted = await open(ids.counted);
  expect(counted).toContain(`满意度测评:${M} ${sc.minAnswers + 1} 份,均分 ${e.mean}/5(折合 ${e.points} 分)`);
  expect(counted).toContain('满意度(百分制)');
  noAnswerer(counted);
  const short = await open(ids.short);
  expect(short).toContain(`${M} 样本不足(${sc.minAnswers - 1} 份,少于 ${sc.minAnswers} 份)`);
  expect(short).not.toContain('满意度(百分制)');
  noAnswerer(short);
  expect(await open(ids.v3)).not.toContain('满意度测评');
}, 60_000);

it('the 考核台账 export has a 满意度测评 sheet: counts, means, comments, 样本不足, and no name', async () => {
  const sheetOf = async (who: string, value: Record<string, unknown>) => {
    const before = h.sb.filesReceived(h.person(who)).length;
    const r = await exportAs(h, who, value);
    expect(r.toast?.type).not.toBe('error');
    const f = await nextFile(h, who, before);
    noAnswerer(JSON.stringify(f.sheets));
    return f.sheets.find((s) => s.name === '满意度测评');
  };
  const e = expected(sc.minAnswers + 1);
  const one = await sheetOf('张伟', { k: 'scores', contract: ids.counted });
  expect(one).toBeDefined();
  const rows = one!.rows;
  const head = rows.findIndex((r) => r.includes('合同编号'));
  const col = (name: string) => rows[head]!.indexOf(name);
  const data = rows.slice(head + 1);
  expect(data).toHaveLength(1);
  const row = data[0]!;
  expect(row[col('测评期间')]).toBe(M);
  expect(row[col('答卷数')]).toBe(sc.minAnswers + 1);
  expect(row[col('均分(满分5)')]).toBe(e.mean);
  expect(String(row[col('各维度均分')])).toContain(sc.dimensions[0]!.name);
  expect(String(row[col('意见')])).toContain(COMMENTS[0]);
  expect(String(row[col('意见')])).toContain(COMMENTS[1]);
  expect(row[col('计入管理考核')]).toBe('计入 20%');

  // The year's ledger (the inspector's 考核台账): both survey contracts, the short one 样本不足, no v3 row.
  const ledger = await sheetOf('郑毅', { k: 'scores', year: Number(M.slice(0, 4)) });
  expect(ledger).toBeDefined();
  const lh = ledger!.rows.findIndex((r) => r.includes('合同编号'));
  const lcol = (name: string) => ledger!.rows[lh]!.indexOf(name);
  const shown = ledger!.rows
    .slice(lh + 1)
    .map((r) => `${r[lcol('答卷数')]} ${r[lcol('计入管理考核')]}`)
    .sort();
  expect(shown).toEqual([`${sc.minAnswers + 1} 计入 20%`, `${sc.minAnswers - 1} 样本不足,不计入`].sort());
}, 180_000);

it('a correction recomputes the line from the corrected own score and the same closed round', async () => {
  const n = sc.minAnswers + 1;
  const zw = h.person('张伟');
  const menu = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu.messageId, { a: 'score.list' });
  const form = await h.sb.click(zw, menu.messageId, { a: 'score.correct', contract: ids.counted, month: M });
  // The form is filled with the assessor's own 90, not the line.
  expect(text(form.card)).toContain('"default_value":"90"');
  await h.sb.click(zw, menu.messageId, '预览得分', { management: '80', reason: '复核后更正' });
  const done = await h.sb.click(zw, menu.messageId, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
  expect(text(done.card)).toContain('其中考核人评分 80.0 × 80%');
  const d = sc.dimensions.length;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum += rating(i, j);
  const nd = BigInt(n * d);
  const bp = BigInt(sc.shareBp);
  const den = 10_000n * nd;
  const line = Number((2n * (800n * (10_000n - bp) * nd + BigInt(sum) * 200n * bp) + den) / (2n * den));
  const [row] = await h.sql`
    select management_tenths, assessed_management_tenths, survey_round_id from monthly_scores
    where contract_id = ${ids.counted} and month = ${M} and current`;
  expect(row).toMatchObject({
    management_tenths: line,
    assessed_management_tenths: 800,
    survey_round_id: String(rounds.counted),
  });
}, 60_000);
