/**
 * 督查问题整改情况报告: every finding of the contracts the reader may see (or of one contract), with
 * owner, deadline, status, evidence and days overdue. Days overdue are WORKING days (as the chase
 * counts them), from the deadline to the day the owner submitted, or to today while still open.
 */
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RectificationReportView } from '../../cards/rectification-report';
import type { DbOrTx } from '../../db/client';
import {
  contracts,
  evidenceImages,
  inspections,
  people,
  rectificationItems,
  units,
  vendors,
} from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { overdueWorkingDays } from '../../domain/rectification-overdue';
import { readableScope, requireAnyReader, requireReader } from './access';
import { repeatDepths } from './repeats';

export const REPORT_ROWS = 60;
const owner = alias(people, 'owner');

/** The day the owner handed the item in: submitted, or (a closed item without it) closed. */
const handedInOn = (i: { submittedAt: Date | null; closedAt: Date | null; status: string }) => {
  const on = i.submittedAt ?? (i.status === 'closed' ? i.closedAt : null);
  return on ? shanghaiDate(on) : null;
};

export async function rectificationReport(
  db: DbOrTx,
  actorInput: Actor | undefined,
  contractId: number | undefined,
  now: Date,
): Promise<RectificationReportView> {
  let scope: SQL | undefined;
  let title = '全部可查看合同';
  if (contractId !== undefined) {
    const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId));
    if (!c) throw new DomainError('no_contract', '所选合同不存在');
    requireReader(actorInput, c);
    scope = eq(contracts.id, contractId);
    title = `合同 ${contractNumber(c)}`;
  } else scope = readableScope(requireAnyReader(actorInput));
  const today = shanghaiDate(now);
  const rows = await db
    .select({
      item: rectificationItems,
      inspectedOn: inspections.inspectedOn,
      contract: { id: contracts.id, signedOn: contracts.signedOn, rubric: contracts.rubric },
      unit: units.name,
      vendor: vendors.name,
      owner: owner.name,
    })
    .from(rectificationItems)
    .leftJoin(inspections, eq(inspections.id, rectificationItems.inspectionId))
    .innerJoin(contracts, eq(contracts.id, rectificationItems.contractId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(owner, eq(owner.id, rectificationItems.ownerId))
    .where(and(scope))
    .orderBy(desc(rectificationItems.contractId), asc(rectificationItems.dueOn), asc(rectificationItems.id))
    .limit(REPORT_ROWS);
  const ids = rows.map((r) => r.item.id);
  const photos = ids.length
    ? await db
        .select({ itemId: evidenceImages.itemId, sha256: evidenceImages.sha256 })
        .from(evidenceImages)
        .where(inArray(evidenceImages.itemId, ids))
        .orderBy(asc(evidenceImages.id))
    : [];
  const dailyContracts = [
    ...new Set(rows.filter((r) => r.item.source === 'daily').map((r) => r.contract.id)),
  ];
  const repeats = dailyContracts.length
    ? repeatDepths(
        await db
          .select({ id: rectificationItems.id, repeatOf: rectificationItems.repeatOf })
          .from(rectificationItems)
          .where(inArray(rectificationItems.contractId, dailyContracts)),
      )
    : new Map<number, number>();
  const dailyOf = (r: (typeof rows)[number]) =>
    r.item.source === 'daily'
      ? {
          daily: {
            month: r.item.month ?? '',
            rubricName:
              r.contract.rubric.find((i) => i.key === r.item.rubricItem)?.name ?? r.item.rubricItem ?? '',
            repeats: repeats.get(r.item.id) ?? 0,
          },
        }
      : {};
  return {
    title,
    today,
    rows: rows.map((r) => {
      return {
        contractNo: contractNumber(r.contract),
        ...dailyOf(r),
        unit: r.unit,
        vendor: r.vendor,
        inspectedOn: r.inspectedOn ?? r.item.month ?? '',
        finding: r.item.finding,
        severity: r.item.severity,
        owner: r.owner,
        dueOn: r.item.dueOn,
        status: r.item.status,
        reopened: r.item.reopened,
        overdueWorkingDays: overdueWorkingDays(r.item.dueOn, handedInOn(r.item), today),
        evidence: r.item.evidence ?? '',
        photos: photos.filter((p) => p.itemId === r.item.id).map((p) => p.sha256),
      };
    }),
  };
}
