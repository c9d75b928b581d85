import type { StageStatus } from '../../domain/approval-route';
import { type DbOrTx, rawSql, type Sql } from '../client';
import { codec, instant, orNull, type WireOf } from './codec';

/**
 * The approval center's mirror: the definition's approval_code, the stages whose
 * instance differs from what Feishu confirmed, and what a sync or a reconcile records.
 */

/** The approval_code Feishu gave the definition the app created under `code`, if it did. */
export async function definitionCode(db: DbOrTx, code: string): Promise<string | undefined> {
  const rows = await rawSql(db)<{ approvalCode: string }[]>`
    select approval_code as "approvalCode" from approval_center_definitions where code = ${code}`;
  return rows[0]?.approvalCode;
}

/**
 * Serialises the creation of a definition (inside a transaction, until it ends): two workers
 * starting on an empty table would otherwise each create one in Feishu. Taken only when the row is
 * missing, once per deployment.
 */
export function lockDefinitionsOn(sql: Sql) {
  return sql`lock table approval_center_definitions in exclusive mode`.execute();
}

export function insertDefinitionOn(sql: Sql, code: string, approvalCode: string) {
  return sql`insert into approval_center_definitions (code, approval_code) values (${code}, ${approvalCode})
    on conflict (code) do nothing`.execute();
}

/** Forgets a definition Feishu no longer knows, so the next sync defines it again. */
export async function forgetDefinition(db: DbOrTx, approvalCode: string) {
  await rawSql(db)`delete from approval_center_definitions where approval_code = ${approvalCode}`;
}

/**
 * Opened stages whose wanted status (the stage's, upper-cased: PENDING, APPROVED, REJECTED) is not
 * the one Feishu confirmed: new stages, decided stages, and stages a reconcile found drifted (their
 * mirrored_status set back to null). In id order after `afterId`; with `requestsOf`, only the
 * stages of the requests those stages belong to (a fan-out's decisions and the stages they opened).
 */
export async function stagesToMirror(
  db: DbOrTx,
  o: { afterId: number; limit: number; requestsOf?: number[] },
): Promise<number[]> {
  const sql = rawSql(db);
  const scope = o.requestsOf
    ? sql`and s.request_id in (select request_id from approval_stages where id = any(${o.requestsOf}::bigint[]))`
    : sql``;
  const rows = await sql<{ id: number }[]>`
    select s.id::int from approval_stages s
      left join approval_center_instances i on i.stage_id = s.id
    where s.status <> 'waiting' and s.id > ${o.afterId} ${scope}
      and (i.mirrored_status is null or i.mirrored_status <>
        case s.status when 'withdrawn' then 'CANCELED' else upper(s.status) end)
    order by s.id limit ${o.limit}`;
  return rows.map((r) => r.id);
}

/** A stage's instance row as its sync holds it. */
export type MirrorClaim = { mirroredStatus: string | null; mirroredAt: Date | null };
const claimRow = codec<MirrorClaim>()({ mirroredAt: orNull(instant) });

/**
 * Creates the stage's instance row if needed and locks it until the transaction ends: two syncs of
 * one stage (the schedule's and a fan-out's) run one after the other, the second reading the stage
 * as the first left it, so an older status can never be pushed after a newer one.
 */
export async function claimInstanceOn(sql: Sql, stageId: number, instanceId: string): Promise<MirrorClaim> {
  await sql`insert into approval_center_instances (stage_id, instance_id) values (${stageId}, ${instanceId})
    on conflict (stage_id) do nothing`;
  const rows = await sql<WireOf<typeof claimRow>[]>`
    select mirrored_status as "mirroredStatus", mirrored_at as "mirroredAt"
    from approval_center_instances where stage_id = ${stageId} for update`;
  return claimRow(rows[0]!);
}

/** What an instance is built from beyond the card's view: the stage's times, people and approvers. */
export type MirrorStage = {
  status: StageStatus;
  openedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: number | null;
  deciderOpenId: string | null;
  filerOpenId: string;
  /** The people the stage's card went to (approval_cards), by person id, with their open_ids. */
  holderIds: number[];
  holderOpenIds: string[];
};
const mirrorRow = codec<MirrorStage>()({ openedAt: orNull(instant), decidedAt: orNull(instant) });

export async function mirrorStageOn(sql: Sql, stageId: number): Promise<MirrorStage | undefined> {
  const rows = await sql<WireOf<typeof mirrorRow>[]>`
    select s.status, s.opened_at as "openedAt", s.decided_at as "decidedAt", s.decided_by::int as "decidedBy",
      d.open_id as "deciderOpenId", f.open_id as "filerOpenId",
      array(select c.person_id::int from approval_cards c where c.stage_id = s.id order by c.person_id)
        as "holderIds",
      array(select p.open_id from approval_cards c join people p on p.id = c.person_id
        where c.stage_id = s.id order by c.person_id) as "holderOpenIds"
    from approval_stages s
      join purchase_requests r on r.id = s.request_id
      join people f on f.id = r.filer_id
      left join people d on d.id = s.decided_by
    where s.id = ${stageId}`;
  return rows[0] && mirrorRow(rows[0]);
}

/** Feishu confirmed `status` as of `at` (the update_time sent): the failures before it are cleared. */
export function recordMirroredOn(sql: Sql, stageId: number, status: string, at: Date) {
  return sql`update approval_center_instances
    set mirrored_status = ${status}, mirrored_at = ${at.toISOString()}::timestamptz, attempts = 0, last_error = null
    where stage_id = ${stageId}`.execute();
}

/** A push that failed: kept for the next run, with the reason; `counted` adds one to the attempts. */
export function recordMirrorFailureOn(sql: Sql, stageId: number, error: string, counted: boolean) {
  return sql`update approval_center_instances
    set attempts = attempts + ${counted ? 1 : 0}, last_error = ${error.slice(0, 500)}
    where stage_id = ${stageId}`.execute();
}

/** An instance Feishu confirmed, with what its check needs: the time sent and the stage's approvers. */
export type MirroredRow = {
  stageId: number;
  instanceId: string;
  mirroredAt: Date;
  decidedBy: number | null;
  holderIds: number[];
};
const mirroredRow = codec<MirroredRow>()({ mirroredAt: instant });

/** Instances confirmed at or after `since`, in stage order after `afterId`. */
export async function mirroredSince(
  db: DbOrTx,
  o: { since: Date; afterId: number; limit: number },
): Promise<MirroredRow[]> {
  const rows = await rawSql(db)<WireOf<typeof mirroredRow>[]>`
    select i.stage_id::int as "stageId", i.instance_id as "instanceId", i.mirrored_at as "mirroredAt",
      s.decided_by::int as "decidedBy",
      array(select c.person_id::int from approval_cards c where c.stage_id = i.stage_id order by c.person_id)
        as "holderIds"
    from approval_center_instances i join approval_stages s on s.id = i.stage_id
    where i.mirrored_status is not null and i.mirrored_at >= ${o.since.toISOString()}::timestamptz
      and i.stage_id > ${o.afterId}
    order by i.stage_id limit ${o.limit}`;
  return rows.map(mirroredRow);
}

/**
 * Marks instances for a resend (mirrored_status null), each only if it was not pushed again since
 * the check read it (its mirrored_at unchanged). Returns how many were marked.
 */
export async function forgetMirrored(db: DbOrTx, seen: { stageId: number; mirroredAt: Date }[]) {
  if (seen.length === 0) return 0;
  const ids = seen.map((s) => s.stageId);
  const ats = seen.map((s) => s.mirroredAt.toISOString());
  const rows = await rawSql(db)`
    update approval_center_instances i set mirrored_status = null
    from unnest(${ids}::bigint[], ${ats}::text[]) as seen(stage_id, mirrored_at)
    where i.stage_id = seen.stage_id and i.mirrored_at = seen.mirrored_at::timestamptz
    returning i.stage_id`;
  return rows.length;
}
