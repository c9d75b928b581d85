/**
 * Spot checks (rule 12) through the cards: the seed's hash committed before the population is read,
 * the draw once, `npm run spotcheck:verify` re-drawing it, the checker's score with the exact
 * tolerance boundary, the flag once, and who may do any of it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const THIS_MONTH = monthOfDate(shanghaiDate(new Date()));
const month = (n: number) => addMonths(THIS_MONTH, n);

let h: Harness;
let p: (name: string) => string;
let assetId: number;
let enforcementId: number;
/** Cleaning contracts: one of the asset company, one of 综合行政执法局; five scored months each. */
let assetContract: number;
let enforcementContract: number;
const ENTERED = new Date(Date.now() - 86_400_000).toISOString();

async function insertScore(contractId: number, m: string, tenths: number) {
  const [by] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  const [row] = await h.sql`insert into monthly_scores
    (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, entered_at)
    values (${contractId}, ${m}, '[]', ${tenths}, ${tenths}, ${tenths}, ${by!.id}, ${ENTERED}) returning id`;
  return Number(row!.id);
}

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const units = await h.sql`select id, code from units`;
  assetId = Number(units.find((u) => u.code === 'asset')!.id);
  enforcementId = Number(units.find((u) => u.code === 'enforcement')!.id);
  const term = { startsOn: `${month(-8)}-01`, endsOn: `${month(6)}-28` };
  assetContract = (await createContract(h, term)).contract.id;
  enforcementContract = (
    await createContract(h, { ...term, unitCode: 'enforcement', leader: '陈志强', assessors: ['刘芳'] })
  ).contract.id;
  for (let i = -5; i <= -1; i++) {
    await insertScore(assetContract, month(i), 900 + i);
    await insertScore(enforcementContract, month(i), 910 + i);
  }
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const one = async <T>(q: Promise<T[]>) => (await q)[0]!;
const counts = async () =>
  one(h.sql`select (select count(*)::int from spot_checks) as checks,
    (select count(*)::int from spot_check_samples) as samples,
    (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox) as outbox`);

/** Menu → 抽查 → the scope form, as a checker opens it. */
async function openForm(who: string) {
  const menu = await askMenu(h.sb, p(who));
  const form = await h.sb.click(p(who), menu, '抽查');
  expect(form.toast).toBeUndefined();
  return { msg: menu.messageId, card: form.card };
}

const verify = (id: number) =>
  promisify(execFile)('npx', ['tsx', 'src/cli/spotcheck-verify.ts', '--', String(id)], {
    env: { ...process.env, DATABASE_URL: h.dbUrl },
  }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

describe('the draw', () => {
  let checkId: number;
  let msg: string;

  it('确认范围 records the seed and its hash, audited and shown, before any population is read', async () => {
    const zy = p('郑毅');
    const form = await openForm('郑毅');
    msg = form.msg;
    expect(text(form.card)).toContain('资产经营公司');
    const before = await counts();
    const created = await h.sb.click(zy, msg, '确认范围', {
      units: [String(assetId)],
      from_month: month(-5),
      to_month: month(-1),
      size: '3',
    });
    expect(created.toast).toMatchObject({ type: 'success' });
    const [row] = await h.sql`select * from spot_checks order by id desc limit 1`;
    checkId = Number(row!.id);
    expect(row!.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.seed_hash).toBe(createHash('sha256').update(Buffer.from(row!.seed, 'hex')).digest('hex'));
    expect(row!.drawn_at).toBeNull();
    expect(row!.population).toBeNull();
    // The hash is shown; the seed is not (yet).
    expect(text(created.card)).toContain(row!.seed_hash);
    expect(text(created.card)).not.toContain(row!.seed);
    const audit = await h.sql`select action, data from audit_log where aggregate_type = 'spot_check'
      and aggregate_id = ${String(checkId)}`;
    expect(audit).toEqual([
      { action: 'spot_check.created', data: expect.objectContaining({ seedHash: row!.seed_hash }) },
    ]);
    expect(text(audit)).not.toContain(row!.seed);
    // Nor does any card show the seed before the draw.
    const peek = await forgeCardCallback(h, zy, msg, { a: 'spotcheck.show', check: checkId }, {});
    expect(text(peek)).toContain(row!.seed_hash);
    expect(text(peek)).not.toContain(row!.seed);
    const after = await counts();
    expect(after.samples).toBe(before.samples);
    expect(after.checks).toBe(before.checks + 1);
  });

  it('抽取 refuses a check whose hash is not on record', async () => {
    const [zy] = await h.sql`select id from people where open_id = ${p('郑毅')}`;
    const seed = 'ab'.repeat(32);
    const [bare] =
      await h.sql`insert into spot_checks (created_by, scope, sample_size, seed, seed_hash, policy_version)
      values (${zy!.id}, ${JSON.stringify({ unitIds: null, categories: null, fromMonth: month(-5), toMonth: month(-1) })}::jsonb, 2,
        ${seed}, ${createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')}, 3) returning id`;
    const before = await counts();
    const r = await forgeCardCallback(
      h,
      p('郑毅'),
      msg,
      { a: 'spotcheck.draw', check: Number(bare!.id) },
      {},
    );
    expect(r.toast).toMatchObject({ type: 'error', content: '该抽查的种子哈希未登记,不能抽取' });
    expect(await counts()).toEqual(before);
  });

  it('抽取 draws k of the population in scope once; a second click changes nothing', async () => {
    const zy = p('郑毅');
    const drawn = await h.sb.click(zy, msg, '抽取');
    expect(drawn.toast).toMatchObject({ type: 'success', content: '已从 5 条考核记录中抽取 3 条' });
    const samples = await h.sql`select * from spot_check_samples where spot_check_id = ${checkId}`;
    expect(samples).toHaveLength(3);
    expect(samples.every((s) => Number(s.contract_id) === assetContract)).toBe(true);
    const [row] = await h.sql`select seed, population from spot_checks where id = ${checkId}`;
    expect(row!.population).toBe(5);
    expect(text(drawn.card)).toContain(row!.seed); // public once drawn
    const before = await counts();
    const again = await forgeCardCallback(h, zy, msg, { a: 'spotcheck.draw', check: checkId }, {});
    expect(again.toast).toMatchObject({ type: 'info', content: '该抽查已抽取,结果不变' });
    expect(await counts()).toEqual(before);
    const audits = await h.sql`select action, data from audit_log where aggregate_type = 'spot_check'
      and aggregate_id = ${String(checkId)} order by seq`;
    expect(audits.map((a) => a.action)).toEqual(['spot_check.created', 'spot_check.drawn']);
    expect(audits[1]!.data).toMatchObject({ seed: row!.seed, population: 5, k: 3 });
  });

  it('验证抽样 on the card re-draws from the audit trail: 抽样一致, then 不一致 naming what differs; read-only', async () => {
    const zy = p('郑毅');
    const before = await counts();
    const ok = await h.sb.click(zy, msg, '验证抽样');
    expect(ok.toast).toBeUndefined();
    expect(text(ok.card)).toContain(`抽查 #${checkId} · 抽样一致`);
    expect(text(ok.card)).toContain('重新抽取的 3 条样本与审计记录中的样本:**一致**');
    expect(text(ok.card)).not.toContain('不一致');
    // The seed changed after the draw: the card says so, naming the comparison that failed.
    const [row] = await h.sql`select seed from spot_checks where id = ${checkId}`;
    await h.sql`update spot_checks set seed = ${'cd'.repeat(32)} where id = ${checkId}`;
    try {
      const bad = await forgeCardCallback(h, zy, msg, { a: 'spotcheck.verify', check: checkId }, {});
      expect(text(bad)).toContain(`抽查 #${checkId} · 抽样不一致`);
      const differs = /不一致之处:(.*?)请将本结果/.exec(text(bad))?.[1] ?? '';
      expect(differs).toContain('种子的 SHA-256 哈希与登记的种子哈希');
      expect(differs).toContain('审计记录中的种子与登记的种子');
      expect(differs).not.toContain('确认范围时审计记录中的种子哈希');
    } finally {
      await h.sql`update spot_checks set seed = ${row!.seed} where id = ${checkId}`;
    }
    expect(await counts()).toEqual(before);
  });

  it('验证抽样 is refused to a stranger and to someone without a checker grant, showing nothing', async () => {
    h.sb.addUser({ openId: 'ou_spot_stranger', name: '路人' });
    const before = await counts();
    for (const who of ['ou_spot_stranger', p('张伟')]) {
      const r = await forgeCardCallback(h, who, msg, { a: 'spotcheck.verify', check: checkId }, {});
      expect(r.toast?.type).toBe('error');
      expect(text(r)).not.toContain('抽样一致');
      expect(text(r)).not.toContain('种子');
    }
    expect(await counts()).toEqual(before);
  });

  it('npm run spotcheck:verify re-draws the same sample, also after a score is corrected; a changed seed fails', async () => {
    const ok = await verify(checkId);
    expect(ok).toEqual({ code: 0, out: expect.stringContaining(`\n抽样一致:抽查 #${checkId}\n`) });
    expect(ok.out).not.toContain('不一致');
    expect(ok.out).toContain('✔ 重新抽取的 3 条样本与审计记录中的样本:一致');
    // A correction after the draw: the population as it was still re-draws the sample.
    const [old] = await h.sql`select id from monthly_scores where contract_id = ${assetContract}
      and month = ${month(-3)} and current`;
    await h.sql`update monthly_scores set current = false where id = ${old!.id}`;
    await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by, supersedes_id, correction_reason, current, entered_at)
      select contract_id, month, deductions, 880, 880, 880, entered_by, id, '更正', true, ${new Date().toISOString()}::timestamptz
      from monthly_scores where id = ${old!.id}`;
    expect((await verify(checkId)).code).toBe(0);
    const [row] = await h.sql`select seed from spot_checks where id = ${checkId}`;
    await h.sql`update spot_checks set seed = ${'cd'.repeat(32)} where id = ${checkId}`;
    const bad = await verify(checkId);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✘ 种子的 SHA-256 哈希与登记的种子哈希');
    expect(bad.out).toContain(`抽样不一致:抽查 #${checkId}`);
    await h.sql`update spot_checks set seed = ${row!.seed} where id = ${checkId}`;
    // A sample that is not the draw's is caught as well.
    await h.sql`update spot_check_samples set draw_key = '0' where spot_check_id = ${checkId}
      and score_id = (select min(score_id) from spot_check_samples where spot_check_id = ${checkId})`;
    const forged = await verify(checkId);
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('✘ 重新抽取的样本与系统中保存的样本:不一致');
  }, 60_000);
});

describe('who may spot-check', () => {
  it('a person without discipline or finance grants sees no 抽查 and is refused, with nothing written', async () => {
    const zw = p('张伟');
    const menu = await askMenu(h.sb, zw);
    expect(text(menu.content)).not.toContain('"抽查"');
    const before = await counts();
    for (const value of [
      { a: 'spotcheck.open' },
      { a: 'spotcheck.create' },
      { a: 'spotcheck.draw', check: 1 },
    ]) {
      const r = await forgeCardCallback(h, zw, menu.messageId, value, {
        from_month: month(-5),
        to_month: month(-1),
        size: '2',
      });
      expect(r.toast).toMatchObject({ type: 'error', content: '抽查仅限纪检监察和财政部门人员' });
    }
    expect(await counts()).toEqual(before);
  });

  it('a unit-scoped checker chooses only among their units and draws only from them', async () => {
    const [lf] = await h.sql`select id from people where open_id = ${p('刘芳')}`;
    await h.sql`insert into role_grants (person_id, role, unit_id, granted_by)
      values (${lf!.id}, 'discipline', ${enforcementId}, 'test')`;
    const form = await openForm('刘芳');
    expect(text(form.card)).toContain('综合行政执法局');
    expect(text(form.card)).not.toContain('资产经营公司');
    const before = await counts();
    const denied = await forgeCardCallback(
      h,
      p('刘芳'),
      form.msg,
      { a: 'spotcheck.create' },
      {
        units: [String(assetId)],
        from_month: month(-5),
        to_month: month(-1),
        size: '2',
      },
    );
    expect(denied.toast).toMatchObject({ type: 'error', content: '所选单位超出您的抽查范围' });
    expect(await counts()).toEqual(before);
    // A unit typed by name beside the list: one outside their scope answers as a name that does not
    // exist, so typing names learns nothing of units they cannot check.
    const typed = (name: string) =>
      forgeCardCallback(
        h,
        p('刘芳'),
        form.msg,
        { a: 'spotcheck.create' },
        { units_name: name, from_month: month(-5), to_month: month(-1), size: '2' },
      );
    const outside = await typed('资产经营公司');
    const nowhere = await typed('不存在的单位');
    expect(outside.toast).toMatchObject({
      type: 'error',
      content: '您的范围内没有名为「资产经营公司」的单位,请核对单位全称',
    });
    expect(nowhere.toast).toMatchObject({
      type: 'error',
      content: '您的范围内没有名为「不存在的单位」的单位,请核对单位全称',
    });
    expect(await counts()).toEqual(before);
    // No unit chosen: every unit of their grants, i.e. 综合行政执法局 only.
    await h.sb.click(p('刘芳'), form.msg, '确认范围', {
      from_month: month(-5),
      to_month: month(-1),
      rate: '100',
    });
    const [check] = await h.sql`select id, scope from spot_checks order by id desc limit 1`;
    expect(check!.scope.unitIds).toEqual([enforcementId]);
    await h.sb.click(p('刘芳'), form.msg, '抽取');
    const samples =
      await h.sql`select contract_id from spot_check_samples where spot_check_id = ${check!.id}`;
    expect(samples).toHaveLength(5);
    expect(samples.every((s) => Number(s.contract_id) === enforcementContract)).toBe(true);
    // Nor may they open a sample of another unit.
    const [foreign] = await h.sql`select spot_check_id, score_id from spot_check_samples s
      join contracts c on c.id = s.contract_id where c.unit_id = ${assetId} limit 1`;
    const r = await forgeCardCallback(
      h,
      p('刘芳'),
      form.msg,
      { a: 'spotcheck.form', check: Number(foreign!.spot_check_id), score: Number(foreign!.score_id) },
      {},
    );
    expect(r.toast?.type).toBe('error');
    // Nor verify a check of another unit: the clicker's grants now decide, not the card they hold.
    const v = await forgeCardCallback(
      h,
      p('刘芳'),
      form.msg,
      { a: 'spotcheck.verify', check: Number(foreign!.spot_check_id) },
      {},
    );
    expect(v.toast).toMatchObject({ type: 'error', content: '该抽查的范围超出您的抽查权限' });
  });
});
