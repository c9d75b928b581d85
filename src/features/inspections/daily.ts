/**
 * 问题整改 of the daily line (rule 7): an assessor of a contract raises a deduction
 * of a recorded month as a rectification item (source 'daily'): the finding (the deduction's note by
 * default), an owner among the people of the contract's unit (vendors.contact_name is a name, not a
 * Feishu person) and a deadline not before today. One item per contract, month and rubric item: a
 * double click or a replayed form raises once. A problem raised while an earlier one of the same
 * contract and rubric item is still open (open or submitted) is stored with repeat_of = the latest
 * such item, and shown as 重复发生. The item then lives as an inspection finding does (items.ts,
 * chase.ts), confirmed by an assessor of the contract instead of the inspection team.
 */
import { and, asc, desc, eq, lt, ne } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DailyProblemFormView, OpenProblemLine } from '../../cards/daily-problem';
import { buildRectificationCard } from '../../cards/rectification';
import type { DbOrTx } from '../../db/client';
import { contracts, people, rectificationItems } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { dateOrderMessage } from '../../domain/date-order';
import { DomainError } from '../../domain/errors';
import { overdueWorkingDays } from '../../domain/rectification-overdue';
import { loadFacts } from '../contracts/facts';
import { currentScore, isAssessor } from '../scoring/access';
import type { UseCase } from '../use-case';
import { itemView } from './items';
import { contractRepeats } from './repeats';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MIN_FINDING_CHARS = 2;

export type DailyProblemInput = {
  contractId: number;
  month: string;
  rubricItem: string;
  finding: string;
  ownerOpenId: string;
  dueOn: string;
};

/** Who may own a daily problem: the people of the contract's unit (everyone when the unit has none). */
export async function eligibleOwners(db: DbOrTx, unitId: number) {
  const ofUnit = await db
    .select({ id: people.id, openId: people.openId, name: people.name })
    .from(people)
    .where(eq(people.unitId, unitId))
    .orderBy(asc(people.id));
  if (ofUnit.length) return ofUnit;
  return db
    .select({ id: people.id, openId: people.openId, name: people.name })
    .from(people)
    .orderBy(asc(people.id));
}

async function rubricOf(db: DbOrTx, contractId: number) {
  const [c] = await db
    .select({ rubric: contracts.rubric })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  return c?.rubric ?? [];
}

/** The item already raised for a contract's month and rubric item, if any. */
async function raisedFor(db: DbOrTx, contractId: number, month: string, rubricItem: string) {
  const [row] = await db
    .select()
    .from(rectificationItems)
    .where(
      and(
        eq(rectificationItems.contractId, contractId),
        eq(rectificationItems.source, 'daily'),
        eq(rectificationItems.month, month),
        eq(rectificationItems.rubricItem, rubricItem),
      ),
    );
  return row;
}

/** The month's current score and its deduction under `rubricItem`; refused when there is none. */
async function deductionOf(db: DbOrTx, contractId: number, month: string, rubricItem: string) {
  const score = await currentScore(db, contractId, month);
  if (!score) throw new DomainError('not_scored', `${month} 尚未录入考核成绩,请先录入再将扣分问题转为整改`);
  const d = score.deductions.find((x) => x.item === rubricItem);
  if (!d) throw new DomainError('bad_input', `${month} 的考核成绩在该细则项下没有扣分,无法转为整改`);
  return d;
}

function requireAssessorNow(ok: boolean) {
  if (!ok) throw new DomainError('not_assessor', '只有该合同的考核人可以将扣分问题转为整改');
}

/** The 转为整改 form of one deduction, for an assessor of the contract now. */
export async function dailyProblemForm(
  db: DbOrTx,
  actor: Actor,
  query: { contractId: number; month: string; rubricItem: string; today: string },
): Promise<DailyProblemFormView> {
  const { contractId, month, rubricItem, today } = query;
  const f = await loadFacts(db, contractId);
  if (!f) throw new DomainError('no_contract', '找不到该合同');
  requireAssessorNow(await isAssessor(db, contractId, actor.personId));
  const d = await deductionOf(db, contractId, month, rubricItem);
  const rubric = await rubricOf(db, contractId);
  const raised = await raisedFor(db, contractId, month, rubricItem);
  const owners = await eligibleOwners(db, f.contract.unitId);
  return {
    contractId,
    contract: {
      id: contractId,
      signedOn: f.contract.signedOn,
      category: f.contract.category,
      vendorName: f.vendorName,
    },
    month,
    rubricItem,
    rubricName: rubric.find((i) => i.key === rubricItem)?.name ?? rubricItem,
    deductionTenths: d.tenths,
    note: d.note,
    today,
    peopleOpenIds: owners.map((p) => p.openId),
    ...(raised ? { raised: { itemId: raised.id, dueOn: raised.dueOn, status: raised.status } } : {}),
  };
}

function check(input: DailyProblemInput, today: string, ownerOk: boolean): string[] {
  const errors: string[] = [];
  if ([...input.finding].length < MIN_FINDING_CHARS) errors.push('请填写问题描述(至少2个字)');
  if (!ownerOk) errors.push('请选择本合同所属单位的整改责任人');
  if (!DATE.test(input.dueOn)) errors.push('请选择整改期限');
  else {
    const early = dateOrderMessage({ label: '整改期限', date: input.dueOn }, { label: '今天', date: today });
    if (early) errors.push(early);
  }
  return errors;
}

/**
 * 转为整改: checked again under the contract's lock; writes the item, its audit row and the owner's card.
 * `input.today` is the business date of `uc.now`, against which the deadline is checked.
 */
export async function raiseDailyProblem(uc: UseCase, input: DailyProblemInput & { today: string }) {
  const { tx, actor, now, out } = uc;
  const { today } = input;
  const f = await loadFacts(tx, input.contractId, true);
  if (!f) throw new DomainError('no_contract', '找不到该合同');
  requireAssessorNow(await isAssessor(tx, input.contractId, actor.personId));
  await deductionOf(tx, input.contractId, input.month, input.rubricItem);
  const already = await raisedFor(tx, input.contractId, input.month, input.rubricItem);
  if (already)
    throw new DomainError('already_recorded', `${input.month} 该细则项的扣分问题已转为整改,无需重复提交`);
  const owners = await eligibleOwners(tx, f.contract.unitId);
  const owner = owners.find((p) => p.openId === input.ownerOpenId);
  const errors = check(input, today, owner !== undefined);
  if (errors.length) throw new DomainError('form_incomplete', errors.join(';'));
  const [earlier] = await tx
    .select({ id: rectificationItems.id })
    .from(rectificationItems)
    .where(
      and(
        eq(rectificationItems.contractId, input.contractId),
        eq(rectificationItems.source, 'daily'),
        eq(rectificationItems.rubricItem, input.rubricItem),
        ne(rectificationItems.status, 'closed'),
      ),
    )
    .orderBy(desc(rectificationItems.id))
    .limit(1);
  const [item] = await tx
    .insert(rectificationItems)
    .values({
      contractId: input.contractId,
      source: 'daily',
      month: input.month,
      rubricItem: input.rubricItem,
      finding: input.finding,
      ownerId: owner!.id,
      dueOn: input.dueOn,
      severity: 'minor',
      raisedBy: actor.personId,
      repeatOf: earlier?.id ?? null,
      createdAt: now,
    })
    .returning();
  await appendAudit(tx, {
    aggregateType: 'rectification_item',
    aggregateId: item!.id,
    actor: actor.openId,
    action: 'rectification.raised',
    data: {
      itemId: item!.id,
      contractId: input.contractId,
      source: 'daily',
      month: input.month,
      rubricItem: input.rubricItem,
      finding: input.finding,
      ownerId: owner!.id,
      dueOn: input.dueOn,
      repeatOf: earlier?.id ?? null,
    },
    at: now,
  });
  await out.send(
    { type: 'open_id', id: owner!.openId },
    { card: buildRectificationCard(await itemView(tx, f, item!, 'owner')) },
  );
  return { item: item!, view: await itemView(tx, f, item!, 'team') };
}

/**
 * 未整改问题 of the score form of `month`: the contract's daily problems of earlier months not closed
 * (open or submitted), oldest deadline first, with working days overdue and how often repeated.
 */
export async function openDailyProblems(
  db: DbOrTx,
  contractId: number,
  month: string,
  today: string,
): Promise<OpenProblemLine[]> {
  const rows = await db
    .select()
    .from(rectificationItems)
    .where(
      and(
        eq(rectificationItems.contractId, contractId),
        eq(rectificationItems.source, 'daily'),
        ne(rectificationItems.status, 'closed'),
        lt(rectificationItems.month, month),
      ),
    )
    .orderBy(asc(rectificationItems.dueOn), asc(rectificationItems.id));
  if (rows.length === 0) return [];
  const [rubric, repeats] = await Promise.all([rubricOf(db, contractId), contractRepeats(db, contractId)]);
  return rows.map((r) => ({
    itemId: r.id,
    finding: r.finding,
    month: r.month ?? '',
    rubricName: rubric.find((i) => i.key === r.rubricItem)?.name ?? r.rubricItem ?? '',
    dueOn: r.dueOn,
    status: r.status === 'submitted' ? 'submitted' : 'open',
    overdueWorkingDays: overdueWorkingDays(
      r.dueOn,
      r.submittedAt ? shanghaiDate(r.submittedAt) : null,
      today,
    ),
    repeats: repeats.get(r.id) ?? 0,
  }));
}
