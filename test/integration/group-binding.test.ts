import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { approvalStages, groupBindings, people, roleGrants, units } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { checkCard } from '../../src/sandbox/card-check';
import type { MessageView } from '../../src/sandbox/types';
import { botCards, forgeCardCallback, sleep, titleOf } from '../helpers/cards';
import { contractLabelRe, createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';

// Filed today through the cards: a meeting may be no earlier than the filing, nor after today.
const today = shanghaiDate(new Date());

/**
 * Issue 12, point 2: a group bound as a unit's leadership group, from a card in it, audited and
 * undone; the collective decision (rule 4) is taken there by whoever of the leadership records it.
 */
let h: Harness;
const GROUP = 'oc_asset_leaders';
let leaders: string[];
let unitA: number;

const auditCount = async (action: string) =>
  Number((await h.sql`select count(*)::int as n from audit_log where action = ${action}`)[0]!.n);

beforeAll(async () => {
  h = await startHarness();
  [{ id: unitA }] = (await h.db.select({ id: units.id }).from(units).where(eq(units.code, 'asset'))) as [
    { id: number },
  ];
  // Ten leadership members: the demo's two and eight more.
  const extra: string[] = [];
  for (let i = 0; i < 8; i++) {
    const openId = `ou_leader_${i}`;
    const [p] = await h.db
      .insert(people)
      .values({ openId, name: `班子成员${i}`, unitId: unitA })
      .returning();
    await h.db
      .insert(roleGrants)
      .values({ personId: p!.id, role: 'unit_leadership', unitId: unitA, grantedBy: 'test' });
    h.sb.addUser({ openId, name: `班子成员${i}` });
    extra.push(openId);
  }
  leaders = [h.person('王建国'), h.person('李秀英'), ...extra];
  h.sb.addChat({
    chatId: GROUP,
    name: '资产经营公司领导班子',
    members: [...leaders, h.person('张伟')],
    botIsMember: true,
  });
}, 60_000);
afterAll(() => h.stop());

const groupCards = () => botCards(h.sb.inbox(h.person('张伟'))).filter((m) => m.chatId === GROUP);
const current = (m: MessageView) => h.sb.message(m.messageId)!;

it('binds from a card in the group: refused for a member without the right, audited, shown to all', async () => {
  await h.sb.say(h.person('王建国'), '', { chatId: GROUP, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() => groupCards()[0]);
  const opened = await h.sb.click(h.person('王建国'), menu, '绑定本群');
  expect(opened.toast).toBeUndefined();
  expect(titleOf(current(menu))).toBe('本群绑定'); // answered in place: the binding card is group-safe
  // 张伟 (a filer, not the leadership) submits the same form: refused, nothing bound.
  const refused = await h.sb.click(h.person('张伟'), menu, '绑定为领导班子群', {
    leadership_unit: String(unitA),
  });
  expect(refused.toast).toMatchObject({
    type: 'error',
    content: '只有管理员或单位领导班子成员可以绑定或解绑本群',
  });
  const bound = await h.sb.click(h.person('王建国'), menu, '绑定为领导班子群', {
    leadership_unit: String(unitA),
  });
  expect(bound.toast).toMatchObject({ type: 'success', content: '已绑定为领导班子群' });
  expect(JSON.stringify(current(menu).content)).toContain('资产经营公司 领导班子群');
  const live = await h.db.select().from(groupBindings).where(eq(groupBindings.chatId, GROUP));
  expect(live).toMatchObject([
    { kind: 'leadership', unitId: unitA, boundBy: h.person('王建国'), unboundAt: null },
  ]);
  expect(await auditCount('group.bound')).toBe(1);
});

it('the collective decision in the bound group: 10 members click at once, one decision, one audit row, all cards show it, the filer told once', async () => {
  const requestId = await fileStandard(h, '150000');
  const card = await h.sb.waitFor(() =>
    groupCards().find((m) => JSON.stringify(m.content).includes(`#${requestId}`)),
  );
  const before = await auditCount('stage.approved');
  const answers = await Promise.all(
    leaders.map((who, i) =>
      h.sb.click(who, card.messageId, '同意', {
        meeting_date: today,
        minutes_no: `2026-第${30 + i}次`,
      }),
    ),
  );
  const ok = answers.filter(
    (a) => JSON.stringify(a.toast) === JSON.stringify({ type: 'success', content: '已同意' }),
  );
  expect(ok, JSON.stringify(answers.map((a) => a.toast))).toHaveLength(1);
  const [stage] = await h.db.select().from(approvalStages).where(eq(approvalStages.requestId, requestId));
  expect(stage).toMatchObject({ status: 'approved' });
  expect(await auditCount('stage.approved')).toBe(before + 1);
  // The group card and every member's own card show the decision.
  await h.sb.waitFor(() => JSON.stringify(current(card).content).includes('已同意'), 15_000);
  for (const who of leaders) {
    const mine = botCards(h.sb.inbox(who)).find(
      (m) => m.chatId !== GROUP && JSON.stringify(m.versions[0]).includes(`#${requestId}`),
    );
    expect(mine, who).toBeDefined();
    await h.sb.waitFor(() => JSON.stringify(current(mine!).content).includes('已同意'), 15_000);
  }
  await sleep(1000);
  const told = h.sb
    .inbox(h.person('张伟'))
    .filter((m) => m.msgType === 'text' && JSON.stringify(m.content).includes(`#${requestId}`));
  expect(told).toHaveLength(1);
}, 60_000);

it("another unit's stage, its card clicked in the leadership group: answered privately, never in place", async () => {
  const other = await requestInDb(h, {
    status: 'pending',
    procured: false,
    amountFen: 3_000_000n,
    unitCode: 'sanitation',
  });
  const [stage] = await h.db
    .insert(approvalStages)
    .values({ requestId: other.requestId, seq: 1, kind: 'unit_leadership', status: 'pending' })
    .returning();
  const [viewer] = await h.sql<{ open_id: string }[]>`
    select p.open_id from people p join role_grants g on g.person_id = p.id join units u on u.id = g.unit_id
    where u.code = 'sanitation' and g.role = 'unit_leadership' and g.revoked_at is null limit 1`;
  h.sb.addUser({ openId: viewer!.open_id, name: '环卫所领导' });
  const card = groupCards()[0]!;
  const r = await forgeCardCallback(
    h,
    viewer!.open_id,
    card.messageId,
    { a: 'approval.open', stage: stage!.id },
    {},
    GROUP,
  );
  expect(r).toEqual({ toast: { type: 'success', content: '已私聊发送' } });
  // Its own unit's stage, opened in the group by one of the leadership: in place.
  const ownStage = await h.sql<{ id: string }[]>`
    select s.id from approval_stages s join purchase_requests r on r.id = s.request_id
    where r.unit_id = ${unitA} order by s.id limit 1`;
  const own = await forgeCardCallback(
    h,
    h.person('王建国'),
    card.messageId,
    { a: 'approval.open', stage: Number(ownStage[0]!.id) },
    {},
    GROUP,
  );
  expect((own as { card?: unknown }).card).toBeDefined();
});

it('unbinds from the same card: audited, and the next collective stage is no longer posted to the group', async () => {
  const menu = groupCards()[0]!; // the binding card since the first test
  const [b] = await h.db.select().from(groupBindings).where(eq(groupBindings.chatId, GROUP));
  const r = await h.sb.click(h.person('李秀英'), menu, `解除:资产经营公司 领导班子群`);
  expect(r.toast).toMatchObject({ type: 'success', content: '已解除绑定' });
  const [after] = await h.db.select().from(groupBindings).where(eq(groupBindings.id, b!.id));
  expect(after).toMatchObject({ unboundBy: h.person('李秀英') });
  expect(await auditCount('group.unbound')).toBe(1);
  const requestId = await fileStandard(h, '120000');
  await sleep(1500);
  expect(groupCards().some((m) => JSON.stringify(m.content).includes(`#${requestId}`))).toBe(false);
  const rows = await h.db.execute(sql`select count(*)::int as n from approval_group_cards`);
  expect((rows as unknown as { n: number }[])[0]!.n).toBe(1);
});

it('an unbound group offered units and contracts: the card passes the check and binds through its project form', async () => {
  const chatId = 'oc_asset_project_unbound';
  const { contract } = await createContract(h, {
    unitCode: 'asset',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  h.sb.addChat({ chatId, name: '资产项目群', members: [h.person('王建国')], botIsMember: true });
  const inGroup = () => botCards(h.sb.inbox(h.person('王建国'))).filter((m) => m.chatId === chatId);
  await h.sb.say(h.person('王建国'), '', { chatId, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() => inGroup()[0]);
  await h.sb.click(h.person('王建国'), menu, '绑定本群');
  const card = current(menu).content as { body: { elements: { tag: string; name?: string }[] } };
  // Both forms on one card (the state whose duplicate field names made Feishu drop the data).
  expect(card.body.elements.filter((e) => e.tag === 'form').map((e) => e.name)).toEqual([
    'bind_leadership',
    'bind_project',
  ]);
  expect(checkCard(card)).toEqual([]);
  const r = await h.sb.click(h.person('王建国'), menu, '绑定为项目工作群', {
    project_contract: String(contract.id),
  });
  expect(r.toast).toMatchObject({ type: 'success', content: '已绑定为项目工作群' });
  const live = await h.db.select().from(groupBindings).where(eq(groupBindings.chatId, chatId));
  expect(live).toMatchObject([{ kind: 'project', contractId: contract.id, unboundAt: null }]);
});

it('more contracts than the list shows: an older one is bound by typing its number; a wrong number is refused and nothing is written', async () => {
  const chatId = 'oc_asset_project_many';
  const { contract: oldest } = await createContract(h, {
    unitCode: 'asset',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  // 60 newer contracts of the same unit, so the oldest is past the list's 50.
  for (let i = 0; i < 60; i++)
    await createContract(h, { unitCode: 'asset', startsOn: '2026-01-01', endsOn: '2026-12-31' });
  h.sb.addChat({ chatId, name: '资产项目群2', members: [h.person('王建国')], botIsMember: true });
  const inGroup = () => botCards(h.sb.inbox(h.person('王建国'))).filter((m) => m.chatId === chatId);
  await h.sb.say(h.person('王建国'), '', { chatId, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() => inGroup()[0]);
  await h.sb.click(h.person('王建国'), menu, '绑定本群');
  const card = current(menu).content;
  expect(checkCard(card)).toEqual([]);
  const shown = JSON.stringify(card);
  expect(shown).toContain('其他合同请输入编号');
  expect(shown).not.toMatch(contractLabelRe(oldest.id));
  const bindings = () => h.db.select().from(groupBindings).where(eq(groupBindings.chatId, chatId));

  const wrong = await h.sb.click(h.person('王建国'), menu, '绑定为项目工作群', {
    project_contract_no: 'HT-2019-9999',
  });
  expect(wrong.toast).toMatchObject({
    type: 'error',
    content: expect.stringContaining('没有您可绑定的合同'),
  });
  expect(await bindings()).toEqual([]);

  const number = `HT-${oldest.signedOn.slice(0, 4)}-${String(oldest.id).padStart(4, '0')}`;
  const r = await h.sb.click(h.person('王建国'), menu, '绑定为项目工作群', { project_contract_no: number });
  expect(r.toast).toMatchObject({ type: 'success', content: '已绑定为项目工作群' });
  expect(await bindings()).toMatchObject([{ kind: 'project', contractId: oldest.id, unboundAt: null }]);
});
