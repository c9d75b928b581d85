import type { Sql } from '../client';

/** Every chain head, for an anchor. One index scan of audit_heads' primary key. */
export function allAuditHeads(sql: Sql): Promise<[string, string, number, string][]> {
  return sql<{ t: string; i: string; s: number; h: string }[]>`
    select aggregate_type as t, aggregate_id as i, seq as s, hash as h from audit_heads`.then((rows) =>
    rows.map((r) => [r.t, r.i, r.s, r.h] as [string, string, number, string]),
  );
}

export type StoredAnchor = { n: number; date: string; line: string };

/** The database's copy of every anchor, in order. */
export function storedAnchors(sql: Sql): Promise<StoredAnchor[]> {
  return sql<StoredAnchor[]>`
    select n, business_date::text as date, line from audit_anchors order by n`;
}

export function anchorOfDate(sql: Sql, date: string): Promise<{ n: number } | undefined> {
  return sql<{ n: number }[]>`select n from audit_anchors where business_date = ${date}`.then((r) => r[0]);
}

export function insertAnchor(
  sql: Sql,
  a: { n: number; date: string; at: string; digest: string; line: string },
): Promise<unknown> {
  return sql`
    insert into audit_anchors (n, business_date, at, digest, line)
    values (${a.n}, ${a.date}, ${a.at}::timestamptz, ${a.digest}, ${a.line})`.execute();
}

/** When the newest anchor was taken and when the trail began: /readyz's freshness check. */
export function anchorFreshness(sql: Sql): Promise<{ lastAnchor: string | null; firstAudit: string | null }> {
  return sql<{ last_anchor: string | null; first_audit: string | null }[]>`
    select (select max(at) from audit_anchors)::text as last_anchor,
      (select at from audit_log order by id limit 1)::text as first_audit`.then(([r]) => ({
    lastAnchor: r!.last_anchor,
    firstAudit: r!.first_audit,
  }));
}

/**
 * Anchored heads as they are now: the row of each (type, id, seq) asked for, and the chain's last
 * seq (0 when it has no rows), so a missing row can be told apart from a vanished chain. In the
 * order asked.
 */
export function rowsAtSeq(
  sql: Sql,
  wanted: [string, string, number][],
): Promise<{ t: string; i: string; s: number; hash: string | null; last: number }[]> {
  const types = wanted.map((w) => w[0]);
  const ids = wanted.map((w) => w[1]);
  const seqs = wanted.map((w) => w[2]);
  return sql`
    select w.t, w.i, w.s, a.hash,
      coalesce((select max(seq) from audit_log l where l.aggregate_type = w.t and l.aggregate_id = w.i), 0) as last
    from unnest(${types}::text[], ${ids}::text[], ${seqs}::int[]) with ordinality as w(t, i, s, o)
    left join audit_log a on a.aggregate_type = w.t and a.aggregate_id = w.i and a.seq = w.s
    order by w.o` as never;
}

/**
 * Rows of `table` with no audit row of `aggregateType` (the first `limit` ids, and how many in all).
 * `table` is one of a fixed list (audit/coverage.ts), never input; the chain index answers each probe.
 */
export function rowsWithoutAudit(
  sql: Sql,
  table: string,
  aggregateType: string,
  limit: number,
): Promise<{ id: string; total: string }[]> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`rowsWithoutAudit: not a table name: ${table}`);
  return sql.unsafe<{ id: string; total: string }[]>(
    `select id::text as id, count(*) over () as total from ${table} s
      where not exists (select 1 from audit_log a where a.aggregate_type = $1 and a.aggregate_id = s.id::text)
      order by s.id limit ${Number(limit)}`,
    [aggregateType],
  );
}
