import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { QUEUE_NAMES } from '../../src/jobs/types';
import { blockedKey, schedulesMarkerKey, spacingRedisKey, throttledKey } from '../../src/outbox/redis-keys';
import { reserveSlots } from '../../src/outbox/spacing';

/** What Redis Cluster hashes of a key: the first non-empty `{...}`, else the whole key. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return key.slice(open + 1, close);
  }
  return key;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('Redis keys under the default prefix', () => {
  const prefix = loadConfig({}).queuePrefix;

  it('every key the app builds hashes to the same Cluster slot as the queues', () => {
    const keys = [
      blockedKey(prefix),
      schedulesMarkerKey(prefix),
      spacingRedisKey(prefix, 'open_id:ou_1'),
      spacingRedisKey(prefix, 'patch:om_1'),
      throttledKey(prefix, 'chat_id:oc_1'),
      // BullMQ's own keys are `<prefix>:<queue>:<suffix>`.
      ...QUEUE_NAMES.flatMap((q) => [`${prefix}:${q}:wait`, `${prefix}:${q}:meta`, `${prefix}:${q}:repeat`]),
    ];
    expect(new Set(keys.map(hashedPart))).toEqual(new Set(['gps']));
  });

  it('the spacing script gets all its KEYS in one slot (a cluster refuses a cross-slot script)', async () => {
    let seen: string[] = [];
    const redis = {
      eval: async (_script: string, n: number, ...args: string[]) => {
        seen = args.slice(0, n);
        return seen.map(() => 0);
      },
    } as unknown as Redis;
    await reserveSlots(redis, prefix, ['open_id:ou_a', 'chat_id:oc_b', 'patch:om_c'], 250);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map(hashedPart))).toEqual(new Set(['gps']));
  });

  it('no file but src/outbox/redis-keys.ts builds a key from the prefix (so none can drop the tag)', () => {
    const builders = sourceFiles('src').filter(
      (f) =>
        !f.endsWith(join('outbox', 'redis-keys.ts')) && /\$\{[\w.]*prefix\}:/i.test(readFileSync(f, 'utf8')),
    );
    expect(builders).toEqual([]);
  });
});
