import { createHmac, type KeyObject } from 'node:crypto';
import { auditKey } from './key';

/** prev_hash of the first row of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth. jsonb hands keys back in its own order, so a hash over
 * plain JSON.stringify would change after a round trip through the database; this one does not.
 * Otherwise it follows JSON.stringify: toJSON is honoured (Dates become ISO strings), undefined and
 * functions are dropped from objects and become null in arrays, non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value);
  if (out === undefined) throw new TypeError('canonicalJson: value has no JSON form');
  return out;
}

function encode(value: unknown): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      // JSON.stringify throws here too; a silent conversion could hash a different value than is stored.
      throw new TypeError('canonicalJson: bigint has no JSON form; convert it to a string first');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => encode(v) ?? 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = encode(obj[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

/** What a row's hash covers besides prev_hash: everything except id, prev_hash and hash itself. */
export type AuditContent = {
  aggregateType: string;
  aggregateId: string;
  seq: number;
  actor: string;
  action: string;
  data: Record<string, unknown>;
  at: Date;
};

/**
 * HMAC-SHA256 hex, keyed with the process's audit key (key.ts), of `prevHash + '\n' +
 * canonicalJson(content)`, with `at` as an ISO string (ms precision). The key is what makes an
 * edited row and its recomputed successors detectable: the database does not hold it.
 */
export function auditHash(prevHash: string, c: AuditContent, key: Buffer | KeyObject = auditKey()): string {
  const body = canonicalJson({
    aggregateType: c.aggregateType,
    aggregateId: c.aggregateId,
    seq: c.seq,
    actor: c.actor,
    action: c.action,
    data: c.data,
    at: c.at.toISOString(),
  });
  return createHmac('sha256', key).update(`${prevHash}\n${body}`).digest('hex');
}
