/**
 * What the replay (复算) reads as its input: the audit trail's rows of the facts rules 8 to 15 are
 * computed from, and the policy versions. Nothing else of the engine's state is an input, with one
 * exception named here because the trail does not hold it: a contract's identity, its unit, its
 * service category and its signing date (contract.signed records the vendor, the term and the policy
 * version, but not the unit and category that make the project of rule 10, nor the date its number
 * is made of). Those three never change after signing and are read from `contracts`; the term and
 * the vendor the contract row holds are only compared (compare.ts), never used.
 */
import { type DbOrTx, rawSql } from '../../db/client';
import { type Policy, parsePolicy } from '../../domain/policy';

/** The actions the replay reads; every other audit row is none of its business. */
export const TRAIL_ACTIONS = [
  'contract.signed',
  'contract.imported',
  'contract.terminating',
  'contract.terminated',
  'score.recorded',
  'score.corrected',
  'spot_check.created',
  'spot_check.scored',
  'threshold.warned',
  'termination.opened',
  'termination.updated',
  'termination.withdrawn',
  'termination.kept',
  'termination.started',
  'year_end.started',
  'vendor.banned',
  'vendor.ban_lifted',
  'settlement.confirmed',
  'saving.recorded',
  // Last year brought in (features/history): its months, what it recorded instead of notices, its bans.
  'score.imported',
  'threshold.history_covered',
  'termination.history_kept',
  'import.history',
  'vendor_ban.imported',
  'settlement.imported',
] as const;

export type TrailRow = {
  id: number;
  aggregateType: string;
  aggregateId: string;
  action: string;
  data: Record<string, unknown>;
  at: Date;
};

/** Not in the trail (see the file comment): read from `contracts`, never changed after signing. */
export type ContractIdentity = { id: number; unitId: number; category: string; signedOn: string };

export type Trail = {
  rows: TrailRow[];
  policies: Map<number, Policy>;
  identity: Map<number, ContractIdentity>;
  /** The units replayed: null for the whole zone. */
  units: number[] | null;
};

/** The contract a trail row is about, when it is about one. */
export function contractOf(r: TrailRow): number | undefined {
  if (r.aggregateType === 'contract') return Number(r.aggregateId);
  const c = r.data.contractId;
  return typeof c === 'number' ? c : undefined;
}

/**
 * Loads the trail of `units` (null: the zone). A row about a contract of another unit is left out;
 * the year-end runs and the spot checks' policies concern every unit and are kept.
 */
export async function loadTrail(db: DbOrTx, units: number[] | null): Promise<Trail> {
  const sql = rawSql(db);
  const [rows, policies, contracts] = await Promise.all([
    sql<TrailRow[]>`
      select id::int as id, aggregate_type as "aggregateType", aggregate_id as "aggregateId", action,
        data, at
      from audit_log where action = any(${[...TRAIL_ACTIONS]}::text[]) order by id`,
    sql<{ version: number; values: unknown }[]>`select version, values from policies order by version`,
    sql<ContractIdentity[]>`
      select id::int as id, unit_id::int as "unitId", category, signed_on as "signedOn" from contracts
      where ${units}::bigint[] is null or unit_id = any(${units}::bigint[])`,
  ]);
  const identity = new Map(contracts.map((c) => [c.id, c]));
  // The raw client returns timestamps as text.
  const all = rows.map((r) => ({ ...r, at: new Date(r.at) }));
  const inScope = (r: TrailRow) => {
    if (r.aggregateType === 'saving') return units === null || units.includes(Number(r.data.unitId));
    const c = contractOf(r);
    return c === undefined || identity.has(c);
  };
  return {
    rows: units === null ? all : all.filter(inScope),
    policies: new Map(policies.map((p) => [p.version, parsePolicy(p.values, p.version)])),
    identity,
    units,
  };
}
