import { z } from 'zod';
import { runSurveyRounds } from '../features/surveys/rounds';
import { chatMemberOpenIds } from '../feishu/chat-members';
import { defineJob } from './types';

/**
 * 满意度测评 (rule 7): opens each contract's survey round on its day, sends each recipient one card,
 * and chases once before the close. `at` (an ISO instant) stands in for the clock, for tests and a
 * manual re-run of a given day; the schedule leaves it out.
 */
export const surveyRounds = defineJob({
  name: 'survey.rounds',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  // 10:00; the 15:00 run catches a morning missed (an outage), a rerun sends nothing twice.
  schedule: { id: 'survey-rounds', pattern: '0 10,15 * * *', data: {} },
  async process({ at }, deps) {
    return runSurveyRounds(deps.db, at ? new Date(at) : deps.now(), {
      enqueueOutbox: (ids) => deps.enqueueOutbox(ids),
      chatMembers: (chatId) => chatMemberOpenIds(deps.feishu, chatId),
    });
  },
});
