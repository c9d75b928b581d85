import type { Redis } from 'ioredis';
import { spacingRedisKey } from './redis-keys';

/**
 * Feishu allows 5 sends/s per receiver and 5 patches/s per message. Each message gets a time slot
 * per receiver at enqueue time (Redis clock, shared by every process), `spacingMs` after the last.
 * Returns the delay in ms for each key, in order.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local spacing = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local last = tonumber(redis.call('GET', key) or '0')
  local slot = math.max(now, last + spacing)
  redis.call('SET', key, slot, 'PX', (slot - now) + spacing * 4)
  out[i] = slot - now
end
return out`;

export async function reserveSlots(
  redis: Redis,
  prefix: string,
  keys: string[],
  spacingMs: number,
): Promise<number[]> {
  if (keys.length === 0) return [];
  const full = keys.map((k) => spacingRedisKey(prefix, k));
  return (await redis.eval(SCRIPT, full.length, ...full, String(spacingMs))) as number[];
}
