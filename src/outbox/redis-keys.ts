/**
 * Every Redis key the app builds itself (BullMQ builds its own from the same prefix). They all
 * start with the queue prefix, so with the default hash-tagged prefix (`{gps}`) they share one
 * Redis Cluster slot with the queues: a Lua script may then touch several of them at once.
 */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}

export const blockedKey = (prefix: string) => redisKey(prefix, 'feishu', 'blocked');
export const spacingRedisKey = (prefix: string, receiver: string) => redisKey(prefix, 'spacing', receiver);
/** Written when the schedules are installed; its absence means Redis came back empty. */
export const schedulesMarkerKey = (prefix: string) => redisKey(prefix, 'schedules-installed');
/** Set for a while after Feishu refused a send to this receiver for its frequency (230020). */
export const throttledKey = (prefix: string, receiver: string) => redisKey(prefix, 'throttled', receiver);
