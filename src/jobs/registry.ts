import { approvalChase } from './approval-chase';
import { approvalFanout, approvalFanoutSweep } from './approval-fanout';
import { exitChase } from './exit-chase';
import { outboxSend } from './outbox-send';
import { outboxSweep } from './outbox-sweep';
import { scoreRemindersJob } from './score-reminders';
import type { JobDef } from './types';
import { yearEnd } from './year-end';

/** Every background job, in one list: a worker runs exactly these. */
export const jobs: JobDef<any>[] = [
  yearEnd,
  outboxSend,
  outboxSweep,
  approvalChase,
  exitChase,
  approvalFanout,
  approvalFanoutSweep,
  scoreRemindersJob,
];

export function jobByName(name: string): JobDef<any> | undefined {
  return jobs.find((j) => j.name === name);
}
