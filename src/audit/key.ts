import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The secret the chain hashes are keyed with (HMAC-SHA256). It lives in the environment
 * (AUDIT_KEY), never in the database: whoever can write the database but does not hold the key
 * cannot recompute the hashes after editing a row.
 *
 * Without AUDIT_KEY (the sandbox, tests, a developer's machine) a fixed development key is used;
 * config.ts refuses to start against real Feishu without one.
 */
export const DEV_AUDIT_KEY = 'gps-bot development audit key: not a secret, never for production';

let current: Buffer = Buffer.from(DEV_AUDIT_KEY, 'utf8');
// The same key as a KeyObject: an HMAC keyed with a Buffer imports the key on every call (about
// 20 µs here, against 4 µs with a KeyObject), and every audited write hashes once.
let currentObject: KeyObject = createSecretKey(current);
let fromEnvironment = false;

/** Sets the process's key. Called once at start by main and the command-line entries. */
export function useAuditKey(secret: string | undefined): void {
  fromEnvironment = secret !== undefined;
  current = Buffer.from(secret ?? DEV_AUDIT_KEY, 'utf8');
  currentObject = createSecretKey(current);
}

/** The process's key, as the KeyObject the chain's HMAC is keyed with. */
export function auditKey(): KeyObject {
  return currentObject;
}

/** A short fingerprint of the key, safe to print: tells two operators whether they hold the same key. */
export function auditKeyFingerprint(): string {
  const tag = fromEnvironment ? 'env' : 'dev';
  return `${tag}:${createHash('sha256').update(current).digest('hex').slice(0, 12)}`;
}
