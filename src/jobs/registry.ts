import { approvalChase } from './approval-chase';
import { approvalFanout, approvalFanoutSweep } from './approval-fanout';
import { outboxSend } from './outbox-send';
import { outboxSweep } from './outbox-sweep';
import type { JobDef } from './types';

/** Every background job, in one list: a worker runs exactly these. */
export const jobs: JobDef<any>[] = [
  outboxSend,
  outboxSweep,
  approvalChase,
  approvalFanout,
  approvalFanoutSweep,
];

export function jobByName(name: string): JobDef<any> | undefined {
  return jobs.find((j) => j.name === name);
}
