/**
 * 督查记录: the inspections recorded so far, newest first, a page at a time (keyset), with what
 * each found and how much of it is closed: of the contracts whose 整改情况 the reader may read (the
 * 专项督查 list's scope), or of one contract (its 登记督查 form, its own list). The scope is part of
 * every page's query, so a forged cursor shows nothing else.
 */
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { InspectionRecordsView } from '../../cards/inspection-records';
import type { DbOrTx } from '../../db/client';
import { contracts, inspections, people, rectificationItems, units, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { type Cursor, LIST_PAGE_SIZE } from '../../domain/list-page';
import { keyset, keysetPage } from '../keyset';
import { mayInspect, mayReadReport, readableScope, requireAnyReader } from './access';

/** One contract's (`query.contract`), or (none given) all the reader may see; `size` rows a page. */
export async function inspectionRecords(
  db: DbOrTx,
  actorInput: Actor | undefined,
  query: { contract?: number; cursor?: Cursor; size?: number },
): Promise<InspectionRecordsView> {
  const { cursor = {}, size = LIST_PAGE_SIZE } = query;
  const actor = requireAnyReader(actorInput);
  let scope: SQL | undefined;
  let contract: InspectionRecordsView['contract'];
  if (query.contract !== undefined) {
    const [c] = await db.select().from(contracts).where(eq(contracts.id, query.contract));
    if (!c) throw new DomainError('no_contract', '所选合同不存在');
    if (!mayReadReport(actor, c) && !mayInspect(actor, c))
      throw new DomainError('not_allowed', '您无权查看该合同的督查整改情况');
    scope = eq(contracts.id, c.id);
    contract = { id: c.id, number: contractNumber(c), canInspect: mayInspect(actor, c) };
  } else scope = readableScope(actor);
  const k = keyset(inspections.id, cursor);
  const [fetched, [total]] = await Promise.all([
    db
      .select({
        id: inspections.id,
        inspectedOn: inspections.inspectedOn,
        participants: inspections.participants,
        contract: { id: contracts.id, signedOn: contracts.signedOn },
        unit: units.name,
        vendor: vendors.name,
        recordedBy: people.name,
      })
      .from(inspections)
      .innerJoin(contracts, eq(contracts.id, inspections.contractId))
      .innerJoin(units, eq(units.id, contracts.unitId))
      .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
      .innerJoin(people, eq(people.id, inspections.createdBy))
      .where(and(scope, k.edge))
      .orderBy(k.order)
      .limit(size + 1),
    db
      .select({ n: count(), behind: k.behind })
      .from(inspections)
      .innerJoin(contracts, eq(contracts.id, inspections.contractId))
      .where(and(scope)),
  ]);
  const page = keysetPage(fetched, size, k.cursor, total?.behind === true);
  const ids = page.rows.map((r) => r.id);
  const tallies = ids.length
    ? await db
        .select({
          id: rectificationItems.inspectionId,
          findings: sql<number>`count(*)::int`,
          closed: sql<number>`count(*) filter (where ${rectificationItems.status} = 'closed')::int`,
        })
        .from(rectificationItems)
        .where(inArray(rectificationItems.inspectionId, ids))
        .groupBy(rectificationItems.inspectionId)
    : [];
  const tally = new Map(tallies.map((t) => [t.id, t]));
  return {
    ...(contract ? { contract } : {}),
    total: total?.n ?? 0,
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
    rows: page.rows.map((r) => {
      const t = tally.get(r.id);
      const findings = t?.findings ?? 0;
      const closed = t?.closed ?? 0;
      return {
        id: r.id,
        inspectedOn: r.inspectedOn,
        contractId: r.contract.id,
        contractNo: contractNumber(r.contract),
        unit: r.unit,
        vendor: r.vendor,
        recordedBy: r.recordedBy,
        participants: r.participants,
        findings,
        open: findings - closed,
        closed,
      };
    }),
  };
}
