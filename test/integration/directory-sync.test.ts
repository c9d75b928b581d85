import { afterAll, beforeAll, expect, it } from 'vitest';
import { contractNumber } from '../../src/domain/contract-format';
import { type DirectoryApp, syncDirectory } from '../../src/features/org/directory';
import { createFeishuClient } from '../../src/feishu/client';
import { readDirectory } from '../../src/feishu/directory';
import { createLogger } from '../../src/log';
import { OutboxWriter } from '../../src/outbox/write';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { botCards, titleOf } from '../helpers/cards';
import { createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

/**
 * People from Feishu's directory (通讯录): a sync through the real SDK against the sandbox's contact/v3
 * routes, and the directory's change events pushed to the bot, deduped by event id.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.sb.directory.addDepartment({ openDepartmentId: 'od-street', name: '城东街道办事处' });
  h.sb.directory.addDepartment({ openDepartmentId: 'od-park', name: '园区服务中心', parentId: 'od-street' });
  h.sb.addUser({
    openId: 'ou_dir_lin',
    name: '林晓',
    userId: 'u_lin',
    unionId: 'on_lin',
    departmentIds: ['od-street'],
  });
  h.sb.addUser({
    openId: 'ou_dir_qian',
    name: '钱程',
    userId: 'u_qian',
    unionId: 'on_qian',
    departmentIds: ['od-park'],
  });
});
afterAll(() => h.stop());

const log = createLogger('silent');
const app = (sb: Sandbox, primary: boolean): DirectoryApp => ({
  appId: sb.appId,
  primary,
  actor: 'test:sync',
  now: h.now(),
});
async function sync(sb: Sandbox, primary = true) {
  const client = createFeishuClient({ appId: sb.appId, appSecret: sb.appSecret, domain: sb.url }, log);
  return syncDirectory(h.db, await readDirectory(client), app(sb, primary), (tx) => new OutboxWriter(tx));
}

async function person(where: { userId?: string; openId?: string }) {
  const rows = where.userId
    ? await h.sql`select p.*, u.name as unit_name, u.directory_department_id as dept
        from people p left join units u on u.id = p.unit_id where p.user_id = ${where.userId}`
    : await h.sql`select p.*, u.name as unit_name, u.directory_department_id as dept
        from people p left join units u on u.id = p.unit_id where p.open_id = ${where.openId!}`;
  return rows[0];
}
const auditCount = async (action: string) =>
  Number((await h.sql`select count(*)::int as n from audit_log where action = ${action}`)[0]!.n);

it('a sync creates units from departments and people keyed by user_id; YAML people are linked, not duplicated; twice changes nothing', async () => {
  const zhang = await person({ openId: h.person('张伟') });
  const peopleBefore = Number((await h.sql`select count(*)::int as n from people`)[0]!.n);
  const { summary } = await sync(h.sb);
  expect(summary.units).toEqual({ added: 2, updated: 0, unchanged: 0 });
  expect(summary.people.added).toBe(2);

  const units =
    await h.sql`select name, code from units where directory_department_id is not null order by name`;
  expect(units.map((u) => u.name)).toEqual(['园区服务中心', '城东街道办事处']);
  const lin = await person({ userId: 'u_lin' });
  expect(lin).toMatchObject({ name: '林晓', open_id: 'ou_dir_lin', union_id: 'on_lin', dept: 'od-street' });
  expect((await person({ userId: 'u_qian' }))!.dept).toBe('od-park');

  // The demo's 张伟 (typed in YAML by open_id) is the same row, now keyed by the directory's user_id;
  // in the root department, his unit stays.
  const sbZhang = h.sb.users().find((u) => u.name === '张伟')!;
  const linked = await person({ userId: sbZhang.userId });
  expect(linked!.id).toBe(zhang!.id);
  expect(linked!.unit_id).toBe(zhang!.unit_id);
  expect(Number((await h.sql`select count(*)::int as n from people`)[0]!.n)).toBe(peopleBefore + 2);
  const mapped =
    await h.sql`select person_id from person_app_ids where app_id = ${h.sb.appId} and open_id = 'ou_dir_lin'`;
  expect(mapped[0]!.person_id).toBe(lin!.id);
  expect(await auditCount('person.directory_added')).toBe(2);
  expect(await auditCount('unit.directory_added')).toBe(2);

  const again = await sync(h.sb);
  expect(again.summary.units).toEqual({ added: 0, updated: 0, unchanged: 2 });
  expect(again.summary.people).toMatchObject({ added: 0, updated: 0 });
  expect(await auditCount('person.directory_added')).toBe(2);
});

it('rename and move by event change the person once: a replayed event changes nothing', async () => {
  const renamed = await h.sb.directory.updateUser('林晓', { name: '林晓雯' });
  expect(renamed.status).toBe('ok');
  expect((await person({ userId: 'u_lin' }))!.name).toBe('林晓雯');
  await h.sb.directory.updateUser('林晓雯', { name: '林小雯' });
  // Feishu's re-push of the first rename: the claim of its event id refuses it.
  await h.sb.redeliver(renamed.eventId);
  expect((await person({ userId: 'u_lin' }))!.name).toBe('林小雯');

  const moved = await h.sb.directory.updateUser('林小雯', { departmentIds: ['od-park'] });
  expect((await person({ userId: 'u_lin' }))!.dept).toBe('od-park');
  await h.sb.directory.updateUser('林小雯', { departmentIds: ['od-street'] });
  const audits = await auditCount('person.directory_updated');
  await h.sb.redeliver(moved.eventId);
  expect((await person({ userId: 'u_lin' }))!.dept).toBe('od-street');
  expect(await auditCount('person.directory_updated')).toBe(audits);

  // A department renamed by event renames its unit.
  await h.sb.directory.updateDepartment('od-park', { name: '园区综合服务中心' });
  expect((await person({ userId: 'u_qian' }))!.unit_name).toBe('园区综合服务中心');
});

it('a deleted user is marked left, keeps history, and their open work reaches the admins on one card, once', async () => {
  const admin = h.person('马骏');
  const { contract } = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    assessors: ['张伟'],
  });
  const zhang = (await person({ openId: h.person('张伟') }))!;
  await h.sql`insert into rectification_items (contract_id, finding, owner_id, due_on, severity, source, month, rubric_item)
    values (${contract.id}, '楼道垃圾未清运', ${zhang.id}, '2026-12-20', 'minor', 'daily', '2026-11', '保洁质量')`;
  const leader = (await person({ openId: h.person('王建国') }))!;
  await h.sql`insert into delegations (delegator_id, delegate_id, from_date, to_date)
    values (${leader.id}, ${zhang.id}, '2026-01-01', '2099-12-31')`;
  const grantsBefore = Number(
    (
      await h.sql`select count(*)::int as n from role_grants where person_id = ${zhang.id} and revoked_at is null`
    )[0]!.n,
  );

  const cardsOf = () => botCards(h.sb.inbox(admin)).filter((m) => titleOf(m) === '人员离职待交接 · 张伟');
  const deleted = await h.sb.directory.deleteUser('张伟');
  const card = await h.sb.waitFor(() => cardsOf()[0]);
  const body = JSON.stringify(card.content);
  const no = contractNumber({ id: contract.id, signedOn: contract.signedOn });
  expect(body).toContain(`考核人:合同 ${no}`);
  expect(body).toContain('整改责任人:楼道垃圾未清运');
  expect(body).toContain('受 王建国 委托代为审批');
  expect(body).toContain('角色:经办人');
  expect(body).toContain(`查看合同 ${no}`);

  const after = (await person({ openId: h.person('张伟') }))!;
  expect(after.left_at).not.toBeNull();
  // History and roles stay: roles are the admin's to revoke.
  const grantsAfter = Number(
    (
      await h.sql`select count(*)::int as n from role_grants where person_id = ${zhang.id} and revoked_at is null`
    )[0]!.n,
  );
  expect(grantsAfter).toBe(grantsBefore);
  expect(
    (await h.sql`select count(*)::int as n from contract_assessors where person_id = ${zhang.id}`)[0]!.n,
  ).toBe(1);

  // He rejoins; the re-push of the old deletion must not mark him left again nor send another card.
  await h.sb.directory.createUser({
    openId: h.person('张伟'),
    name: '张伟',
    userId: h.sb.users().find((u) => u.name === '张伟')!.userId,
  });
  expect((await person({ openId: h.person('张伟') }))!.left_at).toBeNull();
  await h.sb.redeliver(deleted.eventId);
  expect((await person({ openId: h.person('张伟') }))!.left_at).toBeNull();
  await new Promise((r) => setTimeout(r, 300));
  expect(cardsOf()).toHaveLength(1);
  expect(await auditCount('person.left')).toBe(1);

  // The card's button opens the admin's role management (the place to name a successor).
  const res = await h.sb.click(admin, card, '角色管理(指定接替人员)');
  expect(res.toast).toBeUndefined();
});

it("a leader's pending approval stage goes to the admins of the leader's unit and the zone, not another unit's", async () => {
  const unitOf = async (code: string) =>
    Number((await h.sql`select id from units where code = ${code}`)[0]!.id);
  const idOf = async (name: string) => (await person({ openId: h.person(name) }))!.id;
  // 李秀英 administers 资产经营公司 (王建国's unit), 赵敏 环卫所: only the first is told.
  await h.sql`insert into role_grants (person_id, role, unit_id, granted_by)
    values (${await idOf('李秀英')}, 'admin', ${await unitOf('asset')}, 'test'),
           (${await idOf('赵敏')}, 'admin', ${await unitOf('sanitation')}, 'test')`;
  const { requestId } = await requestInDb(h, { status: 'pending', procured: false });
  await h.sql`insert into approval_stages (request_id, seq, kind, status, opened_at, opened_on)
    values (${requestId}, 1, 'unit_leadership', 'pending', now(), '2026-12-07')`;

  await h.sb.directory.deleteUser('王建国');
  const title = '人员离职待交接 · 王建国';
  const toUnitAdmin = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(h.person('李秀英'))).find((m) => titleOf(m) === title),
  );
  expect(JSON.stringify(toUnitAdmin.content)).toContain(`待审批:申请 #${requestId}`);
  await h.sb.waitFor(() => botCards(h.sb.inbox(h.person('马骏'))).find((m) => titleOf(m) === title));
  await new Promise((r) => setTimeout(r, 300));
  expect(botCards(h.sb.inbox(h.person('赵敏'))).filter((m) => titleOf(m) === title)).toEqual([]);
});

it("a second app's open_ids map to the same people: nobody is added, each id points to its person", async () => {
  const creds = newAppCredentials();
  const second = await startSandbox({ ...creds, now: () => h.now().getTime() });
  try {
    for (const d of [
      { openDepartmentId: 'od-street', name: '城东街道办事处' },
      { openDepartmentId: 'od-park', name: '园区综合服务中心', parentId: 'od-street' },
    ])
      second.directory.addDepartment(d);
    // The same users of the tenant, each with another open_id in the second app.
    for (const u of h.sb.users().filter((x) => !x.deleted))
      second.addUser({
        openId: `ou_second_${u.userId}`,
        name: u.name,
        userId: u.userId,
        unionId: u.unionId,
        ...(u.departmentIds ? { departmentIds: u.departmentIds } : {}),
      });
    const before = await h.sql`select id, open_id, name from people order by id`;
    const { summary } = await sync(second, false);
    expect(summary.people.added).toBe(0);
    expect(summary.people.unmatched).toBe(0);
    expect(await h.sql`select id, open_id, name from people order by id`).toEqual(before);

    for (const u of h.sb.users().filter((x) => !x.deleted)) {
      const [row] =
        await h.sql`select m.person_id, p.open_id from person_app_ids m join people p on p.id = m.person_id
        where m.app_id = ${second.appId} and m.open_id = ${`ou_second_${u.userId}`}`;
      expect(row?.open_id, u.name).toBe(u.openId);
    }
  } finally {
    await second.close();
  }
});
