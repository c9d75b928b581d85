import type { Redis } from 'ioredis';
import { type DbOrTx, rawSql } from '../db/client';
import { anchorFreshness } from '../db/sql/audit-anchors';
import { outboxBacklog } from '../db/sql/outbox';
import { shanghaiDate, yearOf } from '../domain/business-date';
import { calendarCovers, isWorkingDay } from '../domain/calendar';

/** A BullMQ queue as far as the metrics read it. */
export interface CountedQueue {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/** Where the gauges read on scrape come from: the app's own pools, never a connection of their own. */
export interface MetricSources {
  db: DbOrTx;
  redis: Redis;
  /** The Redis hash of the sweeps' last-success times (built by outbox/redis-keys.ts, under the queue prefix). */
  lastSuccessKey: string;
  queues: Record<string, CountedQueue>;
  now(): Date;
  /** A scrape waits this long for a source, then reports without it (default 1000 ms). */
  timeoutMs?: number;
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'];

async function within<T>(ms: number, p: Promise<T>): Promise<T | undefined> {
  let t: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    p.catch(() => undefined),
    new Promise<undefined>((res) => {
      t = setTimeout(() => res(undefined), ms);
    }),
  ]);
  clearTimeout(t);
  return r;
}

/** Several gauges of one scrape ask the same query at once: it runs once while it is in flight. */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= read().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/** The reads behind the scrape-time gauges, each bounded by a short timeout. */
export function scrapeSources(s: MetricSources) {
  const ms = s.timeoutMs ?? 1000;
  const key = s.lastSuccessKey;
  return {
    outbox: shared(() => within(ms, outboxBacklog(s.db))),
    queueCounts: async () => {
      const entries = await Promise.all(
        Object.entries(s.queues).map(
          async ([name, q]) => [name, await within(ms, q.getJobCounts(...STATES))] as const,
        ),
      );
      return Object.fromEntries(entries.filter(([, c]) => c !== undefined)) as Record<
        string,
        Record<string, number>
      >;
    },
    lastSuccess: async () => {
      const all = await within(ms, s.redis.hgetall(key));
      return all && Object.fromEntries(Object.entries(all).map(([job, at]) => [job, Number(at)]));
    },
    /** Undefined when the database did not answer in time; 0 while the trail is empty (nothing due). */
    anchorAge: async () => {
      const f = await within(ms, anchorFreshness(rawSql(s.db)));
      if (!f) return undefined;
      const since = f.lastAnchor ?? f.firstAudit;
      return since ? Math.max(0, (s.now().getTime() - new Date(since).getTime()) / 1000) : 0;
    },
    calendar: () => {
      const today = shanghaiDate(s.now());
      return {
        nextYearCovered: calendarCovers(yearOf(today) + 1),
        workingDay: isWorkingDay(today),
      };
    },
    noteSuccess: async (job: string, at: Date) => {
      await s.redis.hset(key, job, String(at.getTime() / 1000));
    },
  };
}
