import { CardUpdateTokens } from './card-update-tokens';
import { derivedId } from './credentials';
import { Directory } from './directory';
import { ImageResources } from './image-store';
import { Journal } from './journal';
import { MessageStore } from './message-store';
import { type LimitRule, SlidingWindowLimiter } from './rate-limiter';
import { TenantTokens } from './tenant-tokens';
import type { SandboxLimits, SandboxLogger } from './types';

/** The sandbox's state, handed to each part instead of each part owning a slice of globals. */
export interface SandboxCore {
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  tenantKey: string;
  limits: SandboxLimits;
  now: () => number;
  directory: Directory;
  store: MessageStore;
  journal: Journal;
  limiter: SlidingWindowLimiter;
  tenantTokens: TenantTokens;
  cardTokens: CardUpdateTokens;
  /** Bytes of the images users sent, served by the message-resource route. */
  images: ImageResources;
  logger?: SandboxLogger;
}

export interface CoreOptions {
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  limits: SandboxLimits;
  now: () => number;
  logger?: SandboxLogger;
}

export function createCore(o: CoreOptions): SandboxCore {
  const { limits, now } = o;
  return {
    appId: o.appId,
    appSecret: o.appSecret,
    verificationToken: o.verificationToken,
    ...(o.encryptKey ? { encryptKey: o.encryptKey } : {}),
    // Stable per app, like a real tenant_key, so envelopes of one sandbox agree with each other.
    tenantKey: derivedId('', `tenant:${o.appId}`, 16),
    limits,
    now,
    directory: new Directory(),
    store: new MessageStore(now, () => limits.uuidTtlMs),
    journal: new Journal(now, o.logger),
    limiter: new SlidingWindowLimiter(now),
    tenantTokens: new TenantTokens(now, () => limits.tokenTtlSeconds),
    cardTokens: new CardUpdateTokens(
      now,
      () => limits.cardTokenTtlMs,
      () => limits.cardTokenUses,
    ),
    images: new ImageResources(),
    ...(o.logger ? { logger: o.logger } : {}),
  };
}

/** Feishu limits sends per receiver: one user (their p2p chat) or one group. */
export function receiverRule(core: SandboxCore, chatId: string): LimitRule {
  return { key: `receiver:${chatId}`, windows: [{ limit: core.limits.receiverPerSecond, ms: 1000 }] };
}

export function apiRule(core: SandboxCore, api: string): LimitRule {
  return {
    key: `api:${api}`,
    windows: [
      { limit: core.limits.apiPerSecond, ms: 1000 },
      { limit: core.limits.apiPerMinute, ms: 60_000 },
    ],
  };
}
