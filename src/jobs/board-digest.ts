import { z } from 'zod';
import { sendBoardDigest } from '../features/board/digest';
import { defineJob } from './types';

/**
 * The discipline-inspection board's weekly digest. Scheduled every working-day morning at 09:00
 * Shanghai; it sends only on the first working day of the ISO week, once (features/board/digest.ts).
 * `at` (an ISO instant) stands in for the clock, for tests and a manual re-run.
 */
export const boardDigest = defineJob({
  name: 'board.digest',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  schedule: { id: 'board-digest', pattern: '0 9 * * 1-5', data: {} },
  async process({ at }, deps) {
    return sendBoardDigest(deps.db, at ? new Date(at) : deps.now(), deps);
  },
});
