/**
 * 法务审核 (issue 23, point 4; DOMAIN.md rule 6) through the cards: the signing form's checked draft
 * goes to legal of the request's unit or zone-wide, who approves it or returns it with comments per
 * rubric item or clause and the outside counsel's opinion; signing needs the latest version approved
 * and the very form approved. Every version is kept and audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPolicy } from '../../src/db/policy';
import { roleGrants } from '../../src/db/schema';
import { rubricTemplate } from '../../src/domain/clauses';
import { DRAFT_CHANGED } from '../../src/domain/legal-review';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import {
  GOOD_FORM,
  LEGAL,
  openSigningForm,
  outboxSent,
  requestInDb,
  reviewCardOf,
  signingCounts,
  toastOf,
} from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const pid = async (name: string) =>
  Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);
const unitOf = async (code: string) =>
  Number((await h.sql`select id from units where code = ${code}`)[0]!.id);

/** Everything a decision writes: drafts by status, audit rows, messages queued. */
async function reviewCounts() {
  const [row] = await h.db.execute<{
    drafts: string;
    audit: number;
    outbox: number;
    contracts: number;
  }>(sql`select
    (select coalesce(string_agg(status, ',' order by id), '') from contract_drafts) as drafts,
    (select count(*)::int from audit_log) as audit,
    (select count(*)::int from outbox) as outbox,
    (select count(*)::int from contracts) as contracts`);
  return row!;
}

/** A fresh approved, procured request of the asset company and its signing form, previewed with `form`. */
async function previewed(form: Record<string, string> = GOOD_FORM) {
  await outboxSent(h); // an earlier test's notice is not taken for this one's menu
  const { requestId } = await requestInDb(h);
  const { messageId } = await openSigningForm(h, p('张伟'), requestId);
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', form);
  return { requestId, messageId, preview };
}

const forgedSign = (messageId: string, requestId: number, form: Record<string, string> = GOOD_FORM) =>
  forgeCardCallback(h, p('张伟'), messageId, { a: 'contract.sign', request: requestId }, form);

const drafts = (requestId: number) =>
  h.sql`select id::int, version, status, comments, counsel_opinion, form_hash, decided_by::int
    from contract_drafts where request_id = ${requestId} order by version`;
const draftAudit = (requestId: number) =>
  h.sql`select a.action, a.data, a.actor from audit_log a
    join contract_drafts d on a.aggregate_type = 'contract_draft' and a.aggregate_id = d.id::text
    where d.request_id = ${requestId} order by a.id`;

it('signing before legal approves is refused and writes nothing: no draft, then a pending one', async () => {
  const { requestId, messageId, preview } = await previewed();
  // The preview offers 提交法务审核, not 确认签订.
  expect(text(preview.card)).toContain('提交法务审核');
  expect(text(preview.card)).not.toContain('确认签订');
  expect(toastOf(preview)!.content).toContain('提交法务审核');
  const before = await signingCounts(h);
  const none = await forgedSign(messageId, requestId);
  expect(none.toast).toEqual({
    type: 'error',
    content: '合同草案尚未经法务审核:请先点击「提交法务审核」,审核通过后才能签订',
  });
  expect(await signingCounts(h)).toEqual(before);

  const submitted = await h.sb.click(p('张伟'), messageId, '提交法务审核');
  expect(submitted.toast).toEqual({ type: 'success', content: '已提交法务审核(第1版),审核通过后方可签订' });
  expect(text(submitted.card)).toContain('第1版 待法务审核');
  const review = await reviewCardOf(h, p(LEGAL), requestId);
  expect(titleOf(review)).toBe(`法务审核 · 合同草案 #${requestId} 第1版`);
  expect(text(review.content)).toContain('180,000.00元');
  expect(text(review.content)).toContain('公共区域保洁质量');
  expect(text(review.content)).toContain('清退条款');

  // A second 提交 of the same form while it is pending is refused; signing is refused too.
  const again = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.submit_review', request: requestId },
    GOOD_FORM,
  );
  expect(again.toast).toEqual({ type: 'error', content: '合同草案第1版已提交法务审核,请等待审核结果' });
  const pendingSign = await forgedSign(messageId, requestId);
  expect(pendingSign.toast).toEqual({
    type: 'error',
    content: '合同草案第1版正在法务审核中,审核通过后才能签订',
  });
  const [c] = await h.sql`select count(*)::int as n from contracts where request_id = ${requestId}`;
  expect(c!.n).toBe(0);
  expect((await drafts(requestId)).map((d) => d.status)).toEqual(['pending']);
}, 60_000);

it('a returned draft is revised from the comments, resubmitted as version 2, approved and signed; every version kept and audited', async () => {
  const policy = await loadPolicy(h.db);
  const [item] = rubricTemplate(policy, 'cleaning');
  const { requestId, messageId } = await previewed();
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  const review = await reviewCardOf(h, p(LEGAL), requestId);

  // 退回修改 needs a comment; refused without one, nothing written.
  const before = await reviewCounts();
  const bare = await h.sb.click(p(LEGAL), review, '退回修改');
  expect(bare.toast).toEqual({
    type: 'error',
    content: '退回修改须填写修改意见(逐项意见或总体意见至少一条)',
  });
  expect(await reviewCounts()).toEqual(before);

  const returned = await h.sb.click(p(LEGAL), review, '退回修改', {
    r_0: '扣分标准过粗,请按区域细化',
    c_termination: '清退条款应写明书面通知期限',
    comment: '绩效目标请量化投诉处理时限',
    counsel_opinion: '法律顾问:违约责任条款可执行,建议补充争议解决方式',
  });
  expect(returned.toast).toEqual({ type: 'success', content: '合同草案第1版已退回修改,已通知经办人' });
  expect(text(returned.card)).toContain('已退回修改');
  expect(text(returned.card)).not.toContain('"a":"legal.approve"'); // decided: no buttons left

  // The filer's private chat: the comments, and the form again, filled from the draft.
  const notice = await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => titleOf(m) === `法务退回修改 · 采购申请 #${requestId}`),
  );
  const said = text(notice.content);
  expect(said).toContain(`考核细则「${item!.name}」:扣分标准过粗,请按区域细化`);
  expect(said).toContain('清退条款:清退条款应写明书面通知期限');
  expect(said).toContain('总体意见:绩效目标请量化投诉处理时限');
  expect(said).toContain('外部法律顾问意见:法律顾问:违约责任条款可执行');
  const reopened = await h.sb.click(p('张伟'), notice, '修改合同草案');
  const form = text(reopened.card);
  expect(form).toContain(GOOD_FORM.targets); // pre-filled from version 1
  expect(form).toContain('第1版 已退回修改');
  expect(form).toContain('扣分标准过粗');
  // Signing the returned version is refused.
  const refused = await forgedSign(notice.messageId, requestId);
  expect(refused.toast).toEqual({
    type: 'error',
    content: '合同草案第1版已被法务退回修改,请按意见修改后重新提交法务审核',
  });

  const revised = { ...GOOD_FORM, targets: `${GOOD_FORM.targets},投诉2小时内响应` };
  await h.sb.click(p('张伟'), notice, '检查并预览', revised);
  const second = await h.sb.click(p('张伟'), notice, '提交法务审核');
  expect(toastOf(second)!.content).toContain('第2版');
  const review2 = await h.sb.waitFor(() =>
    h.sb.inbox(p(LEGAL)).find((m) => titleOf(m) === `法务审核 · 合同草案 #${requestId} 第2版`),
  );
  expect(text(review2.content)).toContain('投诉2小时内响应');
  const approved = await h.sb.click(p(LEGAL), review2, '通过', { counsel_opinion: '同意签订' });
  expect(approved.toast).toEqual({ type: 'success', content: '合同草案第2版已审核通过,已通知经办人' });
  const ok = await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => titleOf(m) === `法务审核通过 · 采购申请 #${requestId}`),
  );
  expect(text(ok.content)).toContain('外部法律顾问意见:同意签订');

  // The form opened from the notice is version 2; previewed, it offers 确认签订, which signs.
  await h.sb.click(p('张伟'), ok, '去签订合同');
  const preview = await h.sb.click(p('张伟'), ok, '检查并预览');
  expect(text(preview.card)).toContain('确认签订');
  expect(text(preview.card)).not.toContain('提交法务审核');
  const signed = await h.sb.click(p('张伟'), ok, '确认签订');
  expect(signed.toast).toMatchObject({ type: 'success' });
  const [c] = await h.sql`select targets from contracts where request_id = ${requestId}`;
  expect(c!.targets).toBe(revised.targets);

  // Every version kept, each with its decision; the trail has each step.
  const rows = await drafts(requestId);
  expect(rows.map((d) => [d.version, d.status])).toEqual([
    [1, 'returned'],
    [2, 'approved'],
  ]);
  expect(rows[0]!.comments).toEqual({
    rubric: { [item!.key]: '扣分标准过粗,请按区域细化' },
    clauses: { termination: '清退条款应写明书面通知期限' },
    general: '绩效目标请量化投诉处理时限',
  });
  expect(rows[0]!.counsel_opinion).toBe('法律顾问:违约责任条款可执行,建议补充争议解决方式');
  expect(rows[1]!.decided_by).toBe(await pid(LEGAL));
  expect(rows[0]!.form_hash).not.toBe(rows[1]!.form_hash);
  const trail = await draftAudit(requestId);
  expect(trail.map((a) => a.action)).toEqual([
    'contract.draft_submitted',
    'contract.draft_returned',
    'contract.draft_submitted',
    'contract.draft_approved',
  ]);
  expect(trail[0]!.actor).toBe(p('张伟'));
  expect(trail[1]!.actor).toBe(p(LEGAL));
  expect(trail[2]!.data).toMatchObject({ version: 2, previous: { version: 1, status: 'returned' } });
  expect(trail[1]!.data.counselOpinion).toBe('法律顾问:违约责任条款可执行,建议补充争议解决方式');
}, 90_000);

it('a change after approval needs a new review: 合同草案已修改,需重新提交法务审核', async () => {
  const { requestId, messageId } = await previewed();
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  await h.sb.click(p(LEGAL), await reviewCardOf(h, p(LEGAL), requestId), '通过');
  const approved = await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  expect(text(approved.card)).toContain('确认签订');

  // 确认签订 with the amount changed on the card: refused, nothing written.
  const before = await signingCounts(h);
  const changed = { ...GOOD_FORM, amount: '17万', schedule: `全款,${GOOD_FORM.ends_on},17万` };
  const r = await h.sb.click(p('张伟'), messageId, '确认签订', changed);
  expect(r.toast).toEqual({ type: 'error', content: DRAFT_CHANGED });
  expect(await signingCounts(h)).toEqual(before);
  // The same amount typed differently is the same draft (18万 = 180,000.00): it signs only after
  // the changed one is dropped; previewing the change offers 提交法务审核 instead.
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', changed);
  expect(text(preview.card)).toContain('提交法务审核');
  expect(text(preview.card)).not.toContain('确认签订');
  await h.sb.click(p('张伟'), messageId, '检查并预览', { ...GOOD_FORM, amount: '180,000.00' });
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订');
  expect(signed.toast).toMatchObject({ type: 'success' });
}, 60_000);

it('a change after approval, resubmitted, starts a new review: the approved version no longer signs', async () => {
  const { requestId, messageId } = await previewed();
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  await h.sb.click(p(LEGAL), await reviewCardOf(h, p(LEGAL), requestId), '通过');
  const changed = { ...GOOD_FORM, targets: `${GOOD_FORM.targets},每周消杀一次` };
  await h.sb.click(p('张伟'), messageId, '检查并预览', changed);
  expect(toastOf(await h.sb.click(p('张伟'), messageId, '提交法务审核'))!.type).toBe('success');
  // Back to the approved version 1's form: version 2 is the one under review now.
  const r = await forgedSign(messageId, requestId, GOOD_FORM);
  expect(r.toast).toMatchObject({ type: 'error' });
  expect(toastOf(r)!.content).toContain('第2版正在法务审核中');
  expect((await drafts(requestId)).map((d) => d.status)).toEqual(['approved', 'pending']);
}, 60_000);

it('only legal of the request’s unit or zone-wide may decide: another unit’s legal is refused, nothing written', async () => {
  const asset = await unitOf('asset');
  const enforcement = await unitOf('enforcement');
  await h.db.insert(roleGrants).values([
    { personId: await pid('李秀英'), role: 'legal', unitId: asset, grantedBy: 'test' },
    { personId: await pid('刘芳'), role: 'legal', unitId: enforcement, grantedBy: 'test' },
  ]);
  try {
    const { requestId, messageId } = await previewed();
    await h.sb.click(p('张伟'), messageId, '提交法务审核');
    // The unit's legal and the zone's legal get the card; another unit's legal does not.
    const unitCard = await reviewCardOf(h, p('李秀英'), requestId);
    await reviewCardOf(h, p(LEGAL), requestId);
    expect(h.sb.inbox(p('刘芳')).some((m) => titleOf(m)?.includes(`合同草案 #${requestId} `))).toBe(false);
    const [d] = await drafts(requestId);

    const tries = [
      ['刘芳', 'legal.approve'],
      ['刘芳', 'legal.return'],
      ['张伟', 'legal.approve'], // the filer, no legal role
      ['郑毅', 'legal.approve'], // discipline reads everything, decides nothing here
    ] as const;
    const menus = new Map<string, string>();
    for (const [who] of tries) menus.set(who, (await askMenu(h.sb, p(who))).messageId);
    const before = await reviewCounts();
    for (const [who, a] of tries) {
      const r = await forgeCardCallback(
        h,
        p(who),
        menus.get(who)!,
        { a, draft: d!.id },
        { comment: '不同意' },
      );
      expect(r.toast, `${who} ${a}`).toEqual({
        type: 'error',
        content: '只有该单位或全区的法务可以审核该合同草案',
      });
    }
    expect(await reviewCounts()).toEqual(before);

    // The unit's own legal decides.
    const ok = await h.sb.click(p('李秀英'), unitCard, '通过');
    expect(ok.toast).toMatchObject({ type: 'success' });
    expect((await drafts(requestId))[0]!.decided_by).toBe(await pid('李秀英'));
  } finally {
    await h.sql`update role_grants set revoked_at = now(), revoked_by = 'test'
      where role = 'legal' and granted_by = 'test'`;
  }
}, 60_000);

it('a double click on 通过 decides once: one decision, one audit row, one notice', async () => {
  const { requestId, messageId } = await previewed();
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  const review = await reviewCardOf(h, p(LEGAL), requestId);
  const before = await reviewCounts();
  const [a, b] = await Promise.all([
    h.sb.click(p(LEGAL), review, '通过'),
    h.sb.click(p(LEGAL), review, '通过'),
  ]);
  const ok = [a, b].filter((r) => toastOf(r)?.type === 'success');
  expect(ok).toHaveLength(1);
  const other = ok[0] === a ? b : a;
  expect(other.toast).toEqual({ type: 'error', content: '合同草案第1版已审核通过,无需重复处理' });
  await h.sb.redeliver(ok[0]!.delivery.eventId);
  // A 退回修改 after it is decided changes nothing either.
  const late = await forgeCardCallback(
    h,
    p(LEGAL),
    review.messageId,
    { a: 'legal.return', draft: (await drafts(requestId))[0]!.id },
    { comment: '再看看' },
  );
  expect(late.toast).toEqual({ type: 'error', content: '合同草案第1版已审核通过,无需重复处理' });
  const after = await reviewCounts();
  expect(after.audit - before.audit).toBe(1);
  expect(after.outbox - before.outbox).toBe(1); // the filer's notice
  expect((await drafts(requestId)).map((d) => d.status)).toEqual(['approved']);
  expect((await draftAudit(requestId)).filter((x) => x.action === 'contract.draft_approved')).toHaveLength(1);
}, 60_000);
