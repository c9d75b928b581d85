import { PassThrough } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { importQuarterlyContract } from '../../src/cli/demo-quarter-import';
import { loadPolicy } from '../../src/db/policy';
import {
  approvalStages,
  chats,
  contracts,
  delegations,
  groupBindings,
  inspections,
  outbox,
  purchaseDrafts,
  rectificationItems,
  spotChecks,
} from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/business-date';
import { LIST_PAGE_SIZE } from '../../src/domain/list-page';
import { runSurveyRounds } from '../../src/features/surveys/rounds';
import type { MessageView } from '../../src/sandbox';
import { DEMO_LEADERSHIP_CHAT, seedDemoGroups } from '../../src/sandbox-boot';
import { createXlsxWriter } from '../../src/xlsx';
import { askMenu } from '../helpers/cards';
import { createContract, requestInDb } from '../helpers/contract';
import type { Harness } from '../helpers/harness';
import { addLine } from '../helpers/purchase';

/** A 1×1 PNG, the photo a rectification owner sends. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function xlsx(header: string[], rows: string[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const w = createXlsxWriter(out);
  w.sheet({ name: 'Sheet1', columns: header.map((x) => ({ header: x, type: 'text' as const })) });
  for (const r of rows) await w.row(r);
  await w.finish();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * State the crawl's cards need, so their buttons show: for the asset company (张伟 files and
 * assesses, 王建国 leads), a pending approval, a saved draft, approved requests to procure and to
 * sign, a signed contract with a termination case, an exit item, a rectification item, a spot check,
 * a delegation and a failed delivery (straight in the database, as action-scope.test.ts seeds them);
 * then, through the cards and the chat as people do, the cards only a push or an earlier step
 * brings: contract previews, score previews, import previews, attachment offers and the demo groups.
 */
export async function seedCrawl(h: Harness) {
  const sb = h.sb;
  const p = h.person;
  const pid = async (name: string) =>
    Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  const unitA = Number(unit!.id);
  const zhang = await pid('张伟');
  const wang = await pid('王建国');
  const today = shanghaiDate(h.now());

  const signed = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  const contract = signed.contract;
  await requestInDb(h, { procured: false, amountFen: 6_000_000n });
  const unsigned = [];
  for (let n = 0; n < 3; n++) unsigned.push(await requestInDb(h, { amountFen: 7_000_000n }));
  // Two saved drafts: 发起采购 then 取消草稿 takes one, 我的待办's 继续填写 finds the other.
  for (const description of ['会议室保洁', '食堂保洁'])
    await h.db.insert(purchaseDrafts).values({ filerId: zhang, data: { description } });
  const [inspection] = await h.db
    .insert(inspections)
    .values({
      contractId: contract.id,
      inspectedOn: '2026-11-02',
      participants: ['何静'],
      checked: '保洁台账',
      createdBy: await pid('何静'),
    })
    .returning();
  await h.db.insert(rectificationItems).values({
    inspectionId: inspection!.id,
    contractId: contract.id,
    finding: '卫生间保洁记录缺失',
    ownerId: wang,
    dueOn: '2026-12-15',
    severity: 'major',
  });
  const [second] = await h.db
    .insert(rectificationItems)
    .values({
      inspectionId: inspection!.id,
      contractId: contract.id,
      finding: '楼道垃圾未及时清运',
      ownerId: await pid('李秀英'),
      dueOn: '2026-12-15',
      severity: 'minor',
    })
    .returning();
  await h.db
    .insert(delegations)
    .values({ delegatorId: wang, delegateId: zhang, fromDate: today, toDate: today });
  await h.db.insert(outbox).values({
    kind: 'send',
    receiveIdType: 'open_id',
    receiveId: p('王建国'),
    msgType: 'text',
    content: { text: '资产经营公司的通知' },
    status: 'failed',
    errorCode: 230013,
    lastError: '230013 Bot has NO availability to this user.',
  });

  // 张伟 scores two months below 80 on two more contracts: each opens a termination case, whose
  // decision card (终止合同 / 继续履约) goes to 王建国; and September of the first contract.
  const score = async (contractId: number, month: string, form: Record<string, string>) => {
    const menu = await askMenu(sb, p('张伟'));
    await sb.click(p('张伟'), menu, '月度考核');
    await sb.click(p('张伟'), menu, { a: 'score.form', contract: contractId, month });
    await sb.click(p('张伟'), menu, '预览得分', form);
    return menu;
  };
  for (let n = 0; n < 3; n++) {
    const low = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
    for (const month of ['2026-08', '2026-09'])
      await sb.click(p('张伟'), await score(low.contract.id, month, { management: '0' }), '确认提交');
  }
  // Two payment periods on every contract signed here, so 结算审核 has periods to confirm.
  await h.db
    .update(contracts)
    .set({
      paymentSchedule: [
        { label: '上半年', dueOn: '2026-06-30', amountFen: '9000000' },
        { label: '下半年', dueOn: '2026-12-31', amountFen: '9000000' },
      ],
    })
    .where(sql`jsonb_array_length(${contracts.paymentSchedule}) = 0`);
  // 王建国 starts the termination of one: its exit items (and their 办结 buttons) follow.
  const decisions = await sb.waitFor(() => {
    const cards = sb
      .inbox(p('王建国'))
      .filter((m) => JSON.stringify(m.content).includes('termination.start'));
    return cards.length === 3 ? cards : undefined;
  }, 20_000);
  await sb.click(p('王建国'), decisions[0]!, '启动清退', { ends_on: '2026-12-31' });
  await sb.click(p('张伟'), await score(contract.id, '2026-09', { management: '90' }), '确认提交');
  // A page and more of earlier checks, so 抽查's list pages (下一页).
  const policy = await loadPolicy(h.db);
  const zheng = await pid('郑毅');
  for (let n = 0; n < LIST_PAGE_SIZE; n++)
    await h.db.insert(spotChecks).values({
      createdBy: zheng,
      scope: { unitIds: [unitA], categories: null, fromMonth: '2026-01', toMonth: '2026-10' },
      sampleSize: 1,
      seed: '00'.repeat(32),
      seedHash: 'ab'.repeat(32),
      policyVersion: policy.version,
    });
  // 郑毅 draws a spot check of that month (a drawn check: 录入抽查评分, 验证抽样).
  const checker = await askMenu(sb, p('郑毅'));
  await sb.click(p('郑毅'), checker, '抽查');
  await sb.click(p('郑毅'), checker, '确认范围', {
    units: [String(unitA)],
    from_month: '2026-01',
    to_month: '2026-12',
    size: '1',
  });
  await sb.click(p('郑毅'), checker, '抽取');
  await sb.click(p('郑毅'), checker, '录入抽查评分');
  const undrawn = await askMenu(sb, p('郑毅'));
  await sb.click(p('郑毅'), undrawn, '抽查');
  await sb.click(p('郑毅'), undrawn, '确认范围', {
    units: [String(unitA)],
    from_month: '2026-01',
    to_month: '2026-12',
    size: '1',
  });
  // Three pending requests, so 张伟's 撤回 and 王建国's 通过 and 不通过 each find one; the newest,
  // so they head 我的申请.
  // The last one's id is set far above the others and the sequence put back, so a request filed during
  // the crawl (张伟's 提交审批) never takes its place at the head of 我的申请, where 撤回 is found.
  const [req] = await h.sql<
    { top: number }[]
  >`select coalesce(max(id), 1)::int as top from purchase_requests`;
  for (const amountFen of [5_000_000n, 5_100_000n, 5_200_000n]) {
    if (amountFen === 5_200_000n)
      await h.sql`select setval(pg_get_serial_sequence('purchase_requests', 'id'), 1000000)`;
    const pending = await requestInDb(h, { status: 'pending', procured: false, amountFen });
    await h.db
      .insert(approvalStages)
      .values({ requestId: pending.requestId, seq: 1, kind: 'unit_leadership', status: 'pending' });
  }
  await h.sql`select setval(pg_get_serial_sequence('purchase_requests', 'id'),
    (select max(id) from purchase_requests where id < 1000000))`;

  // 张伟's contract previews: the first left for the crawl (提交法务审核); the second sent to 冯蕾
  // (her 退回修改); the third sent, approved by her and previewed again (签订合同).
  const terms = {
    amount: '7万',
    starts_on: '2027-01-01',
    ends_on: '2027-12-31',
    schedule: '第一期,2027-12-31,70000',
    targets: '保洁覆盖率100%,垃圾日产日清',
  };
  const preview = async (requestId: number) => {
    const menu = await askMenu(sb, p('张伟'));
    await sb.click(p('张伟'), menu, '采购与合同');
    await sb.click(p('张伟'), menu, { a: 'contract.form', request: requestId });
    await sb.click(p('张伟'), menu, '检查并预览', terms);
    return menu;
  };
  await preview(unsigned[0]!.requestId);
  await sb.click(p('张伟'), await preview(unsigned[1]!.requestId), '提交法务审核');
  await sb.click(p('张伟'), await preview(unsigned[2]!.requestId), '提交法务审核');
  const review = await sb.waitFor(
    () => sb.inbox(p('冯蕾')).filter((m) => JSON.stringify(m.content).includes('legal.approve'))[1],
    20_000,
  );
  await sb.click(p('冯蕾'), review, '通过');
  await preview(unsigned[2]!.requestId);

  // 张伟's last filing step, waiting for 提交审批.
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning', h.now());
  const filing = await askMenu(sb, p('张伟'));
  await sb.click(p('张伟'), filing, '发起采购');
  for (const form of [
    { line: String(line.id), description: '园区公共区域日常保洁服务' },
    { why: '本单位无专职保洁人员,外包更专业', suppliers: '3', price_low: '18万', price_high: '22万' },
    { amount: '20万', method: 'open_tender' },
    { leader: p('王建国'), department: p('李秀英'), assessors: [p('张伟')] },
  ])
    await sb.click(p('张伟'), filing, '下一步', form);

  const item = contract.rubric[0]!.key;
  for (const month of ['2026-10', '2026-11'])
    await score(contract.id, month, { management: '90', [`d_${item}`]: '1', [`n_${item}`]: '早班缺岗1人' });
  // Files sent in the chat: an attachment offer (张伟's pending requests), a photo offer (王建国's
  // rectification item), two budget previews (确认导入 / 取消) and a header two kinds accept (马骏).
  const replied = (who: string, sent: string) =>
    sb.waitFor(() => sb.inbox(p(who)).find((m) => m.sender === 'bot' && m.parentId === sent), 20_000);
  const pending: Promise<MessageView>[] = [];
  pending.push(
    sb
      .sendFile(p('张伟'), '会议纪要.pdf', Buffer.from('%PDF-1.4 会议纪要'))
      .then((s) => replied('张伟', s.messageId)),
  );
  pending.push(sb.sendImage(p('王建国'), PNG).then((s) => replied('王建国', s.messageId)));
  const budget = await xlsx(
    ['单位', '年度', '类别', '名称', '金额(元)'],
    [['asset', '2040', '保洁', '导入测试保洁', '1,200,000.50']],
  );
  for (const name of ['预算甲.xlsx', '预算乙.xlsx'])
    pending.push(sb.sendFile(p('孙丽'), name, budget).then((s) => replied('孙丽', s.messageId)));
  const mixed = await xlsx(
    ['单位', '年度', '类别', '金额', '日期', '类型'],
    [['asset', '2041', '保洁', '100', '2041-10-01', '放假']],
  );
  pending.push(sb.sendFile(p('马骏'), '混合.xlsx', mixed).then((s) => replied('马骏', s.messageId)));
  await Promise.all(pending);
  const offer = await sb.sendImage(p('李秀英'), PNG).then((s) => replied('李秀英', s.messageId));
  await sb.click(p('李秀英'), offer, { a: 'rectification.attach', item: second!.id });
  await sb.click(p('李秀英'), sb.message(offer.messageId)!, '提交整改', {
    evidence: '垃圾已全部清运,见现场照片',
  });

  // A quarterly contract's satisfaction survey, opened on its day: the invites go to six people.
  await importQuarterlyContract(h.db);
  await runSurveyRounds(h.db, new Date('2026-12-15T09:00:00+08:00'), { enqueueOutbox: h.app.enqueueOutbox });
  // The newest contract (it heads 结算审核): its first period, November, due and scored: 确认结算.
  // Its id is set far above the others, and the sequence put back, so a contract the crawl signs
  // meanwhile (张伟's 签订合同, on another page) never takes its place at the head of the list.
  const [head] = await h.sql<{ top: number }[]>`select coalesce(max(id), 1)::int as top from contracts`;
  const top = head!.top;
  await h.sql`select setval(pg_get_serial_sequence('contracts', 'id'), 1000000)`;
  const newest = await createContract(h, { startsOn: '2026-11-01', endsOn: '2027-10-31' });
  await h.sql`select setval(pg_get_serial_sequence('contracts', 'id'), ${top})`;
  await h.db
    .update(contracts)
    .set({
      paymentSchedule: [
        { label: '首期', dueOn: '2026-11-30', amountFen: '1500000' },
        { label: '余期', dueOn: '2027-10-31', amountFen: '16500000' },
      ],
    })
    .where(eq(contracts.id, newest.contract.id));
  await sb.click(p('张伟'), await score(newest.contract.id, '2026-11', { management: '90' }), '确认提交');
  // The leadership group bound to the asset company: its card offers 解除绑定 and 绑定 again.
  await h.db.insert(chats).values({ chatId: DEMO_LEADERSHIP_CHAT, type: 'group' }).onConflictDoNothing();
  await h.db
    .insert(groupBindings)
    .values({ chatId: DEMO_LEADERSHIP_CHAT, kind: 'leadership', unitId: unitA, boundBy: 'test' });
  await seedDemoGroups(sb, h.org);
  return { contract: contract.id };
}
