import { createHash, timingSafeEqual } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';

/** Requests further than this from our clock are refused: a captured request cannot be replayed later. */
export const MAX_SKEW_SECONDS = 5 * 60;

export function signatureOf(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Feishu's signature over timestamp + nonce + key + raw body, and a freshness check the SDK lacks. */
export function verifyRequest(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  encryptKey: string,
  nowMs: number,
): Verdict {
  const ts = String(headers['x-lark-request-timestamp'] ?? '');
  const nonce = String(headers['x-lark-request-nonce'] ?? '');
  const sig = String(headers['x-lark-signature'] ?? '');
  if (!ts || !sig) return { ok: false, reason: 'missing signature headers' };
  const seconds = Number(ts);
  if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'stale or invalid timestamp' };
  }
  const expected = Buffer.from(signatureOf(ts, nonce, encryptKey, rawBody));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad signature' };
  }
  return { ok: true };
}

export function decryptBody(encrypt: string, encryptKey: string): unknown {
  return JSON.parse(new AESCipher(encryptKey).decrypt(encrypt));
}
