import * as lark from '@larksuiteoapi/node-sdk';
import axios from 'axios';
import type { Logger } from '../log';

export interface FeishuAppConfig {
  appId: string;
  appSecret: string;
  domain: string;
}

// The SDK's Cache interface types keys as the boxed `Symbol`, so this class must too.
/** The SDK's token cache, kept per client so tests and sandboxes never share tokens. */
export class TokenCache {
  private readonly entries = new Map<string, { value: unknown; expire?: number }>();
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  private key(key: string | Symbol, ns?: string) {
    return `${ns ?? ''}:${String(key)}`;
  }
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }) {
    this.entries.set(this.key(key, options?.namespace), { value, expire });
    return true;
  }
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  async get(key: string | Symbol, options?: { namespace?: string }) {
    const e = this.entries.get(this.key(key, options?.namespace));
    if (!e) return undefined;
    if (e.expire && e.expire < Date.now()) return undefined;
    return e.value;
  }
  /** The SDK never evicts a token Feishu calls invalid (99991663); we do. */
  clear() {
    this.entries.clear();
  }
}

export function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'lark-sdk' });
  return {
    error: (...msg: unknown[]) => child.error({ msg }),
    warn: (...msg: unknown[]) => child.warn({ msg }),
    info: (...msg: unknown[]) => child.debug({ msg }),
    debug: (...msg: unknown[]) => child.debug({ msg }),
    trace: (...msg: unknown[]) => child.trace({ msg }),
  };
}

export type FeishuClient = { sdk: lark.Client; tokens: TokenCache };

/** The real SDK client, with a bounded HTTP timeout (the default has none) and its own token cache. */
export function createFeishuClient(cfg: FeishuAppConfig, logger: Logger, timeoutMs = 10_000): FeishuClient {
  const http = axios.create({ timeout: timeoutMs });
  http.interceptors.response.use((r) => r.data);
  const tokens = new TokenCache();
  const sdk = new lark.Client({
    appId: cfg.appId,
    appSecret: cfg.appSecret,
    domain: cfg.domain,
    cache: tokens,
    logger: sdkLogger(logger),
    httpInstance: http as unknown as lark.HttpInstance,
  });
  return { sdk, tokens };
}
