import { type DbOrTx, rawSql } from '../db/client';
import { rowsAtSeq, type StoredAnchor, storedAnchors } from '../db/sql/audit-anchors';
import { type Anchor, type HeadSet, replayAnchors } from './anchor';
import { readAnchorFile } from './anchor-file';

export type WitnessReport = {
  /** Anchors in the file that add up. */
  anchors: number;
  latest?: { n: number; date: string; digest: string };
  /**
   * The file holds anchors newer than any in the database, which otherwise agrees with it: the
   * database was rolled back (an older backup restored, or its newest rows deleted with their anchors).
   */
  behind?: { database: { n: number; date: string } | null; file: { n: number; date: string } };
  problems: string[];
  notes: string[];
};

const BATCH = 1000;

/**
 * The audit trail against its outside witnesses (issue 11, point 4): the anchor file must add up
 * line by line, agree with the database's copy, contain the digest a reader copied from an anchor
 * message (`digest`), and every head it anchors must still be in the trail with the anchored hash.
 * This is what catches a rewound head, a whole chain deleted with its head, and rows rewritten with
 * their successors' hashes recomputed, none of which a chain can show about itself.
 */
export async function checkAgainstAnchors(
  db: DbOrTx,
  o: { file: string; digest?: string },
): Promise<WitnessReport> {
  const sql = rawSql(db);
  const problems: string[] = [];
  const notes: string[] = [];
  const lines = await readAnchorFile(o.file);
  const stored = await storedAnchors(sql);
  if (!lines || lines.length === 0) {
    if (stored.length > 0)
      problems.push(
        `the anchor file ${o.file} is ${lines ? 'empty' : 'missing'}, while the database lists ${stored.length} anchors (the last #${stored.at(-1)!.n} of ${stored.at(-1)!.date})`,
      );
    else notes.push(`no anchors yet (${o.file}): the trail was checked by its own hashes only`);
    if (o.digest)
      problems.push(`the digest given (${o.digest.slice(0, 16)}...) matches no anchor: there is none`);
    return { anchors: 0, problems, notes };
  }
  const replayed = replayAnchors(lines);
  problems.push(...replayed.problems.map((p) => `${p} (${o.file})`));
  const { anchors } = replayed;
  const behind = behindTheFile(anchors, stored, lines);
  if (behind) {
    const db = behind.database;
    problems.push(
      `the database is behind the anchors: its newest anchor is ${db ? `#${db.n} of ${db.date}` : 'none'}, the file's #${behind.file.n} of ${behind.file.date}; anchors #${(db?.n ?? 0) + 1}..#${behind.file.n} are not in the database (an older backup restored, or audit_anchors rows deleted)`,
    );
  }
  for (const a of anchors) {
    const s = stored[a.n - 1];
    if (!s) {
      if (!behind)
        problems.push(
          `anchor #${a.n} (${a.date}) is in the file but not in the database: audit_anchors rows were deleted`,
        );
    } else if (s.line !== lines[a.n - 1])
      problems.push(`anchor #${a.n} (${a.date}) differs between the file and the database`);
  }
  if (stored.length > lines.length) {
    notes.push(
      `anchors #${lines.length + 1}..#${stored.length} are in the database but not yet in the file (the next anchor run appends them)`,
    );
  }
  if (o.digest && !anchors.some((a) => a.digest === o.digest)) {
    problems.push(
      `the digest given (${o.digest.slice(0, 16)}...) matches no anchor in ${o.file}: the file is not the one the messages witnessed`,
    );
  }
  const latest = anchors.at(-1);
  if (latest) {
    const where = `as of anchor #${latest.n} of ${latest.date}`;
    problems.push(...(await checkAnchoredHeads(db, replayed.heads, where)));
  }
  return {
    anchors: anchors.length,
    latest: latest && { n: latest.n, date: latest.date, digest: latest.digest },
    ...(behind ? { behind } : {}),
    problems,
    notes,
  };
}

/**
 * The database's anchors are a proper prefix of the file's: every anchor both hold is the same
 * line, and the file goes further. That is what restoring an older dump beside the live anchor file
 * looks like (the file is append-only and outlives the database), and what deleting the newest
 * anchors does. The anchored heads of the missing anchors are then checked one by one below.
 */
function behindTheFile(
  anchors: Anchor[],
  stored: StoredAnchor[],
  lines: string[],
): WitnessReport['behind'] | undefined {
  const last = anchors.at(-1);
  if (!last || stored.length >= anchors.length) return undefined;
  if (stored.some((s, i) => s.line !== lines[i])) return undefined;
  const db = stored.at(-1);
  return { database: db ? { n: db.n, date: db.date } : null, file: { n: last.n, date: last.date } };
}

async function checkAnchoredHeads(db: DbOrTx, heads: HeadSet, where: string): Promise<string[]> {
  const problems: string[] = [];
  const wanted = [...heads.entries()].map(([key, h]) => {
    const [type, id] = key.split('\u0000') as [string, string];
    return { type, id, seq: h.seq, hash: h.hash };
  });
  for (let i = 0; i < wanted.length; i += BATCH) {
    const batch = wanted.slice(i, i + BATCH);
    const found = await rowsAtSeq(
      rawSql(db),
      batch.map((w) => [w.type, w.id, w.seq]),
    );
    for (const [j, w] of batch.entries()) {
      const r = found[j]!;
      const chain = `${w.type}/${w.id}`;
      if (r.hash === null && Number(r.last) === 0) {
        problems.push(
          `${chain}: anchored at seq ${w.seq} (${where}) but the chain has no rows: deleted, head and all`,
        );
      } else if (r.hash === null && Number(r.last) < w.seq) {
        const gone = Number(r.last) + 1 === w.seq ? `seq ${w.seq}` : `seq ${Number(r.last) + 1}..${w.seq}`;
        problems.push(
          `${chain}: anchored at seq ${w.seq} (${where}) but the chain ends at seq ${r.last}: ${gone} removed`,
        );
      } else if (r.hash === null) {
        problems.push(`${chain}: anchored seq ${w.seq} (${where}) is missing from the chain`);
      } else if (r.hash !== w.hash) {
        problems.push(`${chain}: seq ${w.seq} is not the row anchored (${where}): rewritten`);
      }
    }
  }
  return problems;
}
