import type { RequestStatus, StageKind, StageStatus } from '../../domain/approval-route';
import { type DbOrTx, rawSql, type Sql } from '../client';
import type { AuditHead } from './audit';
import { advisoryXactLock } from './locks';
import { type ViewRows, viewQueriesOn } from './purchase-card';
import { type StageDelegation, stageDelegationsOn } from './purchase-delegation';

/** The audit chain a request's decisions are recorded in: the request's. */
export const PURCHASE_CHAIN = 'purchase';

type LockedStage = { id: number; seq: number; kind: StageKind; status: StageStatus };
/**
 * What a decision reads under the stage lock: the stage, the card's rows, the audit chain's head and
 * the delegations under which someone could decide it on another's behalf.
 */
export type DecisionReads = [LockedStage | undefined, ViewRows, AuditHead, StageDelegation[]];

/**
 * Everything a decision reads, as statements sent together (one round trip) in this order: the
 * stage row is locked first, and the reads after it, which Postgres starts only once the lock is
 * held, see what the lock protects; then the request's audit chain is locked and its head read (the
 * first step of `appendAudit`, with the request found through the stage), and last the stage's
 * delegations (a delegate's decision needs no read of its own). A caller may issue these
 * in the same write as the statements before them (the transaction's BEGIN and the event claim).
 */
export function decisionReadsOn(sql: Sql, stageId: number): Promise<DecisionReads> {
  const stage = sql<LockedStage[]>`
    select id::int, seq, kind, status from approval_stages where id = ${stageId} for update`.then(
    (r) => r[0],
  );
  const view = viewQueriesOn(sql, stageId);
  const lock = advisoryXactLock(sql, {
    kind: 'audit',
    aggregateType: PURCHASE_CHAIN,
    aggregateId: sql`(select request_id::text from approval_stages where id = ${stageId})`,
  });
  const head = sql<{ seq: number; hash: string }[]>`
    select seq, hash from audit_heads where aggregate_type = ${PURCHASE_CHAIN}
      and aggregate_id = (select request_id::text from approval_stages where id = ${stageId})`.then(
    (r) => r[0],
  );
  const delegations = stageDelegationsOn(sql, stageId);
  return Promise.all([stage, ...view, lock, head, delegations]).then(
    ([s, main, stages, named, files, , h, d]) => [s, [main, stages, named, files], h, d],
  );
}

/** A stage's decision as recorded. */
export type StageDecision = {
  status: 'approved' | 'rejected';
  decidedBy: number;
  reason: string | null;
  meetingDate: string | null;
  minutesNo: string | null;
};

/** Records the decision on the stage (under its row lock). Issued when called. `at`: an ISO instant. */
export function recordStageDecisionOn(sql: Sql, stageId: number, decided: StageDecision, at: string) {
  return sql`
      update approval_stages set status = ${decided.status}, decided_by = ${decided.decidedBy},
        decided_at = ${at}::timestamptz, reason = ${decided.reason}, meeting_date = ${decided.meetingDate},
        minutes_no = ${decided.minutesNo}
      where id = ${stageId}`.execute();
}

/** The request's final status, when its last stage approves or any stage rejects. Issued when called. */
export function finishRequestOn(sql: Sql, requestId: number, status: RequestStatus, at: string) {
  return sql`update purchase_requests set status = ${status}, decided_at = ${at}::timestamptz
            where id = ${requestId}`.execute();
}

/** A stage as its fan-out reads it. */
export type DueStage = {
  seq: number;
  kind: StageKind;
  status: StageStatus;
  reason: string | null;
  decidedAt: string | null;
  fannedOut: boolean;
};

/**
 * What a fan-out reads, sent together (one round trip, with BEGIN): the stage locked first, then
 * the outbox ids of the cards its holders (and the leadership group) were sent, then the card's rows.
 */
export function fanOutReadsOn(sql: Sql, stageId: number) {
  return Promise.all([
    sql<DueStage[]>`
      select seq, kind, status, reason, decided_at::text as "decidedAt",
        fanned_out_at is not null as "fannedOut"
      from approval_stages where id = ${stageId} for update`.then((r) => r[0]),
    // The holders' own cards, and the card in the unit's leadership group if one was posted there.
    sql<{ outboxId: string }[]>`
      select outbox_id as "outboxId" from approval_cards where stage_id = ${stageId}
      union all
      select outbox_id from approval_group_cards where stage_id = ${stageId}`.then((r) => [...r]),
    ...viewQueriesOn(sql, stageId),
  ]);
}

/** Marks the stage's fan-out written (in the fan-out's transaction). Issued when called. */
export function markFannedOutOn(sql: Sql, stageId: number, now: Date) {
  return sql`update approval_stages set fanned_out_at = ${now.toISOString()}::timestamptz
            where id = ${stageId}`.execute();
}

/** Decided stages whose fan-out has not been written, decided before `before` (oldest first). */
export async function stagesOwingFanOut(db: DbOrTx, before: Date, limit = 500): Promise<number[]> {
  const rows = await rawSql(db)<{ id: number }[]>`
    select id::int from approval_stages
    where decided_at is not null and fanned_out_at is null and decided_at < ${before.toISOString()}::timestamptz
    order by decided_at limit ${limit}`;
  return rows.map((r) => r.id);
}

/** A re-approval round as its start recorded it (the audit row `reapproval.started`). */
export type ReapprovalStart = {
  firstSeq: number;
  fromFen: bigint;
  amountFen: bigint;
  /** The procurement form as the filer typed it: recorded when the round's last stage approves. */
  form: Record<string, string>;
  filer: { personId: number; openId: string };
};

/** The start of the re-approval round beginning at stage `firstSeq` of the request, if any. */
export async function reapprovalStartOn(
  sql: Sql,
  requestId: number,
  firstSeq: number,
): Promise<ReapprovalStart | undefined> {
  const [row] = await sql<
    { data: Omit<ReapprovalStart, 'fromFen' | 'amountFen'> & Record<string, string> }[]
  >`
    select data from audit_log
    where aggregate_type = ${PURCHASE_CHAIN} and aggregate_id = ${String(requestId)}
      and action = 'reapproval.started' and (data->>'firstSeq')::int = ${firstSeq}
    order by seq desc limit 1`;
  if (!row) return undefined;
  const d = row.data;
  return { ...d, firstSeq: Number(d.firstSeq), fromFen: BigInt(d.fromFen!), amountFen: BigInt(d.amountFen!) };
}
