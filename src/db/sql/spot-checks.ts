/** The spot check's statements (rule 12): its population, its chosen rows, the history verify re-reads. */
import type { ServiceCategory } from '../../domain/categories';
import { PLAN_EACH_RUN, type Sql } from '../client';

/** A draw's scope as the statements take it: unit ids (null: every unit), categories (null: all), months. */
export type PopulationScope = {
  unitIds: number[] | null;
  categories: ServiceCategory[] | null;
  fromMonth: string;
  toMonth: string;
};

/**
 * The ids of the current monthly scores of the contracts in scope, months in range: the population
 * a draw ranks. Ids only, so reading it costs what the bench's floor measures. Each id is handed to
 * `onId` as its row arrives (no array of rows), so a draw can rank them while the rest is read.
 */
export async function eachPopulationIdOn(
  sql: Sql,
  s: PopulationScope,
  onId: (id: number) => void,
): Promise<void> {
  // Planned for its own months and filters every time (an unnamed statement): prepared, it got a
  // generic plan from its sixth run on, which read the zone-wide population of a year at half the
  // speed of the first five runs (measured: 1,050-1,350 ms against 590-750 ms for 600,000 ids).
  const params: (string | number[] | string[])[] = [s.fromMonth, s.toMonth];
  let text =
    'select s.id::int as id from monthly_scores s join contracts c on c.id = s.contract_id ' +
    'where s.current and s.month between $1 and $2';
  if (s.unitIds) text += ` and c.unit_id = any($${params.push(s.unitIds)}::bigint[])`;
  if (s.categories) text += ` and c.category = any($${params.push(s.categories)}::text[])`;
  await sql.unsafe<{ id: number }[]>(text, params, PLAN_EACH_RUN).forEach((r) => {
    onId(r.id);
  });
}

/** {@link eachPopulationIdOn} into an array: the read alone (the spot-check bench's floor). */
export async function populationIdsOn(sql: Sql, s: PopulationScope): Promise<number[]> {
  const ids: number[] = [];
  await eachPopulationIdOn(sql, s, (id) => ids.push(id));
  return ids;
}

/**
 * The population as it stood at `at`, rebuilt from the score history (scores are never deleted; a
 * correction only clears `current` of the row it supersedes): the rows in scope entered by `at` and
 * not superseded by a row entered by `at`. What verify compares the recorded population with.
 */
export async function populationAtOn(sql: Sql, s: PopulationScope, at: Date): Promise<number[]> {
  // Timestamps go over the wire as text (the pool's postgres.js does not serialise Dates).
  const asOf = at.toISOString();
  const rows = await sql<{ id: number }[]>`
    select s.id::int as id from monthly_scores s join contracts c on c.id = s.contract_id
    where s.entered_at <= ${asOf}::timestamptz and s.month between ${s.fromMonth} and ${s.toMonth}
      and (${s.unitIds}::bigint[] is null or c.unit_id = any(${s.unitIds}::bigint[]))
      and (${s.categories}::text[] is null or c.category = any(${s.categories}::text[]))
      and not exists (select 1 from monthly_scores n where n.supersedes_id = s.id and n.entered_at <= ${asOf}::timestamptz)
    order by s.id`;
  return rows.map((r) => r.id);
}

export type ChosenScore = { scoreId: number; contractId: number; month: string; finalTenths: number };

/** The chosen scores' contract, month and assessor's final score, through the primary key. */
export async function chosenScoresOn(sql: Sql, ids: number[]): Promise<ChosenScore[]> {
  if (ids.length === 0) return [];
  const rows = await sql<ChosenScore[]>`
    select id::int as "scoreId", contract_id::int as "contractId", month, final_tenths as "finalTenths"
    from monthly_scores where id = any(${ids}::bigint[])`;
  return [...rows];
}

export type SampleInsert = ChosenScore & { drawKey: string };

/** Writes a draw's samples in one statement (unnest: any sample size within one bind). */
export async function insertSamplesOn(sql: Sql, spotCheckId: number, rows: SampleInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into spot_check_samples (spot_check_id, score_id, contract_id, month, draw_key, assessor_final_tenths)
    select ${spotCheckId}, * from unnest(${rows.map((r) => r.scoreId)}::bigint[],
      ${rows.map((r) => r.contractId)}::bigint[], ${rows.map((r) => r.month)}::text[],
      ${rows.map((r) => r.drawKey)}::text[], ${rows.map((r) => r.finalTenths)}::int[])
    on conflict do nothing`;
}

/**
 * Who is told of a gap above the tolerance in a unit: its unit-scoped leadership and the discipline
 * inspection holders whose grant covers it (zone-wide or that unit), once each.
 */
export async function gapRecipientsOn(sql: Sql, unitId: number): Promise<string[]> {
  const rows = await sql<{ openId: string }[]>`
    select distinct p.open_id as "openId" from role_grants g join people p on p.id = g.person_id
    where g.revoked_at is null and (
      (g.role = 'unit_leadership' and g.unit_id = ${unitId})
      or (g.role = 'discipline' and (g.unit_id is null or g.unit_id = ${unitId})))
    order by 1`;
  return rows.map((r) => r.openId);
}

/** The assessors of a contract, by open_id. */
export async function assessorOpenIdsOn(sql: Sql, contractId: number): Promise<string[]> {
  const rows = await sql<{ openId: string }[]>`
    select p.open_id as "openId" from contract_assessors a join people p on p.id = a.person_id
    where a.contract_id = ${contractId} order by p.id`;
  return rows.map((r) => r.openId);
}

/**
 * The funding rule of rule 12, in the one place every statement that reads the scores a rule judges
 * takes it from: the checker scores that stand, one per (contract, month) of `contractIds`, to be
 * left-joined as `st` on `monthly_scores s` (`coalesce(st.checker_final_tenths, s.final_tenths)`).
 * A score stands when a spot check of that month found a gap above the tolerance and the check's
 * policy says `checker_score_stands`; the newest such check wins. One range scan of the partial index
 * spot_check_samples_contract_idx (contract_id, month) where exceeds_tolerance (empty for almost
 * every contract), then two primary keys: the cost follows the contracts asked for, not the zone.
 */
const STANDING_HEAD = `select distinct on (x.contract_id, x.month) x.contract_id, x.month, x.checker_final_tenths
    from spot_check_samples x
      join spot_checks k on k.id = x.spot_check_id
      join policies p on p.version = k.policy_version
    where`;
const STANDING_TAIL = `and x.exceeds_tolerance
      and p.values #>> '{spotCheck,onGapAboveTolerance}' = 'checker_score_stands'
    order by x.contract_id, x.month, x.checked_at desc, x.spot_check_id desc`;

export const standingCheckerScores = (sql: Sql, contractIds: number[]) =>
  sql`(${sql.unsafe(STANDING_HEAD)} x.contract_id = any(${contractIds}::bigint[]) ${sql.unsafe(STANDING_TAIL)})`;

/**
 * The same rule as SQL text for a statement that takes no parameters (the ledger's cursor and its
 * COPY): `filter` is SQL over the samples `x` (built by the caller from checked values only), e.g.
 * the months of a year. Not by contract: the ledger joins it once for the whole file.
 */
export const standingCheckerScoresText = (filter: string) => `(${STANDING_HEAD} ${filter} ${STANDING_TAIL})`;
