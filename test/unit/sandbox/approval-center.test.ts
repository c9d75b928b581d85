import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox';

/** The approval center's routes in the sandbox, called through the real SDK. */

let sb: Sandbox;
let client: lark.Client;
const ALICE = 'ou_ac_alice';
const BOB = 'ou_ac_bob';

beforeAll(async () => {
  sb = await startSandbox(newAppCredentials());
  sb.addUser({ openId: ALICE, name: '张三' });
  sb.addUser({ openId: BOB, name: '李四' });
  client = new lark.Client({
    appId: sb.appId,
    appSecret: sb.appSecret,
    domain: sb.url,
    logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
  });
});
afterAll(() => sb.close());

type V4 = lark.Client['approval']['v4'];
type Definition = NonNullable<Parameters<V4['externalApproval']['create']>[0]>['data'];
type Instance = NonNullable<Parameters<V4['externalInstance']['create']>[0]>['data'];

/** What the SDK throws for HTTP >= 400: Feishu's body and status. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; code: number; msg: string }> {
  try {
    await p;
  } catch (e) {
    const r = (e as { response: { status: number; data: { code: number; msg: string } } }).response;
    return { status: r.status, ...r.data };
  }
  throw new Error('expected the call to be refused');
}

const texts = (t: Record<string, string>) => [
  {
    locale: 'zh-CN' as const,
    is_default: true,
    texts: Object.entries(t).map(([key, value]) => ({ key, value })),
  },
];

const definition = (over: Partial<Definition> = {}): Definition => ({
  approval_name: '@i18n@def_name',
  approval_code: 'my-custom-code',
  group_code: 'g1',
  group_name: '@i18n@group',
  external: { support_pc: true, support_mobile: true, create_link_pc: 'https://example.gov.cn/new' },
  i18n_resources: texts({ '@i18n@def_name': '采购审批', '@i18n@group': '监管' }),
  ...over,
});

const link = { pc_link: 'https://example.gov.cn/a', mobile_link: 'https://example.gov.cn/m' };
const task = (id: string, openId: string, status: 'PENDING' | 'APPROVED' | 'DONE', at: string) => ({
  task_id: id,
  open_id: openId,
  links: link,
  status,
  create_time: '1700000000000',
  end_time: status === 'PENDING' ? '0' : at,
  update_time: at,
});

let code = '';
const instance = (over: Partial<Instance> = {}): Instance => ({
  approval_code: code,
  instance_id: 'inst-1',
  status: 'PENDING',
  links: link,
  title: '@i18n@title',
  form: [{ name: '@i18n@k', value: '@i18n@v' }],
  start_time: '1700000000000',
  end_time: '0',
  update_time: '1700000000001',
  update_mode: 'REPLACE',
  task_list: [task('t-a', ALICE, 'PENDING', '1700000000001'), task('t-b', BOB, 'PENDING', '1700000000001')],
  i18n_resources: texts({ '@i18n@title': '采购审批 #1', '@i18n@k': '金额', '@i18n@v': '1.00元' }),
  ...over,
});

const check = (
  instances: {
    instance_id: string;
    update_time: string;
    tasks: { task_id: string; update_time: string }[];
  }[],
) => client.approval.v4.externalInstance.check({ data: { instances } });

describe('external_approvals', () => {
  it('refuses what the reference forbids, with 1390001', async () => {
    const bad: Partial<Definition>[] = [
      { approval_name: 'plain name' },
      { approval_name: '@i18n@x' }, // shorter than 9 characters
      { approval_name: '@i18n@missing_key' },
      { external: { support_pc: false, support_mobile: false } },
      { approval_code: '' },
      { i18n_resources: [{ locale: 'xx-XX' as 'zh-CN', is_default: true, texts: [] }] },
    ];
    for (const over of bad) {
      const r = await refusal(client.approval.v4.externalApproval.create({ data: definition(over) }));
      expect(r, JSON.stringify(over)).toMatchObject({ status: 400, code: 1390001 });
    }
    expect(sb.approvalDefinitions()).toEqual([]);
  });

  it('creates under a code of its own, and updates by the code the app chose', async () => {
    const first = await client.approval.v4.externalApproval.create({ data: definition() });
    code = first.data!.approval_code;
    expect(code).not.toBe('my-custom-code');
    const again = await client.approval.v4.externalApproval.create({ data: definition() });
    expect(again.data!.approval_code).toBe(code);
    expect(sb.approvalDefinitions()).toMatchObject([{ approvalCode: code, name: '采购审批', writes: 2 }]);
  });
});

describe('external_instances', () => {
  it('refuses an unknown approval_code with 1390002 and bad fields with 1390001', async () => {
    expect(
      await refusal(
        client.approval.v4.externalInstance.create({ data: instance({ approval_code: 'NOPE' }) }),
      ),
    ).toMatchObject({ status: 400, code: 1390002, msg: 'approval code not found' });
    const bad: Partial<Instance>[] = [
      { status: 'DONE' as 'PENDING' },
      { update_mode: 'MERGE' as 'REPLACE' },
      { instance_id: '' },
      { links: { pc_link: '' } },
      { update_time: 'yesterday' },
      { title: '采购审批' }, // not an i18n key
      { title: '@i18n@unknown' },
      { task_list: [{ ...task('t-a', ALICE, 'PENDING', '1'), open_id: undefined }] },
      { task_list: [task('t-a', 'ou_nobody', 'PENDING', '1')] },
      { task_list: [task('t-a', ALICE, 'PENDING', '1'), task('t-a', BOB, 'PENDING', '1')] },
      { task_list: [{ ...task('t-a', ALICE, 'PENDING', '1'), status: 'WAITING' as 'PENDING' }] },
      { i18n_resources: [] },
    ];
    for (const over of bad) {
      const r = await refusal(client.approval.v4.externalInstance.create({ data: instance(over) }));
      expect(r, JSON.stringify(over)).toMatchObject({ status: 400, code: 1390001 });
    }
    expect(sb.approvalInstances()).toEqual([]);
  });

  it('REPLACE overwrites the one instance: a resend is one more write, not a second instance', async () => {
    await client.approval.v4.externalInstance.create({ data: instance() });
    await client.approval.v4.externalInstance.create({ data: instance() });
    expect(sb.approvalInstances()).toHaveLength(1);
    expect(sb.approvalInstance('inst-1')).toMatchObject({
      status: 'PENDING',
      title: '采购审批 #1',
      form: [{ name: '金额', value: '1.00元' }],
      writes: 2,
    });
    // The decision, with one task left out: REPLACE drops it.
    await client.approval.v4.externalInstance.create({
      data: instance({
        status: 'APPROVED',
        end_time: '1700000000009',
        update_time: '1700000000009',
        task_list: [task('t-a', ALICE, 'APPROVED', '1700000000009')],
      }),
    });
    const after = sb.approvalInstance('inst-1')!;
    expect(after.status).toBe('APPROVED');
    expect(after.tasks.map((t) => [t.taskId, t.status])).toEqual([['t-a', 'APPROVED']]);
    expect(after.writes).toBe(3);
  });

  it('UPDATE applies only a later update_time, and keeps tasks it does not name', async () => {
    await client.approval.v4.externalInstance.create({
      data: instance({ instance_id: 'inst-2', update_mode: 'UPDATE' }),
    });
    await client.approval.v4.externalInstance.create({
      data: instance({ instance_id: 'inst-2', update_mode: 'UPDATE', status: 'REJECTED', update_time: '1' }),
    });
    expect(sb.approvalInstance('inst-2')).toMatchObject({ status: 'PENDING', writes: 1 });
    await client.approval.v4.externalInstance.create({
      data: instance({
        instance_id: 'inst-2',
        update_mode: 'UPDATE',
        status: 'REJECTED',
        update_time: '1700000000005',
        task_list: [task('t-b', BOB, 'DONE', '1700000000005')],
      }),
    });
    const i = sb.approvalInstance('inst-2')!;
    expect(i.status).toBe('REJECTED');
    expect(i.tasks.map((t) => [t.taskId, t.status])).toEqual([
      ['t-a', 'PENDING'],
      ['t-b', 'DONE'],
    ]);
  });

  it('while updates are dropped answers code 0 and keeps nothing; only check shows it', async () => {
    sb.dropApprovalUpdates(true);
    const r = await client.approval.v4.externalInstance.create({
      data: instance({ instance_id: 'inst-3' }),
    });
    expect(r.code).toBe(0);
    sb.dropApprovalUpdates(false);
    expect(sb.approvalInstance('inst-3')).toBeUndefined();
    expect(sb.droppedApprovalUpdates()).toBe(1);

    const t9 = '1700000000009';
    const res = await check([
      { instance_id: 'inst-1', update_time: t9, tasks: [{ task_id: 't-a', update_time: t9 }] }, // as sent
      { instance_id: 'inst-3', update_time: t9, tasks: [] }, // never kept
      { instance_id: 'inst-1', update_time: '1700000000010', tasks: [] }, // newer than kept
      { instance_id: 'inst-1', update_time: t9, tasks: [{ task_id: 't-b', update_time: t9 }] }, // task gone
    ]);
    expect(res.code).toBe(0);
    expect(res.data!.diff_instances!.map((d) => d.instance_id)).toEqual(['inst-3', 'inst-1', 'inst-1']);
  });

  it('check validates its body', async () => {
    expect(await refusal(check([]))).toMatchObject({ status: 400, code: 1390001 });
    expect(await refusal(check([{ instance_id: 'inst-1', update_time: 'now', tasks: [] }]))).toMatchObject({
      status: 400,
      code: 1390001,
    });
  });
});
