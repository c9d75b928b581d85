import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Db } from '../db/client';
import type { FeishuClient } from '../feishu/client';
import type { Logger } from '../log';

/** `approvals` runs decisions' fan-out apart from the relay, whose limiter is for Feishu calls. */
export const QUEUE_NAMES = ['outbox', 'sweeps', 'approvals'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobDeps {
  db: Db;
  feishu: FeishuClient;
  logger: Logger;
  redis: Redis;
  prefix: string;
  queues: Record<QueueName, Queue>;
  /** Hands committed outbox rows to the relay. */
  enqueueOutbox(ids: string[]): Promise<void>;
  /** Queues the fan-out of decided approval stages. */
  enqueueFanout(stageIds: number[]): Promise<void>;
}

export interface JobDef<P = unknown> {
  name: string;
  queue: QueueName;
  payload: z.ZodType<P>;
  process(payload: P, deps: JobDeps, job: Job): Promise<unknown>;
}

/** Keeps the payload type of each definition while the registry holds them side by side. */
export function defineJob<P>(def: JobDef<P>): JobDef<P> {
  return def;
}
