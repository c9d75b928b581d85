import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * PostgreSQL's own client programs (pg_dump, pg_restore) as the machine has them: Debian's
 * postgresql-client puts them on the PATH; PG_BIN_DIR names another directory (for example
 * /usr/lib/postgresql/16/bin when the server is newer than the default client).
 */
export type PgTool = 'pg_dump' | 'pg_restore';

/** A refusal the command prints as it is (one line, for the operator) and exits 2. */
export class Refusal extends Error {}

const run = promisify(execFile);

export const toolPath = (tool: PgTool) =>
  process.env.PG_BIN_DIR ? join(process.env.PG_BIN_DIR, tool) : tool;

/** `pg_dump (PostgreSQL) 15.20 ...`, or a refusal saying how to install it. */
export async function toolVersion(tool: PgTool): Promise<string> {
  try {
    const { stdout } = await run(toolPath(tool), ['--version']);
    return stdout.trim();
  } catch (err) {
    const code = (err as { code?: string }).code;
    const where = process.env.PG_BIN_DIR ? `(PG_BIN_DIR=${process.env.PG_BIN_DIR})` : '(PATH 中没有)';
    throw new Refusal(
      code === 'ENOENT' || code === 'EACCES'
        ? `找不到 ${tool} ${where}。请安装 PostgreSQL 客户端(Debian/Ubuntu: apt-get install postgresql-client),` +
            `版本不低于数据库服务器;或用 PG_BIN_DIR 指定其所在目录`
        : `${tool} 无法运行: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * libpq's view of a connection URL: the URL without its password on the command line (where `ps`
 * shows it), the password in PGPASSWORD.
 */
export function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    dbname: u.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env },
  };
}

/** Runs a tool to completion; its stderr (the reason) in the error when it fails. */
export async function runTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(toolPath(tool), args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} 失败: ${(e.stderr || e.message).trim()}`);
  }
}

/** The database of a URL, and the same server's maintenance database `postgres` to create or drop it from. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}
