import type { SandboxCore } from './core';
import type { LimitRule } from './rate-limiter';

/** What a route handler gets: parsed request plus `admit`, the rate-limit gate it must pass. */
export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Bytes of the raw request body: Feishu's size limits apply to the body, not to one field. */
  bodyBytes: number;
  /**
   * Checks the per-API limits together with the route's own (per receiver, per message) and
   * throws the 429 ApiError when any is exhausted. Called by the handler once it knows the
   * receiver, so that a refused request counts toward no window at all.
   */
  admit(extra?: LimitRule[]): void;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  template: string;
  /** Needs `Authorization: Bearer <tenant_access_token>`. */
  auth: boolean;
  handle(req: RouteRequest, core: SandboxCore): unknown;
}
