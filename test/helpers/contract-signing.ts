import { sql } from 'drizzle-orm';
import { loadPolicy } from '../../src/db/queries/policy';
import {
  procurements,
  purchaseAssessors,
  purchaseRequests,
  type ServiceCategory,
  vendors,
} from '../../src/db/schema';
import { botCards } from './cards';
import { makeUscc } from './contract';
import type { Harness } from './harness';
import { addLine } from './purchase';

let seq = 0;

async function personId(h: Harness, name: string) {
  const [row] = await h.sql`select id from people where open_id = ${h.person(name)}`;
  return Number(row!.id);
}

/** A vendor and the procurement of `requestId` awarded to it, straight in the database. */
export async function recordProcurement(h: Harness, requestId: number, awardedFen: bigint) {
  const n = 500 + ++seq;
  const [vendor] = await h.db
    .insert(vendors)
    .values({
      name: `签约测试物业公司${n}`,
      uscc: makeUscc(n * 7919),
      contactName: '孙经理',
      createdBy: 'test',
    })
    .returning();
  const policy = await loadPolicy(h.db);
  await h.db.insert(procurements).values({
    requestId,
    method: 'open_tender',
    platform: '苏州市公共资源交易平台',
    referenceNo: `SZGG-2026-${n}`,
    bidders: 4,
    awardDate: '2026-11-20',
    vendorId: vendor!.id,
    awardedFen,
    policyVersion: policy.version,
    recordedBy: await personId(h, '张伟'),
  });
  return vendor!;
}

/**
 * A request of the asset company straight in the database (filed by 张伟, 王建国 responsible, 张伟
 * assessing), in the given status, with its procurement unless `procured` is false.
 */
export async function requestInDb(
  h: Harness,
  o: {
    status?: 'approved' | 'pending' | 'rejected';
    procured?: boolean;
    category?: ServiceCategory;
    amountFen?: bigint;
  } = {},
) {
  const amountFen = o.amountFen ?? 18_000_000n;
  const category = o.category ?? 'cleaning';
  const line = await addLine(h, 'asset', amountFen * 2n, category);
  const [filer, leader] = [await personId(h, '张伟'), await personId(h, '王建国')];
  const policy = await loadPolicy(h.db);
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({
      unitId: line.unitId,
      budgetLineId: line.id,
      category,
      description: '办公楼日常保洁服务',
      whyOutsource: '本单位无专职人员',
      suppliersAsked: 3,
      priceLowFen: amountFen,
      priceHighFen: amountFen,
      amountFen,
      method: 'open_tender',
      filerId: filer,
      leaderId: leader,
      departmentId: leader,
      policyVersion: policy.version,
      status: o.status ?? 'approved',
      decidedAt: o.status === 'pending' ? null : new Date(),
    })
    .returning();
  await h.db.insert(purchaseAssessors).values({ requestId: req!.id, personId: filer });
  const vendor = o.procured === false ? undefined : await recordProcurement(h, req!.id, amountFen);
  return { requestId: req!.id, vendor };
}

/** A fresh main menu for `who`; returns its message (cards answered to clicks replace it). */
export async function freshMenu(h: Harness, who: string) {
  const before = botCards(h.sb.inbox(who)).length;
  await h.sb.say(who, '菜单');
  return h.sb.waitFor(() => {
    const cards = botCards(h.sb.inbox(who));
    return cards.length > before ? cards.at(-1) : undefined;
  });
}

/** 菜单 → 合同管理 → 签订合同 for the request: the message now showing the signing form. */
export async function openSigningForm(h: Harness, who: string, requestId: number) {
  const menu = await freshMenu(h, who);
  const list = await h.sb.click(who, menu, '合同管理');
  if (!list.card) throw new Error(`no contract list: ${JSON.stringify(list.toast)}`);
  const form = await h.sb.click(who, menu.messageId, { a: 'contract.form', request: requestId });
  return { messageId: menu.messageId, answer: form };
}

export const GOOD_FORM = {
  amount: '18万',
  starts_on: '2027-01-01',
  ends_on: '2027-12-31',
  schedule:
    '第一季度,2027-03-31,4.5万\n第二季度,2027-06-30,4.5万\n第三季度,2027-09-30,4.5万\n第四季度,2027-12-31,4.5万',
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
