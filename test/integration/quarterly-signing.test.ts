/**
 * 管理考核周期 (issue 23, point 2) on the signing form: 按月 by default, 按季度 chosen, validated, shown
 * in the preview and on the contract card, stored as clauses.scoring.managementPeriod, and part of
 * the draft legal approves (changing it after approval needs a new review).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DRAFT_CHANGED } from '../../src/domain/legal-review';
import { forgeCardCallback } from '../helpers/cards';
import {
  GOOD_FORM,
  LEGAL,
  openSigningForm,
  outboxSent,
  requestInDb,
  reviewCardOf,
  signingCounts,
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
const QUARTERLY = { ...GOOD_FORM, management_period: 'quarter' };

async function opened() {
  await outboxSent(h);
  const { requestId } = await requestInDb(h);
  const { messageId, answer } = await openSigningForm(h, p('张伟'), requestId);
  return { requestId, messageId, answer };
}

it('the form offers 管理考核周期 按月/按季度 (按月 by default) and refuses anything else, writing nothing', async () => {
  const { requestId, messageId, answer } = await opened();
  expect(text(answer.card)).toContain('管理考核周期');
  expect(text(answer.card)).toContain('"initial_option":"month"');
  const before = await signingCounts(h);
  const bad = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.preview', request: requestId },
    { ...GOOD_FORM, management_period: 'year' },
  );
  expect(text(bad)).toContain('管理考核周期只能选择「按月」或「按季度」');
  expect(await signingCounts(h)).toEqual(before);
  // Left as it is (the default), the preview says 按月.
  const monthly = await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  expect(text(monthly.card)).toContain('管理考核周期:按月');
});

it('按季度 is shown in the preview, approved by legal, and signed into the clauses and the contract card; a change after approval needs a new review', async () => {
  const { requestId, messageId } = await opened();
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', QUARTERLY);
  expect(text(preview.card)).toContain('管理考核周期:按季度');
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  await h.sb.click(p(LEGAL), await reviewCardOf(h, p(LEGAL), requestId), '通过');
  await outboxSent(h);
  const approved = await h.sb.click(p('张伟'), messageId, '检查并预览', QUARTERLY);
  expect(text(approved.card)).toContain('确认签订');
  // Approved as 按季度: switching to 按月 is another draft.
  const before = await signingCounts(h);
  const changed = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.sign', request: requestId },
    { ...GOOD_FORM, management_period: 'month' },
  );
  expect(changed.toast).toEqual({ type: 'error', content: DRAFT_CHANGED });
  expect(await signingCounts(h)).toEqual(before);
  // Back to the approved form: it signs.
  await h.sb.click(p('张伟'), messageId, '检查并预览', QUARTERLY);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订', QUARTERLY);
  expect(signed.toast).toMatchObject({ type: 'success' });
  expect(text(signed.card)).toContain('**管理考核**:按季度(每季度评一次,代表本季度每个月)');
  const [c] = await h.sql`select clauses from contracts where request_id = ${requestId}`;
  expect(c!.clauses.scoring.managementPeriod).toBe('quarter');
  const [audit] =
    await h.sql`select data from audit_log where action = 'contract.signed' and data->>'requestId' = ${String(requestId)}`;
  expect(audit!.data.managementPeriod).toBe('quarter');
}, 60_000);

it('a monthly contract stores no period: its clauses are exactly those of before the choice', async () => {
  const { requestId, messageId } = await opened();
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  await h.sb.click(p('张伟'), messageId, '提交法务审核');
  await h.sb.click(p(LEGAL), await reviewCardOf(h, p(LEGAL), requestId), '通过');
  await outboxSent(h);
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订', GOOD_FORM);
  expect(signed.toast).toMatchObject({ type: 'success' });
  expect(text(signed.card)).not.toContain('**管理考核**');
  const [c] = await h.sql`select clauses from contracts where request_id = ${requestId}`;
  expect('managementPeriod' in c!.clauses.scoring).toBe(false);
}, 60_000);
