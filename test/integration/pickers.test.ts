/**
 * Pickers that know who fits: each person picker offers exactly the people who may fill that field
 * for that unit under the role rules, and the action refuses anyone else (a forged or stale value),
 * writing nothing. Covered here: 角色管理's 人员, 委托审批's 受托人 and 登记督查's 整改责任人. Elsewhere:
 * filing step 4 (purchase-flow.test.ts), 转为整改 (daily-problem.test.ts), 满意度测评人员
 * (survey-signing.test.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import type { Role } from '../../src/domain/roles';
import { approvingGrants, delegableGrants, type ScopedGrant } from '../../src/features/delegation/acting';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const MONTH = monthOfDate(TODAY);

let h: Harness;
let p: (name: string) => string;
let contractId: number;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const c = await createContract(h, {
    startsOn: `${addMonths(MONTH, -3)}-01`,
    endsOn: `${addMonths(MONTH, 9)}-01`,
  });
  contractId = c.contract.id;
}, 60_000);
afterAll(() => h?.stop());

/** The open_ids a person picker named `name` offers, anywhere in a card, in card order. */
function offered(card: unknown, name: string): string[] {
  const found: string[][] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as { tag?: string; name?: string; options?: { value: string }[] };
      if ((o.tag === 'select_person' || o.tag === 'multi_select_person') && o.name === name)
        found.push((o.options ?? []).map((x) => x.value));
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  expect(found.length, `picker ${name}`).toBeGreaterThan(0);
  return found[0]!;
}

const sorted = (xs: string[]) => [...xs].sort();
const openIds = (rows: readonly Record<string, unknown>[]) => rows.map((r) => String(r.open_id));
const count = async () => ({
  grants: Number((await h.sql`select count(*)::int as n from role_grants`)[0]!.n),
  delegations: Number((await h.sql`select count(*)::int as n from delegations`)[0]!.n),
  items: Number((await h.sql`select count(*)::int as n from rectification_items`)[0]!.n),
  audit: Number((await h.sql`select count(*)::int as n from audit_log`)[0]!.n),
});

it('角色管理 offers a zone admin every person of the zone (anyone may be granted a role)', async () => {
  const admin = p('马骏');
  const menu = await askMenu(h.sb, admin);
  await h.sb.click(admin, menu, '角色管理');
  const card = h.sb.message(menu.messageId)!.content;
  const everyone = openIds(await h.sql`select open_id from people order by id`);
  expect(offered(card, 'person')).toEqual(everyone);
  // Someone the zone does not know is refused, writing nothing.
  const before = await count();
  const r = await forgeCardCallback(
    h,
    admin,
    menu.messageId,
    { a: 'roles.grant' },
    {
      person: 'ou_nobody_known',
      role: 'assessor',
      scope: 'zone',
    },
  );
  expect(r.toast?.type).toBe('error');
  expect(await count()).toEqual(before);
});

it('委托审批 offers exactly the colleagues who share the scope of an approving grant and do not already decide there', async () => {
  const [leader] = await h.sql`select p.open_id, p.id from people p join role_grants g on g.person_id = p.id
    where g.role in ('unit_leadership', 'zone_committee') and g.revoked_at is null order by p.id limit 1`;
  const who = String(leader!.open_id);
  const grants = await h.sql`select g.person_id, p.open_id, g.role, g.unit_id from role_grants g
    join people p on p.id = g.person_id where g.revoked_at is null order by p.id`;
  const byPerson = new Map<string, ScopedGrant[]>();
  for (const g of grants)
    byPerson.set(String(g.open_id), [
      ...(byPerson.get(String(g.open_id)) ?? []),
      { role: g.role as Role, unitId: g.unit_id === null ? null : Number(g.unit_id) },
    ]);
  const mine = approvingGrants(byPerson.get(who)!);
  expect(mine.length).toBeGreaterThan(0);
  const eligible = [...byPerson]
    .filter(([openId, theirs]) => openId !== who && delegableGrants(mine, theirs).delegable.length > 0)
    .map(([openId]) => openId);
  expect(eligible.length).toBeGreaterThan(0);

  const menu = await askMenu(h.sb, who);
  await h.sb.click(who, menu, '委托审批');
  const card = h.sb.message(menu.messageId)!.content;
  expect(sorted(offered(card, 'person'))).toEqual(sorted(eligible));
  const everyone = openIds(await h.sql`select open_id from people`);
  expect(eligible.length).toBeLessThan(everyone.length - 1);

  // Each person the picker leaves out is refused by 保存委托, writing nothing.
  const before = await count();
  for (const outsider of everyone.filter((o) => o !== who && !eligible.includes(o)).slice(0, 5)) {
    const r = await forgeCardCallback(
      h,
      who,
      menu.messageId,
      { a: 'delegation.create' },
      {
        person: outsider,
        from_date: `${TODAY} +0800`,
        to_date: `${TODAY} +0800`,
      },
    );
    expect(r.toast?.type, outsider).toBe('error');
  }
  expect(await count()).toEqual(before);
});

it('登记督查 offers as 整改责任人 exactly the people of the contract’s unit, and refuses anyone else', async () => {
  const inspector = p('何静');
  const menu = await askMenu(h.sb, inspector);
  await h.sb.click(inspector, menu, '专项督查');
  await h.sb.click(inspector, menu, '登记督查');
  const card = h.sb.message(menu.messageId)!.content;
  const ofUnit = openIds(
    await h.sql`select p.open_id from people p join contracts c on c.unit_id = p.unit_id
      where c.id = ${contractId} order by p.id`,
  );
  for (const n of [1, 2, 3]) expect(offered(card, `owner_${n}`)).toEqual(ofUnit);
  const outsiders = openIds(
    await h.sql`select p.open_id from people p join contracts c on c.id = ${contractId}
      where p.unit_id is distinct from c.unit_id order by p.id`,
  );
  expect(outsiders.length).toBeGreaterThan(0);

  const form = (owner: string) => ({
    inspected_on: `${TODAY} +0800`,
    participants: '何静、郑毅',
    checked: '保洁作业现场、人员在岗及台账',
    finding_1: '楼道垃圾未及时清运',
    owner_1: owner,
    due_1: `${TODAY} +0800`,
    severity_1: 'major',
  });
  const before = await count();
  const r = await forgeCardCallback(
    h,
    inspector,
    menu.messageId,
    { a: 'inspection.record', contract: contractId },
    form(outsiders[0]!),
  );
  expect(r.toast).toMatchObject({ type: 'error' });
  expect(r.toast!.content).toContain('问题1:请选择本合同所属单位的整改责任人');
  expect(await count()).toEqual(before);
  // The same form with someone the picker offers is recorded.
  const ok = await forgeCardCallback(
    h,
    inspector,
    menu.messageId,
    { a: 'inspection.record', contract: contractId },
    form(ofUnit[0]!),
  );
  expect(ok.toast).toMatchObject({ type: 'success' });
});
