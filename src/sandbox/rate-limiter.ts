/**
 * Sliding-window limiter: "50 per any 1 s window" means exactly that, not a fixed bucket that
 * refills on the second, so bursts straddling a boundary are refused as Feishu's gateway does.
 */

export interface LimitWindow {
  limit: number;
  ms: number;
}

export interface LimitRule {
  key: string;
  windows: LimitWindow[];
}

export type LimitVerdict = { ok: true } | { ok: false; resetSeconds: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Admits the request only if every rule has room; a refused request counts toward nothing. */
  take(rules: LimitRule[]): LimitVerdict {
    const now = this.now();
    let resetMs = 0;
    for (const rule of rules) {
      const times = this.prune(rule, now);
      for (const w of rule.windows) {
        const inWindow = times.filter((t) => t > now - w.ms);
        if (inWindow.length < w.limit) continue;
        // The window frees up when enough of its oldest hits have aged out (never, for a limit of 0).
        const mustExpire = inWindow[inWindow.length - w.limit];
        resetMs = Math.max(resetMs, mustExpire === undefined ? w.ms : mustExpire + w.ms - now);
      }
    }
    if (resetMs > 0) return { ok: false, resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
    for (const rule of rules) this.record(rule.key, now);
    return { ok: true };
  }

  /** Counts a request without checking (one that failed before it could be admitted). */
  record(key: string, now = this.now()): void {
    const times = this.hits.get(key);
    if (times) times.push(now);
    else this.hits.set(key, [now]);
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(rule: LimitRule, now: number): number[] {
    const longest = Math.max(0, ...rule.windows.map((w) => w.ms));
    const times = (this.hits.get(rule.key) ?? []).filter((t) => t > now - longest);
    // Drop idle keys, or a long demo session would keep one entry per receiver and message forever.
    if (times.length === 0) this.hits.delete(rule.key);
    else this.hits.set(rule.key, times);
    return times;
  }
}
