import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Db } from '../db/client';
import type { FeishuClient } from '../feishu/client';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';

/**
 * `approvals` runs decisions' fan-out apart from the relay, whose limiter is for Feishu calls;
 * `exports` builds spreadsheets one at a time, so a long one holds up neither sweeps nor sends.
 */
export const QUEUE_NAMES = ['outbox', 'sweeps', 'approvals', 'exports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export type Queues = Record<QueueName, Queue>;

export interface JobDeps {
  db: Db;
  feishu: FeishuClient;
  logger: Logger;
  redis: Redis;
  prefix: string;
  queues: Queues;
  /** The clock of every job, so a test can run one on a chosen day. */
  now(): Date;
  /** Hands committed outbox rows to the relay. */
  enqueueOutbox(ids: string[]): Promise<void>;
  /** Queues the fan-out of decided approval stages. */
  enqueueFanout(stageIds: number[]): Promise<void>;
  /** How long processed event ids and sent outbox rows are kept (retention job; defaults 30 and 90 days). */
  retention?: { eventDedupeDays: number; outboxRetentionDays: number };
  /** Where the audit anchors are appended (AUDIT_ANCHOR_FILE; default data/audit-anchors.jsonl). */
  audit?: { anchorFile: string };
  /** This app's Prometheus metrics (metrics/metrics.ts); tools and tests that run jobs directly may leave it out. */
  metrics?: Metrics;
}

/**
 * When a job runs on its own, as a BullMQ job scheduler with this id (an id already installed is
 * updated in place, not doubled). A cron `pattern` is read in Asia/Shanghai, the business time
 * zone; `every` is in milliseconds. `data` is the payload of each run.
 */
export type JobSchedule<I> = { id: string; data: I } & ({ pattern: string } | { every: number });

/** `P` is the payload a job runs with, `I` what is queued (they differ where the schema has defaults). */
export interface JobDef<P = unknown, I = P> {
  name: string;
  queue: QueueName;
  payload: z.ZodType<P, I>;
  schedule?: JobSchedule<I>;
  process(payload: P, deps: JobDeps, job: Job): Promise<unknown>;
}

/** Any job definition, as the registry holds them side by side. */
export type AnyJob = JobDef<any, any>;

/** Keeps the payload types of each definition (and checks its schedule's data against them). */
export function defineJob<P, I>(def: JobDef<P, I>): JobDef<P, I> {
  return def;
}
