import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  approvalStages,
  delegations,
  people,
  purchaseAssessors,
  purchaseRequests,
  roleGrants,
} from '../../src/db/schema';
import { addCalendarDays, shanghaiDate } from '../../src/domain/business-date';
import type { Role } from '../../src/domain/roles';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileStandard } from '../helpers/purchase';

// Issue 12, point 5: a leader delegates their approvals for a date range to a colleague of the same
// scope. The app's clock is the real one: ranges are chosen around today's date in Asia/Shanghai, and
// a range that has already ended is written straight to the table (the card refuses past dates).

let h: Harness;
const today = shanghaiDate(new Date());
const day = (n: number) => addCalendarDays(today, n);
const MEETING = { meeting_date: `${today} +0800`, minutes_no: '2026-第21次' };

/** A colleague in the asset company who holds no approving role: the usual delegate. */
const DEPUTY = 'ou_delegation_deputy';
/** A second filer of the asset company, so that requests can be filed by someone else than 张伟. */
const FILER2 = 'ou_delegation_filer2';

const p = (name: string) => h.person(name);
const pid = async (openId: string) =>
  Number((await h.sql`select id from people where open_id = ${openId}`)[0]!.id);

async function addPerson(openId: string, name: string, roles: Role[]) {
  h.sb.addUser({ openId, name });
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  const unitId = Number(unit!.id);
  const [person] = await h.db.insert(people).values({ openId, name, unitId }).returning();
  await h.db
    .insert(roleGrants)
    .values(roles.map((role) => ({ personId: person!.id, role, unitId, grantedBy: 'test' })));
}

/** A pending unit-leadership stage of an asset company request, straight in the database. */
async function pendingStage(filer: string, assessors: string[], openedOn = today) {
  const line = await addLine(h, 'asset', 50_000_000n);
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({
      unitId: line.unitId,
      budgetLineId: line.id,
      category: 'cleaning',
      description: '食堂保洁服务',
      whyOutsource: '本单位无专职人员',
      suppliersAsked: 3,
      priceLowFen: 9_000_000n,
      priceHighFen: 11_000_000n,
      amountFen: 10_000_000n,
      method: 'open_tender',
      filerId: await pid(filer),
      leaderId: await pid(p('王建国')),
      departmentId: await pid(p('李秀英')),
      policyVersion: 1,
      status: 'pending',
      // Filed on the stage's day by the test's clock, not the database's (its default now() is the
      // machine's real time, which is another date than the pinned one late in a UTC day).
      createdAt: new Date(`${openedOn}T09:00:00+08:00`),
    })
    .returning();
  await h.db
    .insert(purchaseAssessors)
    .values(await Promise.all(assessors.map(async (a) => ({ requestId: req!.id, personId: await pid(a) }))));
  const [stage] = await h.db
    .insert(approvalStages)
    .values({
      requestId: req!.id,
      seq: 1,
      kind: 'unit_leadership',
      status: 'pending',
      openedAt: new Date(`${openedOn}T09:00:00+08:00`),
      openedOn,
    })
    .returning();
  return { stageId: stage!.id, requestId: req!.id };
}

const contentOf = (messageId: string) => JSON.stringify(h.sb.message(messageId)?.content);

/**
 * Clicks `button` and returns the message now showing the answer card titled `title`: the clicked
 * card itself when the answer replaced it, else the newest such card in the clicker's inbox.
 */
async function clickTo(
  who: string,
  messageId: string,
  button: string | object,
  title: string,
  form?: object,
) {
  const before = new Set(h.sb.inbox(who).map((m) => m.messageId));
  const r = await h.sb.click(who, messageId, button as string, form as Record<string, unknown>);
  if (r.toast && (r.toast as { type?: string }).type === 'error') throw new Error(JSON.stringify(r.toast));
  if (r.card && titleOf(h.sb.message(messageId))?.startsWith(title)) return messageId;
  const m = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(who)).find((x) => !before.has(x.messageId) && titleOf(x)?.startsWith(title)),
  );
  return m.messageId;
}

/** The 委托审批 card, opened from the person's menu. */
async function delegationCard(who: string) {
  const menu = await askMenu(h.sb, who);
  return clickTo(who, menu.messageId, '委托审批', '委托审批');
}

/** Saves a delegation from the leader's card; returns the click's answer (toast). */
async function delegate(leader: string, form: { person: string; from_date: string; to_date: string }) {
  const card = await delegationCard(leader);
  return h.sb.click(leader, card, '保存委托', form);
}

/**
 * A delegate's 委托审批 card. One without an approving role has no menu button for it (they reach it
 * from the notice, whose button this sends).
 */
async function deputyView(who = DEPUTY) {
  const r = await forgeCardCallback(h, who, 'om_delegation_notice', { a: 'delegation.show' }, {});
  return JSON.stringify(r);
}

/** 同意 as a stale or forged card would send it: the stage id and a complete meeting record. */
const approveForged = (who: string, stageId: number) =>
  forgeCardCallback(h, who, 'om_delegation_forged', { a: 'approval.approve', stage: stageId }, MEETING);

async function stageOf(stageId: number) {
  const [s] = await h.sql<{ status: string; decidedBy: number | null; onBehalfOf: number | null }[]>`
    select s.status, s.decided_by::int as "decidedBy", d.on_behalf_of::int as "onBehalfOf"
    from approval_stages s left join delegated_decisions d on d.stage_id = s.id where s.id = ${stageId}`;
  return s!;
}

const decisionRows = (requestId: number) =>
  h.sql<{ actor: string; action: string; data: Record<string, unknown> }[]>`
    select actor, action, data from audit_log
    where aggregate_type = 'purchase' and aggregate_id = ${String(requestId)} and action like 'stage.%'`;

async function writes() {
  const [r] = await h.sql<{ delegations: number; audit: number; outbox: number }[]>`
    select (select count(*)::int from delegations) as delegations,
      (select count(*)::int from audit_log where aggregate_type = 'delegation') as audit,
      (select count(*)::int from outbox
        where content::text like '%审批委托通知%' or content::text like '%撤销对您的审批委托%') as outbox`;
  return r!;
}

beforeAll(async () => {
  h = await startHarness();
  await addPerson(DEPUTY, '钱多多', ['responsible_department']);
  await addPerson(FILER2, '孙小红', ['filer']);
}, 60_000);
afterAll(() => h.stop());

it('inside the range the delegate decides a pending stage once, recorded as on behalf of the leader', async () => {
  const requestId = await fileStandard(h, '19.99万');
  const leaderCard = await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => titleOf(m)?.startsWith(`采购审批 #${requestId} ·`)),
  );
  // Only approvers see 委托审批 in their menu; the deputy holds no approving role.
  expect(JSON.stringify((await askMenu(h.sb, DEPUTY)).content)).not.toContain('委托审批');
  const card = await delegationCard(p('王建国'));
  expect(contentOf(card)).toContain('单位领导班子(资产经营公司)');
  const saved = await h.sb.click(p('王建国'), card, '保存委托', {
    person: DEPUTY,
    from_date: today,
    to_date: day(6),
  });
  expect(saved.toast).toMatchObject({ type: 'success' });
  expect(JSON.stringify(saved.toast)).toContain('钱多多');

  // The deputy is told, and opens what they may now decide from the notice.
  const notice = await h.sb.waitFor(() => h.sb.inbox(DEPUTY).find((m) => titleOf(m) === '审批委托通知'));
  expect(JSON.stringify(notice.content)).toContain('王建国');
  const list = await clickTo(DEPUTY, notice.messageId, '查看可代审事项', '委托审批');
  expect(contentOf(list)).toContain(`代 王建国`);
  expect(contentOf(list)).toContain(`审批 #${requestId}`);
  const [stageRow] = await h.sql<{ id: number }[]>`
    select id::int from approval_stages where request_id = ${requestId} and seq = 1`;
  const stageId = stageRow!.id;
  const approval = await clickTo(
    DEPUTY,
    list,
    { a: 'approval.open', stage: stageId },
    `采购审批 #${requestId}`,
  );
  const decided = await h.sb.click(DEPUTY, approval, '同意', MEETING);
  expect(decided.toast).toMatchObject({ type: 'success', content: '已同意' });
  expect(contentOf(approval)).toContain('钱多多(代 王建国 审批)');

  expect(await stageOf(stageId)).toEqual({
    status: 'approved',
    decidedBy: await pid(DEPUTY),
    onBehalfOf: await pid(p('王建国')),
  });
  const rows = await decisionRows(requestId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    actor: DEPUTY,
    action: 'stage.approved',
    data: { onBehalfOf: p('王建国') },
  });
  // Every holder's card and the filer's message say on whose behalf; a second approver is refused.
  await h.sb.waitFor(() => contentOf(leaderCard.messageId).includes('代 王建国 审批'));
  await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => JSON.stringify(m.content).includes('钱多多(代 王建国 审批)')),
  );
  const other = await h.sb.waitFor(() =>
    h.sb.inbox(p('李秀英')).find((m) => titleOf(m)?.startsWith(`采购审批 #${requestId} ·`)),
  );
  const again = await forgeCardCallback(
    h,
    p('李秀英'),
    other.messageId,
    { a: 'approval.approve', stage: stageId },
    MEETING,
  );
  expect(again.toast).toMatchObject({ type: 'error' });
  expect(await decisionRows(requestId)).toHaveLength(1);
});

it('outside the range the delegate is refused: once revoked, before the first day, after the last', async () => {
  // Opened a week ago: every delegation below was live at some point while it waited.
  const { stageId, requestId } = await pendingStage(p('张伟'), [p('张伟')], day(-7));
  // Inside the range the stage is listed for the deputy; the leader then ends the delegation early.
  expect(await deputyView()).toContain(`审批 #${requestId} `);
  const card = await delegationCard(p('王建国'));
  expect(contentOf(card)).toContain('钱多多');
  const revoked = await h.sb.click(p('王建国'), card, '撤销委托');
  expect(revoked.toast).toMatchObject({ type: 'success' });
  await h.sb.waitFor(() =>
    h.sb.inbox(DEPUTY).find((m) => m.msgType === 'text' && JSON.stringify(m.content).includes('已撤销')),
  );
  const refusal = { type: 'error', content: '您不是「单位领导班子集体决策」环节的审批人' };
  expect(await deputyView()).not.toContain(`审批 #${requestId} `);
  // The card the deputy opened while the delegation held, clicked now.
  expect((await approveForged(DEPUTY, stageId)).toast).toMatchObject(refusal);

  // Before its first day: a delegation from tomorrow.
  const later = await delegate(p('王建国'), { person: DEPUTY, from_date: day(1), to_date: day(3) });
  expect(later.toast).toMatchObject({ type: 'success' });
  expect(await deputyView()).toContain('未开始');
  expect((await approveForged(DEPUTY, stageId)).toast).toMatchObject(refusal);

  // After its last day: 李秀英's delegation that ended yesterday.
  await h.db.insert(delegations).values({
    delegatorId: await pid(p('李秀英')),
    delegateId: await pid(DEPUTY),
    fromDate: day(-5),
    toDate: day(-1),
  });
  expect((await approveForged(DEPUTY, stageId)).toast).toMatchObject(refusal);
  expect(await stageOf(stageId)).toEqual({ status: 'pending', decidedBy: null, onBehalfOf: null });
  expect(await decisionRows(requestId)).toHaveLength(0);

  // The same stage, with a delegation that covers today: decided, on 李秀英's behalf.
  const now = await delegate(p('李秀英'), { person: DEPUTY, from_date: today, to_date: today });
  expect(now.toast).toMatchObject({ type: 'success' });
  expect((await approveForged(DEPUTY, stageId)).toast).toMatchObject({ type: 'success' });
  expect(await stageOf(stageId)).toMatchObject({ status: 'approved', onBehalfOf: await pid(p('李秀英')) });

  const trail = await h.sql<{ action: string }[]>`
    select action from audit_log where aggregate_type = 'delegation' order by id`;
  expect(trail.map((t) => t.action)).toEqual([
    'delegation.created',
    'delegation.revoked',
    'delegation.created',
    'delegation.created',
  ]);
});

it('the delegate cannot decide a request they filed or assess, nor one the leader could not decide', async () => {
  // 张伟 (filer and assessor of the asset company) acts for 王建国 today only.
  const saved = await delegate(p('王建国'), { person: p('张伟'), from_date: today, to_date: today });
  expect(saved.toast).toMatchObject({ type: 'success' });
  const own = await pendingStage(p('张伟'), [FILER2]);
  const assessed = await pendingStage(FILER2, [p('张伟')]);
  const leaders = await pendingStage(FILER2, [p('王建国')]);
  const fine = await pendingStage(FILER2, [FILER2]);

  // Only the stage 张伟 may decide for 王建国 is listed for him.
  const list = await deputyView(p('张伟'));
  expect(list).toContain(`审批 #${fine.requestId}`);
  for (const s of [own, assessed, leaders]) expect(list).not.toContain(`审批 #${s.requestId} `);

  const before = await writes();
  expect((await approveForged(p('张伟'), own.stageId)).toast).toMatchObject({
    type: 'error',
    content: '您是该申请的经办人,不能审批自己提交的申请',
  });
  expect((await approveForged(p('张伟'), assessed.stageId)).toast).toMatchObject({
    type: 'error',
    content: '您是该申请的考核人,不能审批',
  });
  expect((await approveForged(p('张伟'), leaders.stageId)).toast).toMatchObject({
    type: 'error',
    content: '委托人 王建国 是该申请的经办人或考核人,本人不能审批,您也不能代其审批',
  });
  for (const s of [own, assessed, leaders]) {
    expect(await stageOf(s.stageId)).toEqual({ status: 'pending', decidedBy: null, onBehalfOf: null });
    expect(await decisionRows(s.requestId)).toHaveLength(0);
  }
  expect(await writes()).toEqual(before);

  // A rejection on behalf is recorded the same way.
  const rejected = await forgeCardCallback(
    h,
    p('张伟'),
    'om_delegation_forged',
    { a: 'approval.reject', stage: fine.stageId },
    { reason: '预算另有安排' },
  );
  expect(rejected.toast).toMatchObject({ type: 'success', content: '已驳回' });
  expect(await stageOf(fine.stageId)).toMatchObject({
    status: 'rejected',
    onBehalfOf: await pid(p('王建国')),
  });
  expect(await decisionRows(fine.requestId)).toMatchObject([
    { actor: p('张伟'), action: 'stage.rejected', data: { onBehalfOf: p('王建国') } },
  ]);
});

it('refuses a colleague without the same scope, oneself, overlaps, bad ranges and re-delegation, writing nothing', async () => {
  const before = await writes();
  const refused = async (leader: string, form: { person: string; from_date: string; to_date: string }) => {
    const r = await delegate(leader, form);
    expect(r.toast, JSON.stringify(form)).toMatchObject({ type: 'error' });
    return (r.toast as { content: string }).content;
  };
  const range = { from_date: day(10), to_date: day(12) };
  // Zone finance and another unit's leadership share no scope with the asset company's leadership.
  expect(await refused(p('王建国'), { person: p('孙丽'), ...range })).toContain(
    '受托人须与您在同一审批范围任职',
  );
  expect(await refused(p('王建国'), { person: p('陈志强'), ...range })).toContain(
    '受托人须与您在同一审批范围任职',
  );
  // A colleague who already decides there needs no delegation; nobody delegates to themself.
  expect(await refused(p('王建国'), { person: p('李秀英'), ...range })).toContain('无需委托');
  expect(await refused(p('王建国'), { person: p('王建国'), ...range })).toBe('不能委托给自己');
  // 王建国 already delegated from tomorrow to the day after next.
  expect(await refused(p('王建国'), { person: p('张伟'), from_date: day(2), to_date: day(5) })).toContain(
    '日期不能重叠',
  );
  expect(await refused(p('王建国'), { person: p('张伟'), from_date: day(-1), to_date: day(1) })).toContain(
    '早于今天',
  );
  expect(await refused(p('王建国'), { person: p('张伟'), from_date: day(10), to_date: day(100) })).toContain(
    '最长 90 天',
  );
  expect(await refused(p('王建国'), { person: p('张伟'), from_date: day(12), to_date: day(10) })).toContain(
    '早于开始日期',
  );
  // Discipline inspection supervises approvals: it shares the zone's scope, yet never acts for anyone.
  expect(await refused(p('周国平'), { person: p('郑毅'), ...range })).toContain('纪检监察人员');
  // The committee's scope is the zone: a unit's staff cannot act for it.
  expect(await refused(p('周国平'), { person: p('张伟'), ...range })).toContain('党工委管委会(全区)');
  // No chains: the deputy holds only what was delegated to them, which cannot be passed on.
  const chained = await forgeCardCallback(
    h,
    DEPUTY,
    'om_delegation_forged',
    { a: 'delegation.create' },
    {
      person: p('张伟'),
      ...range,
    },
  );
  expect(chained.toast).toMatchObject({ type: 'error' });
  expect(chained.toast?.content).toContain('受托的审批权限不能再转委托');
  // Another leader cannot revoke 王建国's delegation.
  const [mine] = await h.sql<{ id: number }[]>`
    select id::int from delegations where revoked_at is null and from_date = ${day(1)}::date`;
  const foreign = await forgeCardCallback(
    h,
    p('李秀英'),
    'om_delegation_forged',
    { a: 'delegation.revoke', delegation: mine!.id },
    {},
  );
  expect(foreign.toast).toMatchObject({ type: 'error', content: '您无权撤销该委托' });
  expect(await writes()).toEqual(before);
});

it('a stage opened while a delegation runs is sent to the delegate too, and their card follows the decision', async () => {
  await h.db.insert(delegations).values({
    delegatorId: await pid(p('李秀英')),
    delegateId: await pid(DEPUTY),
    fromDate: today,
    toDate: today,
  });
  const requestId = await fileStandard(h, '18万');
  const mine = await h.sb.waitFor(
    () => h.sb.inbox(DEPUTY).find((m) => titleOf(m)?.startsWith(`采购审批 #${requestId} ·`)),
    15_000,
  );
  const leaderCard = await h.sb.waitFor(
    () => h.sb.inbox(p('王建国')).find((m) => titleOf(m)?.startsWith(`采购审批 #${requestId} ·`)),
    15_000,
  );
  const decided = await h.sb.click(p('王建国'), leaderCard, '同意', MEETING);
  expect(decided.toast).toMatchObject({ type: 'success', content: '已同意' });
  await h.sb.waitFor(() => contentOf(mine.messageId).includes('已同意'), 15_000);
}, 60_000);
