import { afterAll, beforeAll, expect, it } from 'vitest';
import { vendors } from '../../src/db/schema';
import { addCalendarDays } from '../../src/domain/business-date';
import { shanghaiDate } from '../../src/domain/calendar';
import { shortDate } from '../../src/domain/date-order';
import { askMenu, sleep, titleOf } from '../helpers/cards';
import { approveThroughLegal } from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';

// DOMAIN.md "The order of dates": every typed date along a purchase's chain is checked against the
// dates already recorded for it. For each pair the earlier-than case is refused through the card
// with both dates named and nothing written; the same day is accepted. A contract recorded after its
// term started (补签) needs a stated reason, which is recorded, audited and shown on its card.

let h: Harness;
let p: (name: string) => string;
let vendorId: number;
const today = shanghaiDate(new Date());
const year = Number(today.slice(0, 4));
const day = (n: number) => addCalendarDays(today, n);
let minutes = 0;
const meeting = (date: string) => ({ meeting_date: `${date} +0800`, minutes_no: `${year}-第${++minutes}次` });
/** `later` shown before `earlier` as the refusal shows them (MM-DD when both fall in one year). */
const pair = (later: string, earlier: string) => shortDate(later, earlier);

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const [v] = await h.db
    .insert(vendors)
    .values({
      name: '苏州洁美物业管理有限公司',
      uscc: '91350100M000100Y43',
      contactName: '孙经理',
      createdBy: 't',
    })
    .returning();
  vendorId = v!.id;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const toastOf = (r: { toast?: unknown }) => r.toast as { type: string; content: string } | undefined;

/**
 * Everything a refused click could have written: every row of the chain's tables (a changed row
 * changes the digest), and the audit and outbox counts.
 */
async function written() {
  const digest = (table: string) =>
    h.sql.unsafe(`select coalesce(md5(string_agg(t::text, '|' order by t.id)), '') as d from ${table} t`);
  const [[stages], [requests], [procurements], [contracts], [audit], [outbox]] = await Promise.all([
    digest('approval_stages'),
    digest('purchase_requests'),
    digest('procurements'),
    digest('contracts'),
    h.sql`select count(*)::int as n from audit_log`,
    h.sql`select count(*)::int as n from outbox`,
  ]);
  return {
    stages: stages!.d,
    requests: requests!.d,
    procurements: procurements!.d,
    contracts: contracts!.d,
    audit: audit!.n,
    outbox: outbox!.n,
  };
}

/** Waits until every decided stage's fan-out ran and the outbox is quiet, so a count compares. */
async function settled() {
  await h.sb.waitFor(async () => {
    const [r] = await h.sql`select count(*)::int as n from approval_stages
      where status in ('approved', 'rejected') and fanned_out_at is null`;
    return r!.n === 0;
  });
  await sleep(300);
}

/** Files a request through the cards, then dates its filing `daysAgo` back (it was filed then). */
async function filed(amount: string, daysAgo: number, category = 'cleaning') {
  const id = await fileStandard(h, amount, category);
  await h.sql`update purchase_requests set created_at = ${`${day(-daysAgo)}T09:00:00+08:00`}::timestamptz
    where id = ${id}`;
  return id;
}

/** The latest approval card `who` holds for request `id` whose title includes `part`. */
const cardOf = (who: string, id: number, part: string) =>
  h.sb.waitFor(() =>
    h.sb
      .inbox(p(who))
      .filter((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`) && titleOf(m)!.includes(part))
      .at(-1),
  );

/** A click that must be refused with `message`, writing nothing. */
async function refused(click: () => Promise<{ toast?: unknown }>, message: string) {
  await settled();
  const before = await written();
  const r = await click();
  expect(toastOf(r), text(r.toast)).toMatchObject({ type: 'error' });
  expect(toastOf(r)?.content).toContain(message);
  await sleep(200);
  expect(await written()).toEqual(before);
}

/** 王建国 approves the leadership stage of `id` at `date`; returns the click's answer. */
const leadership = async (id: number, date: string) =>
  h.sb.click(p('王建国'), await cardOf('王建国', id, '单位领导班子'), '同意', meeting(date));

/** Opens 张伟's procurement form for `id` and records it with `form` over the card's own values. */
async function record(id: number, form: Record<string, string>) {
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '采购与合同');
  await h.sb.click(p('张伟'), menu, { a: 'procurement.form', request: id });
  return (extra: Record<string, string> = {}) =>
    h.sb.click(p('张伟'), menu, '确认登记', {
      method: 'open_tender',
      platform: '苏州市公共资源交易平台',
      reference_no: `SZGG${year}-${id}`,
      bidders: '3',
      vendor: String(vendorId),
      ...form,
      ...extra,
    });
}

/** An approved request (filed and approved `daysAgo`) with its procurement awarded on `awardDate`. */
async function procured(daysAgo: number, awardDate: string) {
  const id = await filed('15万', daysAgo);
  expect(toastOf(await leadership(id, day(-daysAgo)))).toMatchObject({ type: 'success' });
  await settled();
  const ok = await (await record(id, { price: '15万', award_date: `${awardDate} +0800` }))();
  expect(toastOf(ok), text(ok.toast)).toMatchObject({ type: 'success' });
  return id;
}

/** Opens the signing form of `id`; returns preview and sign clicks taking the typed form. */
async function signing(id: number) {
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '合同管理');
  const form = await h.sb.click(p('张伟'), menu, { a: 'contract.form', request: id });
  expect(text(form.card)).toContain('补签原因');
  return {
    preview: (f: Record<string, string>) => h.sb.click(p('张伟'), menu, '检查并预览', f),
    sign: (f?: Record<string, string>) => h.sb.click(p('张伟'), menu, '确认签订', f),
    /** 法务审核 of the previewed form, approved by legal (rule 6): then 确认签订 is offered. */
    legal: (f: Record<string, string>) => approveThroughLegal(h, p('张伟'), menu.messageId, id, f),
  };
}

const termForm = (startsOn: string, endsOn: string, late_reason = '') => ({
  amount: '15万',
  starts_on: `${startsOn} +0800`,
  ends_on: `${endsOn} +0800`,
  schedule: `全款,${endsOn},15万`,
  targets: '公共区域每日清扫两次,保洁覆盖率100%',
  late_reason,
});

it('filing ≤ the leadership meeting: a meeting the day before the filing is refused naming both, the filing day is accepted', async () => {
  const id = await filed('15万', 3);
  const [m, f] = pair(day(-4), day(-3));
  await refused(() => leadership(id, day(-4)), `会议日期 ${m} 早于申请提交日期 ${f}`);
  const ok = await leadership(id, day(-3));
  expect(toastOf(ok)).toMatchObject({ type: 'success' });
  const [stage] = await h.sql`select status, meeting_date from approval_stages where request_id = ${id}`;
  expect(stage).toEqual({ status: 'approved', meeting_date: day(-3) });
});

it('the leadership meeting ≤ the committee meeting ≤ today: earlier or later refused naming both, the same days accepted', async () => {
  const id = await filed('20万', 5, 'security');
  expect(toastOf(await leadership(id, day(-2)))).toMatchObject({ type: 'success' });
  const committee = () => cardOf('周国平', id, '党工委管委会审批');
  const [c, l] = pair(day(-3), day(-2));
  await refused(
    async () => h.sb.click(p('周国平'), await committee(), '同意', meeting(day(-3))),
    `会议日期 ${c} 早于领导班子会议日期 ${l}`,
  );
  // After today: the meeting has not been held (both dates named).
  await refused(
    async () => h.sb.click(p('周国平'), await committee(), '同意', meeting(day(1))),
    `会议日期 ${day(1)} 晚于今天(${today})`,
  );
  const ok = await h.sb.click(p('周国平'), await committee(), '同意', meeting(day(-2)));
  expect(toastOf(ok)).toMatchObject({ type: 'success' });

  // The committee on the day itself (today) is accepted too.
  const other = await filed('20万', 0, 'security');
  expect(toastOf(await leadership(other, today))).toMatchObject({ type: 'success' });
  const same = await h.sb.click(
    p('周国平'),
    await cardOf('周国平', other, '党工委管委会审批'),
    '同意',
    meeting(today),
  );
  expect(toastOf(same)).toMatchObject({ type: 'success' });
  const rows =
    await h.sql`select kind, meeting_date from approval_stages where request_id in (${id}, ${other})
    order by request_id, seq`;
  expect(rows.map((r) => `${r.kind}:${r.meeting_date}`)).toEqual([
    `unit_leadership:${day(-2)}`,
    `zone_committee:${day(-2)}`,
    `unit_leadership:${today}`,
    `zone_committee:${today}`,
  ]);
});

it('final approval ≤ the award ≤ today: an award before the approval (先采购后审批) or after today is refused naming both', async () => {
  const id = await filed('15万', 6);
  expect(toastOf(await leadership(id, day(-4)))).toMatchObject({ type: 'success' });
  await settled();
  const click = await record(id, { price: '15万' });
  const [a, m] = pair(day(-5), day(-4));
  await refused(
    () => click({ award_date: `${day(-5)} +0800` }),
    `成交日期 ${a} 早于审批通过日期 ${m},不能先采购后审批`,
  );
  await refused(() => click({ award_date: `${day(1)} +0800` }), `成交日期 ${day(1)} 晚于今天(${today})`);
  const ok = await click({ award_date: `${day(-4)} +0800` });
  expect(toastOf(ok), text(ok.toast)).toMatchObject({ type: 'success' });
  const [row] = await h.sql`select award_date from procurements where request_id = ${id}`;
  expect(row!.award_date).toBe(day(-4));

  // Awarded today, the same day as today: accepted.
  const other = await procured(0, today);
  const [same] = await h.sql`select award_date from procurements where request_id = ${other}`;
  expect(same!.award_date).toBe(today);
});

it('a re-approval meeting comes after the award it re-approves: before the award refused naming both, the award day accepted', async () => {
  const id = await filed('15万', 6);
  expect(toastOf(await leadership(id, day(-6)))).toMatchObject({ type: 'success' });
  await settled();
  // 16万 above the approved 15万: the record starts a re-approval by the leadership.
  const started = await (await record(id, { price: '16万', award_date: `${day(-3)} +0800` }))();
  expect(toastOf(started)).toMatchObject({ type: 'info', content: expect.stringContaining('重新报批') });
  const again = () => cardOf('王建国', id, '重新报批');
  const [m, a] = pair(day(-4), day(-3));
  await refused(
    async () => h.sb.click(p('王建国'), await again(), '同意', meeting(day(-4))),
    `会议日期 ${m} 早于成交日期 ${a}`,
  );
  const ok = await h.sb.click(p('王建国'), await again(), '同意', meeting(day(-3)));
  expect(toastOf(ok), text(ok.toast)).toMatchObject({ type: 'success' });
  const [row] =
    await h.sql`select awarded_fen::text as fen, award_date from procurements where request_id = ${id}`;
  expect(row).toEqual({ fen: '16000000', award_date: day(-3) });
});

it('the term starts no earlier than the award: the day before refused naming both, the award day accepted', async () => {
  const id = await procured(0, today);
  const s = await signing(id);
  const end = day(180); // within a year: no long-term warning
  const [b, a] = pair(day(-1), today);
  await refused(
    () => s.preview(termForm(day(-1), end)),
    `服务开始日期 ${b} 早于成交日期 ${a},合同不能在成交前开始`,
  );
  const preview = await s.preview(termForm(today, end));
  expect(toastOf(preview), text(preview.toast)).toMatchObject({ type: 'info' });
  expect(text(preview.card)).not.toContain('属补签');
  await s.legal(termForm(today, end));
  const signed = await s.sign();
  expect(toastOf(signed), text(signed.toast)).toMatchObject({ type: 'success' });
  const [c] =
    await h.sql`select starts_on, signed_on, late_signing_reason from contracts where request_id = ${id}`;
  expect(c).toEqual({ starts_on: today, signed_on: today, late_signing_reason: null });
  expect(text(signed.card)).not.toContain('补签');
});

it('补签: a contract recorded after its term started is refused without a reason; with one it is recorded, audited and shown', async () => {
  const id = await procured(40, day(-30));
  const s = await signing(id);
  const start = day(-10);
  const end = day(300);
  const [st, td] = pair(start, today);
  const rule = `合同服务期 ${st} 起,今天(${td})才登记,属补签,请填写补签原因`;
  await refused(() => s.preview(termForm(start, end)), rule);
  // The form says the rule once the typed start is before today.
  const hinted = await s.preview(termForm(start, end));
  expect(text(hinted.card)).toContain('属补签');
  expect(text(hinted.card)).toContain('须填写补签原因');
  const reason = '中标通知书送达延误,服务已按期开始,合同文本审核后补签';
  const preview = await s.preview(termForm(start, end, reason));
  expect(toastOf(preview), text(preview.toast)).toMatchObject({ type: 'info' });
  await s.legal(termForm(start, end, reason));
  // 确认签订 with the reason cleared is refused on the server as well (the form comes back unchecked).
  await refused(() => s.sign({ late_reason: '' }), rule);
  expect(toastOf(await s.preview(termForm(start, end, reason)))).toMatchObject({ type: 'info' });
  const signed = await s.sign();
  expect(toastOf(signed), text(signed.toast)).toMatchObject({ type: 'success' });

  const [c] = await h.sql`select id::int, starts_on, ends_on, signed_on, late_signing_reason from contracts
    where request_id = ${id}`;
  expect(c).toMatchObject({ starts_on: start, ends_on: end, signed_on: today, late_signing_reason: reason });
  const [audit] = await h.sql`select data from audit_log where aggregate_type = 'contract'
    and aggregate_id = ${String(c!.id)} and action = 'contract.signed'`;
  expect(audit!.data.lateSigning).toEqual({ reason, afterEnd: false, signedOn: today });
  const line = `**补签**:服务期 ${start} 至 ${end},${today} 才登记;原因:${reason}`;
  expect(text(signed.card)).toContain(text(line).slice(1, -1));
  // The responsible leader opens it from 合同管理: the card shows the 补签 line.
  const menu = await askMenu(h.sb, p('王建国'));
  await h.sb.click(p('王建国'), menu, '合同管理');
  const shown = await h.sb.click(p('王建国'), menu.messageId, { a: 'contract.show', contract: c!.id });
  expect(text(shown.card)).toContain(text(line).slice(1, -1));
  expect(text(shown.card)).not.toContain('登记时服务期已结束');
});

it('补签 after the term ended: refused without a reason, accepted with one and shown as such', async () => {
  const id = await procured(90, day(-80));
  const s = await signing(id);
  const start = day(-70);
  const end = day(-5);
  const [st, td] = pair(start, today);
  const [en] = pair(end, today);
  await refused(
    () => s.preview(termForm(start, end)),
    `合同服务期 ${st} 至 ${en} 已结束,今天(${td})才登记,属补签(登记时服务期已结束),请填写补签原因`,
  );
  const reason = '服务期内合同文本未能定稿,服务已实际提供,现补签备案';
  const preview = await s.preview(termForm(start, end, reason));
  expect(toastOf(preview), text(preview.toast)).toMatchObject({ type: 'info' });
  await s.legal(termForm(start, end, reason));
  const signed = await s.sign();
  expect(toastOf(signed), text(signed.toast)).toMatchObject({ type: 'success' });
  const [c] = await h.sql`select id::int, late_signing_reason from contracts where request_id = ${id}`;
  expect(c!.late_signing_reason).toBe(reason);
  const [audit] = await h.sql`select data from audit_log where aggregate_type = 'contract'
    and aggregate_id = ${String(c!.id)} and action = 'contract.signed'`;
  expect(audit!.data.lateSigning).toEqual({ reason, afterEnd: true, signedOn: today });
  const line = `**补签(登记时服务期已结束)**:服务期 ${start} 至 ${end},${today} 才登记;原因:${reason}`;
  expect(text(signed.card)).toContain(text(line).slice(1, -1));
});
