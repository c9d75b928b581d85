/**
 * 登记专项督查 (rule 13): the inspection team records an inspection of a contract its grant covers,
 * with its findings; each finding becomes a rectification item with an owner (a person of the org),
 * a deadline (not in the past) and a severity. Every error of the form is reported at once. One
 * transaction writes the inspection, its items, one audit row and a card to each owner. A second
 * submission of the same record (double click, replayed form) is refused under the contract's lock.
 */
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildRectificationCard, SEVERITY_LABELS, type Severity } from '../../cards/rectification';
import { inspections, rectificationItems } from '../../db/schema';
import { inspectionDateErrors, rectificationDueError, type TermDates } from '../../domain/after-signing';
import { shanghaiDate } from '../../domain/calendar';
import { terminationDay } from '../../domain/contract-status';
import { dateOrderMessage } from '../../domain/date-order';
import { DomainError } from '../../domain/errors';
import { loadFacts } from '../contracts/facts';
import type { UseCaseOfAnyone } from '../use-case';
import { requireInspector } from './access';
import { eligibleOwners } from './daily';
import { itemView } from './items';

export interface FindingInput {
  finding: string;
  ownerOpenId: string;
  dueOn: string;
  severity: string;
}
export interface InspectionInput {
  inspectedOn: string;
  participants: string[];
  checked: string;
  findings: FindingInput[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isSeverity = (s: string): s is Severity => Object.hasOwn(SEVERITY_LABELS, s);

/**
 * Every error of the form. The order of dates (DOMAIN.md): the inspection lies within the service
 * (term start to its end or termination date) and not after today; each deadline is not before the
 * inspection nor before today. Each refusal names both dates; the same day passes.
 */
function check(
  input: InspectionInput,
  today: string,
  owners: Map<string, number>,
  term: TermDates,
): string[] {
  const errors: string[] = [];
  const dated = DATE.test(input.inspectedOn);
  if (!dated) errors.push('请选择督查日期');
  else errors.push(...inspectionDateErrors(input.inspectedOn, today, term));
  if (input.participants.length === 0) errors.push('请填写参加督查人员');
  if ([...input.checked].length < 4) errors.push('请填写督查内容(至少4个字)');
  input.findings.forEach((f, i) => {
    const n = `问题${i + 1}`;
    if ([...f.finding].length < 2) errors.push(`${n}:请填写发现的问题`);
    if (!f.ownerOpenId || !owners.has(f.ownerOpenId)) errors.push(`${n}:请选择本合同所属单位的整改责任人`);
    if (!DATE.test(f.dueOn)) errors.push(`${n}:请选择整改期限`);
    else {
      const late = dated
        ? rectificationDueError(f.dueOn, input.inspectedOn, today)
        : dateOrderMessage({ label: '整改期限', date: f.dueOn }, { label: '今天', date: today });
      if (late) errors.push(`${n}:${late}`);
    }
    if (!isSeverity(f.severity)) errors.push(`${n}:请选择严重程度`);
  });
  return errors;
}

/** `uc.actor` may be undefined: the inspection team is checked here, once the contract is locked. */
export async function recordInspection(uc: UseCaseOfAnyone, input: InspectionInput & { contractId: number }) {
  const { tx, actor: actorInput, now, out } = uc;
  const { contractId } = input;
  const f = await loadFacts(tx, contractId, true);
  if (!f) throw new DomainError('no_contract', '所选合同不存在');
  const actor = requireInspector(actorInput, f.contract);
  // 整改责任人 is someone of the contract's unit, as the form's pickers offer (eligibleOwners).
  const found = await eligibleOwners(tx, f.contract.unitId);
  const owners = new Map(found.map((p) => [p.openId, p.id]));
  const c = f.contract;
  const term = { startsOn: c.startsOn, endsOn: c.endsOn, terminatedOn: terminationDay(c) };
  const errors = check(input, shanghaiDate(now), owners, term);
  if (errors.length) throw new DomainError('form_incomplete', errors.join(';'));
  const [dup] = await tx
    .select({ id: inspections.id })
    .from(inspections)
    .where(
      and(
        eq(inspections.contractId, contractId),
        eq(inspections.inspectedOn, input.inspectedOn),
        eq(inspections.checked, input.checked),
      ),
    );
  if (dup) throw new DomainError('already_recorded', `${input.inspectedOn} 的该次督查已登记,无需重复提交`);
  const [insp] = await tx
    .insert(inspections)
    .values({
      contractId,
      inspectedOn: input.inspectedOn,
      participants: input.participants,
      checked: input.checked,
      createdBy: actor.personId,
      createdAt: now,
    })
    .returning();
  const items = input.findings.length
    ? await tx
        .insert(rectificationItems)
        .values(
          input.findings.map((x) => ({
            inspectionId: insp!.id,
            contractId,
            finding: x.finding,
            ownerId: owners.get(x.ownerOpenId)!,
            dueOn: x.dueOn,
            severity: x.severity as Severity,
            createdAt: now,
          })),
        )
        .returning()
    : [];
  await appendAudit(tx, {
    aggregateType: 'inspection',
    aggregateId: insp!.id,
    actor: actor.openId,
    action: 'inspection.recorded',
    data: {
      contractId,
      inspectedOn: input.inspectedOn,
      participants: input.participants,
      checked: input.checked,
      items: items.map((i) => ({
        id: i.id,
        finding: i.finding,
        ownerId: i.ownerId,
        dueOn: i.dueOn,
        severity: i.severity,
      })),
    },
    at: now,
  });
  for (const item of items) {
    const ownerOpenId = input.findings.find((x) => owners.get(x.ownerOpenId) === item.ownerId)!.ownerOpenId;
    await out.send(
      { type: 'open_id', id: ownerOpenId },
      { card: buildRectificationCard(await itemView(tx, f, item, 'owner')) },
    );
  }
  return { inspection: insp!, items, facts: f };
}
