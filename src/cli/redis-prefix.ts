import { Redis } from 'ioredis';

/** A prefix as a literal in a SCAN MATCH pattern (`{gps}` is fine; `*`, `?`, `[`, `]`, `\` are escaped). */
const literal = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Deletes every key under `prefix:` (BullMQ's queues, job schedulers, `meta` and event streams,
 * and the app's own keys, which all start so). For a throwaway prefix only (the demo's): never
 * the deployment's, whose schedules and pending jobs live there. Returns how many were deleted.
 */
export async function removePrefixKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${literal(prefix)}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
