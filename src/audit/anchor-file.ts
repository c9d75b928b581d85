import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The append-only anchor file: one JSON line per anchor. Opened for append only, each write synced
 * before the job reports success. Keep it on a volume the database's administrators cannot rewrite
 * (another host, a WORM bucket synced from it, or `chattr +a` on Linux).
 */
export async function readAnchorFile(path: string): Promise<string[] | undefined> {
  const text = await readAnchorText(path);
  return text?.split('\n').filter((l) => l.length > 0);
}

/** The anchor file's complete lines as text (a line being appended right now is left out), or undefined. */
export async function readAnchorText(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

export async function appendAnchorLines(path: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(dirname(path), { recursive: true });
  const f = await open(path, 'a');
  try {
    await f.write(lines.map((l) => `${l}\n`).join(''));
    await f.sync();
  } finally {
    await f.close();
  }
}
