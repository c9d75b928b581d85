import type { Tx } from '../../db/client';
import type { OutboxWriter } from '../../outbox/write';
import { rejudgeAfterScore } from '../bans/rejudge';
import { evaluateAfterScore } from '../thresholds/after-score';

export type ScoreRecorded = { contractId: number; month: string; scoreId: number };
/** `out`: the event's outbox writer, so the messages go to the relay as soon as the score commits. */
export type AfterScoreDeps = { out: OutboxWriter; now: Date };

/**
 * Runs in the transaction that recorded (or corrected) a monthly score, after the row and its audit
 * are written: the threshold engine (rules 8 and 9: warnings, termination right) re-evaluates the
 * contract.
 */
export async function afterScoreRecorded(tx: Tx, e: ScoreRecorded, deps: AfterScoreDeps): Promise<void> {
  await evaluateAfterScore(tx, e.contractId, {
    now: deps.now,
    outbox: deps.out,
  });
  // Rule 10: a score of a year already judged judges that year again (ban added or lifted).
  await rejudgeAfterScore(tx, e, deps);
}
