import type { Redis } from 'ioredis';
import { type DbOrTx, rawSql } from '../db/client';
import { anchorFreshness } from '../db/sql/audit-anchors';
import { staleOutboxCount } from '../db/sql/outbox';
import { yearOf } from '../domain/business-date';
import { calendarCovers, shanghaiDate } from '../domain/calendar';
import type { ReadinessCheck } from './http';

/** Rows pending this long mean the relay is not keeping up (or not running). */
export const BACKLOG_AGE_SEC = 300;
/** More stale rows than this fail the backlog check. */
export const BACKLOG_LIMIT = 100;
const CHECK_TIMEOUT_MS = 1000;
/** The anchor runs daily: two days without one means the job is not running (or failing). */
export const ANCHOR_MAX_AGE_MS = 48 * 3_600_000;

async function within<T>(ms: number, p: Promise<T>, fallback: T): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    p.catch(() => fallback),
    new Promise<T>((res) => (t = setTimeout(() => res(fallback), ms))),
  ]);
  clearTimeout(t);
  return r;
}

/**
 * The checks behind `/readyz`. Only the database is critical: without it no click can be answered.
 * Redis down delays sends (the outbox keeps them; clicks still work), an uncovered calendar and a
 * backlog are for the operator to act on; pulling every replica for them would only add an outage.
 */
export function createReadiness(deps: {
  db: DbOrTx;
  redis: Redis;
  now: () => Date;
  /** The database role the bot connects as, read once at start (db/app-role.ts auditWritableBy). */
  auditRole?: { role: string; canRewrite: boolean };
}) {
  return async (): Promise<Record<string, ReadinessCheck>> => {
    // The backlog count doubles as the database check: it answers only when the database does.
    const [backlog, redis, anchor] = await Promise.all([
      within(CHECK_TIMEOUT_MS, staleOutboxCount(deps.db, BACKLOG_AGE_SEC), undefined),
      within(
        CHECK_TIMEOUT_MS,
        deps.redis.ping().then((r) => r === 'PONG'),
        false,
      ),
      within(CHECK_TIMEOUT_MS, anchorFreshness(rawSql(deps.db)), undefined),
    ]);
    // The State Council publishes next year's holidays in November: from then on, ask for them.
    const today = shanghaiDate(deps.now());
    const nextYear = yearOf(today) + 1;
    const calendarDue = Number(today.slice(5, 7)) >= 11;
    const cutoff = deps.now().getTime() - ANCHOR_MAX_AGE_MS;
    const recent = (at: string | null) => at !== null && new Date(at).getTime() >= cutoff;
    // Fresh when anchored within two days, or when the trail is younger than that (none due yet).
    const anchorOk =
      anchor !== undefined &&
      (recent(anchor.lastAnchor) ||
        (!anchor.lastAnchor && (!anchor.firstAudit || recent(anchor.firstAudit))));
    return {
      database: { ok: backlog !== undefined, critical: true },
      redis: { ok: redis, critical: false },
      calendar_next_year: { ok: !calendarDue || calendarCovers(nextYear), critical: false, year: nextYear },
      outbox_backlog: {
        ok: backlog !== undefined && backlog <= BACKLOG_LIMIT,
        critical: false,
        pending_older_than_5m: backlog ?? null,
        limit: BACKLOG_LIMIT,
      },
      audit_anchor: { ok: anchorOk, critical: false, last: anchor?.lastAnchor ?? null },
      ...(deps.auditRole
        ? {
            audit_role: {
              ok: !deps.auditRole.canRewrite,
              critical: false,
              role: deps.auditRole.role,
            },
          }
        : {}),
    };
  };
}
