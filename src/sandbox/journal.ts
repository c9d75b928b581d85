import type { DeliveryRecord, SandboxError, SandboxErrorKind, SandboxLogger, SandboxStats } from './types';

/** What happened, for tests to assert on: every delivery, every error, request counts. */
export class Journal {
  private errorList: SandboxError[] = [];
  private deliveryList: DeliveryRecord[] = [];
  private counters: SandboxStats = emptyStats();

  constructor(
    private readonly now: () => number,
    private readonly logger?: SandboxLogger,
  ) {}

  error(kind: SandboxErrorKind, message: string, detail?: unknown): void {
    this.errorList.push({ kind, message, at: this.now(), ...(detail === undefined ? {} : { detail }) });
    this.logger?.warn({ kind, detail }, `sandbox: ${message}`);
  }

  delivery(record: DeliveryRecord): void {
    this.deliveryList.push(record);
  }

  request(api: string): void {
    this.counters.requestsTotal += 1;
    this.counters.requests[api] = (this.counters.requests[api] ?? 0) + 1;
  }

  rateLimited(api: string): void {
    this.counters.rateLimited += 1;
    this.counters.rateLimitedByApi[api] = (this.counters.rateLimitedByApi[api] ?? 0) + 1;
  }

  uuidDedup(): void {
    this.counters.uuidDeduplicated += 1;
  }

  messageCreated(): void {
    this.counters.messages += 1;
  }

  errors(): SandboxError[] {
    return [...this.errorList];
  }

  deliveries(): DeliveryRecord[] {
    return [...this.deliveryList];
  }

  stats(): SandboxStats {
    return structuredClone(this.counters);
  }

  clear(): void {
    this.errorList = [];
    this.deliveryList = [];
    this.counters = emptyStats();
  }
}

function emptyStats(): SandboxStats {
  return {
    requestsTotal: 0,
    requests: {},
    messages: 0,
    rateLimited: 0,
    rateLimitedByApi: {},
    uuidDeduplicated: 0,
  };
}
