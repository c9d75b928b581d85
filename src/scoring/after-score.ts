import type { Tx } from '../db/client';
import { OutboxWriter } from '../outbox/write';
import { evaluateAfterScore } from '../thresholds/after-score';

export type ScoreRecorded = { contractId: number; month: string; scoreId: number };
/**
 * `out`: the event's outbox writer, so the messages are handed to the relay after commit; without
 * it they are written all the same and the relay's sweep sends them (about a minute later).
 */
export type AfterScoreDeps = { out?: OutboxWriter; now?: Date };

/**
 * Runs in the transaction that recorded (or corrected) a monthly score, after the row and its audit
 * are written: the threshold engine (rules 8 and 9: warnings, termination right) re-evaluates the
 * contract.
 */
export async function afterScoreRecorded(tx: Tx, e: ScoreRecorded, deps: AfterScoreDeps = {}): Promise<void> {
  await evaluateAfterScore(tx, e.contractId, {
    now: deps.now ?? new Date(),
    outbox: deps.out ?? new OutboxWriter(tx),
  });
}
