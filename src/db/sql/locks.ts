import type postgres from 'postgres';
import type { Sql } from '../client';

/**
 * Every transaction-scoped advisory lock the code takes, by what it serialises. The keys share one
 * space (a text hashed by `hashtextextended(text, 0)`), so each is written here once and no two
 * kinds can collide by accident.
 */
export type AdvisoryKey =
  /** Appends to one audit chain: key `type:id`. The id may be a subquery (a request found by its stage). */
  | { kind: 'audit'; aggregateType: string; aggregateId: string | postgres.Fragment }
  /** Registrations of budget lines (import and finance card): one zone-wide key. */
  | { kind: 'budget-registry' }
  /** Imports of the org file: one key. */
  | { kind: 'org-import' }
  /** History imports (last year brought in): one zone-wide key, so two files never both add a row. */
  | { kind: 'history-import' }
  /** Anchors of the audit trail and the writes to the anchor file: one key. */
  | { kind: 'audit-anchor' }
  /** 化整为零 checks of one unit, category and award year. */
  | { kind: 'split'; unitId: number; category: string; year: number }
  /** Re-judgements of one project's bid ban (rule 10): vendor, unit, category and banned year. */
  | { kind: 'ban'; vendorId: number; unitId: number; category: string; year: number };

/** The lock id of a key, as the SQL expression the statement carries. */
function lockId(sql: Sql, key: AdvisoryKey): postgres.Fragment {
  switch (key.kind) {
    case 'audit':
      // Concatenated in SQL rather than in JS: the id may be a subquery.
      return sql`hashtextextended(${key.aggregateType} || ':' || ${key.aggregateId}, 0)`;
    case 'budget-registry':
      return sql`hashtextextended('budget_lines:register', 0)`;
    case 'org-import':
      return sql`hashtextextended('org:import', 0)`;
    case 'history-import':
      return sql`hashtextextended('history:import', 0)`;
    case 'audit-anchor':
      return sql`hashtextextended('audit:anchor', 0)`;
    case 'split':
      return sql`hashtextextended(${`split:${key.unitId}:${key.category}:${key.year}`}, 0)`;
    case 'ban':
      return sql`hashtextextended(${`ban:${key.vendorId}:${key.unitId}:${key.category}:${key.year}`}, 0)`;
  }
}

/**
 * `pg_advisory_xact_lock` on the key, released when the transaction ends (so it must run inside
 * one). Issued when called: statements the caller issues after it go out in the same write, and
 * Postgres starts them only once the lock is held.
 */
export function advisoryXactLock(sql: Sql, key: AdvisoryKey): Promise<unknown> {
  return sql`select pg_advisory_xact_lock(${lockId(sql, key)})`.execute();
}
