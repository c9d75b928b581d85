/**
 * 审计核验 on the board: everything `audit:verify` checks (audit/trail.ts), in one read-only
 * snapshot, as the Chinese summary the card shows and the command prints.
 */
import { type TrailSummary, trailSummary, verifyTrail } from '../../audit/trail';
import type { DbOrTx } from '../../db/client';

/** Where the anchors are written when AUDIT_ANCHOR_FILE is not set (config.ts has the same default). */
export const DEFAULT_ANCHOR_FILE = 'data/audit-anchors.jsonl';

export const shanghaiMinute = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function auditCheck(
  db: DbOrTx,
  file: string,
  now: Date,
): Promise<TrailSummary & { at: string }> {
  const r = await verifyTrail(db, { file });
  return { ...trailSummary(r, file), at: shanghaiMinute(now) };
}
