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
 * The audit trail against its outside witnesses: the anchor file must add up
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
        `锚点文件 ${o.file} ${lines ? '为空' : '不存在'},而数据库中有 ${stored.length} 个锚点(最新为 ${stored.at(-1)!.date} 的 #${stored.at(-1)!.n})`,
      );
    else notes.push(`尚无锚点(${o.file}):仅按审计链自身的哈希核验`);
    if (o.digest) problems.push(`所给摘要(${o.digest.slice(0, 16)}...)与任何锚点都不符:尚无锚点`);
    return { anchors: 0, problems, notes };
  }
  const replayed = replayAnchors(lines);
  problems.push(...replayed.problems.map((p) => `${p}(${o.file})`));
  const { anchors } = replayed;
  const behind = behindTheFile(anchors, stored, lines);
  if (behind) {
    const db = behind.database;
    problems.push(
      `数据库落后于锚点文件:数据库最新锚点为 ${db ? `${db.date} 的 #${db.n}` : '无'},文件最新为 ${behind.file.date} 的 #${behind.file.n};锚点 #${(db?.n ?? 0) + 1}–#${behind.file.n} 不在数据库中(恢复了较早的备份,或 audit_anchors 行被删除)`,
    );
  }
  for (const a of anchors) {
    const s = stored[a.n - 1];
    if (!s) {
      if (!behind) problems.push(`锚点 #${a.n}(${a.date})在文件中但不在数据库中:audit_anchors 行被删除`);
    } else if (s.line !== lines[a.n - 1]) problems.push(`锚点 #${a.n}(${a.date})在文件与数据库中不一致`);
  }
  if (stored.length > lines.length) {
    notes.push(`锚点 #${lines.length + 1}–#${stored.length} 已在数据库中、尚未写入文件(下次锚定时追加)`);
  }
  if (o.digest && !anchors.some((a) => a.digest === o.digest)) {
    problems.push(
      `所给摘要(${o.digest.slice(0, 16)}...)与 ${o.file} 中的任何锚点都不符:该文件不是锚点消息所见证的文件`,
    );
  }
  const latest = anchors.at(-1);
  if (latest) {
    const where = `以 ${latest.date} 的锚点 #${latest.n} 为准`;
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
        problems.push(`${chain}:锚定在第 ${w.seq} 条(${where}),但该链已没有任何记录:连同链头被整体删除`);
      } else if (r.hash === null && Number(r.last) < w.seq) {
        const gone = Number(r.last) + 1 === w.seq ? `第 ${w.seq} 条` : `第 ${Number(r.last) + 1}–${w.seq} 条`;
        problems.push(`${chain}:锚定在第 ${w.seq} 条(${where}),但该链止于第 ${r.last} 条:${gone}被删除`);
      } else if (r.hash === null) {
        problems.push(`${chain}:锚定的第 ${w.seq} 条(${where})不在链中`);
      } else if (r.hash !== w.hash) {
        problems.push(`${chain}:第 ${w.seq} 条不是锚定时的那一行(${where}):被改写`);
      }
    }
  }
  return problems;
}
