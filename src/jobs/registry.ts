import { approvalCenterReconcile } from './approval-center-reconcile';
import { approvalCenterSync } from './approval-center-sync';
import { approvalChase } from './approval-chase';
import { approvalFanout, approvalFanoutSweep } from './approval-fanout';
import { auditAnchor } from './audit-anchor';
import { boardDigest } from './board-digest';
import { calendarCheck } from './calendar-check';
import { exitChase } from './exit-chase';
import { exportBuild } from './export-build';
import { exportSweep } from './export-sweep';
import { legalChase } from './legal-chase';
import { outboxSend } from './outbox-send';
import { outboxSweep } from './outbox-sweep';
import { rectificationChase } from './rectification-chase';
import { retention } from './retention';
import { scoreRemindersJob } from './score-reminders';
import { surveyRounds } from './survey-rounds';
import type { AnyJob, Queues } from './types';
import { yearEnd } from './year-end';

/** Every background job, in one list: a worker runs exactly these and installs their schedules. */
export const jobs: readonly AnyJob[] = [
  yearEnd,
  outboxSend,
  outboxSweep,
  approvalChase,
  exitChase,
  approvalFanout,
  approvalFanoutSweep,
  scoreRemindersJob,
  rectificationChase,
  surveyRounds,
  legalChase,
  calendarCheck,
  retention,
  auditAnchor,
  approvalCenterSync,
  approvalCenterReconcile,
  boardDigest,
  exportBuild,
  exportSweep,
];

export function jobByName(name: string): AnyJob | undefined {
  return jobs.find((j) => j.name === name);
}

/** Business time: a cron pattern means the same hour all year in Asia/Shanghai (no DST). */
const SCHEDULE_TZ = 'Asia/Shanghai';

/**
 * Installs (or updates in place, by scheduler id) the schedule of every job that has one. Run on
 * every worker's start, so a changed pattern takes effect with the next deploy.
 */
export async function installSchedules(queues: Queues, defs: readonly AnyJob[] = jobs): Promise<void> {
  for (const def of defs) {
    const s = def.schedule;
    if (!s) continue;
    await queues[def.queue].upsertJobScheduler(
      s.id,
      'pattern' in s ? { pattern: s.pattern, tz: SCHEDULE_TZ } : { every: s.every },
      { name: def.name, data: s.data },
    );
  }
}
