/**
 * The exports table's bookkeeping (导出): a request's row, its end as sent or failed. The sheets' own
 * bulk statements are the exception of db/README.md ("Where postgres.js statements live").
 */
import type { Sql } from '../client';

/** A pending export as the build job reads it (kind and params as stored: the feature's types). */
export type PendingExportRow = { id: string; requested_by: string; kind: string; params: unknown };

export async function pendingExportOn(sql: Sql, id: string): Promise<PendingExportRow | undefined> {
  const [row] = await sql<PendingExportRow[]>`
    select id, requested_by, kind, params from exports where id = ${id} and status = 'pending'`;
  return row;
}

/** Ends a pending export as failed; false when it was no longer pending (another run ended it). */
export async function markExportFailedOn(sql: Sql, id: string, reason: string, now: Date): Promise<boolean> {
  const [row] = await sql`
    update exports set status = 'failed', finished_at = ${now.toISOString()}::timestamptz, error = ${reason}
    where id = ${id} and status = 'pending' returning id`;
  return !!row;
}

export type SentExport = { rows: number; fileName: string; bytes: number; sha256: string; fileKey: string };

/** Ends a pending export as sent with its file; false when it was no longer pending. */
export async function markExportSentOn(sql: Sql, id: string, f: SentExport, now: Date): Promise<boolean> {
  const [row] = await sql`
    update exports set status = 'sent', finished_at = ${now.toISOString()}::timestamptz, row_count = ${f.rows},
      file_name = ${f.fileName}, file_bytes = ${f.bytes}, sha256 = ${f.sha256},
      file_key = ${f.fileKey}
    where id = ${id} and status = 'pending' returning id`;
  return !!row;
}

/** Exports pending for `olderThanMs` or more, by the database's clock (`requested_at` is its default), oldest first. */
export async function stalePendingExportsOn(sql: Sql, olderThanMs: number, limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from exports where status = 'pending'
      and requested_at < now() - make_interval(secs => ${olderThanMs / 1000})
    order by requested_at limit ${limit}`;
  return rows.map((r) => r.id);
}

/** Who asked for which sheet with which parameters (`params_key`: the parameters' canonical JSON). */
export type ExportAsk = { by: string; kind: string; key: string };

/**
 * The same person's export of the same sheet and parameters asked from the same card within
 * `withinSeconds`, by the database's clock (`requested_at` is its default), newest first.
 */
export async function sameClickExportOn(
  sql: Sql,
  ask: ExportAsk,
  card: string,
  withinSeconds: number,
): Promise<string | undefined> {
  const [twice] = await sql<{ id: string }[]>`
    select e.id from exports e
    join audit_log a on a.aggregate_type = 'export' and a.aggregate_id = e.id::text
      and a.action = 'export.requested' and a.data->>'card' = ${card}
    where e.requested_by = ${ask.by} and e.kind = ${ask.kind} and e.params_key = ${ask.key}
      and e.requested_at > now() - make_interval(secs => ${withinSeconds})
    order by e.requested_at desc limit 1`;
  return twice?.id;
}

/** A new pending export; undefined when the same ask is already pending (the partial unique index). */
export async function insertPendingExportOn(sql: Sql, ask: ExportAsk): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`
    insert into exports (requested_by, kind, params, params_key)
    values (${ask.by}, ${ask.kind}, ${ask.key}::jsonb, ${ask.key})
    on conflict (requested_by, kind, params_key) where status = 'pending' do nothing
    returning id`;
  return row?.id;
}

/** The pending export of the same ask. */
export async function pendingExportOfOn(sql: Sql, ask: ExportAsk): Promise<string | undefined> {
  const [pending] = await sql<{ id: string }[]>`
    select id from exports
    where requested_by = ${ask.by} and kind = ${ask.kind} and params_key = ${ask.key} and status = 'pending'`;
  return pending?.id;
}
