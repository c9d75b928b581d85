import { randomHex } from './credentials';

/**
 * tenant_access_token issuing. Like Feishu, a token with >= 30 min left is handed out again, and a
 * fresh one is issued once less remains (both stay valid). `revokeAll` lets a test check that the bot
 * evicts its cached token on 99991663, which the SDK itself never does.
 */
export class TenantTokens {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: () => number,
  ) {}

  issue(): { token: string; expire: number } {
    const now = this.now();
    for (const [token, expiresAt] of this.live) {
      const left = Math.floor((expiresAt - now) / 1000);
      if (left >= 30 * 60) return { token, expire: left };
    }
    const token = `t-${randomHex(20)}`;
    const ttl = this.ttlSeconds();
    this.live.set(token, now + ttl * 1000);
    return { token, expire: ttl };
  }

  isValid(token: string): boolean {
    const expiresAt = this.live.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  revokeAll(): void {
    this.live.clear();
  }
}
