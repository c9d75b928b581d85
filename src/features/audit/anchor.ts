/**
 * The daily anchor of the audit trail: every chain head, digested, claimed in
 * audit_anchors, sent to the zone's discipline inspection and appended to the anchor file. The row
 * is the claim, so a retried or doubled run anchors a day once and sends once; the file is caught
 * up from the rows after the commit, so a crash between the two loses no line and writes none twice.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { type Anchor, type AnchorHead, anchorLine, nextAnchor, replayAnchors } from '../../audit/anchor';
import { appendAnchorLines, readAnchorFile } from '../../audit/anchor-file';
import { auditAnchorCard } from '../../cards/audit-anchor';
import { type Db, rawSql } from '../../db/client';
import { people, roleGrants } from '../../db/schema';
import { allAuditHeads, anchorOfDate, insertAnchor, storedAnchors } from '../../db/sql/audit-anchors';
import { advisoryXactLock } from '../../db/sql/locks';
import { shanghaiDate } from '../../domain/business-date';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';

export type AnchorRun = {
  status: 'anchored' | 'already';
  n: number;
  date: string;
  recipients: number;
  regressed: number;
  /** Lines this run appended to the file (the new one, and any a crash left behind). */
  appended: number;
};

/** 2026-11-30 01:30 in Asia/Shanghai. */
const shanghaiMinute = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function anchorAuditTrail(
  db: Db,
  relay: OutboxRelay,
  o: { now: Date; file: string },
): Promise<AnchorRun> {
  const date = shanghaiDate(o.now);
  const run = await inOutboxTransaction(db, relay, async (tx, out) => {
    const sql = rawSql(tx);
    await advisoryXactLock(sql, { kind: 'audit-anchor' });
    const done = await anchorOfDate(sql, date);
    if (done) return { status: 'already' as const, n: done.n, recipients: 0, regressed: 0 };
    const stored = await storedAnchors(sql);
    const replayed = replayAnchors(stored.map((s) => s.line));
    const last = replayed.anchors.at(-1);
    // The database's own copy no longer adds up: anchor on what the database says, and say so loudly
    // (the new anchor's `regressed` lists what moved back); audit:verify checks against the file.
    const prev = last ? { anchor: last, heads: replayed.heads } : undefined;
    const { anchor } = nextAnchor(prev, await allAuditHeads(sql), date, o.now);
    await insertAnchor(sql, {
      n: anchor.n,
      date,
      at: anchor.at,
      digest: anchor.digest,
      line: anchorLine(anchor),
    });
    const recipients = await disciplineOfZone(tx);
    const card = auditAnchorCard(viewOf(anchor, o.now));
    for (const openId of recipients) await out.send({ type: 'open_id', id: openId }, { card });
    return {
      status: 'anchored' as const,
      n: anchor.n,
      recipients: recipients.length,
      regressed: anchor.regressed.length,
    };
  });
  const appended = await catchUpAnchorFile(db, o.file);
  return { ...run, date, appended };
}

function viewOf(a: Anchor, now: Date) {
  return {
    n: a.n,
    date: a.date,
    takenAt: shanghaiMinute(now),
    chains: a.chains,
    rows: a.rows,
    digest: a.digest,
    regressed: a.regressed.map((h: AnchorHead) => `${h[0]}/${h[1]}`),
  };
}

/** Zone-level discipline inspection: who receives the digest. */
async function disciplineOfZone(tx: Parameters<Parameters<Db['transaction']>[0]>[0]): Promise<string[]> {
  const rows = await tx
    .select({ openId: people.openId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.role, 'discipline'), isNull(roleGrants.unitId), isNull(roleGrants.revokedAt)));
  return [...new Set(rows.map((r) => r.openId))].sort();
}

export class AnchorFileMismatch extends Error {}

/**
 * Appends to the file the anchors the database holds and the file does not yet. The file must be
 * a prefix of the database's copy: where they disagree nothing is written (the job fails, loudly)
 * and `npm run audit:verify` names the line. Under the anchor lock, so two workers never both append.
 */
export async function catchUpAnchorFile(db: Db, file: string): Promise<number> {
  return db.transaction(async (tx) => {
    const sql = rawSql(tx);
    await advisoryXactLock(sql, { kind: 'audit-anchor' });
    const stored = await storedAnchors(sql);
    const inFile = (await readAnchorFile(file)) ?? [];
    for (const [i, line] of inFile.entries()) {
      if (stored[i]?.line !== line) {
        throw new AnchorFileMismatch(
          `anchor file ${file} and the database disagree at line ${i + 1}; run npm run audit:verify`,
        );
      }
    }
    const missing = stored.slice(inFile.length).map((s) => s.line);
    await appendAnchorLines(file, missing);
    return missing.length;
  });
}
