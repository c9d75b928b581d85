import { createHash, randomBytes } from 'node:crypto';

/** The SDK's WSClient silently does nothing unless the appId has exactly this shape. */
export const APP_ID_PATTERN = /^cli_[0-9a-f]{16}$/;

export interface AppCredentials {
  appId: string;
  appSecret: string;
  encryptKey: string;
  verificationToken: string;
}

/** Fresh credentials shaped like the ones the Feishu developer console hands out. */
export function newAppCredentials(): AppCredentials {
  return {
    appId: `cli_${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(16).toString('base64url'),
    encryptKey: randomBytes(16).toString('base64url'),
    verificationToken: randomBytes(16).toString('base64url'),
  };
}

/** Stable, opaque ids derived from a seed, so ids are the same across runs of a scenario. */
export function derivedId(prefix: string, seed: string, hexChars: number): string {
  return prefix + createHash('sha256').update(seed).digest('hex').slice(0, hexChars);
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
