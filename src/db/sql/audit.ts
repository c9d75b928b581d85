import type { Sql } from '../client';

/** The last link of a chain (undefined for a chain not started yet). */
export type AuditHead = { seq: number; hash: string } | undefined;

/** The head of a chain. Under the chain's advisory lock (locks.ts) when the caller will extend it. */
export function auditHeadOn(sql: Sql, aggregateType: string, aggregateId: string): Promise<AuditHead> {
  return sql<{ seq: number; hash: string }[]>`
      select seq, hash from audit_heads where aggregate_type = ${aggregateType} and aggregate_id = ${aggregateId}`.then(
    (rows) => rows[0],
  );
}

/** One link as stored: `data` as JSON text (the form the hash covers), `at` as an ISO instant. */
export type AuditLinkRow = {
  aggregateType: string;
  aggregateId: string;
  seq: number;
  actor: string;
  action: string;
  json: string;
  at: string;
  prevHash: string;
  hash: string;
};

/**
 * The link and the chain's new head, issued together (one round trip with whatever else the caller
 * sends alongside). Resolves to the link's id once both are written.
 */
export function insertAuditLinkOn(sql: Sql, l: AuditLinkRow): Promise<number> {
  return Promise.all([
    sql<{ id: string }[]>`
      insert into audit_log (aggregate_type, aggregate_id, seq, actor, action, data, at, prev_hash, hash)
      values (${l.aggregateType}, ${l.aggregateId}, ${l.seq}, ${l.actor}, ${l.action}, ${l.json}::jsonb,
        ${l.at}::timestamptz, ${l.prevHash}, ${l.hash})
      returning id`.then(([r]) => Number(r!.id)),
    sql`
      insert into audit_heads (aggregate_type, aggregate_id, seq, hash)
      values (${l.aggregateType}, ${l.aggregateId}, ${l.seq}, ${l.hash})
      on conflict (aggregate_type, aggregate_id) do update set seq = excluded.seq, hash = excluded.hash`.execute(),
  ]).then(([id]) => id);
}
