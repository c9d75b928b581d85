import { afterAll, beforeAll, expect, it } from 'vitest';
import { actorByOpenId } from '../../src/db/sql/actor';
import { shanghaiDate } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { runYearEnd } from '../../src/features/bans/year-end';
import { recordProcurement } from '../../src/features/procurement/record';
import { OutboxWriter } from '../../src/outbox/write';
import { botCards, sleep, titleOf } from '../helpers/cards';
import { createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

// Rule 10 across the year boundary. The app's clock is set to late January: the judged year is last
// year, its year end is run, and its December is scored after it, through the score card; January's
// own score is open too (from the 25th), for the year the year end has not judged.

const NOW = '2027-01-26T10:00:00+08:00';
let h: Harness;
let p: (name: string) => string;
const today = shanghaiDate(new Date(NOW));
const Y = Number(today.slice(0, 4)) - 1;
beforeAll(async () => {
  h = await startHarness({ now: NOW });
  p = h.person;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);

/** Records the procurement of request `id` with `vendorId` as 张伟, through the use case of the card. */
async function recordWith(id: number, vendorId: number) {
  const actor = (await actorByOpenId(h.db, p('张伟')))!;
  const form = {
    method: 'open_tender',
    platform: '苏州市公共资源交易平台',
    referenceNo: `SZGG-R-${id}`,
    bidders: '3',
    awardDate: today,
    vendor: String(vendorId),
    price: '18万',
    singleSourceReason: '',
    approvalRef: '',
    reapprovalRef: '',
  };
  return h.db.transaction((tx) =>
    recordProcurement({ tx, out: new OutboxWriter(tx), actor, now: h.now() }, { requestId: id, form }),
  );
}
const personId = async (name: string) =>
  Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);

/** Says 菜单 and opens 月度考核: the list, as a person opens it. */
async function openScoring(who: string) {
  const before = botCards(h.sb.inbox(who)).length;
  await h.sb.say(who, '菜单');
  const menu = await h.sb.waitFor(() => {
    const cards = botCards(h.sb.inbox(who));
    return cards.length > before ? cards.at(-1) : undefined;
  });
  const list = await h.sb.click(who, menu, '月度考核');
  expect(titleOf({ content: list.card } as never)).toBe('月度考核');
  return menu.messageId;
}

/** Enters (or corrects, with `reason`) a month's score through the card: no deduction, `management`. */
async function scoreThroughCard(contractId: number, month: string, management: string, reason?: string) {
  const zw = p('张伟');
  const msg = await openScoring(zw);
  const opened = await h.sb.click(zw, msg, {
    a: reason ? 'score.correct' : 'score.form',
    contract: contractId,
    month,
  });
  expect(opened.toast, text(opened.toast)).toBeUndefined();
  const preview = await h.sb.click(zw, msg, '预览得分', { management, ...(reason ? { reason } : {}) });
  expect(preview.toast, text(preview.toast)).toBeUndefined();
  const done = await h.sb.click(zw, msg, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
}

const messages = (name: string, part: string) =>
  h.sb.inbox(p(name)).filter((m) => text(m.content).includes(part));
/** Waits for the first message to `name` containing `part`, then lets any duplicate arrive. */
async function settled(name: string, part: string) {
  await h.sb.waitFor(() => messages(name, part)[0]);
  await sleep(400);
  return messages(name, part);
}

it('a late December score bans the vendor; a later correction lifts the ban; a procurement before the ban is flagged once', async () => {
  const { contract, vendor } = await createContract(h, { startsOn: `${Y}-01-01`, endsOn: `${Y}-12-31` });
  const by = await personId('张伟');
  // January to November at exactly 85.0: the year end found no ban (the bar is reached).
  for (let m = 1; m <= 11; m++) {
    const month = `${Y}-${String(m).padStart(2, '0')}`;
    await h.sql`
      insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
      values (${contract.id}, ${month}, '[]', 850, 850, 850, ${by})`;
  }
  // A purchase of the same project from the same vendor, recorded this year before any ban.
  const { requestId } = await requestInDb(h, { procured: false });
  const [proc] = await h.sql`
    insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id, awarded_fen, policy_version, recorded_by)
    values (${requestId}, 'open_tender', '苏州市公共资源交易平台', 'SZGG-R-1', 3, ${today}, ${vendor!.id}, 10000000, 3, ${by})
    returning id`;
  // The year end ran on 1 January with November the last scored month: average 85.0, no ban.
  expect(await runYearEnd(h.db, Y, h.app)).toMatchObject({ bans: 0 });
  const bans = () =>
    h.sql`select id::int, year, lifted_at is not null as lifted, lifted_reason from vendor_bans where vendor_id = ${vendor!.id}`;
  expect(await bans()).toEqual([]);

  // December scored now: 60% × 100 + 40% × 60 = 84.0, the year's average (11 × 85.0 + 84.0) / 12 < 85.
  await scoreThroughCard(contract.id, `${Y}-12`, '60');
  const [ban] = await bans();
  expect(ban).toMatchObject({ year: Y + 1, lifted: false });
  for (const who of ['王建国', '李秀英']) expect(await settled(who, '禁投通知'), who).toHaveLength(1);
  expect(text(messages('王建国', '禁投通知')[0]!.content)).toContain(`${Y}年度考核平均分84.9分`);
  // The purchase recorded before the ban goes to discipline inspection, once.
  const flagged = await settled('郑毅', '禁投后发现已登记采购');
  expect(flagged).toHaveLength(1);
  expect(text(flagged[0]!.content)).toContain('采购编号 SZGG-R-1');
  expect(await h.sql`select ban_id::int, procurement_id::int from ban_flags`).toEqual([
    { ban_id: ban!.id, procurement_id: Number(proc!.id) },
  ]);
  const audit = await h.sql`
    select action from audit_log where aggregate_type = 'contract' and aggregate_id = ${String(contract.id)}
      and action like 'vendor.%' order by seq`;
  expect(audit.map((a) => a.action)).toEqual(['vendor.banned', 'vendor.ban_flagged']);

  // While the ban is live, the procurement check refuses the vendor for the project.
  const { requestId: next } = await requestInDb(h, { procured: false });
  await expect(recordWith(next, vendor!.id)).rejects.toThrow(/不得参与资产经营公司保洁项目的投标/);

  // A correction that changes nothing for the year (still below) says nothing new.
  await scoreThroughCard(contract.id, `${Y}-12`, '61', '管理考核表誊写错误');
  await sleep(300);
  expect(messages('王建国', '禁投通知')).toHaveLength(1);

  // The December correction to 100.0 lifts the average to (935 + 100) / 12 ≥ 85: the ban is lifted.
  await scoreThroughCard(contract.id, `${Y}-12`, '100', '复核后更正管理考核得分');
  const [lifted] = await bans();
  expect(lifted).toMatchObject({ id: ban!.id, lifted: true });
  expect(lifted!.lifted_reason).toContain('86.2分');
  for (const who of ['王建国', '李秀英']) expect(await settled(who, '解除禁投'), who).toHaveLength(1);
  // A lifted ban refuses nothing: the procurement check lets the vendor be chosen again.
  const recorded = await recordWith(next, vendor!.id);
  expect(recorded.kind).toBe('recorded');

  // Corrected down again: the ban is re-added (its lift cleared), told again; the flag is not repeated.
  await scoreThroughCard(contract.id, `${Y}-12`, '50', '再次复核');
  const [again] = await bans();
  expect(again).toMatchObject({ id: ban!.id, lifted: false, lifted_reason: null });
  await h.sb.waitFor(() => messages('王建国', '禁投通知')[1]);
  await sleep(300);
  expect(messages('王建国', '禁投通知')).toHaveLength(2);
  // The purchase recorded while the ban was lifted is flagged now; the first is not flagged again.
  const flags = await settled('郑毅', '禁投后发现已登记采购');
  expect(flags).toHaveLength(2);
  expect(flags.filter((m) => text(m.content).includes('采购编号 SZGG-R-1'))).toHaveLength(1);
  expect(await h.sql`select count(*)::int as n from ban_flags`).toEqual([{ n: 2 }]);
});

it('a score of a year the year end has not judged changes no ban', async () => {
  const Y1 = Y + 1;
  const { contract, vendor } = await createContract(h, { startsOn: `${Y1}-01-01`, endsOn: `${Y1}-12-31` });
  const month = today.slice(0, 7);
  await scoreThroughCard(contract.id, month, '0');
  await sleep(300);
  expect(await h.sql`select id from vendor_bans where vendor_id = ${vendor!.id}`).toEqual([]);
});

it('a project with two contracts in the year: one corrected to 85.0 leaves the ban standing; both corrected lift it, told once', async () => {
  // A renewal mid-year: the same vendor, unit and category, January to June then July to December.
  const first = await createContract(h, { startsOn: `${Y}-01-01`, endsOn: `${Y}-06-30` });
  const next = await createContract(h, { startsOn: `${Y}-07-01`, endsOn: `${Y}-12-31` });
  const vendor = first.vendor;
  await h.sql`update procurements set vendor_id = ${vendor.id} where id = ${next.procurement.id}`;
  await h.sql`update contracts set vendor_id = ${vendor.id} where id = ${next.contract.id}`;
  const by = await personId('张伟');
  const put = (contractId: number, m: number, tenths: number) => h.sql`
    insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    values (${contractId}, ${`${Y}-${String(m).padStart(2, '0')}`}, '[]', ${tenths}, ${tenths}, ${tenths}, ${by})`;
  // Each contract: five months at 84.8 / 85.0 and its last month at 80.0; the year: 84.0.
  for (let m = 1; m <= 5; m++) await put(first.contract.id, m, 848);
  await put(first.contract.id, 6, 800);
  for (let m = 7; m <= 11; m++) await put(next.contract.id, m, 850);
  await put(next.contract.id, 12, 800);
  expect(await runYearEnd(h.db, Y, h.app)).toMatchObject({ bans: 1 });
  const bans = () =>
    h.sql`select id::int, contract_id::int as contract, lifted_at is not null as lifted, lifted_reason from vendor_bans where vendor_id = ${vendor.id}`;
  const [ban] = await bans();
  expect(ban).toMatchObject({ contract: next.contract.id, lifted: false });
  const named = (t: string) => t.includes(vendor.name);
  const told = (who: string, part: string) => messages(who, part).filter((m) => named(text(m.content)));
  await h.sb.waitFor(() => told('王建国', '禁投通知')[0]);

  // June corrected to 86.0 (60% × 100 + 40% × 65): the first contract alone now averages exactly
  // 85.0, but the year of the project is (4240 + 860 + 4250 + 800) / 12 = 84.5: the ban stands.
  await scoreThroughCard(first.contract.id, `${Y}-06`, '65', '复核后更正管理考核得分');
  await sleep(400);
  expect(await bans()).toEqual([{ ...ban, lifted: false, lifted_reason: null }]);
  expect(told('王建国', '解除禁投')).toEqual([]);
  expect(told('王建国', '禁投通知')).toHaveLength(1);

  // December corrected to 86.0 too: (4240 + 860 + 4250 + 860) / 12 = 85.08: lifted, told once.
  await scoreThroughCard(next.contract.id, `${Y}-12`, '65', '复核后更正管理考核得分');
  const [lifted] = await bans();
  expect(lifted).toMatchObject({ id: ban!.id, lifted: true });
  expect(lifted!.lifted_reason).toBe(
    `合同${contractNumber(first.contract)}、${contractNumber(next.contract)} ${Y}年度考核平均分更正后为85.0分,达到85分`,
  );
  for (const who of ['王建国', '李秀英']) {
    await h.sb.waitFor(() => told(who, '解除禁投')[0]);
    await sleep(300);
    expect(told(who, '解除禁投'), who).toHaveLength(1);
  }
});
