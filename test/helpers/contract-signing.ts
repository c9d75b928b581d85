import { sql } from 'drizzle-orm';
import { shanghaiDate } from '../../src/domain/calendar';
import { botCards, sleep, titleOf } from './cards';
import type { Harness } from './harness';

export { recordProcurement, requestInDb } from './contract';

/**
 * A fresh main menu for `who`; returns its message (cards answered to clicks replace it). Only the
 * menu this message brings: a notice arriving meanwhile (a legal review's result) is not taken for it.
 */
export async function freshMenu(h: Harness, who: string) {
  const before = new Set(botCards(h.sb.inbox(who)).map((m) => m.messageId));
  await h.sb.say(who, '菜单');
  return h.sb.waitFor(() =>
    botCards(h.sb.inbox(who)).find((m) => !before.has(m.messageId) && titleOf(m) === '政府购买服务监管助手'),
  );
}

/** 菜单 → 合同管理 → 签订合同 for the request: the message now showing the signing form. */
export async function openSigningForm(h: Harness, who: string, requestId: number) {
  const menu = await freshMenu(h, who);
  const list = await h.sb.click(who, menu, '合同管理');
  if (!list.card) throw new Error(`no contract list: ${JSON.stringify(list.toast)}`);
  const form = await h.sb.click(who, menu.messageId, { a: 'contract.form', request: requestId });
  return { messageId: menu.messageId, answer: form };
}

/**
 * The year the good form's term runs through: the one after the (pinned) test date's, so the term
 * starts after today on every date the CI tries (a start before today would be a 补签).
 */
export const TERM_YEAR = Number(shanghaiDate(new Date()).slice(0, 4)) + 1;
const Y = TERM_YEAR;

export const GOOD_FORM = {
  amount: '18万',
  starts_on: `${Y}-01-01`,
  ends_on: `${Y}-12-31`,
  schedule: `第一季度,${Y}-03-31,4.5万\n第二季度,${Y}-06-30,4.5万\n第三季度,${Y}-09-30,4.5万\n第四季度,${Y}-12-31,4.5万`,
  targets: '公共区域每日清扫两次,保洁覆盖率100%,投诉24小时内处理',
};

/** Row counts of everything signing writes, to show a refusal wrote nothing. */
export async function signingCounts(h: Harness) {
  const [row] = await h.db.execute<{
    contracts: number;
    assessors: number;
    audit: number;
    outbox: number;
  }>(sql`select
    (select count(*)::int from contracts) as contracts,
    (select count(*)::int from contract_assessors) as assessors,
    (select count(*)::int from audit_log) as audit,
    (select count(*)::int from outbox) as outbox`);
  return row!;
}

/** A click's toast, typed. */
export const toastOf = (r: { toast?: unknown }) => r.toast as { type: string; content: string } | undefined;

/** The demo zone's zone-wide legal (法务): every contract draft goes to them for review. */
export const LEGAL = '冯蕾';

/** The newest 法务审核 card of the request in `who`'s inbox (legal's private chat). */
export function reviewCardOf(h: Harness, who: string, requestId: number) {
  return h.sb.waitFor(() =>
    h.sb.inbox(who).findLast((m) => titleOf(m)?.startsWith(`法务审核 · 合同草案 #${requestId} `)),
  );
}

/**
 * The route through legal review (法务审核) of a previewed signing form at `messageId`: 提交法务审核
 * with the card's values (or `form`), legal's 通过 on the review card, then 检查并预览 again, so the
 * card shows 确认签订. Returns the last preview's answer.
 */
export async function approveThroughLegal(
  h: Harness,
  who: string,
  messageId: string,
  requestId: number,
  form?: Record<string, string>,
) {
  const before = h.sb.inbox(h.person(LEGAL)).length;
  const submitted = await h.sb.click(who, messageId, '提交法务审核', form);
  if (toastOf(submitted)?.type !== 'success')
    throw new Error(`not submitted: ${JSON.stringify(submitted.toast)}`);
  const review = await h.sb.waitFor(() =>
    h.sb
      .inbox(h.person(LEGAL))
      .slice(before)
      .findLast((m) => titleOf(m)?.startsWith(`法务审核 · 合同草案 #${requestId} `)),
  );
  const approved = await h.sb.click(h.person(LEGAL), review, '通过');
  if (toastOf(approved)?.type !== 'success')
    throw new Error(`not approved: ${JSON.stringify(approved.toast)}`);
  // The filer's notice arrives before anything else is opened (it would pass for the next menu).
  await outboxSent(h);
  return h.sb.click(who, messageId, '检查并预览', form);
}

/** Waits until every queued message has been sent, so a notice on its way is not taken for the next card. */
export async function outboxSent(h: Harness, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [r] = await h.sql`select count(*)::int as n from outbox where status = 'pending'`;
    if (r!.n === 0) return;
    if (Date.now() > end) throw new Error('outbox still has pending messages');
    await sleep(20);
  }
}
