import { z } from 'zod';
import { anchorAuditTrail } from '../features/audit/anchor';
import { DEFAULT_ANCHOR_FILE } from '../features/audit/check';
import { defineJob } from './types';

export { DEFAULT_ANCHOR_FILE };

/**
 * Anchors the audit trail outside the database once a day. `at` (an ISO instant)
 * stands in for the clock in tests and manual reruns.
 */
export const auditAnchor = defineJob({
  name: 'audit.anchor',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  // 01:30 Asia/Shanghai: the day's work is in, and the digest waits in the morning's messages.
  schedule: { id: 'audit-anchor', pattern: '30 1 * * *', data: {} },
  async process({ at }, deps) {
    const r = await anchorAuditTrail(deps.db, deps, {
      now: at ? new Date(at) : deps.now(),
      file: deps.audit?.anchorFile ?? DEFAULT_ANCHOR_FILE,
    });
    if (r.regressed > 0) deps.logger.error(r, 'audit anchor: chains moved back since the last anchor');
    else if (r.recipients === 0 && r.status === 'anchored')
      deps.logger.warn(r, 'audit anchor: no zone-level discipline inspection to send the digest to');
    else deps.logger.info(r, 'audit anchor');
    return r;
  },
});
