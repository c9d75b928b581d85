/** What the 专项督查 list and the 登记督查 form show, for the actor now. */
import { eq, inArray } from 'drizzle-orm';
import type { InspectionFormView, InspectionListView } from '../../cards/inspection';
import type { DbOrTx } from '../../db/client';
import { contracts, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { serviceEnd } from '../../domain/after-signing';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { terminationDay } from '../../domain/contract-status';
import { DomainError } from '../../domain/errors';
import { type ContractFilter, type Cursor, INSPECTION_PAGE_SIZE } from '../../domain/list-page';
import { pageOfContracts } from '../contracts/list-page';
import { mayInspect, readableScope, requireAnyReader, requireInspector } from './access';
import { eligibleOwners } from './daily';

/** A page of 专项督查's contracts (keyset, domain/list-page), within the reader's scope on every page. */
export async function inspectionList(
  db: DbOrTx,
  actorInput: Actor | undefined,
  query: { today: string; filter?: ContractFilter; cursor?: Cursor; choices?: boolean },
): Promise<InspectionListView> {
  const { today, filter = {}, cursor = {}, choices = false } = query;
  const actor = requireAnyReader(actorInput);
  const page = await pageOfContracts(db, readableScope(actor), {
    today,
    filter,
    cursor,
    size: INSPECTION_PAGE_SIZE,
    choices,
  });
  const rows = page.rows;
  const scoped = rows.length
    ? await db
        .select({ id: contracts.id, unitId: contracts.unitId, leaderId: contracts.leaderId })
        .from(contracts)
        .where(
          inArray(
            contracts.id,
            rows.map((c) => c.id),
          ),
        )
    : [];
  const byId = new Map(scoped.map((c) => [c.id, c]));
  return {
    contracts: rows.map(({ id, number, unit, vendor, term, status }) => ({
      id,
      number,
      unit,
      vendor,
      term,
      status,
      canInspect: mayInspect(actor, byId.get(id)!),
    })),
    page: {
      total: page.total,
      filter,
      years: page.years,
      units: page.units,
      unitCount: page.unitCount,
      vendors: page.vendors,
      vendorCount: page.vendorCount,
      ...(page.newer !== undefined ? { newer: page.newer } : {}),
      ...(page.older !== undefined ? { older: page.older } : {}),
    },
  };
}

export async function inspectionForm(
  db: DbOrTx,
  actor: Actor | undefined,
  contractId: number,
  now: Date,
): Promise<InspectionFormView> {
  const [c] = await db
    .select({ contract: contracts, vendor: vendors.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(eq(contracts.id, contractId));
  if (!c) throw new DomainError('no_contract', '所选合同不存在');
  requireInspector(actor, c.contract);
  // 整改责任人 is someone of the contract's unit (eligibleOwners, the rule recordInspection and 转为整改
  // apply): the pickers grow with the unit, not the zone, and three of them for every person of a
  // large zone would push the form out of its 30 KB card.
  const everyone = await eligibleOwners(db, c.contract.unitId);
  return {
    contractId,
    number: contractNumber(c.contract),
    vendor: c.vendor,
    today: shanghaiDate(now),
    service: {
      from: c.contract.startsOn,
      to: serviceEnd({
        startsOn: c.contract.startsOn,
        endsOn: c.contract.endsOn,
        terminatedOn: terminationDay(c.contract),
      }).date,
    },
    peopleOpenIds: everyone.map((p) => p.openId),
  };
}
