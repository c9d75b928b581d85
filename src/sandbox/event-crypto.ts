import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Feishu's event encryption: key = SHA-256(encryptKey), AES-256-CBC with PKCS7 padding, and the
 * body `{"encrypt": base64(iv || ciphertext)}`. The SDK's AESCipher is the reference decryptor.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function encryptEvent(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ciphertext]).toString('base64');
}

/** X-Lark-Signature = hex(SHA-256(timestamp + nonce + encryptKey + rawBody)). */
export function signEvent(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest('hex');
}

export interface SignedBody {
  body: string;
  headers: Record<string, string>;
}

export interface SealOptions {
  encryptKey?: string;
  /** Unix seconds; tests send stale ones to check the bot's freshness check. */
  timestamp?: number;
  /** Sent verbatim instead of the computed one. */
  signature?: string;
}

/** The exact bytes and headers Feishu would POST for this envelope. */
export function sealEnvelope(envelope: object, opts: SealOptions): SignedBody {
  const plain = JSON.stringify(envelope);
  const body = opts.encryptKey ? JSON.stringify({ encrypt: encryptEvent(opts.encryptKey, plain) }) : plain;
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
  };
  const signature =
    opts.signature ?? (opts.encryptKey ? signEvent(timestamp, nonce, opts.encryptKey, body) : undefined);
  if (signature !== undefined) headers['x-lark-signature'] = signature;
  return { body, headers };
}
