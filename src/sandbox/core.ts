import type { CardUpdateTokens } from './card-update-tokens';
import type { Directory } from './directory';
import type { Journal } from './journal';
import type { MessageStore } from './message-store';
import type { LimitRule, SlidingWindowLimiter } from './rate-limiter';
import type { TenantTokens } from './tenant-tokens';
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
  logger?: SandboxLogger;
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
