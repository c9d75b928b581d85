import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replayAnchors } from '../audit/anchor';

/**
 * A backup is one directory: the database as `pg_dump -Fc` wrote it, the anchor file as it was
 * just before the dump's snapshot, and this manifest naming both by size and sha256.
 */
export const DUMP_FILE = 'database.dump';
export const ANCHOR_COPY = 'audit-anchors.jsonl';
export const MANIFEST = 'manifest.json';

export type AnchorRef = { n: number; date: string; digest: string };

export type Manifest = {
  format: 'gps-backup/1';
  /** When the database's snapshot was taken (ISO, UTC). */
  createdAt: string;
  database: {
    name: string;
    host: string;
    server: string;
    /** The trail as the dump holds it (read in the dump's own snapshot). */
    auditRows: number;
    auditChains: number;
    lastAnchor: AnchorRef | null;
  };
  dump: { file: string; bytes: number; sha256: string; tool: string };
  /** null when AUDIT_ANCHOR_FILE did not exist (no anchor yet, or the wrong path). */
  anchorFile: {
    source: string;
    file: string;
    bytes: number;
    sha256: string;
    lines: number;
    lastAnchor: AnchorRef | null;
  } | null;
  /** What did not add up when the backup was taken (the backup is still written). */
  warnings: string[];
};

/** 2026-12-07 02:00:00 (北京时间): when a backup was taken, as the IT team reads it. */
export const shanghaiTime = (iso: string) =>
  `${new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')}(北京时间)`;

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function describeFile(path: string): Promise<{ bytes: number; sha256: string }> {
  return { bytes: (await stat(path)).size, sha256: await sha256File(path) };
}

/** The last anchor of the file's lines, and why the lines do not add up (if they do not). */
export function lastAnchorOfLines(lines: string[]): { last: AnchorRef | null; problems: string[] } {
  const r = replayAnchors(lines);
  const a = r.anchors.at(-1);
  return { last: a ? { n: a.n, date: a.date, digest: a.digest } : null, problems: r.problems };
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const m = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  if (m.format !== 'gps-backup/1') throw new Error(`${join(dir, MANIFEST)} is not a gps-backup/1 manifest`);
  return m;
}
