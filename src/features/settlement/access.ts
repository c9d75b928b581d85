import { eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contracts } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { Role } from '../../domain/roles';
import { type ContractPageAsk, pageOfContracts } from '../contracts/list-page';
import type { SettlementReport } from './report';

/** Roles that may read a settlement in the contract's unit (a zone-wide grant covers every unit). */
const READERS: Role[] = ['finance', 'unit_leadership', 'discipline'];

export function mayReadSettlement(actor: Actor, c: { unitId: number; leaderId: number }): boolean {
  return c.leaderId === actor.personId || READERS.some((r) => grantsAllow(actor.grants, r, c.unitId));
}

/** The report of a contract the actor may read; refused in Chinese otherwise. */
export function readable(report: SettlementReport | undefined, actor: Actor): SettlementReport {
  if (!report) throw new DomainError('no_contract', '所选合同不存在');
  if (!mayReadSettlement(actor, report.contract))
    throw new DomainError('not_allowed', '您无权查看该合同的结算');
  return report;
}

/** The contracts whose settlement the actor may read, as SQL (see mayReadSettlement); undefined: all. */
export function settlementScope(actor: Actor): SQL | undefined {
  const grants = actor.grants.filter((g) => READERS.includes(g.role));
  const zone = grants.some((g) => g.unitId === null);
  const ids = grants.map((g) => g.unitId).filter((u): u is number => u !== null);
  return zone
    ? undefined
    : or(eq(contracts.leaderId, actor.personId), ids.length ? inArray(contracts.unitId, ids) : sql`false`);
}

/**
 * A page of the contracts whose settlement the actor may read (keyset, domain/list-page): as of
 * `today`, narrowed by `filter`, from `cursor`; `size` and `choices` as `PageOptions`.
 */
export function settlementPage(db: DbOrTx, actor: Actor, page: ContractPageAsk) {
  return pageOfContracts(db, settlementScope(actor), page);
}
