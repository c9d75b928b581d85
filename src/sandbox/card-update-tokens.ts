import { randomHex } from './credentials';

export type CardTokenUse = { ok: true; messageId: string } | { ok: false; reason: string };

/** The delayed-update token that comes with each card callback: 30 minutes, at most 2 updates. */
export class CardUpdateTokens {
  private readonly tokens = new Map<string, { messageId: string; expiresAt: number; usesLeft: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: () => number,
    private readonly uses: () => number,
  ) {}

  issue(messageId: string): string {
    const token = `c-${randomHex(20)}`;
    this.tokens.set(token, { messageId, expiresAt: this.now() + this.ttlMs(), usesLeft: this.uses() });
    return token;
  }

  use(token: string): CardTokenUse {
    const t = this.tokens.get(token);
    if (!t) return { ok: false, reason: 'token not found' };
    if (t.expiresAt <= this.now()) return { ok: false, reason: 'token expired' };
    if (t.usesLeft <= 0) return { ok: false, reason: 'token has been used up' };
    t.usesLeft -= 1;
    return { ok: true, messageId: t.messageId };
  }

  reset(): void {
    this.tokens.clear();
  }
}
