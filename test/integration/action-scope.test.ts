/**
 * Every action is scoped (issue 11, item 1), shown by a test generated from the action table: each
 * action, clicked with a value pointing at unit A's objects by (1) a person holding every role but
 * only in unit B, (2) a person of unit A holding no role, (3) an open_id the organisation does not
 * know, is refused, writes nothing, sends nothing and shows none of unit A's data. A new action fails
 * this test until `sampleValue` covers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions } from '../../src/bot/actions';
import type { ActionName } from '../../src/cards/values';
import { loadPolicy } from '../../src/db/policy';
import {
  approvalStages,
  chats,
  contractDrafts,
  delegations,
  exitItems,
  groupBindings,
  inspections,
  outbox,
  pendingImports,
  people,
  purchaseDrafts,
  rectificationItems,
  roleGrants,
  spotChecks,
  surveyInvites,
  surveyRounds,
  terminationCases,
} from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/business-date';
import { ROLES } from '../../src/domain/roles';
import { forgeCardCallback } from '../helpers/cards';
import { createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;

/** The ids of unit A's objects the forged values point at. */
interface Seeded {
  unitA: number;
  leaderOpenId: string;
  stage: number;
  draft: number;
  unprocured: number;
  unsigned: number;
  contract: number;
  termCase: number;
  exitItem: number;
  check: number;
  item: number;
  delegation: number;
  binding: number;
  /** A contract draft of unit A sent to legal: what 通过 / 退回修改 point at. */
  contractDraft: number;
  /** A message to unit A's leader that Feishu refused: what 重新发送 points at. */
  failedRow: string;
  /** A satisfaction survey round of unit A's contract, its one recipient unit A's leader. */
  surveyRound: number;
  /** A budget file for unit A sent by the zone admin, waiting for 确认导入. */
  pendingImport: number;
}

type Sample = { value: Record<string, unknown>; form?: Record<string, unknown> };

/** A value (and form) for every action, pointing at unit A: typed exhaustive over the button union. */
const sampleValue: { [K in ActionName]: (s: Seeded) => Sample } = {
  'menu.show': () => ({ value: {} }),
  help: () => ({ value: {} }),
  'roles.mine': () => ({ value: {} }),
  'roles.admin': () => ({ value: {} }),
  'roles.grant': (s) => ({
    value: {},
    form: { person: s.leaderOpenId, role: 'filer', scope: String(s.unitA) },
  }),
  'roles.revoke': (s) => ({
    value: {},
    form: { person: s.leaderOpenId, role: 'unit_leadership', scope: String(s.unitA) },
  }),
  'delivery.failed': () => ({ value: {} }),
  'delivery.resend': (s) => ({ value: { row: s.failedRow } }),
  'purchase.start': () => ({ value: {} }),
  'purchase.resume': (s) => ({ value: { draft: s.draft } }),
  'purchase.step': (s) => ({ value: { draft: s.draft, step: 1, go: 'save' } }),
  'purchase.cancel': (s) => ({ value: { draft: s.draft } }),
  'purchase.submit': (s) => ({ value: { draft: s.draft } }),
  'todo.show': () => ({ value: {} }),
  'purchase.mine': () => ({ value: {} }),
  'purchase.request': (s) => ({ value: { request: s.unprocured } }),
  'purchase.withdraw': (s) => ({ value: { request: s.unprocured } }),
  'purchase.remind': (s) => ({ value: { request: s.unprocured, stage: s.stage } }),
  'purchase.attach': (s) => ({ value: { request: s.unprocured, msg: 'om_forged', key: 'img_forged' } }),
  'approval.open': (s) => ({ value: { stage: s.stage } }),
  'approval.approve': (s) => ({
    value: { stage: s.stage },
    form: { meeting_date: shanghaiDate(new Date()), minutes_no: '2026-8' },
  }),
  'approval.reject': (s) => ({ value: { stage: s.stage }, form: { reason: '预算另有安排' } }),
  'budget.show': () => ({ value: {} }),
  'budget.add': (s) => ({
    value: {},
    form: {
      unit: String(s.unitA),
      year: '2026',
      category: 'cleaning',
      line_name: '额度',
      line_amount: '1000',
    },
  }),
  'savings.show': () => ({ value: { year: 2026 } }),
  'savings.add': (s) => ({
    value: {},
    form: { unit: String(s.unitA), cause: 'other', amount: '100', evidence: '区财〔2026〕1号' },
  }),
  'standing.show': (s) => ({ value: { unit: s.unitA } }),
  'score.list': () => ({ value: {} }),
  'score.form': (s) => ({ value: { contract: s.contract, month: '2026-10' } }),
  'score.correct': (s) => ({ value: { contract: s.contract, month: '2026-10' } }),
  'score.preview': (s) => ({ value: { contract: s.contract, month: '2026-10' } }),
  'score.edit': (s) => ({ value: { contract: s.contract, month: '2026-10', d: {}, m: 0 } }),
  'score.confirm': (s) => ({ value: { contract: s.contract, month: '2026-10', d: {}, m: 0 } }),
  'daily.form': (s) => ({ value: { contract: s.contract, month: '2026-10', item: 'staffing' } }),
  'daily.raise': (s) => ({
    value: { contract: s.contract, month: '2026-10', item: 'staffing' },
    form: { problem: '缺岗', problem_owner: s.leaderOpenId, problem_due: '2026-12-31 +0800' },
  }),
  'vendor.list': () => ({ value: {} }),
  'vendor.add': () => ({ value: {}, form: {} }),
  'procurement.list': () => ({ value: {} }),
  'procurement.form': (s) => ({ value: { request: s.unprocured } }),
  'procurement.record': (s) => ({ value: { request: s.unprocured } }),
  'contract.list': () => ({ value: {} }),
  'contract.form': (s) => ({ value: { request: s.unsigned } }),
  'contract.preview': (s) => ({ value: { request: s.unsigned } }),
  'contract.sign': (s) => ({ value: { request: s.unsigned } }),
  'contract.submit_review': (s) => ({ value: { request: s.unsigned } }),
  'legal.approve': (s) => ({ value: { draft: s.contractDraft } }),
  'legal.return': (s) => ({ value: { draft: s.contractDraft }, form: { comment: '请补充违约责任' } }),
  'contract.show': (s) => ({ value: { contract: s.contract } }),
  'settlement.list': () => ({ value: {} }),
  'settlement.show': (s) => ({ value: { contract: s.contract } }),
  'settlement.audit': (s) => ({ value: { contract: s.contract } }),
  'settlement.confirm': (s) => ({ value: { contract: s.contract, period: '2026-01' } }),
  'termination.start': (s) => ({ value: { case: s.termCase }, form: { ends_on: '2026-12-31' } }),
  'termination.keep': (s) => ({ value: { case: s.termCase }, form: { reason: '整改后继续履约' } }),
  'exit.close': (s) => ({ value: { item: s.exitItem }, form: { evidence: '已移交' } }),
  'spotcheck.open': () => ({ value: {} }),
  'spotcheck.list': (s) => ({ value: { after: s.check + 1 } }),
  'spotcheck.create': (s) => ({
    value: {},
    form: { units: [String(s.unitA)], from_month: '2026-01', to_month: '2026-10', size: '1' },
  }),
  'spotcheck.draw': (s) => ({ value: { check: s.check } }),
  'spotcheck.show': (s) => ({ value: { check: s.check } }),
  'spotcheck.form': (s) => ({ value: { check: s.check, score: 1 } }),
  'spotcheck.score': (s) => ({ value: { check: s.check, score: 1 } }),
  'spotcheck.verify': (s) => ({ value: { check: s.check } }),
  'inspection.list': () => ({ value: {} }),
  'inspection.form': (s) => ({ value: { contract: s.contract } }),
  'inspection.records': (s) => ({ value: { contract: s.contract } }),
  'inspection.record': (s) => ({ value: { contract: s.contract } }),
  'rectification.report': (s) => ({ value: { contract: s.contract } }),
  'rectification.close': (s) => ({ value: { item: s.item }, form: { evidence: '已整改' } }),
  'rectification.confirm': (s) => ({ value: { item: s.item } }),
  'rectification.reopen': (s) => ({ value: { item: s.item }, form: { reason: '未整改到位' } }),
  'rectification.attach': (s) => ({ value: { item: s.item, msg: 'om_forged', key: 'img_forged' } }),
  'group.open': () => ({ value: {} }),
  'group.bind': (s) => ({ value: { kind: 'leadership' }, form: { leadership_unit: String(s.unitA) } }),
  'group.unbind': (s) => ({ value: { binding: s.binding } }),
  'survey.answer': (s) => ({
    value: { round: s.surveyRound },
    form: { r_cleanliness: '1', r_timeliness: '1', r_attitude: '1', r_response: '1' },
  }),
  'delegation.show': () => ({ value: {} }),
  'delegation.create': (s) => ({
    value: {},
    form: { person: s.leaderOpenId, from_date: shanghaiDate(new Date()), to_date: shanghaiDate(new Date()) },
  }),
  'delegation.revoke': (s) => ({ value: { delegation: s.delegation } }),
  'board.show': () => ({ value: {} }),
  'board.detail': (s) => ({ value: { key: 'termination', id: s.termCase } }),
  'board.verify': () => ({ value: {} }),
  'board.replay': () => ({ value: {} }),
  'export.menu': () => ({ value: {} }),
  'export.request': (s) => ({ value: { k: 'settlements', contract: s.contract } }),
  'import.templates': () => ({ value: {} }),
  'import.template': () => ({ value: { kind: 'budget' } }),
  'import.confirm': (s) => ({ value: { pending: s.pendingImport } }),
  'import.cancel': (s) => ({ value: { pending: s.pendingImport } }),
  'import.choose': (s) => ({ value: { pending: s.pendingImport, kind: 'budget' } }),
};

/** Open to anyone, even an unknown open_id: they show nothing of any unit. */
const OPEN: Partial<Record<ActionName, string>> = {
  'menu.show': 'the menu shows only what the clicker may do',
  help: 'static help text',
  'roles.mine': "the clicker's own roles",
};

/**
 * Actions a person of unit B may use (their value points at no object of unit A): each shows or
 * writes only the clicker's own units, so the answer is checked for unit A's data instead.
 */
const OPEN_TO_OTHER_UNIT: Partial<Record<ActionName, string>> = {
  'roles.admin': "a unit admin's card lists their own unit's people and grants",
  'purchase.start': "the clicker's own draft",
  'todo.show': "the clicker's own to-dos",
  'purchase.mine': "the clicker's own requests",
  'budget.show': 'the lines of the units the clicker holds roles in',
  'savings.show': 'the savings of the units the clicker holds roles in',
  'score.list': 'the contracts the clicker assesses',
  'vendor.list': 'the vendor registry and its bans are zone-wide (rule 10)',
  'vendor.add': 'the vendor registry is zone-wide; any filer or finance registers',
  'procurement.list': "the approved requests of the clicker's units",
  'contract.list': "the contracts of the clicker's units",
  'settlement.list': "the settlements of the clicker's units",
  'spotcheck.open': "the scope form offers the checker's own units",
  'spotcheck.list': "the earlier checks within the clicker's own checker grants",
  'board.show': "the board of the clicker's own discipline grants' units",
  'board.verify': 'the integrity of the whole trail: counts, chain and row ids, never what a row holds',
  'board.replay': "the replay of the clicker's own discipline grants' units",
  'inspection.list': "the inspections of the clicker's units",
  'delegation.show':
    "the clicker's own delegations; the picker offers colleagues of the clicker's own scopes",
  'group.open':
    "the group's bindings (unit names, contract numbers) and what the clicker may bind: their own units",
  'export.menu': "buttons for this year's ledgers of the clicker's own units; no unit is named",
  'import.templates': 'the import kinds the clicker may use; no unit is named',
  'import.template': "an empty template with one example row, sent to the clicker's own chat",
};
/** Actions a person of the organisation with no role may use. */
const OPEN_TO_NO_ROLE: Partial<Record<ActionName, string>> = {
  'group.open': 'the bindings of the chat clicked in (none here) and nothing to bind without a role',
  'purchase.mine':
    "the clicker's own requests (a person whose roles were revoked still sees what they filed)",
};

/** Unit A's names: none may appear in an answer to someone of another unit. */
let secrets: string[] = [];
let vendorName = '';
let seeded: Seeded;

const B_PERSON = '黄海燕'; // 环卫所 (sanitation)
const NO_ROLE = 'ou_scope_norole';
const STRANGER = 'ou_scope_stranger';

beforeAll(async () => {
  h = await startHarness();
  const unitOf = async (code: string) =>
    Number((await h.sql`select id from units where code = ${code}`)[0]!.id);
  const unitA = await unitOf('asset');
  const unitB = await unitOf('sanitation');
  const pid = async (openId: string) =>
    Number((await h.sql`select id from people where open_id = ${openId}`)[0]!.id);

  // The person of unit B holds every role, scoped to unit B only.
  const bId = await pid(h.person(B_PERSON));
  await h.db
    .insert(roleGrants)
    .values(ROLES.map((role) => ({ personId: bId, role, unitId: unitB, grantedBy: 'test' })))
    .onConflictDoNothing();
  // A person of unit A with no role, and an open_id the organisation does not know.
  h.sb.addUser({ openId: NO_ROLE, name: '钱小明' });
  await h.db.insert(people).values({ openId: NO_ROLE, name: '钱小明', unitId: unitA });
  h.sb.addUser({ openId: STRANGER, name: '陌生人' });

  const zhang = await pid(h.person('张伟'));
  const wang = await pid(h.person('王建国'));
  const signed = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  vendorName = signed.vendor.name;
  const pending = await requestInDb(h, { status: 'pending', procured: false, amountFen: 5_000_000n });
  const [stage] = await h.db
    .insert(approvalStages)
    .values({ requestId: pending.requestId, seq: 1, kind: 'unit_leadership', status: 'pending' })
    .returning();
  const unprocured = await requestInDb(h, { procured: false, amountFen: 6_000_000n });
  const unsigned = await requestInDb(h, { amountFen: 7_000_000n });
  const [draft] = await h.db
    .insert(purchaseDrafts)
    .values({ filerId: zhang, data: { description: '会议室保洁' } })
    .returning();
  const [termCase] = await h.db
    .insert(terminationCases)
    .values({ contractId: signed.contract.id, rule: 'consecutive', months: ['2026-08', '2026-09'] })
    .returning();
  const [exitItem] = await h.db
    .insert(exitItems)
    .values({ caseId: termCase!.id, title: '钥匙与门禁卡移交', ownerId: wang, dueOn: '2026-12-31' })
    .returning();
  const policy = await loadPolicy(h.db);
  const [check] = await h.db
    .insert(spotChecks)
    .values({
      createdBy: await pid(h.person('郑毅')),
      scope: { unitIds: [unitA], categories: null, fromMonth: '2026-01', toMonth: '2026-10' },
      sampleSize: 1,
      seed: '00'.repeat(32),
      seedHash: 'ab'.repeat(32),
      policyVersion: policy.version,
    })
    .returning();
  const [inspection] = await h.db
    .insert(inspections)
    .values({
      contractId: signed.contract.id,
      inspectedOn: '2026-11-02',
      participants: ['何静'],
      checked: '保洁台账',
      createdBy: await pid(h.person('何静')),
    })
    .returning();
  const [item] = await h.db
    .insert(rectificationItems)
    .values({
      inspectionId: inspection!.id,
      contractId: signed.contract.id,
      finding: '卫生间保洁记录缺失',
      ownerId: wang,
      dueOn: '2026-12-15',
      severity: 'major',
    })
    .returning();
  // A live delegation of unit A's leader to a colleague: what 撤销委托 points at.
  const today = shanghaiDate(new Date());
  const [delegation] = await h.db
    .insert(delegations)
    .values({ delegatorId: wang, delegateId: zhang, fromDate: today, toDate: today })
    .returning();
  // Unit A's leadership group, bound: what 解除绑定 points at.
  await h.db.insert(chats).values({ chatId: 'oc_scope_leaders', type: 'group' });
  const [binding] = await h.db
    .insert(groupBindings)
    .values({ chatId: 'oc_scope_leaders', kind: 'leadership', unitId: unitA, boundBy: 'test' })
    .returning();
  const [contractDraft] = await h.db
    .insert(contractDrafts)
    .values({
      requestId: unsigned.requestId,
      version: 1,
      form: {
        typed: { amount: '7万', starts_on: '', ends_on: '', schedule: '', targets: '' },
        terms: { amountFen: '7000000', startsOn: '', endsOn: '', periods: [], targets: '', lateReason: '' },
        rubric: [],
        clauses: signed.contract.clauses,
        policyVersion: policy.version,
      },
      formHash: 'ab'.repeat(32),
      submittedBy: zhang,
      submittedAt: new Date(),
    })
    .returning();
  const [failed] = await h.db
    .insert(outbox)
    .values({
      kind: 'send',
      receiveIdType: 'open_id',
      receiveId: h.person('王建国'),
      msgType: 'text',
      content: { text: '资产经营公司的通知' },
      status: 'failed',
      errorCode: 230013,
      lastError: '230013 Bot has NO availability to this user.',
    })
    .returning();
  // A survey round of unit A's contract, open today, sent to its leader only.
  const [round] = await h.db
    .insert(surveyRounds)
    .values({ contractId: signed.contract.id, period: '2026-12', opensOn: today, closesOn: today })
    .returning();
  await h.db.insert(surveyInvites).values({ roundId: round!.id, personId: wang });
  const [pendingImport] = await h.db
    .insert(pendingImports)
    .values({
      kind: 'budget',
      requestedBy: h.person('马骏'),
      sourceMessageId: 'om_scope_import',
      fileName: '资产经营公司预算.xlsx',
      rows: [
        { row: 1, cells: ['单位', '年度', '类别', '金额'] },
        { row: 2, cells: ['asset', '2040', '保洁', '100'] },
      ],
      previewKey: 'ab'.repeat(32),
      rowCount: 1,
    })
    .returning();
  seeded = {
    pendingImport: pendingImport!.id,
    surveyRound: round!.id,
    failedRow: failed!.id,
    binding: binding!.id,
    contractDraft: contractDraft!.id,
    unitA,
    leaderOpenId: h.person('王建国'),
    stage: stage!.id,
    draft: draft!.id,
    unprocured: unprocured.requestId,
    unsigned: unsigned.requestId,
    contract: signed.contract.id,
    termCase: termCase!.id,
    exitItem: exitItem!.id,
    check: check!.id,
    item: item!.id,
    delegation: delegation!.id,
  };
  const lines = await h.sql<{ name: string }[]>`select name from budget_lines where unit_id = ${unitA}`;
  secrets = [
    '资产经营公司',
    '王建国',
    '李秀英',
    '张伟',
    '钱小明',
    '办公楼日常保洁服务',
    '会议室保洁',
    '钥匙与门禁卡移交',
    '卫生间保洁记录缺失',
    ...[signed.vendor, unsigned.vendor!].map((v) => v.name),
    ...lines.map((l) => l.name).filter((n) => n.length > 1),
  ];
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

/** Row counts of every table but the event claims (a claim records that the click was seen). */
async function snapshot(): Promise<Record<string, number>> {
  const tables = await h.sql<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' and tablename <> 'processed_events'`;
  const union = tables.map((t) => `select '${t.tablename}' as t, count(*)::int as n from "${t.tablename}"`);
  const rows = await h.sql.unsafe<{ t: string; n: number }[]>(union.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

const clickers = [
  {
    who: 'a person holding roles only in unit B',
    openId: () => h.person(B_PERSON),
    open: OPEN_TO_OTHER_UNIT,
  },
  { who: 'a person of unit A with no role', openId: () => NO_ROLE, open: OPEN_TO_NO_ROLE },
  { who: 'an unknown open_id', openId: () => STRANGER, open: {} as Partial<Record<ActionName, string>> },
];

describe('every action is scoped', () => {
  it('the sample values cover every action of the table', () => {
    expect(Object.keys(sampleValue).sort()).toEqual(Object.keys(actions).sort());
  });

  for (const name of Object.keys(actions) as ActionName[]) {
    if (OPEN[name]) continue;
    for (const c of clickers) {
      it(`${name}, clicked by ${c.who}`, async () => {
        const s = sampleValue[name](seeded);
        const before = await snapshot();
        const answer = await forgeCardCallback(
          h,
          c.openId(),
          'om_forged_scope',
          { a: name, ...s.value },
          s.form ?? {},
        );
        const shown = JSON.stringify(answer);
        // Vendors are zone-wide: only the registry's own list names them to everyone.
        const hidden =
          name === 'vendor.list' ? secrets.filter((x) => x !== vendorName && !x.includes('物业')) : secrets;
        for (const secret of hidden) expect(shown, `${name} shows ${secret}`).not.toContain(secret);
        if (c.open[name]) {
          // An open action that sends (导入模板's file): delivered before the next case counts rows,
          // since the relay remembers the chat it delivered to.
          await h.sb.waitFor(async () => {
            const [r] = await h.sql`select count(*)::int as n from outbox where status = 'pending'`;
            return r!.n === 0 || undefined;
          }, 10_000);
          return;
        }
        expect(answer.toast?.type, `${name}: ${shown}`).toBe('error');
        expect(answer.toast?.content).not.toContain('系统繁忙');
        expect(answer.toast?.content).not.toContain('已过期');
        expect(await snapshot(), `${name} wrote`).toEqual(before);
      });
    }
  }
});
