import type { SandboxCore } from './core';
import type { Envelope } from './envelopes';
import { sealEnvelope } from './event-crypto';
import { DeadlineError, postWithDeadline } from './http-post';
import type { DeliveryRecord, TamperOptions } from './types';
import type { WsHub } from './ws-hub';

export type DeliveryKind = 'event' | 'card';

/**
 * Pushes envelopes to the bot the way Feishu does: over the long connection when the bot holds one
 * (plain JSON, no signature), else POSTed to the event URL, encrypted and signed when the app has an
 * Encrypt Key. Every attempt is recorded; envelopes are kept so a test can re-push one.
 */
export class Deliverer {
  private readonly sent = new Map<string, { envelope: Envelope; kind: DeliveryKind }>();

  constructor(
    private readonly core: SandboxCore,
    private readonly hub: WsHub,
    private readonly eventUrl: () => string | undefined,
  ) {}

  async deliver(envelope: Envelope, kind: DeliveryKind, tamper: TamperOptions = {}): Promise<DeliveryRecord> {
    this.sent.set(envelope.header.event_id, { envelope, kind });
    const record =
      this.hub.connected() > 0 ? await this.viaWs(envelope, kind) : await this.viaHttp(envelope, tamper);
    this.core.journal.delivery(record);
    if (record.status !== 'ok') {
      this.core.logger?.warn({ record }, 'sandbox: delivery to the bot failed');
    }
    return record;
  }

  /** Feishu's re-push: the very same envelope, same event_id. */
  async redeliver(eventId: string, tamper: TamperOptions = {}): Promise<DeliveryRecord> {
    const earlier = this.sent.get(eventId);
    if (!earlier) throw new Error(`没有投递过事件 ${eventId}`);
    return this.deliver(earlier.envelope, earlier.kind, tamper);
  }

  kindOf(eventId: string): DeliveryKind | undefined {
    return this.sent.get(eventId)?.kind;
  }

  envelopeOf(eventId: string): Envelope | undefined {
    return this.sent.get(eventId)?.envelope;
  }

  clear(): void {
    this.sent.clear();
  }

  private base(
    envelope: Envelope,
    via: 'http' | 'ws',
  ): Pick<DeliveryRecord, 'eventId' | 'eventType' | 'via'> {
    return { eventId: envelope.header.event_id, eventType: envelope.header.event_type, via };
  }

  private async viaWs(envelope: Envelope, kind: DeliveryKind): Promise<DeliveryRecord> {
    const deadline = this.core.limits.deliveryTimeoutMs;
    const started = performance.now();
    try {
      const answer = await this.hub.deliver(envelope, kind, deadline);
      return { ...this.base(envelope, 'ws'), status: 'ok', latencyMs: elapsed(started), answer };
    } catch (e) {
      const latencyMs = elapsed(started);
      // The hub rejects both on its deadline and when the socket drops; only the clock tells them apart.
      const status = latencyMs >= deadline - 5 ? 'timeout' : 'error';
      return { ...this.base(envelope, 'ws'), status, latencyMs, answer: undefined, error: String(e) };
    }
  }

  private async viaHttp(envelope: Envelope, tamper: TamperOptions): Promise<DeliveryRecord> {
    const url = this.eventUrl();
    if (!url) {
      const error = 'no event URL set and no long connection';
      return { ...this.base(envelope, 'http'), status: 'error', latencyMs: 0, answer: undefined, error };
    }
    const { body, headers } = sealEnvelope(envelope, {
      ...(this.core.encryptKey ? { encryptKey: this.core.encryptKey } : {}),
      // Signed by the sandbox's clock, which tests set to the app's (a real Feishu and bot share one).
      timestamp: tamper.timestamp ?? Math.floor(this.core.now() / 1000),
      ...(tamper.signature !== undefined ? { signature: tamper.signature } : {}),
    });
    const started = performance.now();
    try {
      const res = await postWithDeadline(url, body, headers, this.core.limits.deliveryTimeoutMs);
      const latencyMs = elapsed(started);
      const ok = res.status >= 200 && res.status < 300;
      return {
        ...this.base(envelope, 'http'),
        status: ok ? 'ok' : 'error',
        httpStatus: res.status,
        latencyMs,
        answer: parseAnswer(res.text),
        ...(ok ? {} : { error: `HTTP ${res.status}` }),
      };
    } catch (e) {
      const status = e instanceof DeadlineError ? 'timeout' : 'error';
      return {
        ...this.base(envelope, 'http'),
        status,
        latencyMs: elapsed(started),
        answer: undefined,
        error: String(e),
      };
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The bot's body: JSON normally; kept as raw text otherwise so a test can see what came back. */
function parseAnswer(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
