import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../../src/jobs/enqueue';
import { outboxSweep } from '../../../src/jobs/outbox-sweep';
import { createProcessor } from '../../../src/jobs/processor';
import { installSchedules, jobs } from '../../../src/jobs/registry';
import { type AnyJob, type JobDeps, QUEUE_NAMES, type Queues } from '../../../src/jobs/types';
import { createLogger } from '../../../src/log';
import { JOB_OPTIONS } from '../../../src/outbox/relay';

const JOBS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/jobs');

const isJobDef = (v: unknown): v is AnyJob =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as AnyJob).name === 'string' &&
  QUEUE_NAMES.includes((v as AnyJob).queue) &&
  typeof (v as AnyJob).payload?.safeParse === 'function' &&
  typeof (v as AnyJob).process === 'function';

/** Queues that record what is asked of them instead of calling Redis. */
function recordingQueues() {
  const calls: { queue: string; method: string; args: unknown[] }[] = [];
  const queue = (name: string) =>
    new Proxy({} as Queue, {
      get:
        (_t, method: string) =>
        async (...args: unknown[]) =>
          void calls.push({ queue: name, method, args }),
    });
  const queues = Object.fromEntries(QUEUE_NAMES.map((n) => [n, queue(n)])) as Queues;
  return { queues, calls };
}

/** Every job definition exported by any module of src/jobs/, found without asking the registry. */
let defined: AnyJob[] = [];
beforeAll(async () => {
  const files = readdirSync(JOBS_DIR).filter((f) => f.endsWith('.ts'));
  const modules = await Promise.all(files.map((f) => import(pathToFileURL(join(JOBS_DIR, f)).href)));
  defined = modules.flatMap((m: Record<string, unknown>) => Object.values(m).filter(isJobDef));
});

describe('the job registry', () => {
  it('holds every exported job definition exactly once, under unique names', () => {
    expect(defined.length).toBeGreaterThanOrEqual(8);
    for (const def of new Set(defined))
      expect(jobs.filter((j) => j === def).length, `${def.name} in the registry`).toBe(1);
    expect(jobs.every((j) => defined.includes(j))).toBe(true);
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
  });

  it('installs the schedule of every scheduled job, each one valid for its payload', async () => {
    const { queues, calls } = recordingQueues();
    await installSchedules(queues);
    const installed = calls.map((c) => [c.queue, (c.args[2] as { name: string }).name]);
    const scheduled = [...new Set(defined)].filter((d) => d.schedule);
    expect(installed.sort()).toEqual(scheduled.map((d) => [d.queue, d.name]).sort());
    expect(calls.every((c) => c.method === 'upsertJobScheduler')).toBe(true);
    for (const d of scheduled) expect(d.payload.safeParse(d.schedule!.data).success, d.name).toBe(true);
  });

  it('keeps the schedules of before: ids, patterns in Asia/Shanghai, intervals and data', async () => {
    const { queues, calls } = recordingQueues();
    await installSchedules(queues);
    const byId = Object.fromEntries(calls.map((c) => [c.args[0], [c.queue, c.args[1], c.args[2]]]));
    const cron = (pattern: string) => ({ pattern, tz: 'Asia/Shanghai' });
    const sweep = { olderThanMs: 30_000 };
    expect(byId).toEqual({
      'outbox-sweep': ['sweeps', { every: 60_000 }, { name: 'outbox.sweep', data: sweep }],
      'approval-fanout-sweep': ['sweeps', { every: 60_000 }, { name: 'approval.fanout-sweep', data: sweep }],
      'approval-chase': ['sweeps', cron('*/30 8-18 * * *'), { name: 'approval.chase', data: {} }],
      'exit-chase': ['sweeps', cron('30 9 * * *'), { name: 'exit.chase', data: {} }],
      'rectification-chase': ['sweeps', cron('30 9 * * *'), { name: 'rectification.chase', data: {} }],
      'legal-chase': ['sweeps', cron('0 10 * * *'), { name: 'legal.chase', data: {} }],
      'survey-rounds': ['sweeps', cron('0 10,15 * * *'), { name: 'survey.rounds', data: {} }],
      'score-reminders': ['sweeps', cron('0 9,14 * * *'), { name: 'score.reminders', data: {} }],
      'year-end': ['sweeps', cron('0 1 * * *'), { name: 'thresholds.year-end', data: {} }],
      'calendar-check': ['sweeps', cron('10 9 * * *'), { name: 'calendar.check', data: {} }],
      retention: ['sweeps', cron('30 3 * * *'), { name: 'retention', data: {} }],
      'audit-anchor': ['sweeps', cron('30 1 * * *'), { name: 'audit.anchor', data: {} }],
      'approval-center-sync': ['sweeps', { every: 60_000 }, { name: 'approval-center.sync', data: {} }],
      'board-digest': ['sweeps', cron('0 9 * * 1-5'), { name: 'board.digest', data: {} }],
      'exports-sweep': [
        'sweeps',
        { every: 60_000 },
        { name: 'exports.sweep', data: { olderThanMs: 60_000 } },
      ],
      'approval-center-reconcile': [
        'sweeps',
        { every: 30 * 60_000 },
        { name: 'approval-center.reconcile', data: { days: 30 } },
      ],
    });
  });
});

describe('enqueue', () => {
  it("queues on the definition's queue under its name, with the one retry policy", async () => {
    const { queues, calls } = recordingQueues();
    await enqueue(queues, outboxSweep, { olderThanMs: 0 }, { attempts: 1 });
    expect(calls).toEqual([
      {
        queue: 'sweeps',
        method: 'add',
        args: ['outbox.sweep', { olderThanMs: 0 }, { ...JOB_OPTIONS, attempts: 1 }],
      },
    ]);
  });

  it('takes only the payload of the definition (checked by tsc)', () => {
    const typed = (queues: Queues) => {
      // @ts-expect-error olderThanMs is a number
      void enqueue(queues, outboxSweep, { olderThanMs: 'soon' });
      // @ts-expect-error not a field of the sweep's payload
      void enqueue(queues, outboxSweep, { stageIds: [1] });
    };
    expect(typed).toBeTypeOf('function');
  });
});

describe('the processor', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
  const processor = createProcessor({ logger } as unknown as JobDeps);
  const job = (name: string, data: unknown) => ({ name, id: '42', data }) as unknown as Job;

  it('fails a payload its schema refuses at once, naming the job', async () => {
    await expect(processor(job('score.reminders', { at: 'yesterday' }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    const logged = JSON.parse(lines.at(-1)!);
    expect(logged).toMatchObject({ job: 'score.reminders', job_id: '42' });
    expect(logged.issues[0]).toContain('at');
  });

  it('fails a job no definition knows at once', async () => {
    await expect(processor(job('no.such-job', {}))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ job: 'no.such-job', job_id: '42' });
  });
});
