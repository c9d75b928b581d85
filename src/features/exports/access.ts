/**
 * What a reader may export: the same rules as the card the 导出 button sits on, checked at
 * the click and again, with the grants loaded afresh, when the file is built. The answer is the
 * scope the sheet queries with, so a sheet cannot read beyond what the check allowed.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contracts, spotChecks, units } from '../../db/schema';
import { type Actor, requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { assertCanSee, loadContract } from '../contracts/view';
import { mayInspect, mayReadReport, requireAnyReader } from '../inspections/access';
import { mayReadSettlement } from '../settlement/access';
import { requireChecker, requireScope } from '../spot-checks/access';
import type { ExportKind, ExportParams } from './kinds';
import type { LedgerScope } from './sheets/score-ledger';

/** Which rows a sheet reads. `unitIds` null is the whole zone. */
export type ExportScope =
  | { kind: 'scores' | 'settlements' | 'audit_trail'; contractId: number }
  | ({ kind: 'scores'; contractId: null; label: string } & LedgerScope)
  | { kind: 'savings'; year: number; unitIds: number[] | null }
  | { kind: 'spot_checks'; checkId: number }
  | { kind: 'rectifications'; contractId: number }
  | { kind: 'rectifications'; contractId: null; unitIds: number[] | null; leaderId: number };

const DENIED = '您无权导出该表格';
const deny = (message = DENIED): never => {
  throw new DomainError('not_allowed', message);
};
const need = <T>(v: T | undefined, what: string): T => v ?? deny(`导出参数缺少${what}`);

async function contractUnit(db: DbOrTx, id: number) {
  const [c] = await db
    .select({ unitId: contracts.unitId, leaderId: contracts.leaderId })
    .from(contracts)
    .where(eq(contracts.id, id));
  return c ?? deny('所选合同不存在');
}

const INSPECTION_READERS = ['inspection', 'discipline', 'unit_leadership'];

/**
 * A year's ledger across contracts: the units the reader holds a role in (every unit for a zone
 * role) and the contracts naming them; `unit` narrows it to one unit, which must be one of theirs.
 */
async function ledgerScope(db: DbOrTx, actor: Actor, year: number, unit: number | undefined) {
  if (actor.grants.length === 0) deny('您尚未被授予任何角色,请联系管理员');
  const zone = actor.grants.some((g) => g.unitId === null);
  const own = [...new Set(actor.grants.map((g) => g.unitId).filter((u): u is number => u != null))];
  if (unit !== undefined && !zone && !own.includes(unit)) deny();
  let label = zone ? '全园区' : '本人可见';
  if (unit !== undefined) {
    const [u] = await db.select({ name: units.name }).from(units).where(eq(units.id, unit));
    label = u?.name ?? deny();
  }
  const scope: LedgerScope = {
    year,
    unitIds: zone ? null : own.sort((a, b) => a - b),
    personId: actor.personId,
  };
  return {
    kind: 'scores' as const,
    contractId: null,
    label,
    ...scope,
    ...(unit === undefined ? {} : { unitId: unit }),
  };
}

/** The scope of the export, or a Chinese refusal (DomainError) when the actor may not have it now. */
export async function authorizeExport(
  db: DbOrTx,
  who: Actor | undefined,
  kind: ExportKind,
  p: ExportParams,
): Promise<ExportScope> {
  const actor = requireActor(who);
  switch (kind) {
    case 'scores':
    case 'audit_trail': {
      if (kind === 'scores' && p.contract === undefined)
        return ledgerScope(db, actor, need(p.year, '年度'), p.unit);
      // The contract card's rule: its unit's roles, zone roles, its assessors and leader.
      const contractId = need(p.contract, '合同');
      assertCanSee(await loadContract(db, contractId), actor);
      return { kind, contractId };
    }
    case 'settlements': {
      const contractId = need(p.contract, '合同');
      if (!mayReadSettlement(actor, await contractUnit(db, contractId))) deny('您无权查看该合同的结算');
      return { kind, contractId };
    }
    case 'savings': {
      // The savings card's rule: zone roles see every unit, others the units they hold a role in.
      if (actor.grants.length === 0) deny('您尚未被授予任何角色,请联系管理员');
      const zone = actor.grants.some((g) => g.unitId === null);
      const own = [...new Set(actor.grants.map((g) => g.unitId).filter((u): u is number => u != null))];
      return { kind, year: need(p.year, '年度'), unitIds: zone ? null : own.sort((a, b) => a - b) };
    }
    case 'spot_checks': {
      const checkId = need(p.check, '抽查');
      requireChecker(actor);
      const [c] = await db
        .select({ scope: spotChecks.scope })
        .from(spotChecks)
        .where(eq(spotChecks.id, checkId));
      if (!c) deny(`抽查 #${checkId} 不存在`);
      try {
        requireScope(actor, c!.scope);
      } catch (e) {
        if (e instanceof DomainError) deny('该抽查的范围超出您的抽查权限');
        throw e;
      }
      return { kind, checkId };
    }
    case 'rectifications': {
      requireAnyReader(actor);
      if (p.contract !== undefined) {
        const c = await contractUnit(db, p.contract);
        if (!mayReadReport(actor, c) && !mayInspect(actor, c)) deny('您无权查看该合同的督查整改情况');
        return { kind, contractId: p.contract };
      }
      // The report without a contract: as `readableScope`, the readers' units and the leader's contracts.
      const grants = actor.grants.filter((g) => INSPECTION_READERS.includes(g.role));
      const zone = grants.some((g) => g.unitId === null);
      const ids = [...new Set(grants.map((g) => g.unitId).filter((u): u is number => u !== null))];
      return { kind, contractId: null, unitIds: zone ? null : ids, leaderId: actor.personId };
    }
  }
}
